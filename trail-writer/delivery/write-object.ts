import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';

/**
 * Write a file so that a reader never sees it partial: a temporary name in the same folder, fsync,
 * rename, then fsync the folder so the rename itself survives a crash.
 */
export async function writeFileAtomic(path: string, data: Buffer, sync = true): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = tempPathOf(path);
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(data);
    // sync false: still never partial (the rename), but not crash-safe — for in-process generation.
    if (sync) await fh.datasync();
  } catch (err) {
    await fh.close();
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await fh.close();
  try {
    await rename(tmp, path);
  } catch (err) {
    // Leave no temporary file in the delivered tree: the batch is retried under a new name.
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  if (!sync) return;
  const dh = await open(dir, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}

/** The temporary name `writeFileAtomic` writes `path` under before renaming it. */
export function tempPathOf(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp`);
}

/** A crash between creating the temporary file and the rename leaves it behind: remove it. */
export async function removeStaleTemp(path: string): Promise<void> {
  await unlink(tempPathOf(path)).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
  });
}
