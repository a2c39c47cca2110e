/**
 * Buffers for log files being filled, kept for reuse once their file is written. Sizes are powers of
 * two (64 KiB up), so a buffer given back fits the next batch that grows to that size; at most
 * `maxPooledBytes` are kept, the rest is left to the garbage collector.
 */
export class BufferPool {
  static readonly MIN_SIZE = 64 * 1024;
  readonly #free = new Map<number, Buffer[]>();
  readonly #maxPooled: number;
  #pooled = 0;

  constructor(maxPooledBytes = 64 * 1024 * 1024) {
    this.#maxPooled = maxPooledBytes;
  }

  /** A buffer of at least `minSize` bytes, contents undefined. */
  take(minSize: number): Buffer {
    let size = BufferPool.MIN_SIZE;
    while (size < minSize) size *= 2;
    const buf = this.#free.get(size)?.pop();
    if (buf) {
      this.#pooled -= size;
      return buf;
    }
    return Buffer.allocUnsafeSlow(size);
  }

  give(buf: Buffer): void {
    const size = buf.length;
    // Only the pool's own sizes: anything else was not taken from it.
    if (size < BufferPool.MIN_SIZE || (size & (size - 1)) !== 0) return;
    if (this.#pooled + size > this.#maxPooled) return;
    let list = this.#free.get(size);
    if (!list) this.#free.set(size, (list = []));
    list.push(buf);
    this.#pooled += size;
  }

  get pooledBytes(): number {
    return this.#pooled;
  }
}
