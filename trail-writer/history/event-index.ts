import type { EventSummary } from './event-summary.js';
import type { StringPool } from './string-pool.js';

/** Where a record's JSON is: a delivered file (id, position) or, not yet delivered, in memory. */
export const PENDING = -1;

export type EventField = 'eventName' | 'eventSource' | 'username' | 'accessKeyId';

export interface EventRow {
  row: number;
  eventTime: number;
  eventId: string;
  eventName: string;
  eventSource: string;
  readOnly: boolean | undefined;
  username: string | undefined;
  accessKeyId: string | undefined;
  resources: [string, string][];
  fileId: number;
  position: number;
}

const INITIAL_ROWS = 16;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The events of one (account, region), column by column in typed arrays so that a million events
 * cost tens of megabytes: no record JSON is kept for delivered events, only where to find it.
 * `order` lists rows oldest first (time, then arrival); queries walk it backwards.
 */
export class EventIndex {
  readonly #pool: StringPool;
  #n = 0;
  // Small to start: an (account, region) with one event must cost ~nothing (a flood of scopes).
  #time = new Uint32Array(INITIAL_ROWS);
  /** Event ids as four 32-bit words (a UUID's 128 bits). */
  #id = new Uint32Array(INITIAL_ROWS * 4);
  /** Rows whose event id is not a lowercase UUID (records from elsewhere). */
  readonly #oddIds = new Map<number, string>();
  #fields = new Uint32Array(INITIAL_ROWS * 4);
  /** 0 false, 1 true, 2 absent */
  #readOnly = new Uint8Array(INITIAL_ROWS);
  #file = new Int32Array(INITIAL_ROWS);
  #position = new Uint32Array(INITIAL_ROWS);
  #resStart = new Uint32Array(INITIAL_ROWS + 1);
  #res = new Uint32Array(INITIAL_ROWS * 2);
  #resLength = 0;
  #order = new Uint32Array(INITIAL_ROWS);
  #sorted = true;

  constructor(pool: StringPool) {
    this.#pool = pool;
  }

  get size(): number {
    return this.#n;
  }

