import t from 'tap';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ManualClock } from '../../emulator/index.js';
import { DigestWriter, readPublicKeys, TrailWriter, verifyTrail } from '../../trail-writer/index.js';
import { IDLE_DIGESTS_BEFORE_CHAIN_ENDS } from '../../trail-writer/digest/digest-writer.js';
import { rootListClusters } from '../helpers/call-record.js';

/**
 * A region's chain of hourly digests ends after a day without log files: thousands of one-call
 * (account, region) scopes must not mean thousands of empty digests every hour for ever. A call there
 * later starts a new chain, and the folder still verifies (the gap is a period with no log files).
 */
const HOUR = 3600 * 1000;

async function digestsOf(root: string): Promise<Array<{ digestEndTime: string; previousDigestS3Object: string | null; logFiles: unknown[] }>> {
  const out: Array<{ digestEndTime: string; previousDigestS3Object: string | null; logFiles: unknown[] }> = [];
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name.endsWith('.json.gz') && p.includes('CloudTrail-Digest')) out.push(JSON.parse(gunzipSync(await readFile(p)).toString('utf8')));
    }
  };
  await walk(join(root, 'AWSLogs'));
  return out.sort((a, b) => Date.parse(a.digestEndTime) - Date.parse(b.digestEndTime));
}

t.test('a day of empty digests ends a chain; activity later starts a new one; verify passes', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'ecs-trail-digest-idle-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  const T0 = Date.parse('2026-03-01T10:00:00Z');
  const clock = new ManualClock(T0);
  let n = 0;
  const ids = { uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, alphanumeric: (l: number) => `F${String(++n).padStart(l - 1, '0')}` };
  const trail = await TrailWriter.open({ root, clock, ids });
  const digests = await DigestWriter.open({ root, stateDir: trail.stateDir, source: trail, clock, homeRegion: 'us-east-1' });

  clock.set(T0 + 10 * 60_000);
  await trail.append(rootListClusters(clock.now(), 'r1', ids.uuid()));
  await trail.flush();
  clock.set(T0 + 40 * HOUR);
  await digests.deliverDue();
  const first = await digestsOf(root);
  t.equal(first.length, 1 + IDLE_DIGESTS_BEFORE_CHAIN_ENDS, `the digest listing the file, then ${IDLE_DIGESTS_BEFORE_CHAIN_ENDS} empty ones, then none`);
  t.strictSame(first.slice(1).map((d) => d.logFiles.length), first.slice(1).map(() => 0));

  await trail.append(rootListClusters(clock.now(), 'r2', ids.uuid()));
  await trail.flush();
  clock.set(T0 + 41 * HOUR);
  await digests.deliverDue();
  await trail.close();
  await digests.close();
  const all = await digestsOf(root);
  const restarted = all.slice(first.length);
  t.ok(restarted.length >= 1, 'activity again: digests again');
  t.equal(restarted[0]!.previousDigestS3Object, null, 'a new chain');
  t.equal(restarted[0]!.logFiles.length, 1);

  const report = await verifyTrail({ root, publicKeys: await readPublicKeys(trail.stateDir) });
  t.ok(report.ok, 'the folder verifies');
  t.ok(report.chains.some((c) => c.messages.some((m) => m.kind === 'note' && /No log files were delivered/.test(m.text))), 'the gap is reported as a period with no log files');
});
