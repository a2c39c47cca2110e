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
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function fastSeededIds(seed: string | number, stream: string): { uuid(): string; hex(length: number): string; alphanumeric(length: number): string } {
  const r = new Random(seed, stream);
  /** 8 hex digits of one 32-bit draw, by table (this runs twice per event). */
  const word = () => {
    const w = Math.floor(r.next() * 4294967296);
    return HEX[w >>> 24]! + HEX[(w >>> 16) & 255]! + HEX[(w >>> 8) & 255]! + HEX[w & 255]!;
  };
  return {
    uuid: () => {
      const a = word();
      const b = word();
      const c = word();
      const d = word();
      const variant = '89ab'[parseInt(c[0]!, 16) & 3]!;
      return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
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
