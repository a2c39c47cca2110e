import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readPublicKeys, readTrailSettings, verifyTrail, type VerifyMessage, type VerifyReport } from '../../trail-writer/index.js';

export const VERIFY_HELP = `Usage: ecs-trail verify <trail folder> [options]

Checks the folder's log files against its digest files, as \`aws cloudtrail validate-logs\` checks a
bucket: digest signatures (public keys from <trail folder>/.ecs-trail/keys/public-keys.json), the
digest chain, each listed log file's SHA-256; and reports log files no digest lists.
Each failure is printed as validate-logs prints it, followed by the file on disk, the digest that
lists it and why the check failed.
Exit status: 0 when everything is valid, 1 otherwise, 2 on bad usage.

Options:
  --bucket <name>        the bucket the folder stands for (default: the one the emulator recorded)
  --prefix <prefix>      S3 key prefix inside the folder (default: recorded, else found)
  --public-keys <file>   a ListPublicKeys-shaped JSON file of public keys
  --trail-name <name>    only this trail's digests
  --verbose              also list every valid digest and log file
`;

export interface VerifyIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

/** `ecs-trail verify <trail folder>`: print a report like validate-logs and return the exit code. */
export async function runVerify(args: string[], io: VerifyIo = process): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        bucket: { type: 'string' },
        prefix: { type: 'string' },
        'public-keys': { type: 'string' },
        'trail-name': { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    io.stderr.write(`ecs-trail verify: ${(err as Error).message}\n\n${VERIFY_HELP}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(VERIFY_HELP);
    return 0;
  }
  const root = positionals[0];
  if (positionals.length !== 1 || !root) {
    io.stderr.write(`ecs-trail verify: give one trail folder\n\n${VERIFY_HELP}`);
    return 2;
  }
  if (!(await stat(root).then((s) => s.isDirectory(), () => false))) {
    io.stderr.write(`ecs-trail verify: ${root} is not a folder\n`);
    return 2;
  }
  const stateDir = join(root, '.ecs-trail');
  const settings = await readTrailSettings(stateDir).catch(() => undefined);
  const keysFile = values['public-keys'] as string | undefined;
  let publicKeys;
  try {
    publicKeys = keysFile ? await readPublicKeys(stateDir, keysFile) : await readPublicKeys(stateDir);
  } catch (err) {
    io.stderr.write(`ecs-trail verify: cannot read the public keys (${(err as Error).message})\n`);
    return 2;
  }
  const bucket = (values.bucket as string | undefined) ?? settings?.bucket;
  const givenPrefix = (values.prefix as string | undefined) ?? settings?.prefix;
  const prefixes = givenPrefix !== undefined ? [givenPrefix || undefined] : await findPrefixes(root);

  io.stdout.write(`Validating log files in trail folder ${root}${bucket ? ` (bucket ${bucket})` : ''}\n\n`);
  if (publicKeys.length === 0) io.stderr.write(`No public keys found in ${keysFile ?? join(stateDir, 'keys', 'public-keys.json')}\n\n`);
  let ok = true;
  let any = false;
  for (const prefix of prefixes) {
    let report: VerifyReport;
    try {
      report = await verifyTrail({
        root,
        prefix,
        bucket,
        publicKeys,
        trailName: values['trail-name'] as string | undefined,
        validationStartedAt: settings ? Date.parse(settings.validationStartedAt) : undefined,
      });
    } catch (err) {
      io.stderr.write(`ecs-trail verify: ${(err as Error).message}\n`);
      return 2;
    }
    ok &&= report.ok;
    any ||= report.chains.length > 0 || report.unlisted.length > 0;
    printReport(report, prefix, io, values.verbose === true);
  }
  if (!any) io.stdout.write('No digests found\n');
  return ok ? 0 : 1;
}

/** A failure as the CLI prints it, then indented lines saying which file on disk, which digest, and why. */
function failure(m: VerifyMessage): string {
  return `${m.text}\n${(m.detail ?? []).map((line) => `    ${line}\n`).join('')}\n`;
}

function printMessages(messages: VerifyMessage[], io: VerifyIo, verbose: boolean): void {
  for (const m of messages) {
    if (m.kind === 'valid') {
      if (verbose) io.stdout.write(`${m.text}\n`);
    } else {
      io.stderr.write(failure(m));
    }
  }
}

function printReport(report: VerifyReport, prefix: string | undefined, io: VerifyIo, verbose: boolean): void {
  const where = prefix ? ` under ${prefix}/` : '';
  for (const c of report.chains) {
    io.stdout.write(`Account ${c.accountId}, region ${c.region}, trail ${c.trailName} (home region ${c.homeRegion})${where}:\n`);
    printMessages(c.messages, io, verbose);
    if (c.foundStart && c.foundEnd) io.stdout.write(`Results found for ${c.foundStart} to ${c.foundEnd}:\n`);
    else io.stdout.write('No valid digests found\n');
    io.stdout.write(ratio(c.validDigests, c.invalidDigests, 'digest'));
    io.stdout.write(ratio(c.validLogs, c.invalidLogs, 'log'));
    io.stdout.write('\n\n');
  }
  for (const u of report.unlisted) {
    io.stdout.write(`Account ${u.accountId}, region ${u.region}${where}: log files no digest lists\n`);
    for (const m of u.messages) {
      if (m.kind === 'invalid') io.stderr.write(failure(m));
      else io.stdout.write(`${m.text}\n`);
    }
    io.stdout.write(`${u.unlisted} log files not listed in any digest, ${u.notCovered} delivered before digests began\n\n`);
  }
}

function ratio(valid: number, invalid: number, name: string): string {
  const total = valid + invalid;
  if (total === 0) return `\n0/0 ${name} files valid`;
  return `\n${valid}/${total} ${name} files valid${invalid > 0 ? `, ${invalid}/${total} ${name} files INVALID` : ''}`;
}

/** The S3 key prefixes in a folder: each folder named AWSLogs (a few levels deep at most). */
async function findPrefixes(root: string): Promise<(string | undefined)[]> {
  const found: (string | undefined)[] = [];
  const walk = async (dir: string, rel: string[], depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isDirectory() || e.name.startsWith('.')) continue;
      if (e.name === 'AWSLogs') found.push(rel.length ? rel.join('/') : undefined);
      else if (depth < 4) await walk(join(dir, e.name), [...rel, e.name], depth + 1);
    }
  };
  await walk(root, [], 0);
  return found.length ? found : [undefined];
}
