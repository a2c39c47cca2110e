import t from 'tap';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { typescriptLoader } from '../helpers/typescript-loader.js';

/**
 * Both JSON writers swap Date.prototype.toJSON for the length of one stringify; where it cannot be
 * changed (`node --frozen-intrinsics`, a hardened runtime) they fall back to converting the Dates
 * themselves. With reused objects and services holding them, the bytes must be the same.
 */
t.test('with frozen intrinsics, answers and records holding reused objects are written as without', async (t) => {
  const child = fileURLToPath(new URL('../helpers/frozen-intrinsics-child.ts', import.meta.url));
  const r = spawnSync(process.execPath, ['--frozen-intrinsics', '--no-warnings', ...typescriptLoader(), child], { encoding: 'utf8', timeout: 60_000 });
  t.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as { frozen?: boolean; checked?: number; mismatch?: string };
  t.equal(out.frozen, true, 'Date.prototype was frozen in the child');
  t.equal(out.checked, 120, '80 answers and 40 records');
  t.equal(out.mismatch, undefined);
});
