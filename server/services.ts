import { ECS_EVENT_SOURCE } from '../trail-writer/index.js';
import { cloudTrailModel, ecsModel, type ServiceModel } from './protocol/service-model.js';
import { UNMODELLED_ECS_OPERATIONS } from './protocol/unmodelled-operations.js';

/** The AWS services that answer on our port, by X-Amz-Target prefix. */
export interface ServiceDescriptor {
  name: 'ecs' | 'cloudtrail';
  /** SigV4 signing name in the credential scope. */
  signingName: string;
  eventSource: string;
  model: ServiceModel;
  /** Operations of the service's current API that `model` lacks: routed, not validated. */
  unmodelledOperations?: ReadonlySet<string>;
}

/** Whether `operation` is an operation of the service's API (so the call is routed and recorded). */
export function hasOperation(service: ServiceDescriptor, operation: string): boolean {
  return Object.hasOwn(service.model.operations, operation) || service.unmodelledOperations?.has(operation) === true;
}

export const ECS: ServiceDescriptor = {
  name: 'ecs',
  signingName: 'ecs',
  eventSource: ECS_EVENT_SOURCE,
  model: ecsModel,
  unmodelledOperations: UNMODELLED_ECS_OPERATIONS,
};

export const CLOUDTRAIL: ServiceDescriptor = {
  name: 'cloudtrail',
  signingName: 'cloudtrail',
  eventSource: 'cloudtrail.amazonaws.com',
  model: cloudTrailModel,
};

export const SERVICES_BY_TARGET: ReadonlyMap<string, ServiceDescriptor> = new Map([
  [ecsModel.metadata.targetPrefix, ECS],
  [cloudTrailModel.metadata.targetPrefix, CLOUDTRAIL],
  // The JS SDK v3 prefixes the Smithy service shape name (`CloudTrail_20131101.LookupEvents`, see
  // serviceTarget in @aws-sdk/client-cloudtrail); botocore sends the full targetPrefix above.
  ['CloudTrail_20131101', CLOUDTRAIL],
]);
