import t, { type Test } from 'tap';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateClusterCommand,
  DeleteClusterCommand,
  ECSClient,
  ListClustersCommand,
  type ECSServiceException,
} from '@aws-sdk/client-ecs';
import { rootListClusters } from '../helpers/call-record.js';
import { readTrailRecords } from '../helpers/test-emulator.js';
import { typescriptLoader, typescriptLoaderEnv } from '../helpers/typescript-loader.js';

/**
 * "Acknowledge only what is durable": the real CLI, killed with SIGKILL in the middle of a load,
 * must deliver after a restart every call it answered, exactly once. And what cannot be made durable
 * is neither acknowledged nor applied.
 */
const ROOT = new URL('../../', import.meta.url).pathname;
const CLI = join(ROOT, 'server/bin/ecs-trail.ts');

/** The CLI runs without the host's ECS_TRAIL_* settings. */
const CLEAN_ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...typescriptLoaderEnv() };

interface Cli {
  child: ChildProcess;
  url: string;
  stderr(): string;
  exited: Promise<number | null>;
}

/**
 * Start the CLI on a free port (`--port 0`) and read its URL from the "listening" log line.
 * `fileSizeBlocks` runs it under `ulimit -f` (512-byte blocks): writes past the limit fail with
 * EFBIG, as on a full disk (Node ignores SIGXFSZ, so the write fails instead of killing it). The
 * test runner re-adds its process-info hook through NODE_OPTIONS to every child, and that hook's
 * signal handlers would turn SIGXFSZ back into a kill: the shell drops it.
 */
async function startCli(t: Test, args: string[], fileSizeBlocks?: number): Promise<Cli> {
  const node = [process.execPath, ...typescriptLoader(), CLI, 'start', '--port', '0', '--log-level', 'info', ...args];
  const child =
    fileSizeBlocks === undefined
      ? spawn(node[0]!, node.slice(1), { cwd: ROOT, env: CLEAN_ENV, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('sh', ['-c', `unset NODE_OPTIONS; ulimit -f ${fileSizeBlocks} && exec "$@"`, 'sh', ...node], { cwd: ROOT, env: CLEAN_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    return exited;
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`ecs-trail exited (${code}) before listening: ${err}`)));
  });
  return { child, url, stderr: () => err, exited };
}

function clientFor(url: string, accessKeyId: string, region: string): ECSClient {
  return new ECSClient({ region, endpoint: url, credentials: { accessKeyId, secretAccessKey: 's' }, maxAttempts: 1 });
}

