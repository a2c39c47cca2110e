import type { Attachment, Container, Task } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../context.js';
import { reuseOutput } from './reused-output.js';
import { tagsOf } from './tags.js';
import { taskStatusAt, type TaskRecord, type TaskState } from './task.js';

// The Task shape ECS returns (RunTask, StartTask, StopTask, DescribeTasks): a task's record and its state at a time.

const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));

function eniAttachment(task: TaskRecord, st: TaskState): Attachment | undefined {
  const eni = task.eni;
  if (!eni) return undefined;
  let status = 'PRECREATED';
  if (st.lastStatus === 'DEPROVISIONING') status = 'DETACHING';
  else if (st.lastStatus === 'STOPPED') status = 'DETACHED';
  else if (st.lastStatus !== 'PROVISIONING') status = 'ATTACHED';
  // While PROVISIONING the interface does not exist yet: ECS names only the subnet (the AWS CLI's
  // run-task example for Fargate: PRECREATED, `details: [{subnetId}]`; issue #15, no look-ahead).
  if (status === 'PRECREATED') {
    return { id: eni.attachmentId, type: 'ElasticNetworkInterface', status, details: [{ name: 'subnetId', value: eni.subnetId }] };
  }
  return {
    id: eni.attachmentId,
    type: 'ElasticNetworkInterface',
    status,
    details: [
      { name: 'subnetId', value: eni.subnetId },
      { name: 'networkInterfaceId', value: eni.eniId },
      { name: 'macAddress', value: eni.macAddress },
      { name: 'privateDnsName', value: eni.privateDnsName },
      { name: 'privateIPv4Address', value: eni.privateIp },
    ],
  };
}

function containerStatus(st: TaskState): string {
  switch (st.lastStatus) {
    case 'RUNNING':
    case 'DEACTIVATING':
    case 'STOPPING':
      return st.startedAt !== undefined ? 'RUNNING' : 'PENDING';
    case 'DEPROVISIONING':
    case 'STOPPED':
      return 'STOPPED';
    default:
      return 'PENDING';
  }
}

/**
 * The Task shape ECS returns for this task at `ctx.now`. `created`: the RunTask/StartTask answer,
 * given before the agent has reported anything: no `healthStatus` and no `networkBindings` (the AWS
 * CLI's run-task examples, EC2 and Fargate, show neither), which DescribeTasks shows later.
 * @see https://awscli.amazonaws.com/v2/documentation/api/latest/reference/ecs/run-task.html
 */
export function renderTask(
  ctx: Pick<OperationContext, 'store' | 'now' | 'timings'>,
  task: TaskRecord,
  includeTags = false,
  created = false,
): Task {
  const st = taskStatusAt(task, ctx.now, ctx.timings);
  // Without tags (kept apart from the task) and past its creation, the answer depends on the record
  // and its state alone. A record never changes (a change replaces it), so the same record in the same
  // state renders the same task: the last rendering is handed out again (frozen, see reused-output.ts).
  if (includeTags || created) return renderTaskAt(ctx, task, st, includeTags, created);
  const last = lastRendered.get(task);
  if (last !== undefined && sameState(last.st, st)) return last.task;
  const out = reuseOutput(renderTaskAt(ctx, task, st, false, false));
  lastRendered.set(task, { st, task: out });
  return out;
}

/** Each task record's last reusable rendering, and the state it shows; gone with the record. */
const lastRendered = new WeakMap<TaskRecord, { st: TaskState; task: Task }>();

/** Same members, same values: what taskStatusAt computed for one record at two times. */
function sameState(a: TaskState, b: TaskState): boolean {
  const ka = Object.keys(a) as (keyof TaskState)[];
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (a[k] !== b[k]) return false;
  return true;
}

