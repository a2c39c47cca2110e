import type { DeleteAccountSettingRequest, DeleteAccountSettingResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { effectiveSetting, putSetting, renderSetting, settingName, targetPrincipal } from '../../model/account-settings.js';

/**
 * Removes a principal's own value of a setting, so the account default (or AWS's) applies to it again.
 * The response shows the value that was removed. Removing a value that was never set is not an error
 * [GUESS]: the response then shows the value that applies.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteAccountSetting.html
 */
export function deleteAccountSetting(
  input: DeleteAccountSettingRequest,
  ctx: OperationContext,
): DeleteAccountSettingResponse {
  const name = settingName(input.name);
  const principalArn = targetPrincipal(ctx, input.principalArn, true);
  const previous = putSetting(ctx, principalArn, name, undefined);
  if (previous !== undefined) return { setting: renderSetting(name, previous, principalArn) };
  return { setting: effectiveSetting(ctx, name, principalArn) };
}
