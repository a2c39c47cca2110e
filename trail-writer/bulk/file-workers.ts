import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { FILE_WORKER_SOURCE } from './file-worker-source.js';

export interface FileJob {
  /** The uncompressed file in the first `length` bytes; transferred to the worker and back. */
  buffer: ArrayBuffer;
  length: number;
  /** Where to write the gzip'd file; undefined: hash only. */
  path: string | undefined;
}

export interface FileDone {
  /** Hex SHA-256 of the uncompressed body. */
  sha256: string;
  /** The job's buffer, back from the worker. */
  buffer: ArrayBuffer;
}

interface Waiting {
  resolve(done: FileDone): void;
  reject(err: Error): void;
}

interface PooledWorker {
  worker: Worker;
  waiting: Map<number, Waiting>;
}

/**
 * The default pool: a worker per core less the one the thread running the calls needs, at least one
 * and at most 4. That thread is the run's critical path: on 2 cores, two workers compressing beside
 * it took its core half the time, and a 1,000,000-event run took 8.5 s instead of 7.6 s
 * (`npm run bench:generate`, README "Generator").
 */
export function defaultFileWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/**
 * Worker threads that hash, compress and write log files. The thread that builds the records hands a
 * whole file over in one message and gets one back: compressing on libuv's pool instead costs that
 * thread a gzip stream, a copy of the body for WebCrypto and five file-system round trips per file,
 * each of which wakes a pool thread that, on a busy machine, takes the core it was woken from.
 * A job goes to the worker with the fewest jobs waiting; jobs may finish in any order.
 */
export class FileWorkers {
  readonly #workers: PooledWorker[] = [];
  #nextId = 0;
  #outstanding = 0;
  #failure: Error | undefined;

  constructor(count = defaultFileWorkers()) {
    for (let i = 0; i < Math.max(1, count); i++) this.#workers.push(this.#start());
  }

  get size(): number {
    return this.#workers.length;
  }

  run(job: FileJob): Promise<FileDone> {
    if (this.#failure) return Promise.reject(this.#failure);
    let target = this.#workers[0]!;
    for (const w of this.#workers) if (w.waiting.size < target.waiting.size) target = w;
    const id = this.#nextId++;
    return new Promise<FileDone>((resolve, reject) => {
      target.waiting.set(id, { resolve, reject });
      // Keep the process alive only while a job is out: an idle pool never holds it open.
      if (this.#outstanding++ === 0) for (const w of this.#workers) w.worker.ref();
      target.worker.postMessage({ id, buffer: job.buffer, length: job.length, path: job.path }, [job.buffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.worker.terminate()));
  }

  #start(): PooledWorker {
    // No execArgv: a test runner's loader or a benchmark's preload has nothing to do in here.
    const worker = new Worker(FILE_WORKER_SOURCE, { eval: true, execArgv: [] });
    const pooled: PooledWorker = { worker, waiting: new Map() };
    worker.on('message', (m: { id: number; sha256?: string; error?: string; buffer: ArrayBuffer }) => {
      const w = pooled.waiting.get(m.id);
      if (!w) return;
      pooled.waiting.delete(m.id);
      this.#settled();
      if (m.error !== undefined) w.reject(new Error(m.error));
      else w.resolve({ sha256: m.sha256!, buffer: m.buffer });
    });
    const fail = (err: Error) => {
      this.#failure ??= err;
      for (const w of pooled.waiting.values()) {
        this.#settled();
        w.reject(err);
      }
      pooled.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a log file worker stopped (exit code ${code})`)));
    worker.unref();
    return pooled;
  }

  #settled(): void {
    if (--this.#outstanding === 0) for (const w of this.#workers) w.worker.unref();
  }
}
