import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ECSClient } from '@aws-sdk/client-ecs';

/**
 * The built CLI (`npm run build` writes dist/; `npm test` builds first) run as a real process: for
 * tests that kill it, start a second one on the same folder, or watch it refuse to start.
 */
export const ROOT = new URL('../../', import.meta.url).pathname;
export const BUILT_CLI = join(ROOT, 'dist/server/bin/ecs-trail.js');

/** The CLI runs without the host's ECS_TRAIL_* settings. */
const CLEAN_ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' };

export interface TestContext {
  teardown(fn: () => unknown): void;
}

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

export interface ListeningCli extends CliProcess {
  url: string;
}

/** A command the CLI runs under, e.g. `unshare --pid --fork --kill-child --mount-proc` (another pid namespace). */
export type Wrapper = readonly string[];

function cliCommand(args: string[], wrapper: Wrapper = []): [string, string[]] {
  if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` first`);
  const argv = [...wrapper, process.execPath, BUILT_CLI, ...args];
  return [argv[0]!, argv.slice(1)];
}

/** Run the CLI with these arguments; killed at teardown if still running. */
export function runCli(t: TestContext, args: string[], wrapper?: Wrapper): CliProcess {
  const [cmd, argv] = cliCommand(args, wrapper);
  const child = spawn(cmd, argv, { cwd: ROOT, env: CLEAN_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    return exited;
  });
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** `ecs-trail start --port 0 …`, resolved with its URL once it logs that it listens. */
export async function startCli(t: TestContext, args: string[], wrapper?: Wrapper): Promise<ListeningCli> {
  const cli = runCli(t, ['start', '--port', '0', '--log-level', 'info', ...args], wrapper);
  const url = await new Promise<string>((resolve, reject) => {
    const look = () => {
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(cli.stdout());
      if (m) resolve(m[1]!);
    };
    cli.child.stdout!.on('data', look);
    void cli.exited.then((code) => reject(new Error(`ecs-trail exited (${code}) before listening: ${cli.stderr()}`)));
  });
  return { ...cli, url };
}

export function clientFor(url: string, accessKeyId = 'AKIAIOSFODNN7EXAMPLE', region = 'us-east-1'): ECSClient {
  return new ECSClient({ region, endpoint: url, credentials: { accessKeyId, secretAccessKey: 's' }, maxAttempts: 1 });
}
