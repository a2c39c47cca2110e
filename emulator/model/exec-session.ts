import type { Session } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';

/** `amazonaws.com`, or the China partition's domain. */
const domainOf = (region: string) => (region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com');

const base64Of = (ctx: OperationContext, bytes: number) => Buffer.from(ctx.ids.hex(bytes * 2), 'hex').toString('base64');

/**
 * The Session Manager session ECS opens for ExecuteCommand, shaped as in the API Reference's example:
 * `ecs-execute-command-` and 26 lowercase letters and digits; a data-channel stream URL on
 * `ssmmessages.<region>` with `role=publish_subscribe` and a `cell-number`; an opaque base64 token
 * (which CloudTrail hides: trail-writer/record/event-sources/ecs.ts).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ExecuteCommand.html
 */
export function newExecSession(ctx: OperationContext): Session {
  let suffix = '';
  while (suffix.length < 26) suffix += ctx.ids.alphanumeric(26 - suffix.length).toLowerCase();
  const sessionId = `ecs-execute-command-${suffix}`;
  const cell = base64Of(ctx, 72);
  return {
    sessionId,
    streamUrl: `wss://ssmmessages.${ctx.region}.${domainOf(ctx.region)}/v1/data-channel/${sessionId}?role=publish_subscribe&cell-number=${cell}`,
    tokenValue: base64Of(ctx, 624),
  };
}
