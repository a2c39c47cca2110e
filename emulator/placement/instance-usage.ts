import type { OperationContext } from '../context.js';
import type { ContainerInstanceRecord } from '../model/container-instances/container-instance.js';
import { liveTasksOfCluster, taskStatusAt, type TaskRecord } from '../model/task.js';

type ReadContext = Pick<OperationContext, 'store' | 'now' | 'timings'>;

/** What the tasks not yet STOPPED on one container instance hold, and who they are. */
export interface InstanceUsage {
  cpu: number;
  memory: number;
  tcpPorts: Set<number>;
  udpPorts: Set<number>;
  /** Tasks with desiredStatus RUNNING (ECS's runningTasksCount). */
  running: number;
  /** Tasks whose lastStatus is PENDING (ECS's pendingTasksCount). */
  pending: number;
  /** Groups of its tasks that are not stopping (`task:group`, distinctInstance, spread). */
  groups: Map<string, number>;
  tasks: TaskRecord[];
}

/** Usage of every registered instance of a cluster, by ARN, from one scan of its live tasks. */
export function clusterUsage(ctx: ReadContext, clusterName: string, releasing?: ReadonlySet<string>): Map<string, InstanceUsage> {
  const out = new Map<string, InstanceUsage>();
  for (const task of liveTasksOfCluster(ctx, clusterName)) {
    const arn = task.containerInstanceArn;
    if (arn === undefined || releasing?.has(task.arn)) continue;
    const st = taskStatusAt(task, ctx.now, ctx.timings);
    if (st.lastStatus === 'STOPPED') continue;
    let u = out.get(arn);
    if (!u) out.set(arn, (u = emptyUsage()));
    const r = task.reservation;
    if (r) {
      u.cpu += r.cpu;
      u.memory += r.memory;
      for (const p of r.tcpPorts) u.tcpPorts.add(p);
      for (const p of r.udpPorts) u.udpPorts.add(p);
    }
    if (st.desiredStatus === 'RUNNING') {
      u.running++;
      u.groups.set(task.group, (u.groups.get(task.group) ?? 0) + 1);
    }
    if (st.lastStatus === 'PENDING') u.pending++;
    u.tasks.push(task);
  }
  return out;
}

export function usageOf(ctx: ReadContext, ci: ContainerInstanceRecord): InstanceUsage {
  return clusterUsage(ctx, ci.clusterName).get(ci.arn) ?? emptyUsage();
}

export function emptyUsage(): InstanceUsage {
  return { cpu: 0, memory: 0, tcpPorts: new Set(), udpPorts: new Set(), running: 0, pending: 0, groups: new Map(), tasks: [] };
}
