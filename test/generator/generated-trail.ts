import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Test } from 'tap';
import { runGenerator, type GenerateOptions, type GenerateSummary } from '../../server/generator/run-generator.js';
import { parseScenario } from '../../server/generator/scenario.js';

export type TrailRecord = Record<string, any>;

export interface GeneratedTrail {
  dir: string;
  summary: GenerateSummary;
  /** Every file under the folder (relative path, forward slashes), sorted. */
  files(): Promise<string[]>;
  /** Log files (not digests) with their records. */
  logFiles(): Promise<{ path: string; records: TrailRecord[] }[]>;
  records(): Promise<TrailRecord[]>;
}

/** Generate `yaml` into a fresh temporary folder that the test removes. */
export async function generate(
  t: Test,
  yaml: string,
  opts: Partial<Omit<GenerateOptions, 'scenario' | 'outDir'>> = {},
): Promise<GeneratedTrail> {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-trail-generate-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const summary = await runGenerator({ seed: 1, ...opts, scenario: parseScenario(yaml), outDir: dir });
  const files = () => listFiles(dir);
  const logFiles = async () => {
    const out = [];
    for (const f of await files()) {
      if (!/\/CloudTrail\/.*\.json\.gz$/.test(f)) continue;
      const doc = JSON.parse(gunzipSync(await readFile(join(dir, f))).toString('utf8')) as { Records: TrailRecord[] };
      out.push({ path: f, records: doc.Records });
    }
    return out;
  };
  const records = async () => (await logFiles()).flatMap((f) => f.records).sort((a, b) => a.eventTime.localeCompare(b.eventTime));
  return { dir, summary, files, logFiles, records };
}

export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}
