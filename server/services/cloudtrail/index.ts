import { LookupEventsError } from '../../../trail-writer/index.js';
import { awsJson11 } from '../../protocol/aws-json.js';
import { notServed } from '../../protocol/protocol-errors.js';
import { cloudTrailModel } from '../../protocol/service-model.js';
import { OperationValidators } from '../../protocol/validate.js';
import type { ServiceDeps } from '../service-deps.js';
import type { ServiceDescriptor } from '../service-descriptor.js';

/**
 * AWS CloudTrail (awsJson1_1), for its LookupEvents over the emulator's own event history. Each
 * LookupEvents call is itself recorded, as a read-only `cloudtrail.amazonaws.com` event.
 */
export function cloudTrailService(deps: ServiceDeps): ServiceDescriptor {
  // LookupEvents checks its own input with CloudTrail's messages (trail-writer/history/lookup-request.ts);
  // the validators drop members the model does not know.
  const validators = new OperationValidators(cloudTrailModel);
  return {
    name: 'cloudtrail',
    protocol: awsJson11,
    // botocore sends the JSON model's targetPrefix; the JS SDK v3 its Smithy service shape name
    // (`CloudTrail_20131101.LookupEvents`, see serviceTarget in @aws-sdk/client-cloudtrail).
    wire: { targetPrefixes: [...new Set([cloudTrailModel.metadata.targetPrefix, cloudTrailModel.metadata.serviceTarget])] },
    signingName: 'cloudtrail',
    eventSource: 'cloudtrail.amazonaws.com',
    hasOperation: (operation) => Object.hasOwn(cloudTrailModel.operations, operation),
    isUnsigned: () => false,
    validate: (operation, input) => validators.get(operation)?.(input),
    async invoke(operation, input, ctx) {
      if (operation !== 'LookupEvents') throw notServed('cloudtrail', operation);
      return { output: await deps.history.lookup(input, ctx.caller!.principal.accountId, ctx.region) };
    },
    errorOf: (err) => (err instanceof LookupEventsError ? { code: err.code, message: err.message, status: 400 } : undefined),
  };
}
