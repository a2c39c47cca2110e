import type { PutAccountSettingDefaultRequest, PutAccountSettingDefaultResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { checkSettingValue, putSetting, renderSetting, rootArnOf, settingName } from '../../model/account-settings.js';

/**
 * Sets the account default of a setting: the root user's value, which applies to every user and role
 * that has none of its own. The response names the root user, as in the AWS CLI example
 * (`put-account-setting-default` → `"principalArn": "arn:aws:iam::123456789012:root"`).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PutAccountSettingDefault.html
 */
export function putAccountSettingDefault(
  input: PutAccountSettingDefaultRequest,
  ctx: OperationContext,
): PutAccountSettingDefaultResponse {
  const name = settingName(input.name);
  const value = checkSettingValue(name, input.value);
  const root = rootArnOf(ctx);
  putSetting(ctx, root, name, value);
  return { setting: renderSetting(name, value, root) };
}
