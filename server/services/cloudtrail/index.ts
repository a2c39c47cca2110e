import { LookupEventsError } from '../../../trail-writer/index.js';
import { isReadOnly } from '../../call-record-builder.js';
import { awsJson11 } from '../../protocol/aws-json.js';
import { notEmulated } from '../../protocol/protocol-errors.js';
import { cloudTrailModel } from '../../protocol/service-model.js';
import type { ServiceDeps } from '../service-deps.js';
import type { ServiceDescriptor } from '../service-descriptor.js';

/**
 * AWS CloudTrail (awsJson1_1), for its LookupEvents over the emulator's own event history. Each
 * LookupEvents call is itself recorded, as a read-only `cloudtrail.amazonaws.com` event.
 */
export function cloudTrailService(deps: ServiceDeps): ServiceDescriptor {
  return {
    name: 'cloudtrail',
    protocol: awsJson11,
    wire: {
      targetPrefixes: [
        cloudTrailModel.metadata.targetPrefix,
        // The JS SDK v3 prefixes the Smithy service shape name (`CloudTrail_20131101.LookupEvents`, see
        // serviceTarget in @aws-sdk/client-cloudtrail); botocore sends the full targetPrefix above.
        'CloudTrail_20131101',
      ],
    },
    signingName: 'cloudtrail',
    eventSource: 'cloudtrail.amazonaws.com',
    hasOperation: (operation) => Object.hasOwn(cloudTrailModel.operations, operation),
    isUnsigned: () => false,
    readOnly: (operation) => isReadOnly('cloudtrail', operation),
    validate: () => {},
    async invoke(operation, input, ctx) {
      if (operation !== 'LookupEvents') throw notEmulated(`cloudtrail:${operation}`);
      return { output: await deps.history.lookup(input, ctx.caller!.principal.accountId, ctx.region) };
    },
    errorOf: (err) => (err instanceof LookupEventsError ? { code: err.code, message: err.message, status: 400 } : undefined),
  };
}
