import type { PutAccountSettingRequest, PutAccountSettingResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { checkSettingValue, putSetting, renderSetting, settingName, targetPrincipal } from '../../model/account-settings.js';

/**
 * Sets an account setting for one principal: the caller (an assumed-role session sets it for its
 * role), or the user, role or root user `principalArn` names. Setting it for the root user sets the
 * default for everyone without a value of their own, as PutAccountSettingDefault does.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PutAccountSetting.html
 */
export function putAccountSetting(input: PutAccountSettingRequest, ctx: OperationContext): PutAccountSettingResponse {
  const name = settingName(input.name);
  const value = checkSettingValue(name, input.value);
  const principalArn = targetPrincipal(ctx, input.principalArn, true);
  putSetting(ctx, principalArn, name, value);
  return { setting: renderSetting(name, value, principalArn) };
}