function renderTaskAt(
  ctx: Pick<OperationContext, 'store' | 'now' | 'timings'>,
  task: TaskRecord,
  st: TaskState,
  includeTags: boolean,
  created: boolean,
): Task {
  const cStatus = containerStatus(st);
  const eniExists = task.eni !== undefined && st.lastStatus !== 'PROVISIONING';
  // Lifecycle timings of 0 (IMMEDIATE_TIMINGS) start the task within the call: then it is shown running.
  const unreported = created && st.startedAt === undefined;
  const containers: Container[] = task.containers.map((c) => {
    const out: Container = {
      containerArn: c.containerArn,
      taskArn: task.arn,
      name: c.name,
      image: c.image,
      lastStatus: cStatus,
      networkBindings: c.networkBindings && st.startedAt !== undefined && cStatus !== 'STOPPED' ? [...c.networkBindings] : [],
      networkInterfaces: eniExists ? [{ attachmentId: task.eni!.attachmentId, privateIpv4Address: task.eni!.privateIp }] : [],
      healthStatus: 'UNKNOWN',
      cpu: c.cpu ?? '0',
    };
    if (unreported) {
      delete out.networkBindings;
      delete out.healthStatus;
    }
    if (st.startedAt !== undefined) out.runtimeId = c.runtimeId;
    if (c.memory !== undefined) out.memory = c.memory;
    if (c.memoryReservation !== undefined) out.memoryReservation = c.memoryReservation;
    if (cStatus === 'STOPPED' && st.startedAt !== undefined) out.exitCode = 0;
    // ECS Exec: the SSM agent ECS adds to each container of a task started with enableExecuteCommand
    // (ecs-exec.html: describe-tasks shows `managedAgents` with `ExecuteCommandAgent`).
    if (task.enableExecuteCommand) {
      out.managedAgents = [
        st.startedAt === undefined
          ? { name: 'ExecuteCommandAgent', lastStatus: cStatus === 'STOPPED' ? 'STOPPED' : 'PENDING' }
          : { lastStartedAt: new Date(st.startedAt), name: 'ExecuteCommandAgent', lastStatus: cStatus },
      ];
    }
    return out;
  });
  const attachment = eniAttachment(task, st);
  const out: Task = {
    attachments: attachment ? [attachment] : [],
    attributes: [{ name: 'ecs.cpu-architecture', value: 'x86_64' }],
    availabilityZone: task.availabilityZone,
    clusterArn: task.clusterArn,
    containerInstanceArn: task.containerInstanceArn,
    connectivity: st.connectivityAt !== undefined ? 'CONNECTED' : undefined,
    connectivityAt: date(st.connectivityAt),
    containers,
    cpu: task.cpu,
    createdAt: new Date(task.createdAt),
    desiredStatus: st.desiredStatus,
    enableExecuteCommand: task.enableExecuteCommand,
    group: task.group,
    healthStatus: unreported ? undefined : 'UNKNOWN',
    lastStatus: st.lastStatus,
    launchType: task.launchType,
    memory: task.memory,
    overrides: task.overrides,
    platformVersion: task.platformVersion,
    platformFamily: task.platformFamily,
    pullStartedAt: date(st.pullStartedAt),
    pullStoppedAt: date(st.pullStoppedAt),
    startedAt: date(st.startedAt),
    startedBy: task.startedBy,
    stopCode: st.desiredStatus === 'STOPPED' ? task.stop?.stopCode : undefined,
    stoppedReason: st.desiredStatus === 'STOPPED' ? task.stop?.reason : undefined,
    stoppingAt: date(st.stoppingAt),
    executionStoppedAt: date(st.executionStoppedAt),
    stoppedAt: date(st.stoppedAt),
    tags: includeTags ? tagsOf(ctx, task.arn) : [],
    taskArn: task.arn,
    taskDefinitionArn: task.taskDefinitionArn,
    version: st.version,
  };
  if (task.capacityProviderName) out.capacityProviderName = task.capacityProviderName;
  if (task.ephemeralStorageGiB !== undefined) out.ephemeralStorage = { sizeInGiB: task.ephemeralStorageGiB };
  if (task.ephemeralStorageGiB !== undefined) out.fargateEphemeralStorage = { sizeInGiB: task.ephemeralStorageGiB };
  for (const key of Object.keys(out) as (keyof Task)[]) if (out[key] === undefined) delete out[key];
  return out;
}
