import t from 'tap';
import { recordFor, startTestEmulator } from '../helpers/test-emulator.js';

const FORM = 'application/x-www-form-urlencoded; charset=utf-8';

t.test('awsQuery on the wire: form in, XML out, laid out as STS answers', async (t) => {
  const emu = await startTestEmulator(t);
  const post = (body: string) => fetch(emu.url, { method: 'POST', headers: { 'content-type': FORM }, body });

  const ok = await post('Action=GetCallerIdentity&Version=2011-06-15');
  t.equal(ok.status, 200);
  t.equal(ok.headers.get('content-type'), 'text/xml');
  const id = ok.headers.get('x-amzn-requestid')!;
  const xml = await ok.text();
  const userId = /<UserId>(AIDA[A-Z2-7]{17})<\/UserId>/.exec(xml)?.[1];
  t.ok(userId, 'a user id');
  t.equal(
    xml,
    '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n' +
      '  <GetCallerIdentityResult>\n' +
      '    <Arn>arn:aws:iam::123456789012:user/ecs-trail-user-fault0</Arn>\n' +
      `    <UserId>${userId}</UserId>\n` +
      '    <Account>123456789012</Account>\n' +
      '  </GetCallerIdentityResult>\n' +
      '  <ResponseMetadata>\n' +
      `    <RequestId>${id}</RequestId>\n` +
      '  </ResponseMetadata>\n' +
      '</GetCallerIdentityResponse>\n',
    'the layout of a real answer (eksctl capture): no declaration, two-space indent, final newline',
  );

  const noVersion = await post('Action=GetCallerIdentity');
  t.equal(noVersion.status, 400);
  t.match(await noVersion.text(), /<Code>InvalidAction<\/Code>/);

  const missing = await post('Action=AssumeRole&Version=2011-06-15&RoleSessionName=ok');
  t.equal(missing.status, 400);
  t.match(await missing.text(), /<Code>ValidationError<\/Code>\n    <Message>1 validation error detected: Value null at &apos;roleArn&apos; failed to satisfy constraint: Member must not be null<\/Message>/);

  const several = await post('Action=AssumeRole&Version=2011-06-15&RoleArn=&RoleSessionName=');
  const text = await several.text();
  t.match(text, /3 validation errors detected: Value &apos;&apos; at &apos;roleArn&apos; failed to satisfy constraint: Member must satisfy regular expression pattern: /);
  t.match(text, /; Value &apos;&apos; at &apos;roleArn&apos; failed to satisfy constraint: Member must have length greater than or equal to 20; Value &apos;&apos; at &apos;roleSessionName&apos; failed to satisfy constraint: Member must have length greater than or equal to 2/);

  const notANumber = await post('Action=AssumeRole&Version=2011-06-15&RoleArn=arn:aws:iam::123456789012:role/r&RoleSessionName=ok&DurationSeconds=soon');
  t.equal(notANumber.status, 400);
  t.match(await notANumber.text(), /<Code>ValidationError<\/Code>/);
});

t.test('awsQuery lists and structures: Tags.member.N.Key, PolicyArns.member.N.arn, an empty list', async (t) => {
  const emu = await startTestEmulator(t);
  const body = [
    'Action=AssumeRole',
    'Version=2011-06-15',
    `RoleArn=${encodeURIComponent('arn:aws:iam::123456789012:role/tagged')}`,
    'RoleSessionName=tags',
    `PolicyArns.member.1.arn=${encodeURIComponent('arn:aws:iam::aws:policy/ReadOnlyAccess')}`,
    'Tags.member.1.Key=team',
    'Tags.member.1.Value=platform',
    'Tags.member.2.Key=env',
    'Tags.member.2.Value=dev',
    'TransitiveTagKeys=',
  ].join('&');
  const res = await fetch(emu.url, { method: 'POST', headers: { 'content-type': FORM }, body });
  t.equal(res.status, 200);
  t.match(await res.text(), /<PackedPolicySize>\d+<\/PackedPolicySize>/, 'session policies and tags give a packed size');
  const r = recordFor(await emu.records(), res.headers.get('x-amzn-requestid') ?? undefined);
  t.same(r.requestParameters, {
    roleArn: 'arn:aws:iam::123456789012:role/tagged',
    roleSessionName: 'tags',
    policyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
    tags: [
      { key: 'team', value: 'platform' },
      { key: 'env', value: 'dev' },
    ],
    transitiveTagKeys: [],
  });
});
