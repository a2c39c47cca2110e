import { EcsServiceError } from '../../../emulator/index.js';
import { ECS_EVENT_SOURCE } from '../../../trail-writer/index.js';
import { isReadOnly } from '../../call-record-builder.js';
import { awsJson11 } from '../../protocol/aws-json.js';
import { notEmulated } from '../../protocol/protocol-errors.js';
import { requiredMemberError } from '../../protocol/required-members.js';
import { ecsModel } from '../../protocol/service-model.js';
import { compileValidators } from '../../protocol/validate.js';
import type { ServiceDeps } from '../service-deps.js';
import type { ServiceDescriptor } from '../service-descriptor.js';

/** Amazon ECS (awsJson1_1): the emulator itself (emulator/), validated against the ECS model. */
export function ecsService(deps: ServiceDeps): ServiceDescriptor {
  const validators = compileValidators(ecsModel, requiredMemberError);
  const { emulator } = deps;
  return {
    name: 'ecs',
    protocol: awsJson11,
    wire: { targetPrefixes: [ecsModel.metadata.targetPrefix] },
    signingName: 'ecs',
    eventSource: ECS_EVENT_SOURCE,
    hasOperation: (operation) => Object.hasOwn(ecsModel.operations, operation),
    isUnsigned: () => false,
    readOnly: (operation) => isReadOnly('ecs', operation),
    validate: (operation, input) => validators.get(operation)?.(input),
    invoke(operation, input, ctx) {
      if (!emulator.supports(operation)) throw notEmulated(operation);
      const principal = ctx.caller!.principal;
      const pending = emulator.dispatch(operation, input, { accountId: principal.accountId, region: ctx.region, principalArn: principal.arn });
      return { output: pending.output, rollback: pending.rollback };
    },
    errorOf: (err) =>
      err instanceof EcsServiceError ? { code: err.code, message: err.message, status: err.fault === 'server' ? 500 : 400 } : undefined,
  };
}
