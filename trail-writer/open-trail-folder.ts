import { access, constants, mkdir, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FolderLock, type FolderLockOptions } from './folder-lock.js';

/**
 * Make the trail folder and its state dir, take the folder's lock — before anything else in it is
 * read or written: a folder another writer holds is left untouched — and check it takes files.
 * An unwritable folder is a one-line error that says what to do (`folderOption`, e.g. `--trail-dir`).
 */
export async function openTrailFolder(root: string, stateDir: string, lock: FolderLockOptions): Promise<FolderLock> {
  const unwritable = (err: unknown): Error => {
    const e = err as NodeJS.ErrnoException;
    const choose = lock.folderOption ? `choose another with ${lock.folderOption}` : 'choose another folder';
    return new Error(`the trail folder ${root} is not writable (${e.code ?? e.message}); ${choose} or fix its permissions`);
  };
  try {
    await mkdir(root, { recursive: true });
    await mkdir(join(stateDir, 'journal'), { recursive: true });
  } catch (err) {
    throw unwritable(err);
  }
  const held = await FolderLock.acquire(stateDir, root, lock).catch((err: unknown) => {
    throw (err as NodeJS.ErrnoException).code ? unwritable(err) : err;
  });
  try {
    await access(root, constants.W_OK);
    const probe = join(stateDir, `.probe-${process.pid}`);
    await writeFile(probe, '');
    await unlink(probe);
  } catch (err) {
    await held.release();
    throw unwritable(err);
  }
  return held;
}
