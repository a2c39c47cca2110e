import type { IdSource, TaskLifecycleFact } from '../../emulator/index.js';
import type { CallRecord, Principal } from '../../trail-writer/index.js';
import { DueQueue, type DueEntry } from './due-queue.js';
import {
  networkInterfaceCreated,
  networkInterfaceDeleted,
  serviceLinkedRoleAssumed,
  serviceLinkedRoleCreated,
  targetsChanged,
  taskRoleAssumed,
} from './service-event-records.js';
import { ECS_SERVICE, ecsPrincipal, ecsServiceLinkedRoleArn, ecsTasksPrincipal, newServiceSession, type ServiceSession } from './service-identities.js';

/** An acknowledged call, as far as the events that follow it are concerned. */
export interface AcknowledgedEcsCall {
  serviceName: string;
  operation: string;
  principal: Principal;
  region: string;
  lifecycle?: readonly TaskLifecycleFact[] | undefined;
}

/** The steps of a task that AWS records, in the order they are planned (and emitted, at one moment). */
const TASK_STEPS = ['eni-create', 'assume-task-role', 'assume-execution-role', 'register-targets', 'deregister-targets', 'eni-delete'] as const;
type TaskStep = (typeof TASK_STEPS)[number];

interface TaskPlan {
  fact: TaskLifecycleFact;
  queued: Map<TaskStep, DueEntry<Planned>>;
}

type Planned = { step: TaskStep; plan: TaskPlan } | { step: 'create-slr'; caller: Principal; region: string };

/**
 * ECS asks for these when a cluster or service is made: "When you create a cluster or create or update
 * a service … Amazon ECS creates the service-linked role for you" (service-linked role page).
 */
const NEEDS_SERVICE_LINKED_ROLE: ReadonlySet<string> = new Set(['CreateCluster', 'CreateService', 'UpdateService']);

/** Task credentials last six hours: flaws2's task role AssumeRole at 22:31:59 expires "4:31:59 AM". */
const TASK_CREDENTIALS_MS = 6 * 3600_000;
/** The real 2023 service-linked role AssumeRole asked for `durationSeconds` 3600. */
const SERVICE_ROLE_SESSION_MS = 3600_000;
/** Task sessions kept for calls made with them (scenario steps, the live credentials route). */
const MAX_TASK_SESSIONS = 100_000;

/**
 * The events AWS adds to the customer's trail when ECS works for the caller (docs/service-side-events.md):
 * planned from the facts the emulator reports after each acknowledged call, and built as CallRecords
 * when their moment comes on the injected clock. Nothing here reads a clock or writes: the server
 * (live-service-events.ts) and the generator take what is due and append it to their trail.
 *
 * A later fact about a task replaces what an earlier one planned for its future (a stop moved earlier,
 * a planned stop taken back); what was emitted stays. A task's plan is forgotten once nothing of it is
 * left to emit: a fact about a task that was not placed by its call plans only its stop.
 */
export class ServiceSideEvents {
  readonly #ids: IdSource;
  readonly #queue = new DueQueue<Planned>();
  readonly #plans = new Map<string, TaskPlan>();
  /** account/region/session name → the service-linked role's current session. */
  readonly #roleSessions = new Map<string, ServiceSession>();
  readonly #roleCreated = new Set<string>();
  /** task ARN → its task role's session, newest last. */
  readonly #taskSessions = new Map<string, ServiceSession>();
  readonly #onTaskSession: ((taskArn: string, s: ServiceSession) => void) | undefined;

  constructor(o: { ids: IdSource; onTaskSession?: (taskArn: string, s: ServiceSession) => void }) {
    this.#ids = o.ids;
    this.#onTaskSession = o.onTaskSession;
  }

  /** Plan what follows a call acknowledged at `at` (its record's eventTime); whether anything was. */
  note(call: AcknowledgedEcsCall, at: number): boolean {
    if (call.serviceName !== 'ecs') return false;
    let planned = false;
    if (NEEDS_SERVICE_LINKED_ROLE.has(call.operation) && !this.#roleCreated.has(call.principal.accountId)) {
      this.#roleCreated.add(call.principal.accountId);
      this.#queue.add(at, { step: 'create-slr', caller: call.principal, region: call.region });
      planned = true;
    }
    if (call.lifecycle) {
      for (const fact of call.lifecycle) this.#plan(fact);
      planned = true;
    }
    return planned;
  }

  /** When the next planned event is due, if any. */
  nextAt(): number | undefined {
    return this.#queue.nextAt();
  }

  get pending(): number {
    return this.#queue.size;
  }

