import { webcrypto } from 'node:crypto';
import { gzip as gzipCb } from 'node:zlib';
import { promisify } from 'node:util';

const gzip = promisify(gzipCb);

/** A file body compressed and hashed: the gzip bytes and the SHA-256 of the uncompressed content. */
export type Compressed = [Buffer, ArrayBuffer];

/**
 * Compresses log files on the thread pool, a bounded number of bytes at a time. A flush of thousands
 * of batches (one per account and region) used to start every gzip at once, each with its own output
 * buffers: gigabytes for a moment (a gzip stream holds some 300 KB of its own however small its
 * input). Here jobs start in the order they were queued while fewer than `maxJobs` run and fewer
 * than `budgetBytes` of input are being compressed (always at least one), so a few run side by side
 * on the thread pool and memory stays bounded whatever the number of files.
 */
export class CompressionQueue {
  readonly #budget: number;
  readonly #maxJobs: number;
  #running = 0;
  #jobs = 0;
  readonly #waiting: Array<{ bytes: number; start: () => void }> = [];

  constructor(budgetBytes = 32 * 1024 * 1024, maxJobs = 4) {
    this.#budget = budgetBytes;
    this.#maxJobs = maxJobs;
  }

  /** Compress and hash `body` once its turn comes (`body` must not change until then). */
  compress(body: Buffer): Promise<Compressed> {
    const job = this.#turn(body.length).then(async () => {
      try {
        // An output chunk larger than the compressed file keeps gzip from coming back to the main
        // thread for every 16 KiB it writes (a busy main thread would stall it).
        return await Promise.all([gzip(body, { chunkSize: Math.max(64 * 1024, body.length >> 2) }), webcrypto.subtle.digest('SHA-256', body)]);
      } finally {
        this.#running -= body.length;
        this.#jobs--;
        this.#next();
      }
    });
    job.catch(() => undefined); // the caller awaits it later: no unhandled rejection meanwhile
    return job;
  }

  #turn(bytes: number): Promise<void> {
    return new Promise((resolve) => {
      this.#waiting.push({ bytes, start: resolve });
      this.#next();
    });
  }

  #next(): void {
    for (;;) {
      const head = this.#waiting[0];
      if (!head || (this.#jobs > 0 && (this.#jobs >= this.#maxJobs || this.#running + head.bytes > this.#budget))) return;
      this.#waiting.shift();
      this.#running += head.bytes;
      this.#jobs++;
      head.start();
    }
  }
}