// With --fsync off a record is in the journal file (the kernel's page cache) before its call is
// answered, not yet on the disk: the process dying loses nothing all the same.
for (const fsync of ['on', 'off']) {
  t.test(`SIGKILL mid-load (--fsync ${fsync}): every acknowledged call is delivered after a restart, exactly once`, async (t) => {
    const trailDir = await mkdtemp(join(tmpdir(), 'ecs-trail-crash-'));
    t.teardown(() => rm(trailDir, { recursive: true, force: true }));
    const idsDir = await mkdtemp(join(tmpdir(), 'ecs-trail-crash-ids-'));
    t.teardown(() => rm(idsDir, { recursive: true, force: true }));
    const identities = join(idsDir, 'identities.json');
    const keys = ['AKIACRASHACCOUNT0001', 'AKIACRASHACCOUNT0002', 'AKIACRASHACCOUNT0003'];
    await writeFile(
      identities,
      JSON.stringify({
        identities: keys.map((k, i) => ({ accessKeyId: k, type: 'IAMUser', accountId: `${i + 1}`.repeat(12), userName: `load${i}` })),
      }),
    );
    // A 1-second window: log files are being delivered while the load runs and when the kill lands.
    const args = ['--trail-dir', trailDir, '--identities', identities, '--delivery-window', '1', '--fsync', fsync];
    const first = await startCli(t, args);

    const clients = keys.flatMap((k) => ['us-east-1', 'eu-west-1'].map((r) => clientFor(first.url, k, r)));
    t.teardown(() => clients.forEach((c) => c.destroy()));
    const TOTAL = 300;
    const KILL_AFTER = 100;
    const acknowledged = new Map<string, string>(); // requestId → what
    let failedWithoutReply = 0;
    const unexpected: string[] = [];
    let next = 0;
    let killed = false;
    const one = async (i: number) => {
      const ecs = clients[i % clients.length]!;
      const op = i % 3;
      try {
        const out =
          op === 0
            ? await ecs.send(new CreateClusterCommand({ clusterName: `load-${i}` }))
            : op === 1
              ? await ecs.send(new ListClustersCommand({}))
              : await ecs.send(new DeleteClusterCommand({ cluster: `missing-${i}` }));
        acknowledged.set(out.$metadata.requestId!, `200 #${i}`);
      } catch (e) {
        const err = e as ECSServiceException;
        const status = err.$metadata?.httpStatusCode;
        if (status !== undefined && status >= 400 && status < 500 && err.$metadata.requestId) {
          acknowledged.set(err.$metadata.requestId, `${status} ${err.name} #${i}`);
        } else {
          if (!killed) unexpected.push(`#${i}: ${err.name} ${status ?? ''} ${err.message}`);
          failedWithoutReply++;
        }
      }
      if (!killed && acknowledged.size >= KILL_AFTER) {
        killed = true;
        first.child.kill('SIGKILL');
      }
    };
    // 30 callers in parallel, each taking the next call: the kill lands while many are in flight.
    await Promise.all(
      Array.from({ length: 30 }, async () => {
        while (next < TOTAL) await one(next++);
      }),
    );
    t.ok(killed, 'the server was killed mid-load');
    t.strictSame(unexpected, [], 'before the kill, every call got a 200 or 4xx reply');
    t.ok(failedWithoutReply > 0, `calls were in flight or queued when it died (${failedWithoutReply} got no reply)`);
    t.ok(acknowledged.size >= KILL_AFTER, `${acknowledged.size} calls were acknowledged`);
    await first.exited;
    const beforeRestart = new Set((await readTrailRecords(trailDir)).map((r) => r.requestID as string));
    const onlyJournaled = [...acknowledged.keys()].filter((id) => !beforeRestart.has(id)).length;
    t.ok(onlyJournaled > 0, `${onlyJournaled} acknowledged calls were only in the journal when the server died`);

    // Restart on the same folder, then stop it gracefully: recovery + close deliver everything.
    const second = await startCli(t, args);
    second.child.kill('SIGTERM');
    t.equal(await second.exited, 0, 'a graceful stop exits 0');

    const records = await readTrailRecords(trailDir);
    const byRequest = new Map<string, number>();
    for (const r of records) byRequest.set(r.requestID, (byRequest.get(r.requestID) ?? 0) + 1);
    const missing = [...acknowledged.keys()].filter((id) => !byRequest.has(id));
    t.strictSame(missing, [], 'every acknowledged call has its record');
    const twice = [...byRequest].filter(([, n]) => n > 1);
    t.strictSame(twice, [], 'no call is recorded twice');
    t.equal(new Set(records.map((r) => r.eventID)).size, records.length, 'no eventID appears twice');
    for (const [id, what] of acknowledged) {
      const r = records.find((x) => x.requestID === id)!;
      if (what.startsWith('400')) t.equal(r.errorCode, 'ClusterNotFoundException', `${what} is recorded as the error it was`);
    }
    // Nothing half-written stays behind, and a clean stop leaves no journal to replay.
    const leftovers: string[] = [];
    const walk = async (dir: string) => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        if (e.isDirectory()) await walk(join(dir, e.name));
        else if (e.name.endsWith('.tmp')) leftovers.push(join(dir, e.name));
      }
    };
    await walk(join(trailDir, 'AWSLogs'));
    t.strictSame(leftovers, [], 'no temporary file left by the crash');
    const journal = (await readdir(join(trailDir, '.ecs-trail', 'journal'))).filter((n) => n.endsWith('.log'));
    t.strictSame(journal, [], 'after a graceful stop every record is in a log file, so the journal is empty');
  });
}

