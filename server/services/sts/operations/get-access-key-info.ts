import { accountOfId } from '../../../identity/aws-ids.js';
import type { StsHandler } from '../credentials.js';

/**
 * GetAccessKeyInfo: the account an access key belongs to. Modern AWS keys encode it (aws-ids.ts); here
 * a declared key's account, an issued session's, the one a key encodes, or, for any other key, the
 * account the emulator would attribute it to.
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_GetAccessKeyInfo.html
 */
export const getAccessKeyInfo: StsHandler = (input, _ctx, deps) => {
  const key = input.AccessKeyId as string;
  const known = deps.identities.lookup(key) ?? deps.sessions.get(key)?.identity;
  const encoded = /^A[KS]IA/.test(key) ? accountOfId(key) : undefined;
  const account = known?.principal.accountId ?? (encoded && encoded !== '000000000000' ? encoded : deps.identities.derive(key).principal.accountId);
  return { output: { Account: account } };
};
