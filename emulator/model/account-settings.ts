import type { Setting, SettingName } from '@aws-sdk/client-ecs';
import type { CallerIdentity, OperationContext } from '../context.js';
import { invalidParameter } from '../errors.js';
import { partitionOf } from './arn.js';

/**
 * ECS account settings: a value per setting name, kept per Region for each IAM user, each role (for all
 * its sessions) and the root user. The root user's value is the account default (what
 * PutAccountSettingDefault sets) for every user and role with no value of its own; a setting nobody
 * set has AWS's default. Federated users read the root user's settings and cannot have their own.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-account-settings.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PutAccountSetting.html
 */
export interface SettingRule {
  /** Accepted values, in the order the error message lists them. */
  readonly values: readonly string[];
  /** AWS's default when neither the principal nor the root user set one. */
  readonly awsDefault: string;
  /** `aws_managed` settings are read-only (guardDutyActivate). */
  readonly type: 'user' | 'aws_managed';
}

/**
 * Values and defaults per setting, from the ECS Developer Guide's account-settings page and the API
 * Reference: the long ARN formats are on for every account since 2021 and can no longer be turned off;
 * Container Insights is off unless set (`enhanced` or `enabled`); Fargate retires tasks after 7 days by
 * default (0, 7 or 14: prepare-task-retirement.html); tagging authorization is on for every account
 * (tag-resources.html "Tagging authorization timeline"); the default log driver mode is `non-blocking`
 * since June 25, 2025; guardDutyActivate is managed by GuardDuty, `off` unless Runtime Monitoring is on.
 */
export const SETTING_RULES: Readonly<Record<SettingName, SettingRule>> = {
  serviceLongArnFormat: { values: ['enabled', 'disabled'], awsDefault: 'enabled', type: 'user' },
  taskLongArnFormat: { values: ['enabled', 'disabled'], awsDefault: 'enabled', type: 'user' },
  containerInstanceLongArnFormat: { values: ['enabled', 'disabled'], awsDefault: 'enabled', type: 'user' },
  awsvpcTrunking: { values: ['enabled', 'disabled'], awsDefault: 'disabled', type: 'user' },
  containerInsights: { values: ['enhanced', 'enabled', 'disabled'], awsDefault: 'disabled', type: 'user' },
  fargateFIPSMode: { values: ['enabled', 'disabled'], awsDefault: 'disabled', type: 'user' },
  fargateTaskRetirementWaitPeriod: { values: ['0', '7', '14'], awsDefault: '7', type: 'user' },
  fargateEventWindows: { values: ['enabled', 'disabled'], awsDefault: 'disabled', type: 'user' },
  tagResourceAuthorization: { values: ['on', 'off'], awsDefault: 'on', type: 'user' },
  guardDutyActivate: { values: ['on', 'off'], awsDefault: 'off', type: 'aws_managed' },
  defaultLogDriverMode: { values: ['blocking', 'non-blocking'], awsDefault: 'non-blocking', type: 'user' },
};

export const SETTING_NAMES = Object.keys(SETTING_RULES) as SettingName[];

const LONG_ARN_SETTINGS = new Set<string>(['serviceLongArnFormat', 'taskLongArnFormat', 'containerInstanceLongArnFormat']);

/** One stored value: the store keeps `principalArn → name → value`. */
export type PrincipalSettings = ReadonlyMap<SettingName, string>;

export const rootArnOf = (ctx: Pick<OperationContext, 'accountId' | 'region'>) =>
  `arn:${partitionOf(ctx.region)}:iam::${ctx.accountId}:root`;

/** The caller as account settings see it (a caller the server did not describe counts as the root user). */
export function callerOf(ctx: OperationContext): CallerIdentity {
  return ctx.caller ?? { type: 'Root', iamArn: rootArnOf(ctx) };
}

/** A setting name the API accepts, or `name should be one of [...]` (the model's enum sentence). */
export function settingName(value: string | undefined): SettingName {
  if (value === undefined || value === '') throw invalidParameter('Name can not be blank.');
  if (!Object.hasOwn(SETTING_RULES, value)) throw invalidParameter(`name should be one of [${SETTING_NAMES.join(',')}]`);
  return value as SettingName;
}

