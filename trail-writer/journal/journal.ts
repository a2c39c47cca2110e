import { statSync, writeSync } from 'node:fs';
import { open, readdir, readFile, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/** The scratch buffer is given back once a commit needed more than this. */
const SCRATCH_KEPT = 1 << 20;

/**
 * The write-ahead journal: an append-only file whose lines are made durable by grouped fsync. While
 * one write+fsync is in flight, new lines queue; when it ends they all go out in the next one, so a
 * burst of calls costs one fsync, not one each ("greedy group commit").
 *
 * A call is acknowledged only once its line is durable. A failed write is cut back off the file so a
 * torn line can never swallow the next one.
 *
 * `sync: false` leaves out the fsync: a line counts as written once it is in the file, that is in the
 * kernel's page cache, which outlives the process (a kill -9 loses nothing) but not the machine (a
 * power loss or an OS crash can lose what the kernel had not yet written back). Lines then go out once
 * per turn of the event loop, all those the turn's calls appended in one write.
 */
export class Journal {
  readonly #dir: string;
  #fh: FileHandle | undefined;
  #segment = 0;
  #size = 0;
  #queue: Array<{ head: string; body: string; tail: string; resolve: (segment: number) => void; reject: (e: unknown) => void }> = [];
  /** Where a group commit's lines are encoded for the write, reused from one commit to the next. */
  #scratch = Buffer.allocUnsafeSlow(SCRATCH_KEPT / 16);
  #writing = false;
  #idle: Array<() => void> = [];
  /** A segment change asked for while the writer was busy: made between two group commits. */
  #swap: { n: number; done: Array<{ resolve: () => void; reject: (e: unknown) => void }> } | undefined;
  /** The open segment's file, to tell whether its path still leads to it. */
  #ino = 0;
  #dev = 0;
  readonly #sync: boolean;

  constructor(dir: string, opts: { sync?: boolean | undefined } = {}) {
    this.#dir = dir;
    this.#sync = opts.sync !== false;
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

  /**
   * Start writing a new segment numbered `n`. The file changes only while no write is in flight (a
   * write on the old handle would fail when it is closed, one on the new would use the old size for
   * its position and for cutting back a failed write): at once when the writer is idle, else between
   * two group commits. Under a sustained load the writer is never idle, so it must not wait for that.
   * Lines appended after this call may land in either segment; `append` says which.
   */
  openSegment(n: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.#swap) {
        this.#swap.n = n;
        this.#swap.done.push({ resolve, reject });
      } else this.#swap = { n, done: [{ resolve, reject }] };
      if (!this.#writing) void this.#drain();
    });
  }

  async #swapSegment(): Promise<void> {
    const swap = this.#swap!;
    this.#swap = undefined;
    try {
      const fh = await open(Journal.segmentPath(this.#dir, swap.n), 'a');
      const st = await fh.stat();
      const old = this.#fh;
      this.#fh = fh;
      this.#segment = swap.n;
      this.#size = st.size;
      this.#ino = st.ino;
      this.#dev = st.dev;
      await old?.close();
      for (const d of swap.done) d.resolve();
    } catch (err) {
      for (const d of swap.done) d.reject(err);
    }
  }

  static async removeSegment(dir: string, n: number): Promise<void> {
    await unlink(Journal.segmentPath(dir, n)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
  }

  /**
   * Resolves, with the number of the segment they went to, once `head + body + tail` (whole lines,
   * each ending in \n) are on disk. The three are written one after the other, never concatenated: a
   * record's JSON goes to the disk without a copy of it made to join it to its line's prefix.
   */
  append(head: string, body = '', tail = ''): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ head, body, tail, resolve, reject });
      if (!this.#writing) void this.#drain();
    });
  }

  /** A commit's lines as UTF-8 in the scratch buffer; returns how many bytes. */
  #encode(batch: readonly { head: string; body: string; tail: string }[]): number {
    let most = 0;
    for (const b of batch) most += b.head.length + b.body.length + b.tail.length;
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    most *= 3;
    if (most > this.#scratch.length) {
      let size = this.#scratch.length;
      while (size < most) size *= 2;
      this.#scratch = Buffer.allocUnsafeSlow(size);
    }
    const buf = this.#scratch;
    let at = 0;
    for (const b of batch) {
      at += buf.write(b.head, at);
      if (b.body.length > 0) at += buf.write(b.body, at);
      if (b.tail.length > 0) at += buf.write(b.tail, at);
    }
    return at;
  }

  async #drain(): Promise<void> {
    this.#writing = true;
    while (this.#queue.length > 0 || this.#swap) {
      if (this.#swap) await this.#swapSegment();
      // Without an fsync to wait on, the calls that arrive while one is in flight cannot gather into
      // the next commit: the rest of this turn's calls are waited for instead (setImmediate runs
      // right after the turn's I/O callbacks), so a busy turn still makes one write, not one each.
      if (!this.#sync) await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.#queue.length === 0) break;
      const batch = this.#queue;
      this.#queue = [];
      const fh = this.#fh;
      try {
        if (!fh) throw new Error('journal is closed');
        // The write goes to the page cache on this thread (tens of µs for a whole group), and the path
        // check is one stat of a cached path: only the fdatasync, which waits on the disk, goes to the
        // thread pool. Each hand-off to the pool wakes a thread, which on a busy machine can cost the
        // event loop its core for a while; a commit used to make three (write, then fdatasync and stat).
        const length = this.#encode(batch);
        let off = 0;
        while (off < length) off += writeSync(fh.fd, this.#scratch, off, length - off, this.#size + off);
        // A replay of thousands of records grew it: not kept beyond the usual size of a commit.
        if (this.#scratch.length > SCRATCH_KEPT) this.#scratch = Buffer.allocUnsafeSlow(SCRATCH_KEPT / 16);
        // Checked before the fdatasync (a lost folder's file is not worth flushing): a folder removed
        // from here until the fdatasync ends is caught by the next commit, and what this one
        // acknowledges is still in the writer's memory, journaled again when the folder is made again.
        this.#checkAttachedSync();
        if (this.#sync) await fh.datasync();
        this.#size += length;
        const segment = this.#segment;
        for (const b of batch) b.resolve(segment);
      } catch (err) {
        // Cut any partial write back off, so the next line starts on a clean boundary.
        await fh?.truncate(this.#size).catch(() => undefined);
        for (const b of batch) b.reject(err);
      }
    }
    this.#writing = false;
    for (const f of this.#idle.splice(0)) f();
  }

  /**
   * The segment's path must still lead to the file just written: a trail folder deleted, moved or
   * replaced under us would otherwise take lines into a file nobody will ever read. One stat per
   * group commit (not per line), beside an fsync that costs a hundred times more.
   */
  #checkAttachedSync(): void {
    const path = Journal.segmentPath(this.#dir, this.#segment);
    let st;
    try {
      st = statSync(path);
    } catch (err) {
      throw new JournalDetachedError(path, (err as NodeJS.ErrnoException).code ?? 'unreadable');
    }
    if (st.ino !== this.#ino || st.dev !== this.#dev) throw new JournalDetachedError(path, 'replaced');
  }

  /** Whether the open segment's path leads to it again (a folder moved back). */
  async attached(): Promise<boolean> {
    try {
      this.#checkAttachedSync();
      return true;
    } catch {
      return false;
    }
  }

  #whenIdle(): Promise<void> {
    if (!this.#writing && this.#queue.length === 0 && !this.#swap) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  async close(): Promise<void> {
    await this.#whenIdle();
    await this.#fh?.close();
    this.#fh = undefined;
  }
}

/** The journal's file is no longer where it was opened: its folder was deleted, moved or replaced. */
export class JournalDetachedError extends Error {
  constructor(
    readonly path: string,
    readonly why: string,
  ) {
    super(`the journal ${path} is no longer in the trail folder (${why}): the folder was deleted, moved or replaced`);
  }
}
