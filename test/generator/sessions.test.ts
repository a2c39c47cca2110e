import t, { type Test } from 'tap';
import { generate, type TrailRecord } from './generated-trail.js';

/**
 * Temporary credentials do not outlive their duration: each session has its own ASIA key and
 * creationDate, and no call is made with a session older than the credentials could be (AssumeRole: 1 h
 * by default; GetFederationToken and console sessions: 12 h).
 */
const HOUR = 3_600_000;
const SCENARIO = `
accountId: "111122223333"
regions: [us-east-1]
start: 2025-03-03T00:00:00Z
duration: 30h
actors:
  ci: { type: AssumedRole, roleName: ci, sessionName: build, client: terraform, background: { callsPerHour: 40 } }
  partner: { type: FederatedUser, federatedName: partner, issuerUserName: broker, background: { callsPerHour: 20 } }
  maria: { type: IAMUser, userName: maria, client: console, background: { callsPerHour: 20 } }
  pinned: { type: AssumedRole, roleName: audit, sessionName: audit, sessionCreationDate: "2025-03-02T23:00:00Z", background: { callsPerHour: 10 } }
  quick: { type: AssumedRole, roleName: quick, sessionName: quick, sessionDuration: 15m, background: { callsPerHour: 30 } }
  longterm: { type: IAMUser, userName: bot, client: boto3, background: { callsPerHour: 20 } }
  stack: { type: IAMUser, userName: deployer, client: cloudformation, background: { callsPerHour: 10 } }
`;

const byActor = (records: TrailRecord[], arnPart: string) => records.filter((r) => (r.userIdentity.arn as string).includes(arnPart));

function sessions(t: Test, records: TrailRecord[], maxAgeMs: number, what: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const r of records) {
    const created = r.userIdentity.sessionContext?.attributes?.creationDate as string;
    const age = Date.parse(r.eventTime) - Date.parse(created);
    if (!(age >= 0 && age <= maxAgeMs)) t.fail(`${what}: a call at ${r.eventTime} with a session created ${created}`);
    const k = r.userIdentity.accessKeyId as string;
    if (keys.has(k) && keys.get(k) !== created) t.fail(`${what}: key ${k} with two creation dates`);
    keys.set(k, created);
  }
  t.ok([...keys.keys()].every((k) => k.startsWith('ASIA')), `${what}: temporary keys are ASIA…`);
  return keys;
}

t.test('temporary credentials are renewed as they expire, each session with its own key', async (t) => {
  const trail = await generate(t, SCENARIO, { seed: 11 });
  const records = await trail.records();
  const ci = sessions(t, byActor(records, 'assumed-role/ci/build'), HOUR, 'AssumedRole');
  t.ok(ci.size >= 20, `an hour each: a new session most hours of 30 (${ci.size})`);
  const partner = sessions(t, byActor(records, 'federated-user/partner'), 12 * HOUR, 'FederatedUser');
  t.ok(partner.size >= 3 && partner.size <= 4, `twelve hours each (${partner.size})`);
  const maria = sessions(t, byActor(records, 'user/maria'), 12 * HOUR, 'console');
  t.ok(maria.size >= 3 && maria.size <= 4, `console sessions last twelve hours (${maria.size})`);
  t.ok(byActor(records, 'user/maria').every((r) => r.sessionCredentialFromConsole === 'true'));
  const quick = sessions(t, byActor(records, 'assumed-role/quick/quick'), 15 * 60_000, 'sessionDuration 15m');
  t.ok(quick.size > 60, `sessionDuration sets the length (${quick.size} sessions of 15 minutes)`);
  const pinned = byActor(records, 'assumed-role/audit/audit');
  t.same([...new Set(pinned.map((r) => r.userIdentity.sessionContext.attributes.creationDate))], ['2025-03-02T23:00:00Z'], 'a fixed sessionCreationDate keeps one session');
  t.equal(new Set(pinned.map((r) => r.userIdentity.accessKeyId)).size, 1);
  const bot = byActor(records, 'user/bot');
  t.ok(bot.length > 0 && bot.every((r) => /^AKIA/.test(r.userIdentity.accessKeyId) && r.userIdentity.sessionContext === undefined), 'long-term keys have no session');
  for (const r of byActor(records, 'assumed-role/ci/build').slice(0, 50)) {
    t.match(r.userIdentity.principalId, /^AROA[A-Z0-9]+:build$/, 'the role session keeps its principal id and ARN across sessions');
  }
});

t.test('an IAM user acting through CloudFormation is recorded as CloudFormation records it', async (t) => {
  const trail = await generate(t, SCENARIO, { seed: 11 });
  const stack = byActor(await trail.records(), 'user/deployer');
  t.ok(stack.length > 0);
  const r = stack[0]!;
  // The shape of a real 2024 record (connect CreateContactFlowModule invoked by CloudFormation).
  t.same(Object.keys(r.userIdentity), ['type', 'principalId', 'arn', 'accountId', 'accessKeyId', 'userName', 'sessionContext', 'invokedBy']);
  t.match(r.userIdentity, { type: 'IAMUser', userName: 'deployer', accessKeyId: /^ASIA/, invokedBy: 'cloudformation.amazonaws.com' });
  t.same(Object.keys(r.userIdentity.sessionContext), ['attributes'], 'credentials CloudFormation made from the user\'s: attributes only');
  t.equal(r.sourceIPAddress, 'cloudformation.amazonaws.com');
  t.equal(r.userAgent, 'cloudformation.amazonaws.com');
  t.notOk('tlsDetails' in r, 'no tlsDetails for a call an AWS service made');
  sessions(t, stack, HOUR, 'CloudFormation');
});

t.test('a step may name the error the trail records (AccessDenied) or the one the caller gets', async (t) => {
  const trail = await generate(
    t,
    `
regions: [us-east-1]
start: 2025-03-03T00:00:00Z
duration: 1h
actors:
  viewer: { type: IAMUser, userName: viewer, deny: [CreateCluster, DeleteCluster] }
steps:
  - { actor: viewer, call: CreateCluster, params: { clusterName: a }, expectError: AccessDenied }
  - { actor: viewer, call: DeleteCluster, params: { cluster: a }, expectError: AccessDeniedException }
`,
  );
  const records = await trail.records();
  t.same(records.map((r) => [r.eventName, r.errorCode]), [['CreateCluster', 'AccessDenied'], ['DeleteCluster', 'AccessDenied']]);
  t.same(trail.summary.byError, { AccessDenied: 2 });
});
