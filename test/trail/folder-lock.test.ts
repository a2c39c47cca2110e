import t from 'tap';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CreateClusterCommand, ListClustersCommand } from '@aws-sdk/client-ecs';
import { readTrailRecords, startTestEmulator } from '../helpers/test-emulator.js';
import { clientFor, runCli, startCli } from '../helpers/cli-process.js';
import { startEmulator } from '../../server/start.js';
import { FolderLock, LOCK_FILE, TrailFolderInUseError } from '../../trail-writer/folder-lock.js';

/**
 * One writer per trail folder. A second instance on a folder in use must refuse to start, before it
 * reads or changes anything (it used to replay and delete the live instance's journal); a crashed
 * owner's lock must not block the next start.
 */

/** Every file under a folder with a hash of its content: "touching nothing" means this is unchanged. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name !== LOCK_FILE) out[relative(dir, p)] = createHash('sha256').update(await readFile(p)).digest('hex');
    }
  };
  await walk(dir);
  return out;
}

t.test('a second instance on a folder in use is refused and touches nothing; the first loses nothing across a later kill -9', async (t) => {
  const trailDir = await mkdtemp(join(tmpdir(), 'ecs-trail-lock-'));
  t.teardown(() => rm(trailDir, { recursive: true, force: true }));
  // The default 5-minute window: every record stays in the journal only, where a second instance
  // would have found (and deleted) it.
  const first = await startCli(t, ['--trail-dir', trailDir]);
  const ecs = clientFor(first.url);
  t.teardown(() => ecs.destroy());
  const acknowledged: string[] = [];
  for (let i = 0; i < 5; i++) acknowledged.push((await ecs.send(new CreateClusterCommand({ clusterName: `before-${i}` }))).$metadata.requestId!);
  // Nothing is delivered yet (the 5-minute window), so the first instance has not made its digest
  // signing key either (it makes it with the first delivery): nothing changes the folder behind us.
  t.equal(await stat(join(trailDir, '.ecs-trail/keys')).catch(() => undefined), undefined, 'no signing key before the first delivery');
  const before = await snapshot(trailDir);
  t.ok(Object.keys(before).some((k) => k.includes('journal')), 'the journal holds the records');

  const second = runCli(t, ['start', '--port', '0', '--trail-dir', trailDir]);
  t.equal(await second.exited, 1, 'the second instance exits 1');
  const lines = second.stderr().trimEnd().split('\n');
  t.equal(lines.length, 1, `one line: ${second.stderr()}`);
  t.match(
    lines[0],
    new RegExp(`^ecs-trail: cannot start: the trail folder .* is in use by another ecs-trail \\(pid ${first.child.pid} on .*, since .*\\); stop it, or choose another folder with --trail-dir$`),
  );
  t.notMatch(second.stdout(), /listening/, 'it never listened');
  t.strictSame(await snapshot(trailDir), before, 'no file of the folder was changed, added or removed');

  // The first keeps working, and a crash later loses none of what it acknowledged.
  for (let i = 0; i < 5; i++) acknowledged.push((await ecs.send(new CreateClusterCommand({ clusterName: `after-${i}` }))).$metadata.requestId!);
  first.child.kill('SIGKILL');
  await first.exited;

  // The lock of a killed owner does not block the next start (same machine: its pid is gone).
  const third = await startCli(t, ['--trail-dir', trailDir]);
  third.child.kill('SIGTERM');
  t.equal(await third.exited, 0, 'a graceful stop exits 0');
  const records = await readTrailRecords(trailDir);
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.requestID, (counts.get(r.requestID) ?? 0) + 1);
  t.strictSame(
    acknowledged.filter((id) => counts.get(id) !== 1),
    [],
    'every acknowledged call is delivered exactly once',
  );
  t.equal(new Set(records.map((r) => r.eventID)).size, records.length, 'no eventID twice');
  t.strictSame(await readdir(join(trailDir, '.ecs-trail')).then((n) => n.filter((x) => x.startsWith('owner.lock'))), [], 'a clean stop releases the lock');

  const verify = runCli(t, ['verify', trailDir]);
  t.equal(await verify.exited, 0, `verify passes: ${verify.stdout()}${verify.stderr()}`);
});

t.test('in one process: two folders work side by side, the same folder twice is refused', async (t) => {
  const a = await startTestEmulator(t);
  const b = await startTestEmulator(t);
  await a.ecs.send(new CreateClusterCommand({ clusterName: 'a' }));
  await b.ecs.send(new CreateClusterCommand({ clusterName: 'b' }));
  t.strictSame((await a.ecs.send(new ListClustersCommand({}))).clusterArns?.map((x) => x.split('/')[1]), ['a']);
  const err = await startEmulator({ port: 0, logLevel: 'silent', trailDir: a.trailDir }).then(
    async (r) => {
      await r.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  t.type(err, TrailFolderInUseError);
  t.match((err as Error).message, /is in use by another ecs-trail \(pid \d+ on .*, this process, since/);
  // The first one still writes its trail.
  await a.ecs.send(new CreateClusterCommand({ clusterName: 'a2' }));
  t.equal((await a.records()).filter((r) => r.eventName === 'CreateCluster').length, 2);
});

t.test('a lock left by a process that is gone, or by a pid now reused, is taken over', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-trail-lock-unit-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const mine = await FolderLock.acquire(dir, dir);
  const held = JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'));
  await mine.release();

  // A pid that no process has.
  await writeFile(join(dir, LOCK_FILE), JSON.stringify({ ...held, pid: 4_000_000, token: 'gone' }));
  const a = await FolderLock.acquire(dir, dir);
  t.not(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).token, 'gone', 'a dead pid: taken over at once');
  await a.release();

  // A running pid (our parent) whose start time is not the owner's: the owner's pid was reused.
  await writeFile(join(dir, LOCK_FILE), JSON.stringify({ ...held, pid: process.ppid, processStart: '1', token: 'reused' }));
  const b = await FolderLock.acquire(dir, dir);
  t.not(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).token, 'reused', 'a reused pid: taken over at once');
  await b.release();

  // A running pid with its real start time is a live owner.
  const parentStart = (await readFile(`/proc/${process.ppid}/stat`, 'utf8')).split(') ')[1]!.split(' ')[19];
  await writeFile(join(dir, LOCK_FILE), JSON.stringify({ ...held, pid: process.ppid, processStart: parentStart, token: 'live' }));
  await t.rejects(FolderLock.acquire(dir, dir), { name: 'TrailFolderInUseError' }, 'a live owner keeps its folder');
});

t.test('an owner in another pid namespace (another container) counts while its heartbeat moves', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-trail-lock-ns-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await mkdir(dir, { recursive: true });
  const foreign = { pid: 1, hostname: 'other-container', pidNamespace: 'pid:[1]', bootId: 'another-boot', since: new Date().toISOString(), token: 'foreign' };
  const path = join(dir, LOCK_FILE);
  await writeFile(path, JSON.stringify(foreign));
  // Its owner beats: the lock is touched every 20 ms while the second starter watches.
  const beat = setInterval(() => {
    const now = new Date();
    void utimes(path, now, now).catch(() => undefined);
  }, 20);
  await t.rejects(FolderLock.acquire(dir, dir, { heartbeatMs: 80, staleMs: 400 }), { name: 'TrailFolderInUseError' }, 'a beating foreign owner keeps its folder');
  clearInterval(beat);
  t.equal(JSON.parse(await readFile(path, 'utf8')).token, 'foreign', 'its lock is untouched');

  // Its owner died: the heartbeat stops, and after the stale time the lock is taken over.
  const old = new Date(Date.now() - 1000);
  await utimes(path, old, old);
  const lock = await FolderLock.acquire(dir, dir, { heartbeatMs: 80, staleMs: 400 });
  t.not(JSON.parse(await readFile(path, 'utf8')).token, 'foreign', 'a silent foreign owner: taken over');
  t.ok((await stat(path)).isFile());
  await lock.release();
});

/** Another pid namespace, as another container sharing the folder would have (needs root, as on CI). */
const OTHER_NAMESPACE = ['unshare', '--pid', '--fork', '--kill-child', '--mount-proc'];
let namespaces = false;
try {
  execFileSync(OTHER_NAMESPACE[0]!, [...OTHER_NAMESPACE.slice(1), 'true'], { stdio: 'ignore' });
  namespaces = true;
} catch {
  // not allowed here
}

