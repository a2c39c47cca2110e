import { createHash } from 'node:crypto';

/**
 * A small, fast deterministic generator (sfc32) seeded from SHA-256 of the seed and a stream name,
 * so each actor's activity is its own stream: adding an actor does not reshuffle the others.
 * Not for secrets.
 */
export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: string | number, stream: string) {
    const h = createHash('sha256').update(`${seed}\u0000${stream}`).digest();
    this.#a = h.readUInt32LE(0);
    this.#b = h.readUInt32LE(4);
    this.#c = h.readUInt32LE(8);
    this.#d = h.readUInt32LE(12) | 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  int(min: number, maxInclusive: number): number {
    return min + Math.floor(this.next() * (maxInclusive - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** An exponential wait with the given mean: the gaps of a Poisson process. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
}

/** Weighted choice over a fixed table, built once. */
export class WeightedTable<T> {
  readonly #items: T[] = [];
  readonly #cumulative: number[] = [];
  readonly total: number;
  constructor(weights: Iterable<[T, number]>) {
    let sum = 0;
    for (const [item, w] of weights) {
      if (!(w > 0)) continue;
      sum += w;
      this.#items.push(item);
      this.#cumulative.push(sum);
    }
    this.total = sum;
  }
  get size(): number {
    return this.#items.length;
  }
  pick(r: Random): T {
    const x = r.next() * this.total;
    const c = this.#cumulative;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (c[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.#items[lo]!;
  }
}

/**
 * The record ids and file-name suffixes of a generated trail, from the fast generator above (the
 * emulator keeps its own SHA-256 stream, seededIds): same interface, one stream per use.
 */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const HEX_DIGIT = Buffer.from('0123456789abcdef');
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Where a v4 UUID's 30 random hex digits go (8-4-4-4-12, less the version digit and the variant's). */
const UUID_HEX_AT = [0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 15, 16, 17, 20, 21, 22, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35];

export interface FastIds {
  uuid(): string;
  hex(length: number): string;
  alphanumeric(length: number): string;
}

export function fastSeededIds(seed: string | number, stream: string): FastIds {
  const r = new Random(seed, stream);
  /** 8 hex digits of one 32-bit draw, by table (this runs twice per event). */
  const word = () => {
    const w = Math.floor(r.next() * 4294967296);
    return HEX[w >>> 24]! + HEX[(w >>> 16) & 255]! + HEX[(w >>> 8) & 255]! + HEX[w & 255]!;
  };
  // Made UUIDS_AT_ONCE at a time into one buffer and read out as one flat string that each id is a
  // slice of: concatenating pieces would make a rope that every record holding the id copies piece by
  // piece, and reading each id out of a buffer on its own costs a native call per id.
  const UUIDS_AT_ONCE = 1024;
  let text: Buffer | undefined; // made on first use: most streams never make a UUID
  let made = '';
  let next = UUIDS_AT_ONCE;
  const refill = () => {
    text ??= Buffer.from('00000000-0000-4000-8000-000000000000'.repeat(UUIDS_AT_ONCE));
    for (let u = 0; u < UUIDS_AT_ONCE; u++) {
      const at = u * 36;
      // 30 random hex digits from four 32-bit draws (eight digits each), and the variant from the
      // last draw's two spare digits: RFC 9562 variant 10xx, i.e. 8, 9, a or b.
      for (let w = 0; w < 4; w++) {
        let bits = Math.floor(r.next() * 4294967296);
        const first = w * 8;
        const last = w === 3 ? 6 : 8;
        for (let i = 0; i < last; i++) {
          text[at + UUID_HEX_AT[first + i]!] = HEX_DIGIT[bits & 15]!;
          bits >>>= 4;
        }
        if (w === 3) text[at + 19] = HEX_DIGIT[8 | (bits & 3)]!;
      }
    }
    made = text.toString('latin1');
    next = 0;
  };
  return {
    uuid: () => {
      if (next === UUIDS_AT_ONCE) refill();
      const at = next++ * 36;
      return made.slice(at, at + 36);
    },
    hex: (length) => {
      let out = '';
      while (out.length < length) out += word();
      return out.slice(0, length);
    },
    alphanumeric: (length) => {
      let out = '';
      for (let i = 0; i < length; i++) out += ALNUM[Math.floor(r.next() * 62)];
      return out;
    },
  };
}
