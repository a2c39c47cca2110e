/**
 * The code of a file worker (see FileWorkers), run with `new Worker(source, { eval: true })`: plain
 * CommonJS with node built-ins only, so it starts in a few milliseconds whether the package runs from
 * `dist/` or from its TypeScript sources under a test runner's loader (a worker given a .ts file
 * would load the whole compiler first).
 *
 * A job is one log file: its uncompressed body in a transferred ArrayBuffer, and the path to write it
 * to (none: only hash it). The worker hashes the body (SHA-256, what a digest lists), gzips it at
 * zlib's default level (as the TrailWriter does), writes it under a temporary name and renames it
 * into place — so a reader never sees a partial file — and sends the buffer back for reuse. No
 * fsync: generated trails are written again from the seed, not recovered.
 */
export const FILE_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort } = require('node:worker_threads');
const { gzipSync } = require('node:zlib');
const { createHash } = require('node:crypto');
const { mkdirSync, writeFileSync, renameSync, rmSync } = require('node:fs');
const { dirname, basename, join } = require('node:path');
const folders = new Set();
parentPort.on('message', (job) => {
  const body = Buffer.from(job.buffer, 0, job.length);
  let reply;
  let tmp;
  try {
    const sha256 = createHash('sha256').update(body).digest('hex');
    if (job.path) {
      const gz = gzipSync(body);
      const dir = dirname(job.path);
      if (!folders.has(dir)) {
        mkdirSync(dir, { recursive: true });
        folders.add(dir);
      }
      tmp = join(dir, '.' + basename(job.path) + '.tmp');
      try {
        writeFileSync(tmp, gz);
      } catch (err) {
        // A folder made earlier and removed since: make it again, once.
        if (err.code !== 'ENOENT') throw err;
        mkdirSync(dir, { recursive: true });
        writeFileSync(tmp, gz);
      }
      renameSync(tmp, job.path);
      tmp = undefined;
    }
    reply = { id: job.id, sha256, buffer: job.buffer };
  } catch (err) {
    if (tmp) rmSync(tmp, { force: true });
    reply = { id: job.id, error: String((err && err.message) || err), buffer: job.buffer };
  }
  parentPort.postMessage(reply, [job.buffer]);
});
`;