t.test('an instance in another pid namespace: refused while the owner beats, takes over once a killed owner is silent', { skip: namespaces ? false : 'cannot make a pid namespace here' }, async (t) => {
  const trailDir = await mkdtemp(join(tmpdir(), 'ecs-trail-lock-ns-'));
  t.teardown(() => rm(trailDir, { recursive: true, force: true }));
  const first = await startCli(t, ['--trail-dir', trailDir], OTHER_NAMESPACE);
  const ecs = clientFor(first.url);
  t.teardown(() => ecs.destroy());
  const acknowledged = (await ecs.send(new CreateClusterCommand({ clusterName: 'in-a-container' }))).$metadata.requestId!;

  // Its pid means nothing here: only the heartbeat tells that it runs.
  const second = runCli(t, ['start', '--port', '0', '--trail-dir', trailDir], OTHER_NAMESPACE);
  t.equal(await second.exited, 1, 'refused');
  t.match(second.stderr(), /is in use by another ecs-trail \(pid 1 on /);

  first.child.kill('SIGKILL');
  await first.exited;
  // The killed owner's heartbeat stops: after the stale time (10 s) the next start takes over.
  const third = await startCli(t, ['--trail-dir', trailDir], OTHER_NAMESPACE);
  // unshare does not pass SIGTERM on: stop the emulator inside (the child unshare forked).
  const inside = Number((await readFile(`/proc/${third.child.pid}/task/${third.child.pid}/children`, 'utf8')).trim().split(' ')[0]);
  process.kill(inside, 'SIGTERM');
  t.equal(await third.exited, 0);
  t.strictSame((await readTrailRecords(trailDir)).filter((r) => r.requestID === acknowledged).length, 1, 'the killed owner\'s call is delivered once');
});
