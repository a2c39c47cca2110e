import type { Failure, ProtectedTask, UpdateTaskProtectionRequest, UpdateTaskProtectionResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { forgetGoneProtections, protectionOf, protectionTargets } from '../../model/task-protection.js';

const DEFAULT_MINUTES = 120;
const MAX_MINUTES = 2880;

/**
 * Turns scale-in protection on (for `expiresInMinutes`, 1–2,880, default 120; calling again restarts
 * the period) or off, for up to 10 service tasks. Expiry is on the injected clock.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateTaskProtection.html
 */
export function updateTaskProtection(input: UpdateTaskProtectionRequest, ctx: OperationContext): UpdateTaskProtectionResponse {
  if (input.cluster === undefined || input.cluster === '') throw invalidParameter('Cluster can not be blank.');
  const refs = input.tasks ?? [];
  if (refs.length === 0) throw invalidParameter('Tasks cannot be empty.');
  if (refs.length > 10) throw invalidParameter('tasks can have at most 10 items.');
  if (input.protectionEnabled === undefined) throw invalidParameter('ProtectionEnabled can not be blank.');
  const minutes = input.expiresInMinutes ?? DEFAULT_MINUTES;
  if (input.protectionEnabled && (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_MINUTES)) {
    // [GUESS] text, in the form of the model's range checks; the range is the API Reference's.
    throw invalidParameter(`expiresInMinutes must be between 1 and ${MAX_MINUTES}`);
  }
  forgetGoneProtections(ctx);
  const protectedTasks: ProtectedTask[] = [];
  const failures: Failure[] = [];
  for (const t of protectionTargets(ctx, input.cluster, refs).targets) {
    if (t.failure) {
      failures.push(t.failure);
      continue;
    }
    const arn = t.task!.arn;
    if (input.protectionEnabled) ctx.tx.set(ctx.store.taskProtection, arn, { expiresAt: ctx.now + minutes * 60_000 });
    else ctx.tx.delete(ctx.store.taskProtection, arn);
    protectedTasks.push(protectionOf(ctx, arn));
  }
  return { protectedTasks, failures };
}
