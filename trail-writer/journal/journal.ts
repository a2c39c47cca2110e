import { open, readdir, readFile, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The write-ahead journal: an append-only file whose lines are made durable by grouped fsync. While
 * one write+fsync is in flight, new lines queue; when it ends they all go out in the next one, so a
 * burst of calls costs one fsync, not one each ("greedy group commit").
 *
 * A call is acknowledged only once its line is durable. A failed write is cut back off the file so a
 * torn line can never swallow the next one.
 */
export class Journal {
  readonly #dir: string;
  #fh: FileHandle | undefined;
  #segment = 0;
  #size = 0;
  #queue: Array<{ data: string; resolve: () => void; reject: (e: unknown) => void }> = [];
  #writing = false;
  #idle: Array<() => void> = [];

  constructor(dir: string) {
    this.#dir = dir;
  }

  get segment(): number {
    return this.#segment;
  }
  get size(): number {
    return this.#size;
  }

  /** Existing segments, oldest first. */
  static async segments(dir: string): Promise<number[]> {
    const names = await readdir(dir).catch(() => [] as string[]);
    return names
      .map((n) => /^journal-(\d{8})\.log$/.exec(n)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }

  static segmentPath(dir: string, n: number): string {
    return join(dir, `journal-${String(n).padStart(8, '0')}.log`);
  }

  static async readSegment(dir: string, n: number): Promise<string> {
    return readFile(Journal.segmentPath(dir, n), 'utf8');
  }

  /** Start writing a new segment numbered `n`. */
  async openSegment(n: number): Promise<void> {
    // Hold the writer while the file changes: a write that started on the old handle during the swap
    // would fail when it is closed (a spurious ServerException), and one on the new handle would use
    // the old size for its position and for cutting back a failed write.
    while (this.#writing || this.#queue.length > 0) await this.#whenIdle();
    this.#writing = true;
    try {
      const fh = await open(Journal.segmentPath(this.#dir, n), 'a');
      const size = (await fh.stat()).size;
      const old = this.#fh;
      this.#fh = fh;
      this.#segment = n;
      this.#size = size;
      await old?.close();
    } finally {
      this.#writing = false;
      if (this.#queue.length > 0) void this.#drain();
      else for (const f of this.#idle.splice(0)) f();
    }
  }

  static async removeSegment(dir: string, n: number): Promise<void> {
    await unlink(Journal.segmentPath(dir, n)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
  }

  /** Resolves once `lines` (each ending in \n) are on disk. */
  append(lines: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ data: lines, resolve, reject });
      if (!this.#writing) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#writing = true;
    while (this.#queue.length > 0) {
      const batch = this.#queue;
      this.#queue = [];
      const data = batch.length === 1 ? batch[0]!.data : batch.map((b) => b.data).join('');
      const fh = this.#fh;
      try {
        if (!fh) throw new Error('journal is closed');
        const buf = Buffer.from(data, 'utf8');
        let off = 0;
        while (off < buf.length) {
          const { bytesWritten } = await fh.write(buf, off, buf.length - off, this.#size + off);
          off += bytesWritten;
        }
        await fh.datasync();
        this.#size += buf.length;
        for (const b of batch) b.resolve();
      } catch (err) {
        // Cut any partial write back off, so the next line starts on a clean boundary.
        await fh?.truncate(this.#size).catch(() => undefined);
        for (const b of batch) b.reject(err);
      }
    }
    this.#writing = false;
    for (const f of this.#idle.splice(0)) f();
  }

  #whenIdle(): Promise<void> {
    if (!this.#writing && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  async close(): Promise<void> {
    await this.#whenIdle();
    await this.#fh?.close();
    this.#fh = undefined;
  }
}