  /** The records of every event due by `now`, in time order (several per event: a role assumed first). */
  takeDue(now: number): CallRecord[] {
    const out: CallRecord[] = [];
    for (let e = this.#queue.takeDue(now); e; e = this.#queue.takeDue(now)) this.#emit(e, out);
    return out;
  }

  /** The task role session a task's containers call with (undefined before its credentials were fetched). */
  taskSession(taskArn: string): ServiceSession | undefined {
    return this.#taskSessions.get(taskArn);
  }

  /** Forget everything planned (the emulator's state was reset). */
  clear(): void {
    this.#queue.clear();
    this.#plans.clear();
    this.#roleSessions.clear();
    this.#roleCreated.clear();
    this.#taskSessions.clear();
  }

  #plan(fact: TaskLifecycleFact): void {
    let plan = this.#plans.get(fact.taskArn);
    if (!plan) {
      plan = { fact, queued: new Map() };
      this.#plans.set(fact.taskArn, plan);
    }
    plan.fact = fact;
    const wanted = stepsOf(fact);
    for (const step of TASK_STEPS) {
      const queued = plan.queued.get(step);
      const at = wanted.get(step);
      if (queued && queued.at === at) continue;
      if (queued) {
        this.#queue.cancel(queued);
        plan.queued.delete(step);
      }
      // Start steps are planned only by the call that placed the task: a later fact finds them done.
      if (at === undefined || (!fact.placed && !queued && isStartStep(step))) continue;
      plan.queued.set(step, this.#queue.add(at, { step, plan }));
    }
    if (plan.queued.size === 0) this.#plans.delete(fact.taskArn);
  }

  #emit(e: DueEntry<Planned>, out: CallRecord[]): void {
    const p = e.value;
    if (p.step === 'create-slr') {
      out.push(serviceLinkedRoleCreated(this.#ids, e.at, p.caller, p.region));
      return;
    }
    const { plan } = p;
    plan.queued.delete(p.step);
    if (plan.queued.size === 0 && this.#plans.get(plan.fact.taskArn) === plan) this.#plans.delete(plan.fact.taskArn);
    const f = plan.fact;
    const ids = this.#ids;
    switch (p.step) {
      case 'assume-task-role': {
        const s = newServiceSession(ids, f.taskRoleArn!, f.taskId, e.at, TASK_CREDENTIALS_MS);
        out.push(taskRoleAssumed(ids, ecsTasksPrincipal(f.accountId), f.region, s));
        this.#keepTaskSession(f.taskArn, s);
        return;
      }
      case 'assume-execution-role': {
        const s = newServiceSession(ids, f.executionRoleArn!, f.taskId, e.at, TASK_CREDENTIALS_MS);
        out.push(taskRoleAssumed(ids, ecsTasksPrincipal(f.accountId), f.region, s));
        return;
      }
      case 'eni-create':
        out.push(networkInterfaceCreated(ids, e.at, this.#roleSession(f.accountId, f.region, 'ecs-eni-provisioning', e.at, out), f, f.onFargate));
        return;
      case 'eni-delete':
        out.push(networkInterfaceDeleted(ids, e.at, this.#roleSession(f.accountId, f.region, 'ecs-eni-provisioning', e.at, out), f));
        return;
      case 'register-targets':
      case 'deregister-targets': {
        const session = this.#roleSession(f.accountId, f.region, 'ecs-service-scheduler', e.at, out);
        const name = p.step === 'register-targets' ? 'RegisterTargets' : 'DeregisterTargets';
        for (const [group, targets] of byTargetGroup(f)) out.push(targetsChanged(ids, e.at, session, f.region, name, group, targets));
        return;
      }
    }
  }

  /**
   * The service-linked role's session for a call at `at`; a new one (its AssumeRole recorded first)
   * when there is none yet, or the last has expired or began after `at` (an event dated in the past).
   */
  #roleSession(accountId: string, region: string, sessionName: string, at: number, out: CallRecord[]): ServiceSession {
    const key = `${accountId}/${region}/${sessionName}`;
    const current = this.#roleSessions.get(key);
    if (current && current.createdAt <= at && at < current.expiresAt) return current;
    const s = newServiceSession(this.#ids, ecsServiceLinkedRoleArn(accountId, region), sessionName, at, SERVICE_ROLE_SESSION_MS);
    s.principal.invokedBy = ECS_SERVICE;
    this.#roleSessions.set(key, s);
    out.push(serviceLinkedRoleAssumed(this.#ids, ecsPrincipal(accountId), region, s));
    return s;
  }

  #keepTaskSession(taskArn: string, s: ServiceSession): void {
    this.#taskSessions.delete(taskArn);
    this.#taskSessions.set(taskArn, s);
    if (this.#taskSessions.size > MAX_TASK_SESSIONS) this.#taskSessions.delete(this.#taskSessions.keys().next().value!);
    this.#onTaskSession?.(taskArn, s);
  }
}

const isStartStep = (s: TaskStep) => s === 'eni-create' || s === 'assume-task-role' || s === 'assume-execution-role' || s === 'register-targets';

/**
 * When each step happens (docs/service-side-events.md §2, §4, §5; task lifecycle page): the interface
 * is created as the task is PROVISIONING; both roles are assumed in the same second as PENDING begins
 * (flaws2: task role first); targets are registered as the task becomes RUNNING (ACTIVATING) and
 * deregistered when its stop is requested (DEACTIVATING); the interface is deleted once the containers
 * have exited (DEPROVISIONING).
 */
function stepsOf(f: TaskLifecycleFact): Map<TaskStep, number> {
  const out = new Map<TaskStep, number>();
  if (f.networkInterface) out.set('eni-create', f.createdAt);
  if (f.pendingAt !== undefined) {
    if (f.taskRoleArn) out.set('assume-task-role', f.pendingAt);
    if (f.executionRoleArn) out.set('assume-execution-role', f.pendingAt);
  }
  if (f.loadBalancerTargets.length > 0 && f.runningAt !== undefined) {
    out.set('register-targets', f.runningAt);
    if (f.stoppingAt !== undefined) out.set('deregister-targets', f.stoppingAt);
  }
  if (f.networkInterface && f.deprovisioningAt !== undefined) out.set('eni-delete', f.deprovisioningAt);
  return out;
}

/** One RegisterTargets/DeregisterTargets call per target group, as the ELBv2 API takes one group per call. */
function byTargetGroup(f: TaskLifecycleFact): Map<string, TaskLifecycleFact['loadBalancerTargets'][number][]> {
  const out = new Map<string, TaskLifecycleFact['loadBalancerTargets'][number][]>();
  for (const t of f.loadBalancerTargets) {
    const list = out.get(t.targetGroupArn);
    if (list) list.push(t);
    else out.set(t.targetGroupArn, [t]);
  }
  return out;
}
