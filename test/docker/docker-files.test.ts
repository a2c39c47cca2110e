import t from 'tap';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DockerfileParser, type Instruction, type JSONInstruction, type ModifiableInstruction } from 'dockerfile-ast';
import { parse as parseYaml } from 'yaml';
import { OPTIONS } from '../../server/config.js';
import { startTestEmulator } from '../helpers/test-emulator.js';

/**
 * The docker/ folder can't be built or run here (no engine, no registry), so these tests hold its
 * files to what the image needs: real paths, the documented CLI, a non-root user, a health check,
 * and a compose file that wires the example app to the emulator. .ci/docker-smoke.sh replays the
 * image's steps for real.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DOCKER = join(ROOT, 'docker');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };

interface Stage {
  name: string | null;
  image: string | null;
  instructions: Instruction[];
}

function stagesOf(file: string): Stage[] {
  const stages: Stage[] = [];
  for (const i of DockerfileParser.parse(readFileSync(file, 'utf8')).getInstructions()) {
    if (i.getKeyword() === 'FROM') {
      const args = i.getArguments().map((a) => a.getValue());
      stages.push({ name: args[2] ?? null, image: args[0] ?? null, instructions: [] });
    } else stages.at(-1)?.instructions.push(i);
  }
  return stages;
}
const args = (i: Instruction) => i.getArguments().map((a) => a.getValue());
const flag = (i: Instruction, name: string) => (i as ModifiableInstruction).getFlags().find((f) => f.getName() === name)?.getValue() ?? undefined;
const json = (i: Instruction) => (i as JSONInstruction).getJSONStrings().map((s) => s.getJSONValue());
const of = (s: Stage, keyword: string) => s.instructions.filter((i) => i.getKeyword() === keyword);
/** COPY sources (all arguments but the last) of the COPYs that read the build context. */
const contextSources = (s: Stage) => of(s, 'COPY').filter((c) => flag(c, 'from') === undefined).flatMap((c) => args(c).slice(0, -1));

const stages = stagesOf(join(DOCKER, 'Dockerfile'));
const build = stages[0]!;
const runtime = stages.at(-1)!;
const command = [...json(of(runtime, 'ENTRYPOINT').at(-1)!), ...json(of(runtime, 'CMD').at(-1)!)];
const compose = parseYaml(readFileSync(join(DOCKER, 'compose.yaml'), 'utf8')) as {
  services: Record<string, { build?: { context?: string; dockerfile?: string } | string; environment?: Record<string, string> | string[]; depends_on?: unknown; ports?: string[] }>;
};
const envOf = (e: Record<string, string> | string[] | undefined): Record<string, string> =>
  Array.isArray(e) ? Object.fromEntries(e.map((kv) => [kv.split('=')[0]!, kv.slice(kv.indexOf('=') + 1)])) : (e ?? {});

t.test('the Dockerfile builds in one stage and runs slim Node 20 in the last', async (t) => {
  t.ok(stages.length >= 2, 'multi-stage');
  t.equal(runtime.image, 'node:20-slim');
  const runs = (s: Stage) => of(s, 'RUN').map((r) => args(r).join(' '));
  t.ok(runs(build).some((r) => /\bnpm ci\b/.test(r) && !r.includes('--omit=dev')), 'the build stage installs the full toolchain');
  t.ok(runs(build).some((r) => r.includes('npm run build')), 'the build stage runs npm run build');
  t.ok(runs(runtime).some((r) => r.includes('npm ci --omit=dev')), 'the runtime stage installs production dependencies only');
  // package.json's `prepare` builds from sources: the image's installs must not run it.
  if (pkg.scripts.prepare) {
    for (const r of [...runs(build), ...runs(runtime)].filter((r) => /\bnpm ci\b/.test(r))) t.match(r, '--ignore-scripts', r);
  }
  const fromBuild = of(runtime, 'COPY').filter((c) => flag(c, 'from') !== undefined);
  t.same(fromBuild.map((c) => flag(c, 'from')), [build.name], 'the runtime takes only the build output from the build stage');
  t.same(fromBuild.map((c) => args(c)[0]), ['/app/dist'], 'and that output is dist/ under the build WORKDIR');
  t.same(of(build, 'WORKDIR').map(args), [['/app']]);
});

t.test('every COPY source exists in the build context', async (t) => {
  const sources = [...contextSources(build), ...contextSources(runtime)];
  t.ok(sources.length > 5);
  for (const s of sources) t.ok(existsSync(join(ROOT, s)), `${s} exists in the repository`);
  const app = stagesOf(join(DOCKER, 'example-app', 'Dockerfile'));
  for (const s of app.flatMap(contextSources)) t.ok(existsSync(join(DOCKER, 'example-app', s)), `example-app/${s} exists`);
});

t.test('the build stage copies every input of npm run build', async (t) => {
  const copied = new Set(contextSources(build));
  const tsconfig = /tsc -p (\S+)/.exec(pkg.scripts.build!)?.[1] ?? 'tsconfig.json';
  const needed = new Set([tsconfig, 'package.json', 'package-lock.json']);
  let config: { extends?: string; include?: string[] } = JSON.parse(readFileSync(join(ROOT, tsconfig), 'utf8'));
  const include = config.include ?? [];
  while (config.extends) {
    needed.add(config.extends.replace(/^\.\//, ''));
    config = JSON.parse(readFileSync(join(ROOT, config.extends), 'utf8'));
  }
  for (const glob of include) needed.add(glob.split('/')[0]!);
  if (/\bvite build\b/.test(pkg.scripts.build!)) {
    needed.add('vite.config.ts');
    const root = /root:\s*'([^']+)'/.exec(readFileSync(join(ROOT, 'vite.config.ts'), 'utf8'))?.[1];
    if (root) needed.add(root);
  }
  // Scripts the build runs (scripts/bundle.mjs: the esbuild bundle and its code cache).
  for (const m of pkg.scripts.build!.matchAll(/\bnode (\S+\.m?js)\b/g)) needed.add(m[1]!.split('/')[0]!);
  for (const n of needed) t.ok(copied.has(n), `${n} is copied into the build stage`);
});

