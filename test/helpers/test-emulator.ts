import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ECSClient } from '@aws-sdk/client-ecs';
import { startEmulator, type RunningEmulator, type StartOptions } from '../../server/start.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export interface TestContext {
  teardown(fn: () => unknown): void;
}

export interface TestEmulator {
  running: RunningEmulator;
  url: string;
  trailDir: string;
  ecs: ECSClient;
  /** A client signing with another access key (and region). */
  client(accessKeyId: string, region?: string): ECSClient;
  /** Deliver pending records, then read every record of every log file in the trail folder. */
  records(): Promise<Record<string, any>[]>;
}

/**
 * A listening emulator on a free port with its own trail folder; torn down with the test. Service-side
 * events (on by default in the product) are off unless the test asks for them: most tests count the
 * records of the ECS calls they make; test/service-events/ turns them on.
 */
export async function startTestEmulator(t: TestContext, options: StartOptions = {}): Promise<TestEmulator> {
  const trailDir = options.trailDir ?? (await mkdtemp(join(tmpdir(), 'ecs-trail-test-')));
  const running = await startEmulator({ port: 0, logLevel: 'silent', trailDir, serviceEvents: false, ...options });
  const clients: ECSClient[] = [];
  const client = (accessKeyId: string, region = 'us-east-1') => {
    const c = new ECSClient({
      region,
      endpoint: running.url,
      credentials: { accessKeyId, secretAccessKey: 'test-secret' },
      maxAttempts: 1,
    });
    clients.push(c);
    return c;
  };
  const ecs = client('AKIAIOSFODNN7EXAMPLE');
  t.teardown(async () => {
    for (const c of clients) c.destroy();
    await running.close();
    if (!options.trailDir) await rm(trailDir, { recursive: true, force: true });
  });
  return {
    running,
    url: running.url,
    trailDir,
    ecs,
    client,
    records: async () => {
      await running.flush();
      return readTrailRecords(trailDir);
    },
  };
}

/** All `.json.gz` log files under a trail folder (not digests), as paths relative to it. */
export async function listLogFiles(trailDir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, rel: string) => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(join(dir, e.name), r);
      else if (e.name.endsWith('.json.gz') && r.includes('/CloudTrail/')) out.push(r);
    }
  };
  await walk(trailDir, '');
  return out.sort();
}

export async function readTrailRecords(trailDir: string): Promise<Record<string, any>[]> {
  const records: Record<string, any>[] = [];
  for (const rel of await listLogFiles(trailDir)) {
    const doc = JSON.parse(gunzipSync(await readFile(join(trailDir, rel))).toString('utf8')) as { Records: any[] };
    for (const r of doc.Records) records.push(r);
  }
  return records;
}

/** The one record with this requestID (tests find records by the id the SDK returned). */
export function recordFor(records: Record<string, any>[], requestId: string | undefined): Record<string, any> {
  const found = records.filter((r) => r.requestID === requestId);
  if (found.length !== 1) throw new Error(`expected one record with requestID ${requestId}, found ${found.length}`);
  return found[0]!;
}
