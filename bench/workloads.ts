import type autocannon from 'autocannon';
import { awsCall, awsHeaders, describeError } from './aws-request.js';

/**
 * The state the workloads read and change, made once on the emulator over HTTP. Each step that
 * fails (an operation not written yet) is noted and replaced by a name, so the workloads still run
 * and report their error answers instead of stopping the bench.
 */
export interface Fixture {
  cluster: string;
  clusterArn: string;
  service: string;
  family: string;
  taskArns: string[];
  setupErrors: string[];
}

const CLUSTER = 'bench-cluster';
const SERVICE = 'bench-service';
const FAMILY = 'bench-app';
const NETWORK = {
  awsvpcConfiguration: {
    subnets: ['subnet-0a1b2c3d4e5f60718'],
    securityGroups: ['sg-0a1b2c3d4e5f60718'],
    assignPublicIp: 'DISABLED',
  },
};

function taskDefinitionInput(family: string): Record<string, unknown> {
  return {
    family,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    containerDefinitions: [
      {
        name: 'web',
        image: 'public.ecr.aws/nginx/nginx:1.27',
        essential: true,
        portMappings: [{ containerPort: 80, protocol: 'tcp' }],
        environment: [{ name: 'STAGE', value: 'bench' }],
      },
    ],
  };
}

export async function setUpFixture(url: string): Promise<Fixture> {
  const f: Fixture = {
    cluster: CLUSTER,
    clusterArn: `arn:aws:ecs:us-east-1:123456789012:cluster/${CLUSTER}`,
    service: SERVICE,
    family: FAMILY,
    taskArns: [],
    setupErrors: [],
  };
  const step = async (operation: string, input: unknown): Promise<Record<string, any> | undefined> => {
    const a = await awsCall(url, operation, input);
    if (a.status === 200) return a.body;
    f.setupErrors.push(`${operation}: ${describeError(a)}`);
    return undefined;
  };
  const cluster = await step('CreateCluster', { clusterName: CLUSTER, tags: [{ key: 'team', value: 'bench' }] });
  if (cluster?.cluster?.clusterArn) f.clusterArn = cluster.cluster.clusterArn;
  await step('RegisterTaskDefinition', taskDefinitionInput(FAMILY));
  await step('CreateService', {
    cluster: CLUSTER,
    serviceName: SERVICE,
    taskDefinition: FAMILY,
    desiredCount: 2,
    launchType: 'FARGATE',
    networkConfiguration: NETWORK,
  });
  const run = await step('RunTask', {
    cluster: CLUSTER,
    taskDefinition: FAMILY,
    count: 5,
    launchType: 'FARGATE',
    networkConfiguration: NETWORK,
    startedBy: 'bench-setup',
  });
  for (const t of (run?.tasks ?? []) as { taskArn?: string }[]) if (t.taskArn) f.taskArns.push(t.taskArn);
  if (f.taskArns.length === 0) f.taskArns.push(`arn:aws:ecs:us-east-1:123456789012:task/${CLUSTER}/0123456789abcdef0123456789abcdef`);
  return f;
}

/** Answers per operation during one run: how many, how many not 2xx, and the first error seen. */
export type Tally = Record<string, { answers: number; non2xx: number; firstError?: string }>;

export interface Workload {
  name: string;
  operations: string[];
  /** Fresh autocannon requests that count their answers into `tally`. */
  requests(f: Fixture, tally: Tally): autocannon.Request[];
}

type Ctx = Record<string, unknown>;

