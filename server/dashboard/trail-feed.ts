import type { CallRecord, DeliveredLogFile } from '../../trail-writer/index.js';
import type { DeliveredMessage, MinuteCounts, TrailEntry } from './wire.js';

/** Enough for a demo or a failing test; a benchmark's millions of calls scroll out. */
export const FEED_CAPACITY = 2000;
const MINUTES_KEPT = 60;
const FILES_KEPT = 1000;

export interface DeliveredFileInfo {
  key: string;
  path: string;
  records: number;
}

interface Held {
  call: CallRecord;
  /** Made when someone reads it (a page, a listener): most calls scroll out unread. */
  entry?: TrailEntry;
  /** The log file it was delivered in, for an entry made later. */
  fileKey?: string;
}

/**
 * The recent trail as the dashboard shows it: the last acknowledged calls (with the CallRecord each
 * was recorded from, so the whole record can be rebuilt on demand), per-minute counts, and which log
 * file each record was delivered in. It only listens: the trail writer calls it.
 */
export class TrailFeed {
  /**
   * The held calls by their records' sequence numbers (small integers: cheaper keys than event ids),
   * and the same numbers in a ring, oldest at `#next`: the one to forget is known without iterating
   * the map from its start, which walks past every entry deleted since the map last compacted.
   */
  readonly #held = new Map<number, Held>();
  readonly #ring: (number | undefined)[] = new Array(FEED_CAPACITY);
  #next = 0;
  readonly #minutes = new Map<number, MinuteCounts>();
  readonly #files = new Map<string, DeliveredFileInfo>();
  readonly #callListeners = new Set<(entry: TrailEntry) => void>();
  readonly #deliveryListeners = new Set<(msg: DeliveredMessage) => void>();