/**
 * A value the setting accepts. The long ARN formats cannot be turned off: ECS answers "You can no
 * longer disable Long Arn settings" [REAL] (quoted in hashicorp/terraform-provider-aws's
 * aws_ecs_account_setting_default docs and matched by its delete code). Other refusals are [GUESS]es.
 */
export function checkSettingValue(name: SettingName, value: string | undefined): string {
  if (value === undefined || value === '') throw invalidParameter('Value can not be blank.');
  const rule = SETTING_RULES[name];
  if (rule.type === 'aws_managed') {
    // [GUESS] text: the API Reference says only that guardDutyActivate "is read-only in Amazon ECS".
    throw invalidParameter(`${name} is a read-only setting managed by AWS and cannot be changed.`);
  }
  if (LONG_ARN_SETTINGS.has(name) && value === 'disabled') throw invalidParameter('You can no longer disable Long Arn settings');
  if (!rule.values.includes(value)) {
    // [GUESS] text; the accepted values are the API Reference's.
    throw invalidParameter(`Invalid value ${value} for setting ${name}. Valid values are: ${rule.values.join(', ')}.`);
  }
  return value;
}

const PRINCIPAL_RE = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):(root|user\/.+|role\/.+)$/;

/**
 * The principal a request names, or the caller. ECS takes an IAM user, role or root ARN of the
 * caller's account; anything else is refused ([GUESS] texts). Who may set another principal's value is
 * an IAM question ("the root user or a user with administrator privileges"): no check here.
 */
export function targetPrincipal(ctx: OperationContext, principalArn: string | undefined, forWrite: boolean): string {
  const caller = callerOf(ctx);
  if (principalArn === undefined || principalArn === '') {
    if (forWrite && caller.type === 'FederatedUser') {
      // "Federated users assume the account setting of the root user and can't have explicit account
      // settings set for them separately." [GUESS] text.
      throw invalidParameter('Account settings cannot be set for a federated user.');
    }
    return caller.iamArn;
  }
  const m = PRINCIPAL_RE.exec(principalArn);
  if (!m) throw invalidParameter(`Invalid principal ARN: ${principalArn}. Specify the ARN of an IAM user, an IAM role or the root user.`);
  if (m[2] !== ctx.accountId) throw invalidParameter('The principal ARN must belong to the account making the request.');
  return principalArn;
}

export function renderSetting(name: SettingName, value: string, principalArn: string): Setting {
  return { name, value, principalArn, type: SETTING_RULES[name].type };
}

/**
 * The value that applies to `principalArn`: its own, else the root user's (the account default),
 * else AWS's default — rendered with the principal that holds it, as ListAccountSettings with
 * `effectiveSettings` shows it.
 */
export function effectiveSetting(ctx: Pick<OperationContext, 'store' | 'accountId' | 'region'>, name: SettingName, principalArn: string): Setting {
  const own = ctx.store.accountSettings.get(principalArn)?.get(name);
  if (own !== undefined) return renderSetting(name, own, principalArn);
  const root = rootArnOf(ctx);
  const dflt = ctx.store.accountSettings.get(root)?.get(name);
  return renderSetting(name, dflt ?? SETTING_RULES[name].awsDefault, root);
}

/** The effective value of a setting for the caller of `ctx`: what later calls consult. */
export function effectiveValueFor(ctx: OperationContext, name: SettingName): string {
  return effectiveSetting(ctx, name, callerOf(ctx).iamArn).value!;
}

/** Store `value` for `principalArn` (through the call's transaction); returns the previous value. */
export function putSetting(ctx: OperationContext, principalArn: string, name: SettingName, value: string | undefined): string | undefined {
  const current = ctx.store.accountSettings.get(principalArn);
  const previous = current?.get(name);
  const next = new Map(current ?? []);
  if (value === undefined) next.delete(name);
  else next.set(name, value);
  if (next.size === 0) ctx.tx.delete(ctx.store.accountSettings, principalArn);
  else ctx.tx.set(ctx.store.accountSettings, principalArn, next);
  return previous;
}
