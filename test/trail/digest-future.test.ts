import t from 'tap';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CreateClusterCommand } from '@aws-sdk/client-ecs';
import { clientFor, runCli, startCli } from '../helpers/cli-process.js';

/**
 * A digest never claims a period in the future. A flush delivers a file named for the end of its
 * 5-minute window; after a crash, the next run's recovered chain used to start at that name's time,
 * and its final digest (written at 14:07:49) claimed 14:10:00–14:10:01.
 */
async function digests(trailDir: string): Promise<Array<{ digestStartTime: string; digestEndTime: string }>> {
  const out: Array<{ digestStartTime: string; digestEndTime: string }> = [];
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (p.includes('CloudTrail-Digest') && e.name.endsWith('.json.gz')) out.push(JSON.parse(gunzipSync(await readFile(p)).toString('utf8')));
    }
  };
  await walk(join(trailDir, 'AWSLogs'));
  return out;
}

t.test('call, flush, kill -9, restart, SIGTERM: no digest ends after it was written', async (t) => {
  const trailDir = await mkdtemp(join(tmpdir(), 'ecs-trail-digest-future-'));
  t.teardown(() => rm(trailDir, { recursive: true, force: true }));
  const first = await startCli(t, ['--trail-dir', trailDir]);
  const ecs = clientFor(first.url);
  t.teardown(() => ecs.destroy());
  await ecs.send(new CreateClusterCommand({ clusterName: 'a' }));
  t.equal((await fetch(`${first.url}/_ecs-trail/flush`, { method: 'POST', headers: { 'x-ecs-trail-token': 'any' } })).status, 200);
  first.child.kill('SIGKILL');
  await first.exited;

  const second = await startCli(t, ['--trail-dir', trailDir]);
  second.child.kill('SIGTERM');
  t.equal(await second.exited, 0);
  const stoppedAt = Date.now();

  const written = await digests(trailDir);
  t.ok(written.length >= 1, 'the stop wrote a digest listing the flushed file');
  for (const d of written) {
    const start = Date.parse(d.digestStartTime);
    const end = Date.parse(d.digestEndTime);
    t.ok(start < end, `${d.digestStartTime} is before ${d.digestEndTime}`);
    // Digest times have whole seconds: the last one may end at most a second past its writing.
    t.ok(end <= stoppedAt + 1000, `the digest ending ${d.digestEndTime} was written by ${new Date(stoppedAt).toISOString()}`);
  }
  const verify = runCli(t, ['verify', trailDir]);
  t.equal(await verify.exited, 0, `verify passes: ${verify.stdout()}${verify.stderr()}`);
});
