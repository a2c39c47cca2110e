import type { DeliveredLogFile, JournaledRecord, TrailLogger } from '../trail-writer.js';
import { EventIndex, PENDING } from './event-index.js';
import { summarize, summarizeCall } from './event-summary.js';
import { findLogFiles, readLogFileText, RecordFileCache, splitRecords } from './log-files.js';
import { encodeToken, parseLookupRequest, type LookupQuery } from './lookup-request.js';
import { StringPool } from './string-pool.js';

/** The parts of TrailWriter event history listens to. */
export interface RecordSource {
  onRecord(listener: (record: JournaledRecord) => void): void;
  onDelivered(listener: (file: DeliveredLogFile) => void | Promise<void>): void;
}

export interface EventHistoryOptions {
  /** The trail folder and its S3 key prefix, as given to the TrailWriter. */
  root: string;
  prefix?: string | undefined;
  logger?: TrailLogger | undefined;
  /** Parsed log files kept for building pages. */
  cachedFiles?: number | undefined;
  /**
   * How long events are kept: CloudTrail's event history covers the last 90 days
   * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/view-cloudtrail-events.html).
   * Older log files are not read at start, and older events are never returned.
   */
  retentionMs?: number | undefined;
  /** The emulator's clock, for what "the last 90 days" means. */
  clock?: { now(): number } | undefined;
}

export const DEFAULT_HISTORY_DAYS = 90;
const DAY = 24 * 3600 * 1000;

/** One event of a LookupEvents answer (EventTime a Date: the server writes epoch seconds). */
export interface LookupEvent {
  EventId: string;
  EventName: string;
  ReadOnly?: string;
  AccessKeyId?: string;
  EventTime: Date;
  EventSource: string;
  Username?: string;
  Resources: { ResourceType: string; ResourceName: string }[];
  CloudTrailEvent: string;
}

export interface LookupEventsOutput {
  Events: LookupEvent[];
  NextToken?: string;
}

interface PendingRecord {
  index: EventIndex;
  row: number;
  json: string;
}

const silent: TrailLogger = { info() {}, warn() {}, error() {} };

/**
 * CloudTrail event history (LookupEvents) over every record of the trail folder, per account and
 * region: the log files already there when it opens, the files delivered since, and the records made
 * durable but not yet delivered. It keeps a compact index per event and reads the record's JSON
 * back from its log file when a page is built.
 */
export class EventHistory {
  readonly #root: string;
  readonly #prefix: string | undefined;
  readonly #log: TrailLogger;
  readonly #pool = new StringPool();
  readonly #partitions = new Map<string, EventIndex>();
  #lastPartition: { accountId: string; region: string; index: EventIndex } | undefined;
  readonly #files: string[] = [];
  readonly #fileIds = new Map<string, number>();
  /** Records not yet in a file, by the writer's sequence number (its delivered files name them again). */
  readonly #pendingBySeq = new Map<number, PendingRecord>();
  readonly #pendingByRow = new Map<EventIndex, Map<number, PendingRecord>>();
  readonly #cache: RecordFileCache;
  readonly #retentionMs: number;
  readonly #clock: { now(): number };
  /** Settles once the log files already in the folder are indexed. */
  #loaded: Promise<void> = Promise.resolve();
  #loading = false;

  private constructor(opts: EventHistoryOptions) {
    this.#root = opts.root;
    this.#prefix = opts.prefix;
    this.#log = opts.logger ?? silent;
    this.#cache = new RecordFileCache(opts.cachedFiles ?? 8);
    this.#retentionMs = opts.retentionMs ?? DEFAULT_HISTORY_DAYS * DAY;
    this.#clock = opts.clock ?? { now: () => Date.now() };
  }

