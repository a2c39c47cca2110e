import t, { type Test } from 'tap';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateClusterCommand,
  DeleteAccountSettingCommand,
  DescribeClustersCommand,
  InvalidParameterException,
  ListAccountSettingsCommand,
  PutAccountSettingCommand,
  PutAccountSettingDefaultCommand,
  paginateListAccountSettings,
  type ECSClient,
  type ECSServiceException,
  type Setting,
} from '@aws-sdk/client-ecs';
import { recordFor, startTestEmulator, type TestEmulator } from '../helpers/test-emulator.js';

const ACCOUNT = '123456789012';
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const fail = (p: Promise<unknown>) => p.then(() => undefined).catch((e: unknown) => e as ECSServiceException);

/** alice (IAM user), a deployer session (role with a path), the root user and a federated user. */
const IDENTITIES = `
identities:
  - accessKeyId: AKIAALICEEXAMPLE0001
    type: IAMUser
    userName: alice
  - accessKeyId: ASIADEPLOYEXAMPLE001
    type: AssumedRole
    roleName: ci/deployer
    sessionName: build-42
  - accessKeyId: AKIAROOTEXAMPLE00001
    type: Root
  - accessKeyId: ASIAFEDERATEDEXAMPL1
    type: FederatedUser
    federatedName: bob
    issuerUserName: alice
  - accessKeyId: AKIANOTAGSEXAMPLE001
    type: IAMUser
    userName: notags
    deny: [TagResource]
`;

async function emulator(t: Test): Promise<{ emu: TestEmulator; alice: ECSClient; role: ECSClient; root: ECSClient; fed: ECSClient }> {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-trail-settings-'));
  const identitiesFile = join(dir, 'identities.yaml');
  await writeFile(identitiesFile, IDENTITIES);
  const emu = await startTestEmulator(t, { identitiesFile });
  return {
    emu,
    alice: emu.client('AKIAALICEEXAMPLE0001'),
    role: emu.client('ASIADEPLOYEXAMPLE001'),
    root: emu.client('AKIAROOTEXAMPLE00001'),
    fed: emu.client('ASIAFEDERATEDEXAMPL1'),
  };
}

const effective = async (c: ECSClient, name: Setting['name'], principalArn?: string) =>
  (await c.send(new ListAccountSettingsCommand({ name, effectiveSettings: true, principalArn }))).settings;

