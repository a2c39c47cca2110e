import type { ServerResponse } from 'node:http';
import type { TrailFeed } from './trail-feed.js';
import type { HelloMessage, ResourceSnapshot, TrailEntry } from './wire.js';

/** Calls are sent in batches this often: "within a second" with room to spare. */
export const TICK_MS = 250;
/**
 * Resources are re-checked once a second, calls or not (they change by the clock alone too: PENDING →
 * RUNNING). Under load they change at every check: a snapshot each tick for each page was what cut
 * the API's throughput by two thirds with three pages open.
 */
const RESOURCE_CHECK_EVERY = 4;
/** A page shows the latest calls; under a load it gets at most this many per tick (the rest are counted in `minutes`). */
export const MAX_CALLS_PER_TICK = 200;
const CLOCK_EVERY = 4;
const HEARTBEAT_EVERY = 60;
/** A page that stops reading (a tab in the background of a benchmark) is dropped, not buffered for. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export interface EventStreamDeps {
  feed: TrailFeed;
  resources(): ResourceSnapshot;
  /** The emulator's clock (injected: tests and demos may move it by hand). */
  now(): number;
  hello(resources: ResourceSnapshot): HelloMessage;
}

/**
 * Server-sent events to the open dashboards: `hello` (everything), then `calls` (new trail entries,
 * batched), `delivered` (records now in a log file), `resources` (a new snapshot, only when
 * something in it changed) and `clock` (the emulator's time, each second). Nothing runs while no page is open: no timer, no snapshots, no queued entries.
 */
export class DashboardEventStream {
  readonly #deps: EventStreamDeps;
  readonly #clients = new Set<ServerResponse>();
  #queued: TrailEntry[] = [];
  #lastResources = '';
  #timer: NodeJS.Timeout | undefined;
  #ticks = 0;

  /** Stop listening to the feed: set while a page is open. */
  #unlisten: (() => void) | undefined;

  constructor(deps: EventStreamDeps) {
    this.#deps = deps;
  }

  /**
   * The feed makes a call's display entry only for a listener (trail-feed.ts): listening while no
   * page is open would make one for every call, to throw it away.
   */
  #listen(): void {
    if (this.#unlisten) return;
    const { feed } = this.#deps;
    const offCalls = feed.onCall((entry) => {
      this.#queued.push(entry);
      // Only the latest ones are sent: the queue must not grow with the load between two ticks.
      if (this.#queued.length > 2 * MAX_CALLS_PER_TICK) this.#queued = this.#queued.slice(-MAX_CALLS_PER_TICK);
    });
    const offDelivered = feed.onDelivered((msg) => this.#broadcast('delivered', JSON.stringify(msg)));
    this.#unlisten = () => {
      offCalls();
      offDelivered();
    };
  }

  attach(res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
    });
    const resources = this.#deps.resources();
    if (this.#clients.size === 0) this.#lastResources = JSON.stringify(resources.scopes);
    // Ask the browser to come back quickly if the emulator restarts.
    res.write('retry: 1000\n');
    this.#send(res, 'hello', JSON.stringify(this.#deps.hello(resources)));
    this.#clients.add(res);
    this.#listen();
    // A page closed mid-write: its 'close' follows and removes it.
    res.on('error', () => undefined);
    res.on('close', () => {
      this.#clients.delete(res);
      if (this.#clients.size === 0) this.#stop();
    });
    this.#timer ??= setInterval(() => this.#tick(), TICK_MS).unref();
  }

  /** End every stream (the server is closing: open streams would keep it from closing). */
  closeAll(): void {
    this.#stop();
    for (const res of this.#clients) res.end();
    this.#clients.clear();
  }

  #stop(): void {
    this.#unlisten?.();
    this.#unlisten = undefined;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#queued = [];
  }

  #tick(): void {
    this.#ticks++;
    if (this.#queued.length > 0) {
      // Under a benchmark's load the page gets the latest calls, as many as it keeps.
      const batch = this.#queued.length > MAX_CALLS_PER_TICK ? this.#queued.slice(-MAX_CALLS_PER_TICK) : this.#queued;
      this.#queued = [];
      this.#broadcast('calls', JSON.stringify(batch));
    }
    if (this.#ticks % RESOURCE_CHECK_EVERY === 0) {
      const snapshot = this.#deps.resources();
      // Compared without its `now`, which differs every time.
      const scopes = JSON.stringify(snapshot.scopes);
      if (scopes !== this.#lastResources) {
        this.#lastResources = scopes;
        const omitted = snapshot.scopesOmitted ? `,"scopesOmitted":${snapshot.scopesOmitted}` : '';
        this.#broadcast('resources', `{"now":${snapshot.now},"scopes":${scopes}${omitted}}`);
      }
    }
    if (this.#ticks % CLOCK_EVERY === 0) this.#broadcast('clock', String(this.#deps.now()));
    if (this.#ticks % HEARTBEAT_EVERY === 0) {
      for (const res of this.#clients) if (!res.destroyed && !res.writableEnded) res.write(': keep-alive\n\n');
    }
  }

  #broadcast(event: string, json: string): void {
    for (const res of this.#clients) this.#send(res, event, json);
  }

  #send(res: ServerResponse, event: string, json: string): void {
    if (res.destroyed || res.writableEnded) return;
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      res.destroy();
      return;
    }
    // JSON.stringify leaves no raw newline, so one data line carries the whole message.
    res.write(`event: ${event}\ndata: ${json}\n\n`);
  }
}
