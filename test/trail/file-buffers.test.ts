import t, { type Test } from 'tap';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrailWriter, type DeliveredLogFile } from '../../trail-writer/index.js';
import { BufferPool } from '../../trail-writer/delivery/buffer-pool.js';
import { listLogFiles, readTrailRecords } from '../helpers/test-emulator.js';
import { rootListClusters } from '../helpers/call-record.js';
import { gunzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';

/**
 * A batch keeps its log file as UTF-8 bytes in one pooled buffer while it fills (pending-batches.ts):
 * what comes out of the folder must be exactly the records that went in.
 */
const T0 = Date.UTC(2026, 2, 1, 10, 0, 0);

async function openWriter(t: Test, maxRecordsPerFile = 5000) {
  const root = await mkdtemp(join(tmpdir(), 'ecs-trail-buffers-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  let n = 0;
  const now = { ms: T0 };
  const ids = { uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, alphanumeric: (l: number) => `R${String(++n).padStart(l - 1, '0')}` };
  const writer = await TrailWriter.open({ root, clock: { now: () => now.ms }, ids, maxRecordsPerFile, durable: false });
  return { root, writer, now };
}

const call = (i: number, at = T0 + i) =>
  rootListClusters(at, `55555555-0000-4000-8000-${String(i).padStart(12, '0')}`, `66666666-0000-4000-8000-${String(i).padStart(12, '0')}`);

t.test('a busy window is cut into files of at most maxRecordsPerFile records, each record once and in order', async (t) => {
  const { root, writer } = await openWriter(t, 1000);
  for (let i = 0; i < 2500; i++) writer.appendNow(call(i));
  await writer.close();
  const files = await listLogFiles(root);
  t.equal(files.length, 3, '1000 + 1000 + 500');
  const sizes: number[] = [];
  for (const f of files) sizes.push((JSON.parse(gunzipSync(await readFile(join(root, f))).toString('utf8')) as { Records: unknown[] }).Records.length);
  t.same(sizes.sort((a, b) => b - a), [1000, 1000, 500]);
  const records = await readTrailRecords(root);
  t.equal(records.length, 2500);
  t.same(new Set(records.map((r) => r.requestID)).size, 2500, 'no record twice');
  const ids = records.map((r) => r.requestID as string);
  t.same(ids, [...ids].sort(), 'records keep their order across the files');
});

t.test('text outside ASCII survives the byte buffers exactly', async (t) => {
  const { root, writer } = await openWriter(t);
  const values = ['café', '日本語のタグ', 'emoji 🐳 and 🚢', 'separators \u2028\u2029', 'lone \ud800 surrogate', 'quotes " and \\ backslash', 'x'.repeat(40_000) + 'é'];
  values.forEach((value, i) => {
    const c = call(i);
    c.requestParameters = { tags: [{ key: 'k', value }] };
    writer.appendNow(c);
  });
  await writer.close();
  const records = await readTrailRecords(root);
  // A lone surrogate is written as its JSON escape, which parses back to itself.
  t.same(records.map((r) => r.requestParameters.tags[0].value), values, 'each value reads back as written');
  const raw = gunzipSync(await readFile(join(root, (await listLogFiles(root))[0]!))).toString('utf8');
  t.ok(raw.includes('lone \\ud800 surrogate'), 'the lone surrogate is escaped in the file, as JSON.stringify writes it');
});

t.test('a delivery listener reads the file\'s records while it runs; afterwards only what it read', async (t) => {
  const { writer } = await openWriter(t);
  const files: DeliveredLogFile[] = [];
  const lines: string[][] = [];
  writer.onDelivered((f) => {
    files.push(f);
    if (files.length === 1) lines.push([...f.lines]);
  });
  for (let i = 0; i < 3; i++) writer.appendNow(call(i));
  await writer.flush();
  writer.appendNow(call(3));
  await writer.flush();
  t.same(lines[0]!.map((l) => JSON.parse(l).requestID), [0, 1, 2].map((i) => call(i).requestId), 'the records, in order');
  t.same(files[0]!.lines, lines[0], 'records read during the call stay readable (they are copies)');
  t.throws(() => files[1]!.lines, /only readable while its delivery listeners run/, 'unread ones are gone: the memory holds another file by then');
  t.same(files.map((f) => f.records), [3, 1]);
  await writer.close();
});

t.test('file buffers are reused, in power-of-two sizes, and the pool stays bounded', async (t) => {
  const pool = new BufferPool(256 * 1024);
  const a = pool.take(10);
  t.equal(a.length, BufferPool.MIN_SIZE, 'the smallest size');
  t.equal(pool.take(BufferPool.MIN_SIZE + 1).length, 2 * BufferPool.MIN_SIZE, 'rounded up to a power of two');
  pool.give(a);
  t.equal(pool.take(100), a, 'a buffer given back is the next one taken');
  pool.give(Buffer.alloc(100_000));
  t.equal(pool.pooledBytes, 0, 'a buffer of a size the pool never hands out is not kept');
  for (let i = 0; i < 10; i++) pool.give(Buffer.allocUnsafeSlow(BufferPool.MIN_SIZE));
  t.equal(pool.pooledBytes, 256 * 1024, 'no more than the cap is kept');
});