t.test('a user, a role and the root user each have their own settings; the root user sets the default', async (t) => {
  const { emu, alice, role, root } = await emulator(t);
  const aliceArn = `arn:aws:iam::${ACCOUNT}:user/alice`;
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/ci/deployer`;

  t.same(await effective(alice, 'containerInsights'), [{ name: 'containerInsights', value: 'disabled', principalArn: ROOT, type: 'user' }], 'AWS default, held by the root user');
  t.same((await alice.send(new ListAccountSettingsCommand({}))).settings, [], 'without effectiveSettings: only what the principal set');

  const put = await alice.send(new PutAccountSettingCommand({ name: 'containerInsights', value: 'enhanced' }));
  t.same(put.setting, { name: 'containerInsights', value: 'enhanced', principalArn: aliceArn, type: 'user' });
  t.same(await effective(alice, 'containerInsights'), [put.setting]);
  t.same(await effective(role, 'containerInsights'), [{ name: 'containerInsights', value: 'disabled', principalArn: ROOT, type: 'user' }], 'another principal is not affected');

  const dflt = await role.send(new PutAccountSettingDefaultCommand({ name: 'containerInsights', value: 'enabled' }));
  t.same(dflt.setting, { name: 'containerInsights', value: 'enabled', principalArn: ROOT, type: 'user' }, 'the default is the root user\'s setting');
  t.equal((await effective(role, 'containerInsights'))?.[0]?.value, 'enabled', 'the role has no own value: the default applies');
  t.equal((await effective(alice, 'containerInsights'))?.[0]?.value, 'enhanced', 'alice keeps her own value');

  const roleSet = await role.send(new PutAccountSettingCommand({ name: 'awsvpcTrunking', value: 'enabled' }));
  t.equal(roleSet.setting?.principalArn, roleArn, 'an assumed-role session sets it for its role (path included)');
  const forOther = await root.send(new PutAccountSettingCommand({ name: 'awsvpcTrunking', value: 'enabled', principalArn: aliceArn }));
  t.equal(forOther.setting?.principalArn, aliceArn, 'principalArn names another principal');
  t.same(
    (await root.send(new ListAccountSettingsCommand({ principalArn: aliceArn }))).settings?.map((s) => `${s.name}=${s.value}`).sort(),
    ['awsvpcTrunking=enabled', 'containerInsights=enhanced'],
  );

  const deleted = await alice.send(new DeleteAccountSettingCommand({ name: 'containerInsights' }));
  t.same(deleted.setting, { name: 'containerInsights', value: 'enhanced', principalArn: aliceArn, type: 'user' }, 'the removed value');
  t.equal((await effective(alice, 'containerInsights'))?.[0]?.value, 'enabled', 'after delete the default applies again');

  const records = await emu.records();
  const rec = recordFor(records, put.$metadata.requestId);
  t.match(rec, {
    eventName: 'PutAccountSetting',
    readOnly: false,
    requestParameters: { name: 'containerInsights', value: 'enhanced' },
    responseElements: { setting: { name: 'containerInsights', value: 'enhanced', principalArn: aliceArn } },
  });
  t.match(recordFor(records, dflt.$metadata.requestId), { eventName: 'PutAccountSettingDefault', responseElements: { setting: { principalArn: ROOT } } });
  t.match(recordFor(records, deleted.$metadata.requestId), { eventName: 'DeleteAccountSetting', readOnly: false, responseElements: { setting: { value: 'enhanced' } } });
  const list = records.find((r) => r.eventName === 'ListAccountSettings');
  t.match(list, { readOnly: true, responseElements: null }, 'a read-only List record has no response, as real List records');
});

t.test('containerInsights decides the setting of clusters created without settings', async (t) => {
  const { alice, role, root } = await emulator(t);
  await root.send(new PutAccountSettingDefaultCommand({ name: 'containerInsights', value: 'enabled' }));
  await alice.send(new PutAccountSettingCommand({ name: 'containerInsights', value: 'enhanced' }));
  const byAlice = await alice.send(new CreateClusterCommand({ clusterName: 'a' }));
  t.same(byAlice.cluster?.settings, [{ name: 'containerInsights', value: 'enhanced' }], 'alice\'s own value');
  const byRole = await role.send(new CreateClusterCommand({ clusterName: 'r' }));
  t.same(byRole.cluster?.settings, [{ name: 'containerInsights', value: 'enabled' }], 'the account default');
  const explicit = await alice.send(new CreateClusterCommand({ clusterName: 'x', settings: [{ name: 'containerInsights', value: 'disabled' }] }));
  t.same(explicit.cluster?.settings, [{ name: 'containerInsights', value: 'disabled' }], 'settings in the request win');
  const described = await alice.send(new DescribeClustersCommand({ clusters: ['a'], include: ['SETTINGS'] }));
  t.same(described.clusters?.[0]?.settings, [{ name: 'containerInsights', value: 'enhanced' }]);
});

t.test('tagResourceAuthorization: tags on create need ecs:TagResource while it is on', async (t) => {
  const { emu } = await emulator(t);
  const notags = emu.client('AKIANOTAGSEXAMPLE001');
  const tagged = { clusterName: 't', tags: [{ key: 'team', value: 'a' }] };
  const denied = await fail(notags.send(new CreateClusterCommand(tagged)));
  t.equal(denied?.name, 'AccessDeniedException', 'on (the default): the create is refused');
  t.equal(
    denied?.message,
    `User: arn:aws:iam::${ACCOUNT}:user/notags is not authorized to perform: ecs:TagResource on resource: arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/t because no identity-based policy allows the ecs:TagResource action`,
  );
  t.equal((await notags.send(new CreateClusterCommand({ clusterName: 'u' }))).cluster?.status, 'ACTIVE', 'without tags nothing is needed');
  await notags.send(new PutAccountSettingCommand({ name: 'tagResourceAuthorization', value: 'off' }));
  t.same((await notags.send(new CreateClusterCommand(tagged))).cluster?.tags, tagged.tags, 'off: tags on create are allowed');
  const rec = recordFor(await emu.records(), denied!.$metadata.requestId);
  t.match(rec, { eventName: 'CreateCluster', errorCode: 'AccessDenied', responseElements: null });
  const describe = await notags.send(new DescribeClustersCommand({ clusters: ['t'] }));
  t.equal(describe.failures?.length, 0, 'the refused create left nothing behind; the later one made it');
});

t.test('every setting is listed with its AWS default, ten to a page', async (t) => {
  const { alice } = await emulator(t);
  const first = await alice.send(new ListAccountSettingsCommand({ effectiveSettings: true }));
  t.equal(first.settings?.length, 10, 'pages hold at most 10');
  t.ok(first.nextToken);
  const all: Setting[] = [];
  for await (const page of paginateListAccountSettings({ client: alice }, { effectiveSettings: true })) all.push(...(page.settings ?? []));
  const byName = Object.fromEntries(all.map((s) => [s.name, s.value]));
  t.same(byName, {
    serviceLongArnFormat: 'enabled',
    taskLongArnFormat: 'enabled',
    containerInstanceLongArnFormat: 'enabled',
    awsvpcTrunking: 'disabled',
    containerInsights: 'disabled',
    fargateFIPSMode: 'disabled',
    fargateTaskRetirementWaitPeriod: '7',
    fargateEventWindows: 'disabled',
    tagResourceAuthorization: 'on',
    guardDutyActivate: 'off',
    defaultLogDriverMode: 'non-blocking',
  });
  t.equal(all.find((s) => s.name === 'guardDutyActivate')?.type, 'aws_managed');
  const filtered = await alice.send(new ListAccountSettingsCommand({ name: 'fargateTaskRetirementWaitPeriod', value: '7', effectiveSettings: true }));
  t.equal(filtered.settings?.length, 1, '`value` filters');
  const none = await alice.send(new ListAccountSettingsCommand({ name: 'fargateTaskRetirementWaitPeriod', value: '14', effectiveSettings: true }));
  t.same(none.settings, []);
  await alice.send(new PutAccountSettingCommand({ name: 'fargateTaskRetirementWaitPeriod', value: '0' }));
  t.equal((await effective(alice, 'fargateTaskRetirementWaitPeriod'))?.[0]?.value, '0');
});

t.test('bad input: names, values, read-only and long-ARN settings, principals', async (t) => {
  const { emu, alice, fed } = await emulator(t);
  const cases: Array<[string, () => Promise<unknown>, string | RegExp]> = [
    ['unknown name', () => alice.send(new PutAccountSettingCommand({ name: 'nope' as never, value: 'enabled' })), /^name should be one of \[serviceLongArnFormat,/],
    ['value outside the setting\'s values', () => alice.send(new PutAccountSettingCommand({ name: 'containerInsights', value: 'on' })), 'Invalid value on for setting containerInsights. Valid values are: enhanced, enabled, disabled.'],
    ['retirement period not 0, 7 or 14', () => alice.send(new PutAccountSettingDefaultCommand({ name: 'fargateTaskRetirementWaitPeriod', value: '3' })), /Valid values are: 0, 7, 14\./],
    ['long ARN settings cannot be turned off', () => alice.send(new PutAccountSettingCommand({ name: 'taskLongArnFormat', value: 'disabled' })), 'You can no longer disable Long Arn settings'],
    ['guardDutyActivate is read-only', () => alice.send(new PutAccountSettingDefaultCommand({ name: 'guardDutyActivate', value: 'on' })), /read-only/],
    ['principal of another account', () => alice.send(new PutAccountSettingCommand({ name: 'awsvpcTrunking', value: 'enabled', principalArn: 'arn:aws:iam::999999999999:user/x' })), 'The principal ARN must belong to the account making the request.'],
    ['not an IAM principal ARN', () => alice.send(new PutAccountSettingCommand({ name: 'awsvpcTrunking', value: 'enabled', principalArn: 'arn:aws:sts::123456789012:assumed-role/r/s' })), /^Invalid principal ARN/],
    ['federated users have no settings of their own', () => fed.send(new PutAccountSettingCommand({ name: 'awsvpcTrunking', value: 'enabled' })), 'Account settings cannot be set for a federated user.'],
    ['value without name', () => alice.send(new ListAccountSettingsCommand({ value: 'enabled' })), /must also specify an account setting name/],
    ['maxResults over 10', () => alice.send(new ListAccountSettingsCommand({ maxResults: 11 })), 'maxResults must be between 1 and 10'],
    ['delete an unknown setting name', () => alice.send(new DeleteAccountSettingCommand({ name: 'nope' as never })), /^name should be one of \[/],
    ['missing value', () => alice.send(new PutAccountSettingCommand({ name: 'awsvpcTrunking' } as never)), 'Value can not be blank.'],
  ];
  const ids: string[] = [];
  for (const [label, p, message] of cases) {
    const e = await fail(p());
    t.type(e, InvalidParameterException, label);
    if (typeof message === 'string') t.equal(e?.message, message, label);
    else t.match(e?.message, message, label);
    ids.push(e!.$metadata.requestId!);
  }
  const fedRead = await effective(fed, 'containerInsights');
  t.equal(fedRead?.[0]?.principalArn, ROOT, 'a federated user reads the root user\'s settings');
  const records = await emu.records();
  for (const id of ids) {
    const r = recordFor(records, id);
    t.equal(r.errorCode, 'InvalidParameterException', `${r.eventName} refused: recorded with its error`);
    t.equal(r.responseElements, null);
  }
});
