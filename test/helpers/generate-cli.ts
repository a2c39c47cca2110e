import type { Test } from 'tap';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runGenerate } from '../../server/bin/generate-command.js';
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