t.test('an unwritable trail folder: the CLI exits non-zero with a one-line error', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-trail-unwritable-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  // A path under a regular file cannot be created, even by root (chmod would not stop root).
  const file = join(dir, 'a-file');
  await writeFile(file, 'not a folder');
  const child = spawn(process.execPath, [...typescriptLoader(), CLI, 'start', '--port', '0', '--trail-dir', join(file, 'trail')], {
    cwd: ROOT,
    env: CLEAN_ENV,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let out = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  t.equal(code, 1, 'exit status 1');
  const lines = err.trimEnd().split('\n');
  t.equal(lines.length, 1, `one line: ${err}`);
  t.match(lines[0], /^ecs-trail: cannot start: the trail folder .*a-file\/trail is not writable \(ENOTDIR\); choose another with --trail-dir or fix its permissions$/);
  t.notMatch(out, /listening/, 'it never listened');
});

t.test('a record that cannot be made durable: ServerException, and the call has no effect', async (t) => {
  const trailDir = await mkdtemp(join(tmpdir(), 'ecs-trail-full-'));
  t.teardown(() => rm(trailDir, { recursive: true, force: true }));
  // 24 KiB per file: the journal fills up after a few dozen records, like a full disk.
  const cli = await startCli(t, ['--trail-dir', trailDir], 48);
  const ecs = clientFor(cli.url, 'AKIAIOSFODNN7EXAMPLE', 'us-east-1');
  t.teardown(() => ecs.destroy());
  const health = async () =>
    ((await (await fetch(`${cli.url}/_ecs-trail/health`)).json()) as { counts: { clusters: number } }).counts.clusters;

  const acknowledged: string[] = [];
  let failure: ECSServiceException | undefined;
  for (let i = 0; i < 200 && !failure; i++) {
    const out = await ecs.send(new CreateClusterCommand({ clusterName: `fill-${i}` })).catch((e: ECSServiceException) => e);
    if (out instanceof Error) failure = out;
    else acknowledged.push(out.$metadata.requestId!);
  }
  t.ok(failure, `the journal filled up after ${acknowledged.length} records`);
  t.ok(acknowledged.length > 0);
  t.equal(failure?.name, 'ServerException', `${failure?.name}: ${failure?.message} ${cli.stderr()}`);
  t.equal(failure?.$metadata.httpStatusCode, 500);
  t.equal(failure?.message, 'Service encountered an unexpected error.');
  t.equal(await health(), acknowledged.length, 'the failed CreateCluster created no cluster');
  const created = acknowledged.length;
  // A ListClusters record is smaller than a CreateCluster one, so it may still fit under the limit:
  // either it is refused the same way, or it is answered and shows no trace of the failed call.
  const list = await ecs.send(new ListClustersCommand({})).catch((e: ECSServiceException) => e);
  if (list instanceof Error) {
    t.equal(list.name, 'ServerException');
  } else {
    acknowledged.push(list.$metadata.requestId!);
    t.equal(list.clusterArns?.length, created, 'ListClusters shows only the acknowledged clusters');
    t.notOk(list.clusterArns?.some((a) => a.endsWith(`/fill-${created}`)), 'not the refused one');
  }
  t.equal(await health(), created);
  t.equal(cli.child.exitCode, null, 'the server keeps running');
  t.equal(cli.stderr(), '', 'nothing on stderr: no crash');

  cli.child.kill('SIGKILL');
  await cli.exited;
  // Without the limit, a restart delivers exactly the acknowledged calls, none of the refused ones.
  const again = await startCli(t, ['--trail-dir', trailDir]);
  again.child.kill('SIGTERM');
  t.equal(await again.exited, 0);
  const records = await readTrailRecords(trailDir);
  const calls = records.filter((r) => r.eventSource === 'ecs.amazonaws.com');
  t.strictSame(calls.map((r) => r.requestID).sort(), [...acknowledged].sort(), 'the trail holds exactly the acknowledged calls');
  // Besides them, only the service event of the first CreateCluster (README "Service-side events").
  t.strictSame(
    records.filter((r) => !calls.includes(r)).map((r) => r.eventName),
    ['CreateServiceLinkedRole'],
    'and the service-linked role ECS creates on the first CreateCluster',
  );
});

/** Crash points inside the trail writer, staged by hand on the journal an abandoned writer left. */
t.test('crash points between journal, temporary file and rename', async (t) => {
  const { TrailWriter } = await import('../../trail-writer/index.js');
  const { intentLine } = await import('../../trail-writer/journal/journal-lines.js');
  const { Journal } = await import('../../trail-writer/journal/journal.js');
  const { appendFile, readFile: read, mkdir } = await import('node:fs/promises');
  const { dirname, basename } = await import('node:path');
  let n = 0;
  const ids = { uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, alphanumeric: (l: number) => `F${String(++n).padStart(l - 1, '0')}` };
  const clock = { now: () => Date.UTC(2025, 9, 27, 0, 0, 52) };
  const call = (requestId: string) => rootListClusters(clock.now(), requestId, requestId.replace(/^.{8}/, 'eeeeeeee'));
  const open = (root: string) => TrailWriter.open({ root, clock, ids });
  const segmentOf = async (root: string) => {
    const dir = join(root, '.ecs-trail', 'journal');
    return Journal.segmentPath(dir, (await Journal.segments(dir)).at(-1)!);
  };
  const requestIds = async (root: string) => (await readTrailRecords(root)).map((r) => r.requestID as string).sort();

  await t.test('after the intent, before the rename: the temporary file goes, the record is delivered once', async (t) => {
    const root = await mkdtemp(join(tmpdir(), 'ecs-trail-cp1-'));
    t.teardown(() => rm(root, { recursive: true, force: true, maxRetries: 5 }));
    const w1 = await open(root);
    await w1.append(call('11111111-0000-4000-8000-000000000001'));
    const key = 'AWSLogs/123456789012/CloudTrail/us-east-1/2025/10/27/123456789012_CloudTrail_us-east-1_20251027T0005Z_ABCDEFGHIJKLMNOP.json.gz';
    await appendFile(await segmentOf(root), intentLine(key, [0]));
    const tmp = join(root, dirname(key), `.${basename(key)}.tmp`);
    await mkdir(dirname(tmp), { recursive: true });
    await writeFile(tmp, Buffer.from([0x1f, 0x8b, 8])); // torn gzip
    await w1.abandon(); // as by a crash: nothing delivered, journal and lock left behind
    const w2 = await open(root);
    await w2.close();
    t.strictSame(await requestIds(root), ['11111111-0000-4000-8000-000000000001']);
    t.strictSame((await readdir(dirname(tmp))).filter((f) => f.endsWith('.tmp')), [], 'the temporary file is gone');
  });

  await t.test('after the rename, before it is noted: the file counts, nothing is delivered twice', async (t) => {
    const root = await mkdtemp(join(tmpdir(), 'ecs-trail-cp2-'));
    t.teardown(() => rm(root, { recursive: true, force: true, maxRetries: 5 }));
    const w1 = await open(root);
    await w1.append(call('22222222-0000-4000-8000-000000000001'));
    await w1.flush();
    await w1.append(call('22222222-0000-4000-8000-000000000002'));
    const seg = await segmentOf(root);
    const lines = (await read(seg, 'utf8')).split('\n');
    t.ok(lines.some((l) => l.startsWith('D\t')), 'the delivery was noted');
    await writeFile(seg, lines.filter((l) => !l.startsWith('D\t')).join('\n'));
    await w1.abandon();
    const w2 = await open(root);
    await w2.close();
    t.strictSame(await requestIds(root), ['22222222-0000-4000-8000-000000000001', '22222222-0000-4000-8000-000000000002']);
  });

  await t.test('journal segments rotate under concurrent appends without failing or losing a record', async (t) => {
    const root = await mkdtemp(join(tmpdir(), 'ecs-trail-rot-'));
    t.teardown(() => rm(root, { recursive: true, force: true, maxRetries: 5 }));
    const w1 = await TrailWriter.open({ root, clock, ids, journalSegmentBytes: 4000 });
    const want = Array.from({ length: 300 }, (_, i) => `44444444-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const failures: string[] = [];
    let next = 0;
    // 8 callers appending one after another: appends keep arriving while a rotation swaps the file.
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < want.length) {
          const id = want[next++]!;
          await w1.append(call(id)).catch((e: Error) => failures.push(`${id}: ${e.message}`));
        }
      }),
    );
    t.strictSame(failures, [], 'every append made durable');
    const dir = join(root, '.ecs-trail', 'journal');
    t.ok((await Journal.segments(dir)).length >= 1);
    // A crash now: a new writer must find every record in the segments.
    await w1.abandon();
    const w2 = await open(root);
    await w2.close();
    t.strictSame(await requestIds(root), want.sort());
  });

  await t.test('under a sustained load (the journal never idle) segments still rotate, and nothing is lost', async (t) => {
    const root = await mkdtemp(join(tmpdir(), 'ecs-trail-rot-'));
    t.teardown(() => rm(root, { recursive: true, force: true, maxRetries: 5 }));
    const w1 = await TrailWriter.open({ root, clock, ids, journalSegmentBytes: 4000 });
    const want: string[] = [];
    // One call arrives every turn of the event loop, so some are always queued while a group commit
    // is on disk: the writer never goes idle until the last one. The calls go on until a rotation has
    // been seen while they do (how many that takes depends on how slow the disk's fsync is), and at
    // least 1,500 of them.
    const dir = join(root, '.ecs-trail', 'journal');
    const acks: Promise<unknown>[] = [];
    let busy: number[] = [];
    for (let i = 0; (i < 1500 || busy.length < 2) && i < 50_000; i++) {
      const id = `55555555-0000-4000-8000-${String(i).padStart(12, '0')}`;
      want.push(id);
      acks.push(w1.append(call(id)));
      if (i % 100 === 50 && busy.length < 2) busy = await Journal.segments(dir);
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(acks);
    t.ok(busy.length >= 2, `${busy.length} segments while calls kept coming: the journal rotated while busy`);
    await w1.abandon();
    const w2 = await open(root);
    await w2.close();
    t.strictSame(await requestIds(root), want.sort(), 'a crash now loses nothing');
  });

  await t.test('a big journal left by a crash (200,000 records of one account and region) is recovered', async (t) => {
    const root = await mkdtemp(join(tmpdir(), 'ecs-trail-big-'));
    t.teardown(() => rm(root, { recursive: true, force: true, maxRetries: 5 }));
    const dir = join(root, '.ecs-trail', 'journal');
    await mkdir(dir, { recursive: true });
    const { recordLine } = await import('../../trail-writer/journal/journal-lines.js');
    const N = 200_000;
    let text = '';
    for (let i = 0; i < N; i++) text += recordLine(i, '123456789012', 'us-east-1', clock.now(), `{"requestID":"r${i}"}`);
    await writeFile(Journal.segmentPath(dir, 1), text);
    const w = await open(root);
    await w.close();
    // Read file by file (pushing 200,000 records as arguments at once would itself overflow).
    const { listLogFiles } = await import('../helpers/test-emulator.js');
    const { gunzipSync } = await import('node:zlib');
    const seen = new Set<string>();
    let count = 0;
    for (const f of await listLogFiles(root)) {
      for (const r of (JSON.parse(gunzipSync(await read(join(root, f))).toString('utf8')) as { Records: Array<{ requestID: string }> }).Records) {
        seen.add(r.requestID);
        count++;
      }
    }
    t.equal(count, N, 'every record delivered');
    t.equal(seen.size, N, 'each once');
  });

  await t.test('a torn last line is ignored; what came before it is delivered', async (t) => {
    const root = await mkdtemp(join(tmpdir(), 'ecs-trail-cp3-'));
    t.teardown(() => rm(root, { recursive: true, force: true, maxRetries: 5 }));
    const w1 = await open(root);
    await w1.append(call('33333333-0000-4000-8000-000000000001'));
    await appendFile(await segmentOf(root), 'R\t1\t123456789012\tus-east-1\t1761523252000\t{"eventVersion":"1.11","userIdent');
    await w1.abandon();
    const w2 = await open(root);
    await w2.append(call('33333333-0000-4000-8000-000000000002'));
    await w2.close();
    const records = await readTrailRecords(root);
    t.strictSame(records.map((r) => r.requestID).sort(), ['33333333-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000002']);
    t.equal(new Set(records.map((r) => r.eventID)).size, 2);
  });
});
