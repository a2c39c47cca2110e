import t from 'tap';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CloudTrailClient, LookupEventsCommand, type Event } from '@aws-sdk/client-cloudtrail';
import { CreateClusterCommand } from '@aws-sdk/client-ecs';
import { ManualClock } from '../../emulator/index.js';
import { buildRecord, serializeRecord } from '../../trail-writer/index.js';
import { rootListClusters } from '../helpers/call-record.js';
import { startTestEmulator, type TestContext, type TestEmulator } from '../helpers/test-emulator.js';

/**
 * Start-up does not depend on the size of the trail: the server listens first and indexes the log
 * files already in the folder in the background; a LookupEvents made meanwhile waits for the index
 * and is answered in full. Event history keeps 90 days, like CloudTrail's (configurable).
 */
const DAY = 24 * 3600 * 1000;
const NOW = Date.parse('2026-06-01T12:00:00Z');

/** One log file holding one ListClusters record of `eventTime`, where the writer would have put it. */
async function writeLogFile(trailDir: string, eventTime: number, n: number): Promise<string> {
  const d = new Date(eventTime);
  const ymd = [String(d.getUTCFullYear()), String(d.getUTCMonth() + 1).padStart(2, '0'), String(d.getUTCDate()).padStart(2, '0')];
  const dir = join(trailDir, 'AWSLogs/123456789012/CloudTrail/us-east-1', ...ymd);
  await mkdir(dir, { recursive: true });
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const stamp = `${ymd.join('')}T${String(d.getUTCHours()).padStart(2, '0')}${String(d.getUTCMinutes()).padStart(2, '0')}Z`;
  const record = serializeRecord(buildRecord(rootListClusters(eventTime, id, id)));
  await writeFile(join(dir, `123456789012_CloudTrail_us-east-1_${stamp}_${String(n).padStart(16, 'A')}.json.gz`), gzipSync(`{"Records":[${record}]}`));
  return id;
}

function cloudTrail(t: TestContext, emu: TestEmulator): CloudTrailClient {
  const c = new CloudTrailClient({ region: 'us-east-1', endpoint: emu.url, credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 's' }, maxAttempts: 1 });
  t.teardown(() => c.destroy());
  return c;
}

async function allEvents(ct: CloudTrailClient): Promise<Event[]> {
  const out: Event[] = [];
  let token: string | undefined;
  do {
    const page = await ct.send(new LookupEventsCommand({ MaxResults: 50, NextToken: token }));
    out.push(...(page.Events ?? []));
    token = page.NextToken;
  } while (token);
  return out;
}

t.test('the server listens before the trail folder is indexed, and a lookup meanwhile is answered in full', async (t) => {
  const trailDir = await mkdtemp(join(tmpdir(), 'ecs-trail-history-'));
  t.teardown(() => rm(trailDir, { recursive: true, force: true }));
  const earlier: string[] = [];
  for (let i = 0; i < 400; i++) earlier.push(await writeLogFile(trailDir, NOW - DAY + i * 1000, i));
  const emu = await startTestEmulator(t, { trailDir, clock: new ManualClock(NOW) });
  t.equal(emu.running.history.loading, true, 'start-up did not wait for the 400 log files to be indexed');
  const created = await emu.ecs.send(new CreateClusterCommand({ clusterName: 'during-loading' }));
  const events = await allEvents(cloudTrail(t, emu));
  t.equal(emu.running.history.loading, false, 'the lookup waited for the index');
  const ids = new Set(events.map((e) => JSON.parse(e.CloudTrailEvent!).requestID as string));
  t.strictSame(earlier.filter((id) => !ids.has(id)), [], 'every event of the earlier log files is found');
  t.ok(ids.has(created.$metadata.requestId!), 'and the call made while loading');
  t.equal(events.length, 401);
});

t.test('event history keeps 90 days by default, and what --event-history-days says', async (t) => {
  const trailDir = await mkdtemp(join(tmpdir(), 'ecs-trail-retention-'));
  t.teardown(() => rm(trailDir, { recursive: true, force: true }));
  await writeLogFile(trailDir, NOW - 100 * DAY, 1); // older than 90 days: not kept
  const recent = await writeLogFile(trailDir, NOW - 10 * DAY, 2);
  const nearEdge = await writeLogFile(trailDir, NOW - 89 * DAY, 3);

  const ninety = await startTestEmulator(t, { trailDir, clock: new ManualClock(NOW) });
  const listClusters = (events: Event[]) => events.filter((e) => e.EventName === 'ListClusters');
  const ids = listClusters(await allEvents(cloudTrail(t, ninety))).map((e) => JSON.parse(e.CloudTrailEvent!).requestID as string);
  t.strictSame(ids.sort(), [recent, nearEdge].sort(), 'an event of 100 days ago is no longer in event history');
  await ninety.running.close();

  const week = await startTestEmulator(t, { trailDir, clock: new ManualClock(NOW), eventHistoryDays: 7 });
  t.strictSame(listClusters(await allEvents(cloudTrail(t, week))), [], 'with 7 days, none of them');
});
