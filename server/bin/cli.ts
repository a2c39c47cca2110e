import { resolveConfig, ConfigError, DEFAULTS, OPTIONS } from '../config.js';
import { alwaysShown } from '../logging/create-logger.js';
import { VERSION } from '../version.js';
import { OPERATIONS } from '../../emulator/index.js';

const HELP = `ecs-trail ${VERSION}: a local Amazon ECS API emulator that writes AWS CloudTrail logs

Usage:
  ecs-trail start [options]     start the emulator (the default command)
  ecs-trail verify <trail dir>  check log files against the signed digest files, like
                                \`aws cloudtrail validate-logs\` (ecs-trail verify --help)
  ecs-trail generate <scenario> --out <dir> --seed <n>
                                write CloudTrail fixture logs from a scenario, on a
                                simulated clock (ecs-trail generate --help)
  ecs-trail --help | --version

Options for start (flag, then the environment variable, then the default):
${Object.entries(OPTIONS)
  .map(([flag, o]) => `  --${flag.padEnd(18)} ${o.help}\n  ${''.padEnd(20)} ${o.env}, default: ${o.default}`)
  .join('\n')}

Point a client at it (any credentials work in lenient mode; the access key names the caller):
  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
  aws ecs list-clusters --endpoint-url http://127.0.0.1:${DEFAULTS.port}
  AWS_ENDPOINT_URL=http://127.0.0.1:${DEFAULTS.port} node my-app.js   (SDK v3, CLI >= 2.13, boto3 >= 1.28)

Emulated ECS operations (${Object.keys(OPERATIONS).length}): ${Object.keys(OPERATIONS).join(', ')}
Also on the same port: CloudTrail LookupEvents; STS GetCallerIdentity, AssumeRole, AssumeRoleWithWebIdentity,
  GetSessionToken, GetFederationToken, GetAccessKeyInfo (aws sts get-caller-identity --endpoint-url …)
Admin routes: GET /_ecs-trail/health, POST /_ecs-trail/reset, POST /_ecs-trail/flush (the POSTs need
the header X-Ecs-Trail-Token: any value, or the admin token when one is set), the dashboard at /_ecs-trail/
`;

/**
 * The `ecs-trail` command: `runCli(process.argv.slice(2))` (server/bin/ecs-trail.ts). It sets
 * process.exitCode when the command is done; a server runs until SIGINT or SIGTERM.
 */
export function runCli(argv: string[]): void {
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`ecs-trail: ${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  // Each command loads only what it needs: start-up time is part of the product.
  if (command === 'verify') return (await import('./verify-command.js')).runVerify(rest);
  if (command === 'generate') return (await import('./generate-command.js')).runGenerate(rest);
  if (command === undefined || command === 'start' || command.startsWith('--')) {
    const args = command === 'start' ? rest : argv;
    if (args.includes('--help') || args.includes('-h')) {
      process.stdout.write(HELP);
      return 0;
    }
    return start(args);
  }
  process.stderr.write(`ecs-trail: unknown command "${command}". Try ecs-trail --help\n`);
  return 2;
}

async function start(args: string[]): Promise<number> {
  let config;
  try {
    config = resolveConfig(args);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`ecs-trail: ${err.message}. Try ecs-trail --help\n`);
      return 2;
    }
    throw err;
  }
  let running;
  try {
    const { startEmulator } = await import('../start.js');
    running = await startEmulator(config);
  } catch (err) {
    process.stderr.write(`ecs-trail: cannot start: ${(err as Error).message}\n`);
    return 1;
  }
  // Shown whatever --log-level says: with --port 0 it is the only way to learn the port.
  const announce = alwaysShown(running.logger);
  announce.info(
    { url: running.url, trailDir: config.trailDir, accountId: config.accountId, region: config.region },
    `ecs-trail ${VERSION} listening on ${running.url}, writing CloudTrail logs to ${config.trailDir}`,
  );
  if (running.adminToken !== undefined && config.adminToken === undefined) {
    announce.info(
      `admin token (strict auth): ${running.adminToken}. Routes under /_ecs-trail/ need it in the header X-Ecs-Trail-Token; dashboard: ${running.url}/_ecs-trail/?token=${running.adminToken}`,
    );
  }
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        process.stderr.write(`ecs-trail: ${signal} again, exiting now\n`);
        process.exit(1);
      }
      stopping = true;
      running.logger.info({ signal }, 'shutting down: delivering pending trail records');
      running.close().then(resolve, (err: unknown) => {
        running.logger.error({ err }, 'error while shutting down');
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}
