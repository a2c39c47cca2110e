import type { Test } from 'tap';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runGenerate } from '../../server/bin/generate-command.js';
import { runVerify } from '../../server/bin/verify-command.js';
import { listFiles } from '../generator/generated-trail.js';

/** `ecs-trail generate <args>` in process, with what it wrote to stdout and stderr (a terminal if `tty`). */
export async function runGenerateCaptured(args: string[], tty = false): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runGenerate(args, {
    stdout: { write: (s: string) => ((stdout += s), true) } as unknown as NodeJS.WritableStream,
    stderr: Object.assign({ write: (s: string) => ((stderr += s), true) }, tty ? { isTTY: true, columns: 100 } : {}) as unknown as NodeJS.WritableStream,
  });
  return { code, stdout, stderr };
}

/** `ecs-trail verify <dir>` in process: its exit code and all it printed (stdout and stderr, in order). */
export async function runVerifyCaptured(dir: string): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runVerify([dir], { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (out += s) } });
  return { code, out };
}

/** A fresh temporary folder (`ecs-trail-<name>-…`) that the test removes. */
export async function tempFolder(t: Test, name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `ecs-trail-${name}-`));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A temporary folder holding `yaml` as `s.yaml`: the folder, and the scenario's path. */
export async function scenarioFolder(t: Test, name: string, yaml: string): Promise<{ dir: string; scenario: string }> {
  const dir = await tempFolder(t, name);
  const scenario = join(dir, 's.yaml');
  await writeFile(scenario, yaml);
  return { dir, scenario };
}

/** `got` holds the files of `want`, and no other, with the same bytes (what: a prefix for the messages). */
export function sameFolder(t: Test, got: Map<string, Buffer>, want: Map<string, Buffer>, what = ''): void {
  t.same([...got.keys()], [...want.keys()], `${what}the same files`);
  t.same([...want].filter(([f, bytes]) => !got.get(f)?.equals(bytes)).map(([f]) => f), [], `${what}every file byte-identical`);
}

/** Every file of a folder, by path, with its bytes. */
export async function folderContents(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const f of (await listFiles(dir)).sort()) out.set(f, await readFile(join(dir, f)));
  return out;
}

/**
 * Copy the shards' folders into one, as `cp -r parts/*\/. trail/` does, checking that two shards write
 * the same path only for the folder's own state, and then alike.
 */
export async function mergeShards(t: Test, parts: string[], into: string): Promise<void> {
  const seen = new Map<string, { bytes: Buffer; from: string }>();
  for (const part of parts) {
    for (const [f, bytes] of await folderContents(part)) {
      const before = seen.get(f);
      if (before) {
        t.ok(before.bytes.equals(bytes), `${f} is written by ${before.from} and ${part} alike`);
        t.match(f, /^\.ecs-trail\//, `only the folder's own state is written by two shards (${f})`);
        continue;
      }
      seen.set(f, { bytes, from: part });
      await mkdir(dirname(join(into, f)), { recursive: true });
      await writeFile(join(into, f), bytes);
    }
  }
}
