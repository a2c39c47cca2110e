import { clusterArn, serviceArn, taskArn, taskDefinitionArn, type Scope } from '../../emulator/model/arn.js';
import type { EcsStore } from '../../emulator/state/ecs-store.js';

/**
 * The resource an IAM denial names: the action's resource type from the Service Authorization
 * Reference (cluster*, service*, task*, task-definition*), `*` for actions without one (List*,
 * RegisterTaskDefinition). RunTask is checked against the task definition (LBHackney-IT/Data-Platform#1818).
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html
 */
export function deniedResource(operation: string, p: Record<string, unknown>, scope: Scope, store: EcsStore): string {
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const nameOf = (v: string | undefined) => (v?.startsWith('arn:') ? v.split('/').at(-1)! : v);
  const cluster = nameOf(str(p.cluster)) ?? 'default';
  const arnOr = (v: string | undefined, make: (name: string) => string) =>
    v === undefined ? '*' : v.startsWith('arn:') ? v : make(v);
  switch (operation) {
    case 'CreateCluster':
      return clusterArn(scope, str(p.clusterName) ?? 'default');
    case 'DeleteCluster':
    case 'UpdateCluster':
    case 'UpdateClusterSettings':
      return arnOr(str(p.cluster), (n) => clusterArn(scope, n));
    case 'DescribeClusters':
      return arnOr(str((p.clusters as unknown[] | undefined)?.[0]) ?? 'default', (n) => clusterArn(scope, n));
    case 'CreateService':
      return serviceArn(scope, cluster, str(p.serviceName) ?? '*');
    case 'UpdateService':
    case 'DeleteService':
      return arnOr(str(p.service), (n) => serviceArn(scope, cluster, n));
    case 'DescribeServices':
      return arnOr(str((p.services as unknown[] | undefined)?.[0]), (n) => serviceArn(scope, cluster, n));
    case 'StopTask':
    case 'ExecuteCommand':
      return arnOr(str(p.task), (id) => taskArn(scope, cluster, id));
    case 'GetTaskProtection':
    case 'UpdateTaskProtection':
      return arnOr(str((p.tasks as unknown[] | undefined)?.[0]), (id) => taskArn(scope, cluster, id));
    case 'DescribeTasks':
      return arnOr(str((p.tasks as unknown[] | undefined)?.[0]), (id) => taskArn(scope, cluster, id));
    case 'RunTask':
    case 'StartTask':
      return arnOr(str(p.taskDefinition), (ref) => {
        const [family, revision] = ref.split(':');
        const latest = store.taskDefinitions.get(family!)?.filter((t) => t.status === 'ACTIVE').at(-1)?.revision;
        const rev = revision !== undefined ? Number(revision) : latest;
        return rev === undefined ? '*' : taskDefinitionArn(scope, family!, rev);
      });
    case 'TagResource':
    case 'UntagResource':
    case 'ListTagsForResource':
      return str(p.resourceArn) ?? '*';
    default:
      return '*';
  }
}
