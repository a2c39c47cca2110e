import { randomUUID } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { open, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * One writer per trail folder. Two writers on one folder would replay and delete each other's
 * journal, so a writer holds `<stateDir>/owner.lock` while it runs. The file says who holds it:
 *
 * - the owner's pid, pid namespace and kernel boot id, and the pid's start time (/proc/<pid>/stat):
 *   another process in the same pid namespace of the same boot can tell at once whether the owner
 *   still runs, and a pid reused by an unrelated process does not count (its start time differs);
 * - a heartbeat: the owner touches the file every `heartbeatMs`. An owner in another pid namespace
 *   (another container sharing the folder, another host on a network file system) cannot be looked
 *   up, so its lock counts as live while the heartbeat moves, and as stale once it has not moved for
 *   `staleMs`. A starter waits up to that long to find out.
 *
 * A crashed owner (kill -9) leaves the file behind; it is stale at once in the same namespace, and
 * after `staleMs` elsewhere. A lock found stale is taken over with a rename, so that of two starters
 * only one takes it. The owner re-reads the file at each heartbeat: if it no longer holds its token
 * (deleted with the folder, taken over by someone who judged it stale) it reports the loss.
 */
export interface LockOwner {
  pid: number;
  hostname: string;
  /** /proc/sys/kernel/random/boot_id (Linux), else absent. */
  bootId?: string | undefined;
  /** readlink /proc/self/ns/pid, e.g. `pid:[4026531836]` (Linux), else absent. */
  pidNamespace?: string | undefined;
  /** Field 22 of /proc/<pid>/stat: clock ticks after boot the process started at. */
  processStart?: string | undefined;
  /** ISO time the lock was taken. */
  since: string;
  token: string;
}

export interface FolderLockOptions {
  heartbeatMs?: number | undefined;
  staleMs?: number | undefined;
  /** How the operator picks another folder (e.g. `--trail-dir`), for the refusal's message. */
  folderOption?: string | undefined;
  /** Called (once per loss) when the lock file no longer holds this owner's token. */
  onLost?: ((why: string) => void) | undefined;
}

export const LOCK_FILE = 'owner.lock';
const HEARTBEAT_MS = 2000;
const STALE_MS = 10_000;

/** The folders this process holds: a second writer on one of them in the same process is refused too. */
const heldInProcess = new Set<string>();
/** The tokens of the locks this process holds (a lock file with our pid and another token was abandoned). */
const tokensHeld = new Set<string>();

export class TrailFolderInUseError extends Error {
  constructor(
    readonly folder: string,
    readonly owner: LockOwner | undefined,
    folderOption?: string,
  ) {
    const who = owner
      ? `another ecs-trail (pid ${owner.pid} on ${owner.hostname}${owner.pid === process.pid && owner.pidNamespace === pidNamespace() ? ', this process' : ''}, since ${owner.since})`
      : 'another ecs-trail';
    super(`the trail folder ${folder} is in use by ${who}; stop it, or choose another folder${folderOption ? ` with ${folderOption}` : ''}`);
    this.name = 'TrailFolderInUseError';
  }
}

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

let ownBootId: string | undefined | null = null;
function bootId(): string | undefined {
  if (ownBootId === null) ownBootId = readProc('/proc/sys/kernel/random/boot_id');
  return ownBootId;
}

let ownPidNs: string | undefined | null = null;
function pidNamespace(): string | undefined {
  if (ownPidNs === null) {
    try {
      ownPidNs = readlinkSync('/proc/self/ns/pid');
    } catch {
      ownPidNs = undefined;
    }
  }
  return ownPidNs;
}

/** When `pid` started, from /proc (undefined where there is no /proc, or no such process). */
function processStart(pid: number): string | undefined {
  const text = readProc(`/proc/${pid}/stat`);
  if (!text) return undefined;
  // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return fields[19]; // field 22 overall
}

function pidRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether an owner can be judged from here without its heartbeat, and if so whether it still runs:
 * 'live', 'dead', or 'unknown' (another pid namespace or boot: only the heartbeat tells).
 */
function judgeLocally(owner: LockOwner): 'live' | 'dead' | 'unknown' {
  const sameNamespace = owner.pidNamespace === pidNamespace() && owner.bootId === bootId();
  if (!sameNamespace || (owner.bootId === undefined && owner.hostname !== hostname())) return 'unknown';
  if (owner.pid === process.pid) return tokensHeld.has(owner.token) ? 'live' : 'dead';
  if (!pidRuns(owner.pid)) return 'dead';
  if (owner.processStart !== undefined) {
    const start = processStart(owner.pid);
    // A different start time: the pid was reused by another process after the owner died.
    if (start !== undefined && start !== owner.processStart) return 'dead';
  }
  return 'live';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class FolderLock {
  readonly path: string;
  readonly #folder: string;
  readonly #key: string;
  readonly #heartbeatMs: number;
  readonly #staleMs: number;
  readonly #onLost: ((why: string) => void) | undefined;
  readonly #folderOption: string | undefined;
  readonly #owner: LockOwner;
  #timer: NodeJS.Timeout | undefined;
  #held = false;
  #lostReported = false;

  private constructor(stateDir: string, folder: string, o: FolderLockOptions) {
    this.path = join(stateDir, LOCK_FILE);
    this.#folder = folder;
    this.#key = resolve(stateDir);
    this.#heartbeatMs = o.heartbeatMs ?? HEARTBEAT_MS;
    this.#staleMs = o.staleMs ?? STALE_MS;
    this.#onLost = o.onLost;
    this.#folderOption = o.folderOption;
    this.#owner = {
      pid: process.pid,
      hostname: hostname(),
      bootId: bootId(),
      pidNamespace: pidNamespace(),
      processStart: processStart(process.pid),
      since: new Date().toISOString(),
      token: randomUUID(),
    };
  }

  /** Take the lock of a trail folder's state dir (which must exist), or throw TrailFolderInUseError. */
  static async acquire(stateDir: string, folder: string, o: FolderLockOptions = {}): Promise<FolderLock> {
    const lock = new FolderLock(stateDir, folder, o);
    if (heldInProcess.has(lock.#key)) throw new TrailFolderInUseError(folder, lock.#owner, o.folderOption);
    heldInProcess.add(lock.#key);
    try {
      await lock.#take();
    } catch (err) {
      heldInProcess.delete(lock.#key);
      throw err;
    }
    lock.#held = true;
    tokensHeld.add(lock.#owner.token);
    lock.#timer = setInterval(() => void lock.#beat(), lock.#heartbeatMs).unref();
    return lock;
  }

  /** Take the lock again after the folder was recreated (the file went with it). */
  async retake(): Promise<void> {
    const current = await this.#read();
    if (current?.token !== this.#owner.token) await this.#take();
    this.#lostReported = false; // a later loss is reported again
  }

  async #take(): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await this.#create()) return;
      const found = await this.#read();
      if (found === undefined) continue; // gone meanwhile, or being written: try again
      const verdict = judgeLocally(found);
      if (verdict === 'live') throw new TrailFolderInUseError(this.#folder, found, this.#folderOption);
      if (verdict === 'unknown' && !(await this.#heartbeatStops())) throw new TrailFolderInUseError(this.#folder, found, this.#folderOption);
      await this.#takeOver(found);
    }
    throw new TrailFolderInUseError(this.#folder, await this.#read(), this.#folderOption);
  }

  /** Create the lock file if there is none; false if there is one. */
  async #create(): Promise<boolean> {
    let fh;
    try {
      fh = await open(this.path, 'wx', 0o644);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    }
    try {
      await fh.writeFile(`${JSON.stringify(this.#owner)}\n`);
      await fh.sync();
    } finally {
      await fh.close();
    }
    return true;
  }

  async #read(): Promise<LockOwner | undefined> {
    for (let i = 0; i < 3; i++) {
      let text: string;
      try {
        text = await readFile(this.path, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
      try {
        const owner = JSON.parse(text) as LockOwner;
        if (typeof owner.pid === 'number' && typeof owner.token === 'string') return owner;
      } catch {
        // being written by its creator: read again
      }
      await sleep(50);
    }
    // Still not a lock after a while: a creator that died mid-write. Stale.
    return { pid: 0, hostname: '?', since: '?', token: 'unreadable' };
  }

  /** Watch an owner we cannot look up: true once its heartbeat has not moved for staleMs. */
  async #heartbeatStops(): Promise<boolean> {
    let last: number | undefined;
    const deadline = Date.now() + this.#staleMs + this.#heartbeatMs;
    while (Date.now() < deadline) {
      let mtime: number;
      try {
        mtime = (await stat(this.path)).mtimeMs;
      } catch {
        return true; // released meanwhile
      }
      if (last !== undefined && mtime !== last) return false; // it beats: a live owner
      last = mtime;
      if (Date.now() - mtime > this.#staleMs) return true;
      await sleep(Math.min(250, this.#heartbeatMs / 4));
    }
    return true;
  }

  /** Move a stale lock aside, making sure it is the one judged stale (another starter may have been faster). */
  async #takeOver(stale: LockOwner): Promise<void> {
    const aside = `${this.path}.stale-${this.#owner.token}`;
    try {
      await rename(this.path, aside);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    let moved: LockOwner | undefined;
    try {
      moved = JSON.parse(await readFile(aside, 'utf8')) as LockOwner;
    } catch {
      moved = undefined;
    }
    if (moved !== undefined && moved.token !== stale.token) {
      // A fresh lock taken meanwhile by another starter: give it back.
      await rename(aside, this.path).catch(() => undefined);
      return;
    }
    await unlink(aside).catch(() => undefined);
  }

  async #beat(): Promise<void> {
    if (!this.#held) return;
    let holder: LockOwner | undefined;
    try {
      holder = await this.#read();
    } catch {
      holder = undefined;
    }
    if (holder?.token !== this.#owner.token) {
      if (!this.#lostReported) {
        this.#lostReported = true;
        this.#onLost?.(holder ? `taken by pid ${holder.pid} on ${holder.hostname}` : 'the lock file is gone');
      }
      return;
    }
    const now = new Date();
    await utimes(this.path, now, now).catch(() => undefined);
  }

  /** Give the folder up: the file goes if it is still ours. */
  async release(): Promise<void> {
    if (!this.#held) return;
    this.#held = false;
    clearInterval(this.#timer);
    heldInProcess.delete(this.#key);
    tokensHeld.delete(this.#owner.token);
    const holder = await this.#read().catch(() => undefined);
    if (holder?.token === this.#owner.token) await unlink(this.path).catch(() => undefined);
  }

  /** Forget the lock without removing its file, as a crash would (tests of recovery). */
  abandon(): void {
    this.#held = false;
    clearInterval(this.#timer);
    heldInProcess.delete(this.#key);
    tokensHeld.delete(this.#owner.token);
  }
}
