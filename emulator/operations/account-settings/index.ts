import type { OperationHandler } from '../../context.js';
import { deleteAccountSetting } from './delete-account-setting.js';
import { listAccountSettings } from './list-account-settings.js';
import { putAccountSetting } from './put-account-setting.js';
import { putAccountSettingDefault } from './put-account-setting-default.js';

/** Account setting operations, by API name. */
export const ACCOUNT_SETTINGS_OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  DeleteAccountSetting: deleteAccountSetting,
  ListAccountSettings: listAccountSettings,
  PutAccountSetting: putAccountSetting,
  PutAccountSettingDefault: putAccountSettingDefault,
};
