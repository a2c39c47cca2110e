import t from 'tap';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/**
 * The house rules of the code (docs: shared conventions): emulator/ knows ECS and nothing of HTTP or
 * CloudTrail; trail-writer/ knows CloudTrail and nothing of ECS handlers or HTTP; only server/ joins
 * them.
 */
const ROOT = resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const p = join(ROOT, dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(relative(ROOT, p)));
    else if (name.endsWith('.ts')) out.push(relative(ROOT, p));
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

const RULES: Array<{ folder: string; forbidden: RegExp; why: string }> = [
  { folder: 'emulator', forbidden: /^(fastify|pino|node:http|@fastify\/)|\/(server|trail-writer)\//, why: 'emulator/ is ECS only' },
  { folder: 'trail-writer', forbidden: /^(fastify|@fastify\/)|\/(server|emulator)\//, why: 'trail-writer/ is CloudTrail only' },
];

for (const rule of RULES) {
  t.test(`${rule.folder}/ imports nothing it should not (${rule.why})`, async (t) => {
    const bad: string[] = [];
    for (const file of sources(rule.folder)) {
      for (const spec of imports(file)) {
        const target = spec.startsWith('.') ? `/${relative(ROOT, resolve(ROOT, file, '..', spec))}` : spec;
        if (rule.forbidden.test(target)) bad.push(`${file} → ${spec}`);
      }
    }
    t.same(bad, []);
  });
}
