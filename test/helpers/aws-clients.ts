import { execFileSync } from 'node:child_process';

/**
 * The environment for the AWS CLI or boto3 run against an emulator: this machine's PATH and HOME, and
 * nothing of the user's AWS set-up (no config or credentials file, no instance metadata, no pager).
 * `extra` adds the keys, region, … of the run.
 */
export function awsClientEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    AWS_PAGER: '',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  };
}

/** `cmd` when running it with `probe` succeeds (installed; e.g. `python3 -c 'import boto3'`), else undefined. */
export function runnable(cmd: string, probe: string[]): string | undefined {
  try {
    execFileSync(cmd, probe, { stdio: 'ignore', timeout: 60_000 });
    return cmd;
  } catch {
    return undefined;
  }
}
