import type { Tag } from '@aws-sdk/client-ecs';
import type { ClusterRecord } from '../model/cluster.js';
import type { TaskDefinitionRecord } from '../model/task-definition.js';
import type { TaskRecord } from '../model/task.js';
import type { ServiceRecord } from '../model/service.js';
import type { ContainerInstanceRecord } from '../model/container-instances/container-instance.js';
import type { CapacityProviderRecord } from '../model/capacity-providers/capacity-provider.js';
import type { PrincipalSettings } from '../model/account-settings.js';
import type { TaskProtectionRecord } from '../model/task-protection.js';
import type { DaemonFamilyState } from '../model/daemon-state.js';
import type { GatewayFamilyState } from '../model/gateway-state.js';
import type { ExpressServiceRecord } from '../model/express-gateway-service.js';

/** The ECS state of one (account, region). Records are immutable; replace them through a Transaction. */
export class EcsStore {
  /** cluster name → cluster (ACTIVE, or INACTIVE after DeleteCluster) */
  readonly clusters = new Map<string, ClusterRecord>();
  /** family → its revisions, revision n at index n-1 */
  readonly taskDefinitions = new Map<string, readonly TaskDefinitionRecord[]>();
  /** task ARN → task */
  readonly tasks = new Map<string, TaskRecord>();
  /** cluster name → ARNs of its describable tasks (long-stopped ones are forgotten on read) */
  readonly tasksByCluster = new Map<string, Set<string>>();
  /** cluster name → ARNs of its tasks not yet seen STOPPED: what counters and RUNNING lists scan */
  readonly liveTasksByCluster = new Map<string, Set<string>>();
  /** cluster name → ARNs of tasks seen STOPPED, in the order they were seen (oldest first) */
  readonly stoppedTasksByCluster = new Map<string, string[]>();
  /** service ARN → service */
  readonly services = new Map<string, ServiceRecord>();
  /** container instance ARN → instance (registered, draining, or deregistered and INACTIVE), in registration order */
  readonly containerInstances = new Map<string, ContainerInstanceRecord>();
  /** capacity provider name → Auto Scaling group capacity provider (FARGATE/FARGATE_SPOT are implicit) */
  readonly capacityProviders = new Map<string, CapacityProviderRecord>();
  /** resource ARN → its tags, in the order they were added */
  readonly tags = new Map<string, readonly Tag[]>();
  /** Clusters in the order they were deleted, to forget them once their retention has passed. */
  readonly deletedClusters: Array<{ name: string; at: number }> = [];
  /** IAM principal ARN (user, role or root: the account default) → its account settings */
  readonly accountSettings = new Map<string, PrincipalSettings>();
  /** task ARN → its scale-in protection (only tasks of services; absent = not protected) */
  readonly taskProtection = new Map<string, TaskProtectionRecord>();
  /** service ARN → the Express Gateway configuration of a service made by CreateExpressGatewayService */
  readonly expressServices = new Map<string, ExpressServiceRecord>();
  /** daemons, their task definitions, deployments and revisions */
  readonly daemons: DaemonFamilyState = {
    taskDefinitions: new Map(),
    daemons: new Map(),
    deployments: new Map(),
    revisions: new Map(),
  };
  /** gateways and their cluster associations */
  readonly gateways: GatewayFamilyState = { gateways: new Map(), associations: new Map() };
}

/** Lazily created stores keyed by account and region, owned by one emulator instance. */
export class AccountRegionStores<T> {
  readonly #create: () => T;
  /** account → region → store: every call looks its store up, and a nested lookup builds no key. */
  readonly #stores = new Map<string, Map<string, T>>();
  constructor(create: () => T) {
    this.#create = create;
  }
  get(accountId: string, region: string): T {
    let byRegion = this.#stores.get(accountId);
    if (!byRegion) this.#stores.set(accountId, (byRegion = new Map()));
    let store = byRegion.get(region);
    if (!store) {
      store = this.#create();
      byRegion.set(region, store);
    }
    return store;
  }
  *entries(): Generator<{ accountId: string; region: string; store: T }> {
    for (const [accountId, byRegion] of this.#stores) {
      for (const [region, store] of byRegion) yield { accountId, region, store };
    }
  }
  reset(): void {
    this.#stores.clear();
  }
}
