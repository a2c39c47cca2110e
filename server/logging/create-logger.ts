import pino, { type Logger } from 'pino';
import type { EmulatorConfig } from '../config.js';

/** Where the log goes: the process's stdout unless told otherwise (tests pass their own). */
export interface LogOutput {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
}

/**
 * The server's logger: JSON lines (pino) for machines, or one readable line per entry on a
 * terminal. The readable formatter is loaded only when it is used, so a JSON start loads nothing
 * more than pino.
 */
export async function createLogger(
  config: Pick<EmulatorConfig, 'logLevel' | 'logFormat'>,
  output: LogOutput = process.stdout,
): Promise<Logger> {
  const options = { level: config.logLevel, base: undefined };
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && output.isTTY === true);
  if (pretty) {
    const { readableLogStream } = await import('./readable-log.js');
    return pino(options, readableLogStream(output, { colors: output.isTTY === true && !process.env.NO_COLOR }));
  }
  return output === process.stdout ? pino(options) : pino(options, output as pino.DestinationStream);
}

/**
 * A logger that writes `info` lines whatever the configured level: for the few lines an operator
 * must always see (where the emulator listens, the admin token), even with `--log-level warn`.
 */
export function alwaysShown(logger: Logger): Logger {
  return logger.child({}, { level: 'info' });
}

/** The same logger at `warn` or above (or silent, if it is): for Fastify's own lines. */
export function warningsOnly(logger: Logger): Logger {
  return logger.levelVal >= 40 ? logger : logger.child({}, { level: 'warn' });
}
