import { ECS_EVENT_SOURCE } from '../trail-writer/index.js';
import { cloudTrailModel, ecsModel, type ServiceModel } from './protocol/service-model.js';

/** The AWS services that answer on our port, by X-Amz-Target prefix. */
export interface ServiceDescriptor {
  name: 'ecs' | 'cloudtrail';
  /** SigV4 signing name in the credential scope. */
  signingName: string;
  eventSource: string;
  model: ServiceModel;
}

export const ECS: ServiceDescriptor = {
  name: 'ecs',
  signingName: 'ecs',
  eventSource: ECS_EVENT_SOURCE,
  model: ecsModel,
};

export const CLOUDTRAIL: ServiceDescriptor = {
  name: 'cloudtrail',
  signingName: 'cloudtrail',
  eventSource: 'cloudtrail.amazonaws.com',
  model: cloudTrailModel,
};

/**
 * Each service by the X-Amz-Target prefixes clients send: botocore and the AWS CLI send the JSON
 * model's targetPrefix; the JS SDK v3 sends its Smithy service shape name (`CloudTrail_20131101.
 * LookupEvents`, see serviceTarget in @aws-sdk/client-cloudtrail), which for ECS is the same.
 */
export const SERVICES_BY_TARGET: ReadonlyMap<string, ServiceDescriptor> = new Map(
  [ECS, CLOUDTRAIL].flatMap((s) => [
    [s.model.metadata.targetPrefix, s],
    [s.model.metadata.serviceTarget, s],
  ]),
);