  add(e: EventSummary, fileId: number, position: number): number {
    const row = this.#n;
    if (row === this.#time.length) this.#grow(row * 2);
    this.#time[row] = e.eventTime;
    if (!writeUuidWords(e.eventId, this.#id, row * 4)) this.#oddIds.set(row, e.eventId);
    const p = this.#pool;
    const f = this.#fields;
    f[row * 4] = p.intern(e.eventName);
    f[row * 4 + 1] = p.intern(e.eventSource);
    f[row * 4 + 2] = p.intern(e.username);
    f[row * 4 + 3] = p.intern(e.accessKeyId);
    this.#readOnly[row] = e.readOnly === undefined ? 2 : e.readOnly ? 1 : 0;
    this.#file[row] = fileId;
    this.#position[row] = position;
    const need = this.#resLength + e.resources.length * 2;
    if (need > this.#res.length) {
      const res = new Uint32Array(Math.max(need, this.#res.length * 2));
      res.set(this.#res.subarray(0, this.#resLength));
      this.#res = res;
    }
    for (const [type, name] of e.resources) {
      this.#res[this.#resLength++] = p.intern(type);
      this.#res[this.#resLength++] = p.intern(name);
    }
    this.#resStart[row + 1] = this.#resLength;
    const last = row > 0 ? this.#order[row - 1]! : undefined;
    if (last !== undefined && this.#time[last]! > e.eventTime) this.#sorted = false;
    this.#order[row] = row;
    this.#n++;
    return row;
  }

  /** A pending event has been delivered: remember its file instead. */
  locate(row: number, fileId: number, position: number): void {
    this.#file[row] = fileId;
    this.#position[row] = position;
  }

  fileOf(row: number): number {
    return this.#file[row]!;
  }
  positionOf(row: number): number {
    return this.#position[row]!;
  }
  timeOf(row: number): number {
    return this.#time[row]!;
  }

  eventIdOf(row: number): string {
    const odd = this.#oddIds.get(row);
    if (odd !== undefined) return odd;
    let h = '';
    for (let i = 0; i < 4; i++) h += this.#id[row * 4 + i]!.toString(16).padStart(8, '0');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  /** Rows oldest first; sorted on demand after out-of-order arrivals (a scan of older files). */
  order(): Uint32Array {
    if (!this.#sorted) {
      const t = this.#time;
      this.#order.subarray(0, this.#n).sort((a, b) => t[a]! - t[b]! || a - b);
      this.#sorted = true;
    }
    return this.#order.subarray(0, this.#n);
  }

  /** Position in `order()` of the first row at or after `time`, or before (time, row) with `row`. */
  lowerBound(time: number, row = -1): number {
    const order = this.order();
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const r = order[mid]!;
      const t = this.#time[r]!;
      if (t < time || (t === time && r < row)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** A test on rows for one lookup attribute. Unknown values match nothing. */
  matcher(key: string, value: string): (row: number) => boolean {
    const fieldOf: Record<string, number> = { EventName: 0, EventSource: 1, Username: 2, AccessKeyId: 3 };
    const field = fieldOf[key];
    if (field !== undefined) {
      const id = this.#pool.find(value);
      return (row) => this.#fields[row * 4 + field] === id;
    }
    if (key === 'ReadOnly') {
      const want = value === 'true' ? 1 : value === 'false' ? 0 : -1;
      return (row) => this.#readOnly[row] === want;
    }
    if (key === 'EventId') {
      if (!UUID_RE.test(value)) return (row) => this.#oddIds.get(row) === value;
      const [a, b, c, d] = uuidWords(value);
      const id = this.#id;
      return (row) =>
        id[row * 4] === a && id[row * 4 + 1] === b && id[row * 4 + 2] === c && id[row * 4 + 3] === d && !this.#oddIds.has(row);
    }
    if (key === 'ResourceType' || key === 'ResourceName') {
      const id = this.#pool.find(value);
      const offset = key === 'ResourceType' ? 0 : 1;
      return (row) => {
        for (let i = this.#resStart[row]!; i < this.#resStart[row + 1]!; i += 2) {
          if (this.#res[i + offset] === id) return true;
        }
        return false;
      };
    }
    return () => false;
  }

  get(row: number): EventRow {
    const p = this.#pool;
    const f = this.#fields;
    const resources: [string, string][] = [];
    for (let i = this.#resStart[row]!; i < this.#resStart[row + 1]!; i += 2) {
      resources.push([p.value(this.#res[i]!) ?? '', p.value(this.#res[i + 1]!) ?? '']);
    }
    const ro = this.#readOnly[row];
    return {
      row,
      eventTime: this.#time[row]!,
      eventId: this.eventIdOf(row),
      eventName: p.value(f[row * 4]!) ?? '',
      eventSource: p.value(f[row * 4 + 1]!) ?? '',
      username: p.value(f[row * 4 + 2]!),
      accessKeyId: p.value(f[row * 4 + 3]!),
      readOnly: ro === 2 ? undefined : ro === 1,
      resources,
      fileId: this.#file[row]!,
      position: this.#position[row]!,
    };
  }

  #grow(size: number): void {
    const grow = <T extends Uint32Array | Uint8Array | Int32Array>(a: T, n: number): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.#time = grow(this.#time, size);
    this.#id = grow(this.#id, size * 4);
    this.#fields = grow(this.#fields, size * 4);
    this.#readOnly = grow(this.#readOnly, size);
    this.#file = grow(this.#file, size);
    this.#position = grow(this.#position, size);
    this.#resStart = grow(this.#resStart, size + 1);
    this.#order = grow(this.#order, size);
  }
}

/**
 * A lowercase UUID's 128 bits as four 32-bit words, written at `at`: what uuidWords gives, in one
 * pass with no strings made (event ids are indexed for every call). False, writing nothing that
 * matters, when `id` is not a lowercase UUID.
 */
function writeUuidWords(id: string, out: Uint32Array, at: number): boolean {
  if (id.length !== 36) return false;
  let word = 0;
  let digits = 0;
  for (let i = 0; i < 36; i++) {
    const c = id.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 0x2d) return false;
      continue;
    }
    let v: number;
    if (c >= 0x30 && c <= 0x39) v = c - 0x30;
    else if (c >= 0x61 && c <= 0x66) v = c - 0x57;
    else return false;
    word = (word << 4) | v;
    if (++digits % 8 === 0) {
      out[at + digits / 8 - 1] = word >>> 0;
      word = 0;
    }
  }
  return true;
}

function uuidWords(uuid: string): [number, number, number, number] {
  const hex = uuid.replaceAll('-', '');
  return [0, 8, 16, 24].map((i) => parseInt(hex.slice(i, i + 8), 16)) as [number, number, number, number];
}
