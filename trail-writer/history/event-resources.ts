/**
 * The `Resources` event history shows for a record. CloudTrail fills them per service and AWS does not
 * document the ECS mapping (cloudtrail-research.md §7 lists it as a gap), so ecs-trail derives them
 * from the request and the response, with the CloudFormation type names event history uses:
 *
 * - AWS::ECS::Cluster        request `cluster`, `clusterName`, `clusters[]`; response `cluster.clusterArn`
 * - AWS::ECS::Service        request `service`, `serviceName`, `services[]`; response `service.serviceArn`
 * - AWS::ECS::TaskDefinition request `taskDefinition`, `family`; response `taskDefinition.taskDefinitionArn`
 * - AWS::ECS::Task           request `task`, `tasks[]`; response `task.taskArn`, `tasks[].taskArn`
 * - AWS::ECS::ContainerInstance request `containerInstance`, `containerInstances[]`
 * - AWS::ECS::TaskSet        request `taskSet`, `primaryTaskSet`, `taskSets[]`; response `taskSet.taskSetArn`
 * - request `resourceArn` (tag operations): typed by the ARN's resource segment
 * - a record's own `resources[]` ({ARN, type}), which some services fill
 *
 * Each resource is listed once, in the form the call first names it (a name where the caller gave a
 * name, an ARN where it gave an ARN, the response's ARN for what the call created without naming it):
 * a created cluster is `hist`, not `hist` and its ARN. AWS shows no ECS event's Resources, so this
 * follows its lookup examples, which look resources up by the name the user typed (a bare role name),
 * and its definition of one entry per "resource referenced by the event"
 * (docs/cloudtrail-self-events.md, [GUESS] for ECS).
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/view-cloudtrail-events-cli.html
 */
export type ResourcePair = readonly [type: string, name: string];

const CLUSTER = 'AWS::ECS::Cluster';
const SERVICE = 'AWS::ECS::Service';
const TASK_DEFINITION = 'AWS::ECS::TaskDefinition';
const TASK = 'AWS::ECS::Task';
const CONTAINER_INSTANCE = 'AWS::ECS::ContainerInstance';
const TASK_SET = 'AWS::ECS::TaskSet';

const ARN_TYPES: Record<string, string> = {
  cluster: CLUSTER,
  service: SERVICE,
  'task-definition': TASK_DEFINITION,
  task: TASK,
  'container-instance': CONTAINER_INSTANCE,
  'capacity-provider': 'AWS::ECS::CapacityProvider',
  'task-set': TASK_SET,
};

/** RunTask can start 10 tasks; a Describe call can name 100: event history keeps the list short. */
const MAX_RESOURCES = 20;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : []);

export function resourcesOf(record: Json): ResourcePair[] {
  return resourcesIn(record.eventSource, record.requestParameters, record.responseElements, record.resources);
}

/**
 * The same from a record's parts (its source, requestParameters, responseElements and own
 * `resources`), for a record the writer has not turned into an object.
 */
export function resourcesIn(eventSource: unknown, requestParameters: unknown, responseElements: unknown, own: unknown): ResourcePair[] {
  const out: ResourcePair[] = [];
  const add = (type: string, name: string | undefined) => {
    if (!name || out.length >= MAX_RESOURCES) return;
    // Mentions of one resource are one pair (identityOf); a record names a handful of resources, so a
    // look along the list costs less than a set of joined keys.
    const id = identityOf(type, name);
    for (const [t, n] of out) if (t === type && identityOf(t, n) === id) return;
    out.push([type, name]);
  };
  if (eventSource === 'ecs.amazonaws.com') ecsResources(obj(requestParameters) ?? {}, obj(responseElements) ?? {}, add);
  if (Array.isArray(own)) {
    for (const r of own) {
      const o = obj(r);
      if (o && str(o.type) && str(o.ARN)) add(o.type as string, o.ARN as string);
    }
  }
  return out;
}

/**
 * What makes two mentions one resource: the id after the ARN's last `/` (cluster, service, task, …),
 * and for a task definition its family (`web`, `web:3` and the revision's ARN are one definition in a
 * call: RegisterTaskDefinition names the family and returns the new revision).
 */
function identityOf(type: string, name: string): string {
  if (!type.startsWith('AWS::ECS::')) return name;
  const id = name.startsWith('arn:') ? name.slice(name.lastIndexOf('/') + 1) : name;
  if (type !== TASK_DEFINITION) return id;
  const colon = id.indexOf(':');
  return colon < 0 ? id : id.slice(0, colon);
}

function ecsResources(req: Json, res: Json, add: (type: string, name: string | undefined) => void): void {
  add(CLUSTER, str(req.cluster) ?? str(req.clusterName));
  for (const c of strs(req.clusters)) add(CLUSTER, c);
  add(CLUSTER, str(obj(res.cluster)?.clusterArn));
  add(SERVICE, str(req.service) ?? str(req.serviceName));
  for (const s of strs(req.services)) add(SERVICE, s);
  add(SERVICE, str(obj(res.service)?.serviceArn));
  add(TASK_DEFINITION, str(req.taskDefinition) ?? str(req.family));
  add(TASK_DEFINITION, str(obj(res.taskDefinition)?.taskDefinitionArn));
  add(TASK, str(req.task));
  for (const t of strs(req.tasks)) add(TASK, t);
  add(TASK, str(obj(res.task)?.taskArn));
  if (Array.isArray(res.tasks)) for (const t of res.tasks) add(TASK, str(obj(t)?.taskArn));
  add(CONTAINER_INSTANCE, str(req.containerInstance));
  for (const c of strs(req.containerInstances)) add(CONTAINER_INSTANCE, c);
  add(TASK_SET, str(req.taskSet) ?? str(req.primaryTaskSet));
  for (const s of strs(req.taskSets)) add(TASK_SET, s);
  add(TASK_SET, str(obj(res.taskSet)?.taskSetArn));
  const arn = str(req.resourceArn);
  if (arn) {
    // arn:aws:ecs:<region>:<account>:<type>/<id...>
    const type = ARN_TYPES[arn.split(':')[5]?.split('/')[0] ?? ''];
    if (type) add(type, arn);
  }
}
