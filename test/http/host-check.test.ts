import t from 'tap';
import { request } from 'node:http';
import { hostname } from 'node:os';
import { CreateClusterCommand, ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { hostRule } from '../../server/http/host-rule.js';
import { startTestEmulator } from '../helpers/test-emulator.js';
import { logCapture } from '../helpers/log-lines.js';

/** An HTTP request with a Host header of our choosing, to the emulator's real address. */
function withHost(url: string, host: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const u = new URL(url);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path, method: init.method ?? 'GET', headers: { ...init.headers, host } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

const ECS_CALL = (target: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AmazonEC2ContainerServiceV20141113.${target}` },
});

t.test('the Host rule: what a DNS rebinding page cannot send, and what real clients send', async (t) => {
  const loopback = hostRule('127.0.0.1', []);
  for (const h of [undefined, '127.0.0.1:4599', '127.0.0.1', 'localhost:4599', 'LOCALHOST', 'api.localhost:4599', '[::1]:4599', '10.1.2.3:4599', '[fd00::5]']) {
    t.ok(loopback.allows(h), `listening on 127.0.0.1: ${h} is answered`);
  }
  for (const h of ['evil.example:4599', 'evil.example', '127.0.0.1.nip.io:4599', 'ecs-trail:4599', 'a b', 'x:y:z', '[::1', 'user@127.0.0.1']) {
    t.notOk(loopback.allows(h), `listening on 127.0.0.1: ${h} is refused`);
  }
  const container = hostRule('0.0.0.0', []);
  for (const h of ['ecs-trail:4599', 'ecs-trail', 'host.docker.internal:4599', 'host.containers.internal', `${hostname()}:4599`, '172.18.0.2:4599']) {
    t.ok(container.allows(h), `listening on 0.0.0.0: ${h} is answered`);
  }
  t.notOk(container.allows('evil.example:4599'), 'listening on 0.0.0.0: a dotted name nobody allowed is refused');
  const allowed = hostRule('127.0.0.1', ['emu.internal', '.corp.example']);
  for (const h of ['emu.internal:4599', 'corp.example', 'ecs.corp.example:443']) t.ok(allowed.allows(h), `--allowed-hosts: ${h}`);
  t.notOk(allowed.allows('evilcorp.example'), 'a suffix matches at a dot only');
  t.ok(hostRule('127.0.0.1', ['*']).allows('anything.example'), '* turns the check off');
  t.ok(hostRule('emu.test', []).allows('emu.test:4599'), 'the --host name itself');
});

t.test('a request naming another host is refused before it reaches ECS, with an AWS-shaped error', async (t) => {
  const log = logCapture();
  const emu = await startTestEmulator(t, { logLevel: 'info', logFormat: 'json', logOutput: log.output });
  await emu.ecs.send(new CreateClusterCommand({ clusterName: 'kept' }));

  const create = await withHost(emu.url, `rebind.example:${emu.running.port}`, '/', { ...ECS_CALL('CreateCluster'), body: '{"clusterName":"from-a-web-page"}' });
  t.equal(create.status, 403);
  t.equal(create.headers['x-amzn-errortype'], 'AccessDeniedException');
  t.equal(create.headers['content-type'], 'application/x-amz-json-1.1');
  const body = JSON.parse(create.body) as { __type: string; message: string };
  t.equal(body.__type, 'AccessDeniedException');
  t.match(body.message, /Host header "rebind\.example:\d+" does not name this emulator.*--allowed-hosts rebind\.example/);

  const read = await withHost(emu.url, 'rebind.example', '/_ecs-trail/api/resources');
  t.equal(read.status, 403, 'the dashboard API is not readable through another name');
  const reset = await withHost(emu.url, 'rebind.example', '/_ecs-trail/reset', { method: 'POST', headers: { 'x-ecs-trail-token': 'x' } });
  t.equal(reset.status, 403, 'nor can it reset');

  const { clusterArns } = await emu.ecs.send(new ListClustersCommand({}));
  t.same(clusterArns?.map((a) => a.split('/')[1]), ['kept'], 'state survived and nothing was created');
  t.same((await emu.records()).map((r) => r.eventName), ['CreateCluster', 'ListClusters'], 'refused requests are no AWS calls: not in the trail');
  t.ok(log.messages().some((m) => m.includes('refused a request for Host "rebind.example')), 'the refusal is in the server log');

  // An awsQuery request (STS's protocol) gets the error as STS's own errors are written: the awsQuery
  // protocol's XML writer (server/protocol/query-xml.ts) and STS's spelling of the code.
  const query = await withHost(emu.url, 'rebind.example', '/', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: 'Action=GetCallerIdentity&Version=2011-06-15',
  });
  t.equal(query.status, 403);
  t.equal(query.headers['content-type'], 'text/xml');
  t.match(
    query.body,
    /^<ErrorResponse>\n  <Error>\n    <Type>Sender<\/Type>\n    <Code>AccessDenied<\/Code>\n    <Message>The Host header &quot;rebind\.example&quot; does not name this emulator.*<\/Message>\n  <\/Error>\n  <RequestId>[0-9a-f-]{36}<\/RequestId>\n<\/ErrorResponse>\n$/,
  );
  // The real STS client, its Host header rewritten after signing as a rebinding page's would be.
  const sts = new STSClient({ region: 'us-east-1', endpoint: emu.url, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  t.teardown(() => sts.destroy());
  sts.middlewareStack.add(
    (next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers.host = 'rebind.example';
      return next(args);
    },
    { step: 'deserialize', priority: 'low', name: 'rebindHost' },
  );
  const refused = (await sts.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e)) as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  t.equal(refused.name, 'AccessDenied', 'the STS client reads the code from the XML');
  t.equal(refused.$metadata?.httpStatusCode, 403);
  t.match(refused.message, /^The Host header "rebind\.example" does not name this emulator/);

  // What SDKs send when pointed at localhost.
  const local = new ECSClient({ region: 'us-east-1', endpoint: emu.url.replace('127.0.0.1', 'localhost'), credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' }, maxAttempts: 1 });
  t.teardown(() => local.destroy());
  t.ok((await local.send(new ListClustersCommand({}))).clusterArns, 'http://localhost:<port> works');
});

t.test('in a container (listening on 0.0.0.0), compose service names are answered', async (t) => {
  const log = logCapture();
  const emu = await startTestEmulator(t, { host: '0.0.0.0', logLevel: 'info', logFormat: 'json', logOutput: log.output });
  const url = `http://127.0.0.1:${emu.running.port}`;
  const res = await withHost(url, `ecs-trail:${emu.running.port}`, '/', { ...ECS_CALL('ListClusters'), body: '{}' });
  t.equal(res.status, 200, `Host ecs-trail: ${res.body}`);
  t.equal((await withHost(url, 'evil.example', '/', { ...ECS_CALL('ListClusters'), body: '{}' })).status, 403);

  const warning = log.lines.find((l) => l.level === 40 && String(l.msg).startsWith('listening on 0.0.0.0'));
  t.ok(warning, 'listening beyond loopback logs a warning');
  t.match(warning?.msg, /any credentials/);
  t.match(warning?.msg, /\/_ecs-trail\/reset/);
});

t.test('--allowed-hosts adds names; loopback listening logs no exposure warning', async (t) => {
  const log = logCapture();
  const emu = await startTestEmulator(t, { allowedHosts: ['emu.internal'], logLevel: 'info', logFormat: 'json', logOutput: log.output });
  t.equal((await withHost(emu.url, 'emu.internal:80', '/', { ...ECS_CALL('ListClusters'), body: '{}' })).status, 200);
  t.notOk(log.lines.some((l) => l.level >= 40), 'no warning on 127.0.0.1');
});
