import type { ListAccountSettingsRequest, ListAccountSettingsResponse, Setting, SettingName } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import { SETTING_NAMES, effectiveSetting, renderSetting, settingName, targetPrincipal } from '../../model/account-settings.js';
import { paginate } from '../../model/pagination.js';

/**
 * The settings of one principal (the caller unless `principalArn` names another). Without
 * `effectiveSettings`, only the values that principal set itself; with it, every setting (or the one
 * named) as it applies to the principal, held by the principal or, for defaults, by the root user.
 * `value` filters and needs `name`; pages of at most 10.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListAccountSettings.html
 */
export function listAccountSettings(input: ListAccountSettingsRequest, ctx: OperationContext): ListAccountSettingsResponse {
  const name = input.name === undefined ? undefined : settingName(input.name);
  if (input.value !== undefined && name === undefined) {
    // [GUESS] text; the API Reference: "You must also specify an account setting name to use this parameter."
    throw invalidParameter('You must also specify an account setting name to filter by value.');
  }
  const principalArn = targetPrincipal(ctx, input.principalArn, false);
  const names: SettingName[] = name ? [name] : SETTING_NAMES;
  const settings: Setting[] = [];
  const own = ctx.store.accountSettings.get(principalArn);
  for (const n of names) {
    let setting: Setting | undefined;
    if (input.effectiveSettings) setting = effectiveSetting(ctx, n, principalArn);
    else if (own?.has(n)) setting = renderSetting(n, own.get(n)!, principalArn);
    if (setting && (input.value === undefined || setting.value === input.value)) settings.push(setting);
  }
  const { page, nextToken } = paginate(settings, input, 'ListAccountSettings', 10, 10);
  return nextToken ? { settings: page, nextToken } : { settings: page };
}
