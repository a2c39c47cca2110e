import type { LogOutput } from './create-logger.js';

/**
 * pino's JSON lines turned into one readable line each, for a terminal:
 *
 *   14:03:07.412 INFO  ecs.CreateCluster 200 arn:aws:iam::123456789012:user/alice 3 ms
 *   14:03:09.020 INFO  ecs.DescribeServices 400 ClusterNotFoundException arn:aws:iam::… 1 ms
 *   14:03:10.101 INFO  sts.AssumeRole 403 AccessDenied arn:aws:iam::…:user/ci 2 ms — not trusted by …
 *   14:03:11.556 WARN  listening on 0.0.0.0: … host=0.0.0.0
 *
 * A call line (the pipeline's fields `{ requestId, service, op, status, err, identity, ms, reason }`,
 * server/pipeline.ts) shows `service.op`, status, error code, identity, milliseconds and, for a
 * refused call, the reason; any other line its message, then the fields the message does not already
 * show, then an error's stack.
 */
export function readableLogStream(output: LogOutput, options: { colors: boolean }): { write(line: string): void } {
  return {
    write(line: string) {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        output.write(line);
        return;
      }
      output.write(`${formatLogEntry(entry, options.colors)}\n`);
    },
  };
}

const LEVELS: Record<number, [name: string, color: number]> = {
  10: ['TRACE', 90],
  20: ['DEBUG', 36],
  30: ['INFO ', 32],
  40: ['WARN ', 33],
  50: ['ERROR', 31],
  60: ['FATAL', 35],
};
/** pino's own fields and the ones a call line shows itself. */
const NOT_EXTRA = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'err']);

export function formatLogEntry(entry: Record<string, unknown>, colors = false): string {
  const paint = (code: number, text: string) => (colors ? `\x1b[${code}m${text}\x1b[0m` : text);
  const time = typeof entry.time === 'number' ? clockTime(new Date(entry.time)) : '--:--:--.---';
  const [name, color] = LEVELS[entry.level as number] ?? [String(entry.level).toUpperCase().padEnd(5), 0];
  const head = `${paint(90, time)} ${paint(color, name)}`;
  if (isCallLine(entry)) return `${head} ${callLine(entry, paint)}`;

  const msg = typeof entry.msg === 'string' ? entry.msg : '';
  let text = `${head} ${msg}`;
  for (const [k, v] of Object.entries(entry)) {
    if (NOT_EXTRA.has(k) || v === undefined) continue;
    const shown = typeof v === 'string' ? v : JSON.stringify(v);
    // A field the message already says is not repeated.
    if (msg.includes(shown)) continue;
    text += ` ${paint(90, `${k}=`)}${shown}`;
  }
  const err = entry.err as { message?: string; stack?: string } | undefined;
  if (err) text += `\n    ${(err.stack ?? err.message ?? JSON.stringify(err)).replace(/\n/g, '\n    ')}`;
  return text;
}

/**
 * A call's line: it has a status and an operation, or, for a request no service claimed (no `service`
 * or `op`), a status and a request id.
 */
function isCallLine(e: Record<string, unknown>): boolean {
  return typeof e.status === 'number' && (typeof e.op === 'string' || typeof e.requestId === 'string');
}

function callLine(e: Record<string, unknown>, paint: (code: number, text: string) => string): string {
  const op = typeof e.op === 'string' ? e.op : '?';
  // The pipeline logs the bare operation name next to `service`; an older line may carry `ecs.Op`.
  const service = op.includes('.') ? '' : `${typeof e.service === 'string' ? e.service : '?'}.`;
  const status = e.status as number;
  const parts = [`${service}${op}`, paint(status >= 500 ? 31 : status >= 400 ? 33 : 32, String(status))];
  if (typeof e.err === 'string') parts.push(e.err);
  const identity = identityOf(e.identity);
  if (identity) parts.push(identity);
  if (typeof e.ms === 'number') parts.push(paint(90, `${Math.round(e.ms)} ms`));
  if (typeof e.reason === 'string') parts.push(`— ${e.reason}`);
  return parts.join(' ');
}

function identityOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') {
    const o = v as { arn?: unknown; accessKeyId?: unknown };
    if (typeof o.arn === 'string') return o.arn;
    if (typeof o.accessKeyId === 'string') return o.accessKeyId;
  }
  return undefined;
}

function clockTime(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}