  /**
   * For the trail writer's `onRecord` (a record just made durable, and its sequence number): runs in
   * the request path, so it only files the call away; its entry is made now only if a page is listening.
   */
  add(call: CallRecord, seq: number): void {
    const held: Held = { call };
    const oldest = this.#ring[this.#next];
    if (oldest !== undefined) this.#held.delete(oldest);
    this.#ring[this.#next] = seq;
    this.#next = (this.#next + 1) % FEED_CAPACITY;
    this.#held.set(seq, held);
    this.#count(call);
    if (this.#callListeners.size === 0) return;
    const entry = entryOfHeld(held);
    for (const l of this.#callListeners) l(entry);
  }

  /**
   * For the trail writer's `onDelivered`: the file names its records by sequence number, so which held
   * calls it holds is known without decoding its lines.
   */
  delivered(file: DeliveredLogFile): void {
    this.#files.set(file.key, { key: file.key, path: file.path, records: file.records });
    if (this.#files.size > FILES_KEPT) this.#files.delete(this.#files.keys().next().value!);
    const eventIds: string[] = [];
    for (const seq of file.seqs) {
      const held = this.#held.get(seq);
      if (!held) continue;
      held.fileKey = file.key;
      if (held.entry) held.entry.fileKey = file.key;
      eventIds.push(held.call.eventId);
    }
    if (eventIds.length === 0) return;
    for (const l of this.#deliveryListeners) l({ key: file.key, eventIds });
  }

  entries(limit = FEED_CAPACITY): TrailEntry[] {
    const all = [...this.#held.values()];
    return all.slice(Math.max(0, all.length - limit)).map(entryOfHeld);
  }

  minutes(): MinuteCounts[] {
    return [...this.#minutes.values()].sort((a, b) => a.minute - b.minute);
  }

  /** The call behind a record still in the feed. */
  find(eventId: string): { entry: TrailEntry; call: CallRecord } | undefined {
    // A page asks for one record at a time: a walk over the held calls, not an index kept per call.
    for (const held of this.#held.values()) if (held.call.eventId === eventId) return { entry: entryOfHeld(held), call: held.call };
    return undefined;
  }

  /** A file delivered while the dashboard was listening (only those may be served). */
  file(key: string): DeliveredFileInfo | undefined {
    return this.#files.get(key);
  }

  /** Whether anyone listens to calls (then each call's entry is made as it comes). */
  get listening(): boolean {
    return this.#callListeners.size > 0;
  }

  onCall(listener: (entry: TrailEntry) => void): () => void {
    this.#callListeners.add(listener);
    return () => this.#callListeners.delete(listener);
  }

  onDelivered(listener: (msg: DeliveredMessage) => void): () => void {
    this.#deliveryListeners.add(listener);
    return () => this.#deliveryListeners.delete(listener);
  }

  #count(call: CallRecord): void {
    const minute = Math.floor(call.eventTime / 60_000) * 60_000;
    let m = this.#minutes.get(minute);
    if (!m) {
      m = { minute, byOperation: {}, errors: 0 };
      this.#minutes.set(minute, m);
      for (const old of this.#minutes.keys()) {
        if (old <= minute - MINUTES_KEPT * 60_000) this.#minutes.delete(old);
      }
    }
    m.byOperation[call.eventName] = (m.byOperation[call.eventName] ?? 0) + 1;
    if (call.error?.code) m.errors++;
  }
}

function entryOfHeld(held: Held): TrailEntry {
  if (held.entry) return held.entry;
  const entry = entryOf(held.call);
  if (held.fileKey !== undefined) entry.fileKey = held.fileKey;
  return (held.entry = entry);
}

export function entryOf(call: CallRecord): TrailEntry {
  return {
    eventId: call.eventId,
    eventTime: call.eventTime,
    accountId: call.principal.accountId,
    region: call.awsRegion,
    eventSource: call.eventSource,
    operation: call.eventName,
    // A web identity caller (AssumeRoleWithWebIdentity) has no ARN.
    // An AWS service with its own credentials has neither: its name stands for it.
    identity: call.principal.arn || call.principal.principalId || call.principal.invokedBy || '',
    resource: resourceOf(call),
    errorCode: call.error?.code,
    readOnly: call.readOnly,
  };
}

/** Request members that name the resource a call is about, most specific first. */
const RESOURCE_MEMBERS = [
  'resourceArn', 'task', 'tasks', 'service', 'services', 'serviceName', 'taskDefinition', 'family', 'cluster', 'clusters', 'clusterName',
];

/**
 * What a call was about, as `cluster/name`, `task/cluster/id`…: for a change, the ARN its response
 * names (RunTask's task rather than its task definition), else the request's most specific member.
 */
export function resourceOf(call: CallRecord): string | undefined {
  const req = call.requestParameters ?? {};
  const out = call.readOnly ? undefined : (call.response as Record<string, any> | undefined);
  const arn: unknown =
    out?.tasks?.[0]?.taskArn ??
    out?.task?.taskArn ??
    out?.service?.serviceArn ??
    out?.cluster?.clusterArn ??
    out?.taskDefinition?.taskDefinitionArn;
  if (typeof arn === 'string') return shortResource('', arn, req);
  for (const member of RESOURCE_MEMBERS) {
    const v = req[member];
    if (typeof v === 'string' && v) return shortResource(member, v, req);
    if (Array.isArray(v) && typeof v[0] === 'string') {
      const first = shortResource(member, v[0], req);
      return v.length > 1 ? `${first} (+${v.length - 1})` : first;
    }
  }
  return undefined;
}

function shortResource(member: string, value: string, req: Record<string, unknown>): string {
  if (value.startsWith('arn:')) {
    const parts = value.split(':');
    return parts.slice(5).join(':');
  }
  switch (member) {
    case 'task':
    case 'tasks':
      return `task/${typeof req.cluster === 'string' ? `${req.cluster}/` : ''}${value}`;
    case 'service':
    case 'services':
    case 'serviceName':
      return `service/${typeof req.cluster === 'string' ? `${req.cluster}/` : ''}${value}`;
    case 'taskDefinition':
    case 'family':
      return `task-definition/${value}`;
    default:
      return `cluster/${value}`;
  }
}
