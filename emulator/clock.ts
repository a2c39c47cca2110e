import { randomBytes, randomFillSync, randomUUID, createHash } from 'node:crypto';

/** Milliseconds since the epoch. Everything that reads time takes one of these, so tests and the generator control it. */
export interface Clock {
  now(): number;
}

/** Every identifier the emulator invents comes from here, so a seed makes a run reproducible. */
export interface IdSource {
  /** A lowercase v4-shaped UUID. */
  uuid(): string;
  /** `length` lowercase hex characters (task ids are 32). */
  hex(length: number): string;
  /** `length` characters of [A-Za-z0-9] (CloudTrail file-name suffixes are 16). */
  alphanumeric(length: number): string;
}

export const systemClock: Clock = { now: () => Date.now() };

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Random bytes taken from a pool filled 4 KiB at a time, as Node's randomUUID does: a RunTask takes a
 * dozen small draws (task, container and network ids), and each call of randomBytes goes to
 * OpenSSL on its own (3–4 % of the main thread under the write-heavy bench). No byte is handed out twice.
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolAt = 0;
function poolBytes(n: number): Buffer {
  if (n > POOL_BYTES) return randomBytes(n);
  if (poolAt + n > pool.length) {
    // A new buffer each time: bytes handed out before stay as they were.
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
    poolAt = 0;
  }
  const out = pool.subarray(poolAt, poolAt + n);
  poolAt += n;
  return out;
}

export const randomIds: IdSource = {
  uuid: () => randomUUID(),
  hex: (length) => poolBytes(Math.ceil(length / 2)).toString('hex').slice(0, length),
  alphanumeric: (length) => {
    const bytes = poolBytes(length * 2);
    let out = '';
    for (let i = 0; out.length < length && i < bytes.length; i++) {
      const b = bytes[i]!;
      if (b < 248) out += ALNUM[b % 62];
    }
    return out.length === length ? out : out + randomIds.alphanumeric(length - out.length);
  },
};

/**
 * A deterministic id source: SHA-256 in counter mode over the seed. Not for secrets, only for
 * reproducible fixtures and tests.
 */
export function seededIds(seed: string | number): IdSource {
  let counter = 0;
  let pool = Buffer.alloc(0);
  const take = (n: number): Buffer => {
    while (pool.length < n) {
      const block = createHash('sha256').update(`${seed}:${counter++}`).digest();
      pool = Buffer.concat([pool, block]);
    }
    const out = pool.subarray(0, n);
    pool = pool.subarray(n);
    return out;
  };
  const ids: IdSource = {
    uuid: () => {
      const b = Buffer.from(take(16));
      b[6] = (b[6]! & 0x0f) | 0x40;
      b[8] = (b[8]! & 0x3f) | 0x80;
      const h = b.toString('hex');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
    hex: (length) => take(Math.ceil(length / 2)).toString('hex').slice(0, length),
    alphanumeric: (length) => {
      let out = '';
      while (out.length < length) {
        const b = take(1)[0]!;
        if (b < 248) out += ALNUM[b % 62];
      }
      return out;
    },
  };
  return ids;
}

/** A clock that only moves when told to: for tests and the fixture generator. */
export class ManualClock implements Clock {
  #now: number;
  constructor(start: number | Date) {
    this.#now = typeof start === 'number' ? start : start.getTime();
  }
  now(): number {
    return this.#now;
  }
  advance(ms: number): void {
    this.#now += ms;
  }
  set(ms: number): void {
    this.#now = ms;
  }
}
