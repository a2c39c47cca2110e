import type { TaskLifecycleFact } from '../../emulator/index.js';
import type { CallRecord, Principal } from '../../trail-writer/index.js';
import { ServiceSideEvents } from '../service-events/service-side-events.js';
import type { ServiceSession } from '../service-events/service-identities.js';
import { fastSeededIds } from './random.js';

/**
 * The service-side events of a generated run (README "Service-side events"), one planner and one id
 * stream per account: ECS creates its service-linked role once per account, so an account's regions
 * share what is planned, and nothing of one account depends on another's calls (a shard that makes an
 * account's calls writes exactly its events, shard-units.ts).
 */
export class AccountServiceEvents {
  readonly #seed: string;
  readonly #byAccount = new Map<string, ServiceSideEvents>();

  constructor(seed: string) {
    this.#seed = seed;
  }

  /** Plan what follows an acknowledged ECS call made at `at` by `principal`. */
  note(call: { serviceName: 'ecs'; operation: string; principal: Principal; region: string; lifecycle?: readonly TaskLifecycleFact[] | undefined }, at: number): void {
    this.#of(call.principal.accountId).note(call, at);
  }

  /** When the next planned event of any account is due, if any. */
  nextAt(): number | undefined {
    let next: number | undefined;
    for (const events of this.#byAccount.values()) {
      const at = events.nextAt();
      if (at !== undefined && (next === undefined || at < next)) next = at;
    }
    return next;
  }

  /** The records of every event due by `now`, account by account (each account's in time order). */
  takeDue(now: number): CallRecord[] {
    const out: CallRecord[] = [];
    for (const events of this.#byAccount.values()) if ((events.nextAt() ?? Infinity) <= now) out.push(...events.takeDue(now));
    return out;
  }

  /** The task role session a task's code calls with (the account is the task ARN's). */
  taskSession(taskArn: string): ServiceSession | undefined {
    return this.#byAccount.get(taskArn.split(':')[4] ?? '')?.taskSession(taskArn);
  }

  #of(accountId: string): ServiceSideEvents {
    let events = this.#byAccount.get(accountId);
    if (!events) this.#byAccount.set(accountId, (events = new ServiceSideEvents({ ids: fastSeededIds(this.#seed, `service-events:${accountId}`) })));
    return events;
  }
}