t.test('the image runs the documented CLI as a non-root user, on 0.0.0.0', async (t) => {
  const user = of(runtime, 'USER').at(-1);
  t.ok(user, 'the final stage sets USER');
  t.notOk(['root', '0', '0:0'].includes(user ? args(user)[0]! : 'root'), 'and it is not root');
  t.same(command.slice(0, 2), ['ecs-trail', 'start'], 'ENTRYPOINT + CMD is `ecs-trail start …`');
  const opts = command.slice(2);
  const value = (name: string) => opts[opts.indexOf(`--${name}`) + 1];
  t.equal(value('host'), '0.0.0.0', 'listens on every interface of the container');
  t.equal(value('port'), '4599');
  t.equal(value('trail-dir'), '/trail');
  for (const o of opts.filter((a) => a.startsWith('--'))) t.ok(Object.hasOwn(OPTIONS, o.slice(2)), `${o} is a CLI option`);
  // `ecs-trail` is the package's bin, linked onto PATH.
  const link = of(runtime, 'RUN').map((r) => args(r).join(' ')).find((r) => r.includes('/usr/local/bin/ecs-trail'));
  t.match(link, `ln -s /app/${pkg.bin['ecs-trail']} /usr/local/bin/ecs-trail`);
  t.ok(existsSync(join(ROOT, pkg.bin['ecs-trail']!.replace(/^dist\//, '').replace(/\.js$/, '.ts'))), 'the bin is built from a source file');
  t.same(of(runtime, 'VOLUME').flatMap(json), ['/trail'], 'the trail folder is a volume');
  t.same(of(runtime, 'EXPOSE').flatMap(args), ['4599']);
});

t.test('the health check asks the emulator itself, with node', async (t) => {
  const hc = of(runtime, 'HEALTHCHECK').at(-1);
  t.ok(hc, 'the final stage has a HEALTHCHECK');
  const content = hc!.getArgumentsContent() ?? '';
  const probe = JSON.parse(content.slice(content.indexOf('['))) as string[];
  t.equal(probe[0], 'node', 'no curl in node:20-slim');
  t.match(probe.join(' '), 'http://127.0.0.1:4599/_ecs-trail/health');
  t.ok(flag(hc!, 'interval') && flag(hc!, 'timeout'), 'interval and timeout are set');
});

t.test('compose builds the emulator from this Dockerfile and points the example app at it', async (t) => {
  const [name, emulator] = Object.entries(compose.services).find(([, s]) => typeof s.build === 'object' && s.build.dockerfile)!;
  const b = emulator.build as { context: string; dockerfile: string };
  const dockerfile = posix.join(b.context, b.dockerfile);
  t.equal(resolve(DOCKER, dockerfile), join(DOCKER, 'Dockerfile'), 'the service builds docker/Dockerfile');
  t.equal(resolve(DOCKER, b.context), ROOT, 'with the repository as its context (the COPY paths are relative to it)');
  t.ok(statSync(join(DOCKER, 'Dockerfile.dockerignore')).isFile(), 'BuildKit keeps node_modules out of that context');
  t.ok(emulator.ports?.some((p) => p.endsWith(':4599')), 'port 4599 is published');

  const app = compose.services['example-app'];
  t.ok(app, 'there is an example-app service');
  const env = envOf(app!.environment);
  t.equal(env.AWS_ENDPOINT_URL_ECS, `http://${name}:4599`, 'the SDK is sent to the emulator by its service name');
  t.ok(env.AWS_REGION && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY, 'region and keys for the SDK');
  t.same(app!.depends_on, { [name]: { condition: 'service_healthy' } }, 'the app waits for the health check');
  const context = typeof app!.build === 'string' ? app!.build : app!.build!.context!;
  t.ok(existsSync(join(DOCKER, context, 'Dockerfile')), 'the example app has its own Dockerfile');
});

t.test('the example app creates a cluster through the SDK with only AWS_ENDPOINT_URL_ECS', async (t) => {
  const { url, records } = await startTestEmulator(t);
  const env = envOf(compose.services['example-app']!.environment);
  const script = join(DOCKER, 'example-app', 'create-cluster.mjs');
  // The repository's own @aws-sdk/client-ecs is found by walking up from docker/example-app/.
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env, AWS_ENDPOINT_URL_ECS: url, AWS_ENDPOINT_URL: '', CLUSTER_NAME: 'from-example-app' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  t.equal(code, 0, out);
  t.match(out, 'created arn:aws:ecs:us-east-1:123456789012:cluster/from-example-app (ACTIVE)');
  const created = (await records()).filter((r) => r.eventName === 'CreateCluster');
  t.equal(created.length, 1);
  t.equal(created[0]?.userIdentity?.accessKeyId, env.AWS_ACCESS_KEY_ID, 'the trail names the key compose gives the app');
});
