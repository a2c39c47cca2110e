import type { EcsStore } from '../../emulator/state/ecs-store.js';
import type { Random } from './random.js';

/**
 * The requests background activity makes, chosen from what exists at that moment in the actor's
 * (account, region) — the emulator's own state — so a DescribeServices names a real service and the
 * emulator, not the generator, decides the answer. When what an operation needs does not exist yet
 * (no cluster, no service), the actor does what a person would: list first.
 */
export interface PlannedCall {
  operation: string;
  params: Record<string, unknown>;
  /** An error the generator answers itself instead of the emulator (throttling). */
  synthesized?: { code: string; message: string };
}

export interface PlanScope {
  store: EcsStore;
  /** Restrict to these cluster names (background.clusters). */
  clusters?: readonly string[] | undefined;
  random: Random;
  now: number;
}

/**
 * Read-only calls dominate real ECS accounts (dashboards, CI polling, `aws ecs wait`, consoles), with a
 * trickle of changes; weights are relative.
 */
export const DEFAULT_MIX: Readonly<Record<string, number>> = Object.freeze({
  DescribeServices: 22,
  ListTasks: 14,
  DescribeTasks: 12,
  DescribeClusters: 12,
  ListServices: 11,
  ListClusters: 8,
  DescribeTaskDefinition: 8,
  ListTaskDefinitions: 5,
  ListTagsForResource: 4,
  ListTaskDefinitionFamilies: 2,
  UpdateService: 0.2,
  TagResource: 0.1,
});

type Planner = (s: PlanScope) => PlannedCall;

const activeClusters = (s: PlanScope): string[] => {
  const out: string[] = [];
  for (const c of s.store.clusters.values()) {
    if (c.status === 'ACTIVE' && (!s.clusters || s.clusters.includes(c.name))) out.push(c.name);
  }
  return out;
};

const servicesOf = (s: PlanScope, cluster: string): { name: string; arn: string; desiredCount: number }[] => {
  const out = [];
  for (const svc of s.store.services.values()) if (svc.clusterName === cluster && svc.status === 'ACTIVE') out.push(svc);
  return out;
};

const some = <T>(s: PlanScope, items: readonly T[], max: number): T[] => {
  const n = Math.min(items.length, s.random.int(1, max));
  const start = s.random.int(0, items.length - 1);
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(items[(start + i) % items.length]!);
  return out;
};

const call = (operation: string, params: Record<string, unknown> = {}): PlannedCall => ({ operation, params });

const PLANNERS: Record<string, Planner> = {
  ListClusters: () => call('ListClusters'),
  DescribeClusters: (s) => {
    const names = activeClusters(s);
    if (names.length === 0) return call('ListClusters');
    const include = s.random.pick([undefined, undefined, ['TAGS'], ['SETTINGS', 'STATISTICS']]);
    return call('DescribeClusters', include ? { clusters: some(s, names, 3), include } : { clusters: some(s, names, 3) });
  },
  ListServices: (s) => {
    const names = activeClusters(s);
    return names.length ? call('ListServices', { cluster: s.random.pick(names) }) : call('ListClusters');
  },
  DescribeServices: (s) => {
    const names = activeClusters(s);
    if (names.length === 0) return call('ListClusters');
    const cluster = s.random.pick(names);
    const services = servicesOf(s, cluster);
    if (services.length === 0) return call('ListServices', { cluster });
    return call('DescribeServices', { cluster, services: some(s, services, 3).map((x) => x.name) });
  },
  ListTasks: (s) => {
    const names = activeClusters(s);
    if (names.length === 0) return call('ListClusters');
    const cluster = s.random.pick(names);
    const services = servicesOf(s, cluster);
    if (services.length > 0 && s.random.chance(0.4)) return call('ListTasks', { cluster, serviceName: s.random.pick(services).name });
    return call('ListTasks', s.random.chance(0.15) ? { cluster, desiredStatus: 'STOPPED' } : { cluster });
  },
  DescribeTasks: (s) => {
    const names = activeClusters(s);
    if (names.length === 0) return call('ListClusters');
    const cluster = s.random.pick(names);
    const arns = s.store.tasksByCluster.get(cluster);
    if (!arns || arns.size === 0) return call('ListTasks', { cluster });
    return call('DescribeTasks', { cluster, tasks: some(s, [...arns], 4) });
  },
  ListTaskDefinitions: (s) => {
    const families = [...s.store.taskDefinitions.keys()];
    if (families.length > 0 && s.random.chance(0.5)) {
      return call('ListTaskDefinitions', { familyPrefix: s.random.pick(families), sort: 'DESC' });
    }
    return call('ListTaskDefinitions');
  },
  ListTaskDefinitionFamilies: (s) => call('ListTaskDefinitionFamilies', s.random.chance(0.5) ? { status: 'ACTIVE' } : {}),
  DescribeTaskDefinition: (s) => {
    const families = [...s.store.taskDefinitions.entries()].filter(([, revs]) => revs.length > 0);
    if (families.length === 0) return call('ListTaskDefinitions');
    const [family, revisions] = s.random.pick(families);
    const latest = revisions[revisions.length - 1]!;
    return call('DescribeTaskDefinition', { taskDefinition: s.random.chance(0.5) ? family : `${family}:${latest.revision}` });
  },
  ListTagsForResource: (s) => {
    const names = activeClusters(s);
    if (names.length === 0) return call('ListClusters');
    const cluster = s.random.pick(names);
    const services = servicesOf(s, cluster);
    const arn = services.length > 0 && s.random.chance(0.5) ? s.random.pick(services).arn : s.store.clusters.get(cluster)!.arn;
    return call('ListTagsForResource', { resourceArn: arn });
  },
  TagResource: (s) => {
    const names = activeClusters(s);
    if (names.length === 0) return call('ListClusters');
    const day = new Date(s.now).toISOString().slice(0, 10);
    return call('TagResource', {
      resourceArn: s.store.clusters.get(s.random.pick(names))!.arn,
      tags: [{ key: 'last-reviewed', value: day }],
    });
  },
  ListContainerInstances: (s) => {
    const names = activeClusters(s);
    if (names.length === 0) return call('ListClusters');
    return call('ListContainerInstances', s.random.chance(0.3) ? { cluster: s.random.pick(names), status: 'ACTIVE' } : { cluster: s.random.pick(names) });
  },
  DescribeContainerInstances: (s) => {
    const names = activeClusters(s);
    if (names.length === 0) return call('ListClusters');
    const cluster = s.random.pick(names);
    const arns: string[] = [];
    for (const ci of s.store.containerInstances.values()) if (ci.clusterName === cluster && ci.status !== 'INACTIVE') arns.push(ci.arn);
    if (arns.length === 0) return call('ListContainerInstances', { cluster });
    return call('DescribeContainerInstances', { cluster, containerInstances: some(s, arns, 5) });
  },
  DescribeCapacityProviders: () => call('DescribeCapacityProviders'),
  UpdateService: (s) => {
    const names = activeClusters(s);
    if (names.length === 0) return call('ListClusters');
    const cluster = s.random.pick(names);
    const services = servicesOf(s, cluster);
    if (services.length === 0) return call('ListServices', { cluster });
    const svc = s.random.pick(services);
    const desiredCount = Math.max(1, Math.min(10, svc.desiredCount + s.random.pick([-1, 1])));
    return call('UpdateService', { cluster, service: svc.name, desiredCount });
  },
};

