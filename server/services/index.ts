import type { ServiceDeps } from './service-deps.js';
import type { ServiceDescriptor } from './service-descriptor.js';
import { ServiceTable } from './service-table.js';
import { ecsService } from './ecs/index.js';
import { cloudTrailService } from './cloudtrail/index.js';
import { stsService } from './sts/index.js';

/**
 * The AWS services that answer on our port. Adding one: a folder server/services/<name>/ whose
 * index.ts builds its ServiceDescriptor, and one line here.
 */
const SERVICES: readonly ((deps: ServiceDeps) => ServiceDescriptor)[] = [
  ecsService,
  cloudTrailService,
  stsService,
];

export function buildServiceTable(deps: ServiceDeps): ServiceTable {
  return new ServiceTable(SERVICES.map((make) => make(deps)));
}

export { ServiceTable, type Routed } from './service-table.js';
export type { CallContext, Outcome, ServiceDescriptor, ServiceError } from './service-descriptor.js';
export type { ServiceDeps } from './service-deps.js';
