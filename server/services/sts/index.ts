import { STS_EVENT_SOURCE } from '../../../trail-writer/index.js';
import { awsQuery } from '../../protocol/aws-query.js';
import type { ServiceDeps } from '../service-deps.js';
import type { ServiceDescriptor } from '../service-descriptor.js';
import type { StsHandler } from './credentials.js';
import { STS_INPUTS } from './input-shapes.js';
import { StsError } from './sts-errors.js';
import { checkInput } from './validation.js';
import { assumeRole } from './operations/assume-role.js';
import { assumeRoleWithWebIdentity } from './operations/assume-role-with-web-identity.js';
import { getAccessKeyInfo } from './operations/get-access-key-info.js';
import { getCallerIdentity } from './operations/get-caller-identity.js';
import { getFederationToken } from './operations/get-federation-token.js';
import { getSessionToken } from './operations/get-session-token.js';

/**
 * The operations served. Any other action (AssumeRoleWithSAML, DecodeAuthorizationMessage, …) is
 * answered as STS answers an action it does not know: InvalidAction, and not recorded.
 */
const OPERATIONS: Readonly<Record<string, StsHandler>> = {
  GetCallerIdentity: getCallerIdentity,
  AssumeRole: assumeRole,
  AssumeRoleWithWebIdentity: assumeRoleWithWebIdentity,
  GetSessionToken: getSessionToken,
  GetFederationToken: getFederationToken,
  GetAccessKeyInfo: getAccessKeyInfo,
};

/** Clients call these without signing: the token in the request is the credential. */
const UNSIGNED: ReadonlySet<string> = new Set(['AssumeRoleWithWebIdentity']);

/**
 * AWS Security Token Service (awsQuery, API version 2011-06-15), on the same port as ECS: the
 * credentials it issues sign later ECS calls, which are attributed to their session.
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/welcome.html
 */
export function stsService(deps: ServiceDeps): ServiceDescriptor {
  return {
    name: 'sts',
    protocol: awsQuery,
    wire: { apiVersion: '2011-06-15', xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/', queryInputs: STS_INPUTS },
    signingName: 'sts',
    eventSource: STS_EVENT_SOURCE,
    hasOperation: (operation) => Object.hasOwn(OPERATIONS, operation),
    isUnsigned: (operation) => UNSIGNED.has(operation),
    validate: (operation, input) => checkInput(STS_INPUTS[operation]!, input),
    invoke: (operation, input, ctx) => OPERATIONS[operation]!(input, ctx, deps),
    errorOf: (err) => (err instanceof StsError ? err : undefined),
  };
}