  /**
   * Listen to the writer first, then index the files already in the folder — in the background:
   * start-up must not wait for a trail of a million events. A lookup made meanwhile waits until they
   * are indexed (it is answered late, never with part of the history).
   */
  static open(source: RecordSource, opts: EventHistoryOptions): EventHistory {
    const history = new EventHistory(opts);
    source.onRecord((r) => history.#addPending(r));
    source.onDelivered((f) => history.#ingest(f.path, f.accountId, f.region, f.seqs, () => f.lines));
    history.#loading = true;
    history.#loaded = history
      .#scan()
      .catch((err: unknown) => history.#log.error({ err }, 'event history could not index the trail folder; it holds the events since the start'))
      .finally(() => (history.#loading = false));
    return history;
  }

  /** True while the log files found at start are still being indexed. */
  get loading(): boolean {
    return this.#loading;
  }

  /** Settles once the log files found at start are indexed. */
  whenLoaded(): Promise<void> {
    return this.#loaded;
  }

  /** Events indexed for one account and region. */
  size(accountId: string, region: string): number {
    return this.#partitions.get(`${accountId}/${region}`)?.size ?? 0;
  }

  async lookup(input: Record<string, unknown>, accountId: string, region: string): Promise<LookupEventsOutput> {
    const q = parseLookupRequest(input, accountId, region);
    await this.#loaded;
    // Events older than the retention period are gone from event history, as in CloudTrail.
    const oldest = Math.floor((this.#clock.now() - this.#retentionMs) / 1000);
    if (q.startTime === undefined || q.startTime < oldest) q.startTime = oldest;
    if (q.endTime !== undefined && q.endTime < q.startTime) return { Events: [] };
    const index = this.#partitions.get(`${accountId}/${region}`);
    // Insights events are a separate category ecs-trail never produces.
    if (q.insights || !index) return { Events: [] };
    const rows = this.#select(index, q);
    const more = rows.length > q.maxResults;
    if (more) rows.length = q.maxResults;
    const events: LookupEvent[] = [];
    for (const row of rows) {
      const e = await this.#event(index, row);
      if (e) events.push(e);
    }
    const out: LookupEventsOutput = { Events: events };
    const last = rows.at(-1);
    if (more && last !== undefined) out.NextToken = encodeToken(index.timeOf(last), last, q.fingerprint);
    return out;
  }

  /** Up to maxResults + 1 matching rows, newest first (the extra one only says more remain). */
  #select(index: EventIndex, q: LookupQuery): number[] {
    const order = index.order();
    const lo = q.startTime === undefined ? 0 : index.lowerBound(Math.ceil(q.startTime));
    let hi = q.endTime === undefined ? order.length : index.lowerBound(Math.floor(q.endTime) + 1);
    if (q.after) hi = Math.min(hi, index.lowerBound(q.after.time, q.after.row));
    const match = q.attribute ? index.matcher(q.attribute.key, q.attribute.value) : () => true;
    const rows: number[] = [];
    for (let p = hi - 1; p >= lo && rows.length <= q.maxResults; p--) {
      const row = order[p]!;
      if (match(row)) rows.push(row);
    }
    return rows;
  }

  async #event(index: EventIndex, row: number): Promise<LookupEvent | undefined> {
    const r = index.get(row);
    let json: string | undefined;
    if (r.fileId === PENDING) {
      json = this.#pendingByRow.get(index)?.get(row)?.json;
    } else {
      const path = this.#files[r.fileId]!;
      try {
        json = (await this.#cache.records(path))[r.position];
      } catch (err) {
        this.#log.warn({ err, path }, 'event history could not read a log file; its events are left out');
      }
    }
    if (json === undefined) return undefined;
    const e: LookupEvent = {
      EventId: r.eventId,
      EventName: r.eventName,
      EventTime: new Date(r.eventTime * 1000),
      EventSource: r.eventSource,
      Resources: r.resources.map(([ResourceType, ResourceName]) => ({ ResourceType, ResourceName })),
      CloudTrailEvent: json,
    };
    if (r.readOnly !== undefined) e.ReadOnly = String(r.readOnly);
    if (r.accessKeyId !== undefined) e.AccessKeyId = r.accessKeyId;
    if (r.username !== undefined) e.Username = r.username;
    return e;
  }

  #partition(accountId: string, region: string): EventIndex {
    // Calls come in runs from one account and region: the last partition is found without making
    // and hashing its key again.
    const last = this.#lastPartition;
    if (last !== undefined && last.accountId === accountId && last.region === region) return last.index;
    const key = `${accountId}/${region}`;
    let index = this.#partitions.get(key);
    if (!index) {
      index = new EventIndex(this.#pool);
      this.#partitions.set(key, index);
    }
    this.#lastPartition = { accountId, region, index };
    return index;
  }

  #addPending(r: JournaledRecord): void {
    if (this.#pendingBySeq.has(r.seq)) return;
    const summary = summarizeCall(r.call, r.fields);
    if (!summary) return;
    const index = this.#partition(r.accountId, r.region);
    const row = index.add(summary, PENDING, 0);
    const pending = { index, row, json: r.json };
    this.#pendingBySeq.set(r.seq, pending);
    let byRow = this.#pendingByRow.get(index);
    if (!byRow) this.#pendingByRow.set(index, (byRow = new Map()));
    byRow.set(row, pending);
  }

  /**
   * A log file's records: those already indexed as pending now point at the file, the others are
   * added (parsed from their JSON, decoded only if some are not). A file is taken once, whether the
   * scan or the writer reports it first. `seqs` are the writer's numbers of its records, when the
   * writer delivered it.
   */
  #ingest(path: string, accountId: string, region: string, seqs: readonly number[] | undefined, lines: () => readonly string[]): void {
    if (this.#fileIds.has(path)) return;
    const fileId = this.#files.length;
    this.#files.push(path);
    this.#fileIds.set(path, fileId);
    const index = this.#partition(accountId, region);
    let records: readonly string[] | undefined;
    const count = seqs ? seqs.length : (records = lines()).length;
    // A file the scan found that the writer delivered meanwhile (it runs at start, beside the first
    // calls): its records are recognised by their text.
    const byJson = seqs || this.#pendingBySeq.size === 0 ? undefined : new Map([...this.#pendingBySeq].map(([seq, p]) => [p.json, seq]));
    for (let position = 0; position < count; position++) {
      const seq = seqs ? seqs[position] : byJson?.get(records![position]!);
      const pending = seq === undefined ? undefined : this.#pendingBySeq.get(seq);
      if (pending) {
        pending.index.locate(pending.row, fileId, position);
        this.#pendingBySeq.delete(seq!);
        this.#pendingByRow.get(pending.index)?.delete(pending.row);
        continue;
      }
      records ??= lines();
      const summary = parse(records[position]!);
      if (summary) index.add(summary, fileId, position);
    }
  }

  async #scan(): Promise<void> {
    let files = 0;
    // Folders are named for the UTC day files were delivered: a day that ended before the retention
    // period began holds nothing event history keeps.
    const cutoff = this.#clock.now() - this.#retentionMs - DAY;
    for (const f of await findLogFiles(this.#root, this.#prefix)) {
      if (this.#fileIds.has(f.path)) continue;
      if (dayOf(f.path) < cutoff) continue;
      let records: string[];
      try {
        records = splitRecords(await readLogFileText(f.path));
      } catch (err) {
        this.#log.warn({ err, path: f.path }, 'event history skipped a log file it could not read');
        continue;
      }
      this.#ingest(f.path, f.accountId, f.region, undefined, () => records);
      files++;
    }
    if (files > 0) this.#log.info({ files }, 'event history indexed the log files of the trail folder');
  }
}

/** The UTC day (ms) of the `YYYY/MM/DD` folder a log file is in; Infinity if there is none. */
function dayOf(path: string): number {
  const m = /[\\/](\d{4})[\\/](\d{2})[\\/](\d{2})[\\/][^\\/]+$/.exec(path);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Infinity;
}

function parse(json: string) {
  try {
    return summarize(JSON.parse(json) as Record<string, unknown>);
  } catch {
    return undefined;
  }
}
