import { invalidParameter } from '../errors.js';

/**
 * ARNs in the long format ECS uses since 2021.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-account-settings.html#ecs-resource-ids
 */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export interface Scope {
  accountId: string;
  region: string;
}

const base = (s: Scope) => `arn:${partitionOf(s.region)}:ecs:${s.region}:${s.accountId}`;

export const clusterArn = (s: Scope, name: string) => `${base(s)}:cluster/${name}`;
export const serviceArn = (s: Scope, cluster: string, name: string) => `${base(s)}:service/${cluster}/${name}`;
export const taskArn = (s: Scope, cluster: string, id: string) => `${base(s)}:task/${cluster}/${id}`;
export const taskDefinitionArn = (s: Scope, family: string, revision: number) =>
  `${base(s)}:task-definition/${family}:${revision}`;
export const containerArn = (s: Scope, cluster: string, taskId: string, id: string) =>
  `${base(s)}:container/${cluster}/${taskId}/${id}`;
/**
 * A service revision is named by the digits of the `ecs-svc/<digits>` deployment that first ran it,
 * which is how Terraform's `wait_for_steady_state` pairs the PRIMARY deployment with its service
 * deployment (hashicorp/terraform-provider-aws `findPrimaryDeploymentARN`); AWS's example:
 * `service-revision/example/sd-example/4980306466373577095`.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListServiceDeployments.html
 */
export const serviceRevisionArn = (s: Scope, cluster: string, service: string, digits: string) =>
  `${base(s)}:service-revision/${cluster}/${service}/${digits}`;
/** AWS's example: `service-deployment/example/sd-example/NCWGC2ZR-taawPAYrIaU5`. */
export const serviceDeploymentArn = (s: Scope, cluster: string, service: string, id: string) =>
  `${base(s)}:service-deployment/${cluster}/${service}/${id}`;
export const containerInstanceArn = (s: Scope, cluster: string, id: string) =>
  `${base(s)}:container-instance/${cluster}/${id}`;
export const capacityProviderArn = (s: Scope, name: string) => `${base(s)}:capacity-provider/${name}`;

/**
 * Daemon family ARNs, as the API Reference examples write them: `daemon/<cluster>/<name>`,
 * `daemon-deployment/<cluster>/<name>/<16 letters and digits>`, `daemon-revision/<cluster>/<name>/<19
 * digits>`, `daemon-task-definition/<family>:<revision>`.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateDaemon.html
 */
export const daemonArn = (s: Scope, cluster: string, name: string) => `${base(s)}:daemon/${cluster}/${name}`;
export const daemonDeploymentArn = (s: Scope, cluster: string, name: string, id: string) =>
  `${base(s)}:daemon-deployment/${cluster}/${name}/${id}`;
export const daemonRevisionArn = (s: Scope, cluster: string, name: string, id: string) =>
  `${base(s)}:daemon-revision/${cluster}/${name}/${id}`;
export const daemonTaskDefinitionArn = (s: Scope, family: string, revision: number) =>
  `${base(s)}:daemon-task-definition/${family}:${revision}`;
/**
 * Gateway ARNs (API Reference examples): `gateway/<name>/<32 hex>`, and a route of it
 * `gateway-route/<name>/<gateway id>/<32 hex>`.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateGateway.html
 */
export const gatewayArn = (s: Scope, name: string, id: string) => `${base(s)}:gateway/${name}/${id}`;
export const gatewayRouteArn = (s: Scope, name: string, gatewayId: string, id: string) =>
  `${base(s)}:gateway-route/${name}/${gatewayId}/${id}`;

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resourceType: string;
  /** Everything after `<type>/`, e.g. `cluster/name` → `name`, `service/c/s` → `c/s`. */
  resource: string;
}

const ARN_RE = /^arn:(aws|aws-cn|aws-us-gov):([a-z0-9-]+):([a-z0-9-]*):(\d{12}):([a-z-]+)\/(.+)$/;

export function parseArn(arn: string): ParsedArn | undefined {
  const m = ARN_RE.exec(arn);
  if (!m) return undefined;
  return {
    partition: m[1]!,
    service: m[2]!,
    region: m[3]!,
    accountId: m[4]!,
    resourceType: m[5]!,
    resource: m[6]!,
  };
}

/** A cluster reference (name or ARN) as ECS accepts it in `cluster` members; `default` when absent. */
export function clusterNameOf(ref: string | undefined): string {
  if (ref === undefined || ref === '') return 'default';
  if (ref.startsWith('arn:')) {
    const p = parseArn(ref);
    if (!p || p.resourceType !== 'cluster') throw invalidParameter('Invalid cluster ARN.');
    return p.resource;
  }
  return ref;
}

/** The last path segment of an ARN, or the value itself when it is not an ARN. */
export function lastSegment(ref: string): string {
  const i = ref.lastIndexOf('/');
  return ref.startsWith('arn:') && i >= 0 ? ref.slice(i + 1) : ref;
}