export const BACKGROUND_OPERATIONS: ReadonlySet<string> = new Set(Object.keys(PLANNERS));

export function planCall(operation: string, s: PlanScope): PlannedCall {
  return PLANNERS[operation]!(s);
}

export type FailureKind = 'missingCluster' | 'badParameter' | 'throttling';

/** ECS's answer to a call over the account's request rate, an HTTP 400 the SDKs retry. */
export const THROTTLED = Object.freeze({ code: 'ThrottlingException', message: 'Rate exceeded' });

/**
 * A call that fails the way real background failures do: a stale cluster name in a script, a bad
 * parameter, or the API's rate limit.
 */
export function planFailure(kind: FailureKind, operation: string, s: PlanScope): PlannedCall {
  switch (kind) {
    case 'throttling':
      // ECS throttles per account and region with a token bucket, and answers ThrottlingException
      // "Rate exceeded" (dask/dask-cloudprovider#309); the SDK retries (background.ts).
      // @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html
      return { ...planCall(operation, s), synthesized: THROTTLED };
    case 'missingCluster': {
      const names = activeClusters(s);
      const base = names.length ? s.random.pick(names) : 'default';
      // A cluster that was renamed or torn down, as a stale script still names it.
      const suffixes = ['-old', '-staging', '-v1', '2'].filter((x) => !base.includes(x.replace(/^-/, '')));
      let cluster = `${base}${s.random.pick(suffixes)}`;
      while (s.store.clusters.get(cluster)?.status === 'ACTIVE') cluster += '-old';
      const op = s.random.pick(['ListServices', 'ListTasks', 'DescribeServices']);
      return call(op, op === 'DescribeServices' ? { cluster, services: ['web'] } : { cluster });
    }
    case 'badParameter':
      return badParameter(s);
  }
}

/**
 * Bad parameters scripts really send, with ECS's answers (docs/ecs-error-messages.md): more than 10
 * services in one DescribeServices ("service names can have at most 10 items."), a container's 64-digit
 * id where DescribeTasks wants a task id ("taskId longer than 36."), a page size over 100.
 */
function badParameter(s: PlanScope): PlannedCall {
  const names = activeClusters(s);
  const kind = names.length === 0 ? 2 : s.random.pick([0, 0, 1, 1, 2]);
  if (kind === 0) {
    const cluster = s.random.pick(names);
    const known = servicesOf(s, cluster).map((x) => x.name);
    const services = Array.from({ length: s.random.int(11, 20) }, (_, i) => known[i % Math.max(1, known.length)] ?? `svc-${i}`);
    return call('DescribeServices', { cluster, services });
  }
  if (kind === 1) {
    let containerId = '';
    while (containerId.length < 64) containerId += Math.floor(s.random.next() * 2 ** 32).toString(16).padStart(8, '0');
    return call('DescribeTasks', { cluster: s.random.pick(names), tasks: [containerId] });
  }
  const maxResults = s.random.int(101, 500);
  if (names.length === 0 || s.random.chance(0.4)) return call('ListClusters', { maxResults });
  return call(s.random.pick(['ListServices', 'ListTasks']), { cluster: s.random.pick(names), maxResults });
}