function request(
  operation: string,
  tally: Tally,
  body: (ctx: Ctx) => unknown,
  onOk?: (json: Record<string, any>, ctx: Ctx) => void,
): autocannon.Request {
  const t: Tally[string] = (tally[operation] = { answers: 0, non2xx: 0 });
  const headers = awsHeaders(operation);
  return {
    method: 'POST',
    path: '/',
    headers,
    setupRequest: (req, ctx) => ({ ...req, body: JSON.stringify(body(ctx as Ctx)) }),
    onResponse: (status, text, ctx) => {
      t.answers++;
      if (status >= 200 && status < 300) {
        if (onOk) {
          try {
            onOk(JSON.parse(text) as Record<string, any>, ctx as Ctx);
          } catch {
            /* the baseline's fixed answer has no ARNs: the fallbacks apply */
          }
        }
        return;
      }
      t.non2xx++;
      if (t.firstError === undefined) {
        let parsed: Record<string, unknown> = {};
        try {
          parsed = JSON.parse(text) as Record<string, unknown>;
        } catch {
          parsed = { message: text.slice(0, 120) };
        }
        t.firstError = describeError({ status, body: parsed });
      }
    },
  };
}

export const READ_HEAVY: Workload = {
  name: 'read-heavy',
  operations: ['DescribeClusters', 'DescribeServices', 'ListTasks', 'DescribeTasks'],
  requests: (f, tally) => [
    request('DescribeClusters', tally, () => ({ clusters: [f.cluster], include: ['TAGS'] })),
    request('DescribeServices', tally, () => ({ cluster: f.cluster, services: [f.service] })),
    request('ListTasks', tally, () => ({ cluster: f.cluster, maxResults: 20 })),
    request('DescribeTasks', tally, () => ({ cluster: f.cluster, tasks: f.taskArns.slice(0, 5) })),
  ],
};

export const WRITE_HEAVY: Workload = {
  name: 'write-heavy',
  operations: ['RunTask', 'StopTask', 'RegisterTaskDefinition', 'UpdateService', 'TagResource', 'UntagResource'],
  requests: (f, tally) => [
    request(
      'RunTask',
      tally,
      () => ({
        cluster: f.cluster,
        taskDefinition: f.family,
        count: 1,
        launchType: 'FARGATE',
        networkConfiguration: NETWORK,
        startedBy: 'bench',
      }),
      (json, ctx) => {
        ctx.taskArn = json.tasks?.[0]?.taskArn;
      },
    ),
    request('StopTask', tally, (ctx) => ({
      cluster: f.cluster,
      task: (ctx.taskArn as string | undefined) ?? f.taskArns[0],
      reason: 'bench: stopped by the write-heavy workload',
    })),
    request('RegisterTaskDefinition', tally, () => taskDefinitionInput(`${f.family}-writes`)),
    request('UpdateService', tally, (ctx) => {
      ctx.flip = !ctx.flip;
      return { cluster: f.cluster, service: f.service, desiredCount: ctx.flip ? 1 : 2 };
    }),
    request('TagResource', tally, () => ({ resourceArn: f.clusterArn, tags: [{ key: 'bench', value: 'write-heavy' }] })),
    request('UntagResource', tally, () => ({ resourceArn: f.clusterArn, tagKeys: ['bench'] })),
  ],
};

/**
 * The smallest call there is, ListClusters (the bench's account has one cluster): what any call
 * costs before its operation does anything (HTTP, identity, record, journal, event history).
 * Reported only with `--only fixed-cost`; no target.
 */
export const FIXED_COST: Workload = {
  name: 'fixed-cost',
  operations: ['ListClusters'],
  requests: (_f, tally) => [request('ListClusters', tally, () => ({}))],
};

/** A new cluster per call: what the emulator holds (and the dashboard shows) grows with the load. */
export const CREATE_CLUSTERS: Workload = {
  name: 'create-clusters',
  operations: ['CreateCluster'],
  requests: (_f, tally) => {
    let n = 0;
    const run = `${Date.now().toString(36)}`;
    return [request('CreateCluster', tally, () => ({ clusterName: `bench-${run}-${n++}` }))];
  },
};

/**
 * Every call of both mixes: what the bench puts through the emulator between its two measurements,
 * so state (tasks, task definition revisions, tags) and event history grow as a long session's would.
 */
export const GROWTH: Workload = {
  name: 'growth',
  operations: [...READ_HEAVY.operations, ...WRITE_HEAVY.operations],
  requests: (f, tally) => [...WRITE_HEAVY.requests(f, tally), ...READ_HEAVY.requests(f, tally)],
};
