import type { OperationHandler } from './context.js';
import { ACCOUNT_SETTINGS_OPERATIONS } from './operations/account-settings/index.js';
import { ATTRIBUTES_OPERATIONS } from './operations/attributes/index.js';
import { CAPACITY_PROVIDERS_OPERATIONS } from './operations/capacity-providers/index.js';
import { CONTAINER_INSTANCES_OPERATIONS } from './operations/container-instances/index.js';
import { CLUSTERS_OPERATIONS } from './operations/clusters/index.js';
import { DAEMONS_OPERATIONS } from './operations/daemons/index.js';
import { EXPRESS_GATEWAY_SERVICES_OPERATIONS } from './operations/express-gateway-services/index.js';
import { GATEWAYS_OPERATIONS } from './operations/gateways/index.js';
import { SERVICES_OPERATIONS } from './operations/services/index.js';
import { SERVICE_DEPLOYMENTS_OPERATIONS } from './operations/service-deployments/index.js';
import { TAGS_OPERATIONS } from './operations/tags/index.js';
import { TASK_DEFINITIONS_OPERATIONS } from './operations/task-definitions/index.js';
import { TASKS_OPERATIONS } from './operations/tasks/index.js';
import { TASK_SETS_OPERATIONS } from './operations/task-sets/index.js';

/**
 * Every ECS operation the emulator serves, by its API name. Operations live in
 * `operations/<family>/<operation>.ts`, one file each, and each family's `index.ts` lists its own;
 * a new family is a new folder and one line here. The server checks at start-up that each name is an
 * operation of the ECS API (and so of `@aws-sdk/client-ecs`), and a family listing a name twice fails here.
 */
export const OPERATIONS: Readonly<Record<string, OperationHandler>> = Object.freeze(
  mergeFamilies([
    CLUSTERS_OPERATIONS,
    TASK_DEFINITIONS_OPERATIONS,
    TASKS_OPERATIONS,
    SERVICES_OPERATIONS,
    SERVICE_DEPLOYMENTS_OPERATIONS,
    TASK_SETS_OPERATIONS,
    TAGS_OPERATIONS,
    ACCOUNT_SETTINGS_OPERATIONS,
    DAEMONS_OPERATIONS,
    EXPRESS_GATEWAY_SERVICES_OPERATIONS,
    GATEWAYS_OPERATIONS,
    CONTAINER_INSTANCES_OPERATIONS,
    ATTRIBUTES_OPERATIONS,
    CAPACITY_PROVIDERS_OPERATIONS,
  ]),
);

function mergeFamilies(families: ReadonlyArray<Readonly<Record<string, OperationHandler>>>): Record<string, OperationHandler> {
  const all: Record<string, OperationHandler> = {};
  for (const family of families) {
    for (const [name, handler] of Object.entries(family)) {
      if (Object.hasOwn(all, name)) throw new Error(`operation ${name} is listed by two families`);
      all[name] = handler;
    }
  }
  // Alphabetical, whatever the family order: --help and the README list them so. Compared lowercased
  // rather than with localeCompare, which gives the same order for these ASCII names but loads ICU's
  // collator on its first use: 50–75 ms of every start-up.
  return Object.fromEntries(Object.entries(all).sort(([a], [b]) => byLowercase(a, b)));
}

function byLowercase(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
