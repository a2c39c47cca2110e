import { EcsServiceError } from '../../../emulator/index.js';
import { ECS_EVENT_SOURCE, type Principal } from '../../../trail-writer/index.js';
import { accessDeniedMessage } from '../../call-record-builder.js';
import { callerIdentityOf } from '../../identity/caller-identity.js';
import { awsJson11 } from '../../protocol/aws-json.js';
import { ProtocolError, notServed } from '../../protocol/protocol-errors.js';
import { requiredMemberError } from '../../protocol/required-members.js';
import { ecsModel } from '../../protocol/service-model.js';
import { OperationValidators } from '../../protocol/validate.js';
import type { ServiceDeps } from '../service-deps.js';
import type { ServiceDescriptor } from '../service-descriptor.js';

/** Amazon ECS (awsJson1_1): the emulator itself (emulator/), validated against the ECS model. */
export function ecsService(deps: ServiceDeps): ServiceDescriptor {
  const validators = new OperationValidators(ecsModel, { requiredMemberError });
  const { emulator } = deps;
  return {
    name: 'ecs',
    protocol: awsJson11,
    // botocore and the AWS CLI send the JSON model's targetPrefix; the JS SDK v3 its Smithy service
    // shape name (for ECS the same).
    wire: { targetPrefixes: [...new Set([ecsModel.metadata.targetPrefix, ecsModel.metadata.serviceTarget])] },
    signingName: 'ecs',
    eventSource: ECS_EVENT_SOURCE,
    hasOperation: (operation) => Object.hasOwn(ecsModel.operations, operation),
    isUnsigned: () => false,
    validate: (operation, input) => validators.get(operation)?.(input),
    invoke(operation, input, ctx) {
      if (!emulator.supports(operation)) throw notServed('ecs', operation);
      const caller = ctx.caller!;
      const principal = caller.principal;
      const pending = emulator.dispatch(operation, input, {
        accountId: principal.accountId,
        region: ctx.region,
        principalArn: principal.arn,
        caller: callerIdentityOf(principal),
        authorizeTagOnCreate: caller.deny.has('TagResource') ? tagDenial(principal) : undefined,
      });
      return { output: pending.output, rollback: pending.rollback, lifecycle: pending.lifecycle };
    },
    errorOf: (err) =>
      err instanceof EcsServiceError
        ? { code: err.code, message: err.message, status: err.fault === 'server' ? 500 : 400, hint: err.operatorHint }
        : undefined,
  };
}

/** IAM's denial of ecs:TagResource on the resource a create call would tag (tagging authorization). */
function tagDenial(p: Principal): (resourceArn: string) => never {
  return (resourceArn) => {
    throw new ProtocolError('AccessDeniedException', accessDeniedMessage(p.arn, 'ecs:TagResource', resourceArn));
  };
}
