import t from 'tap';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateClusterCommand, ListClustersCommand } from '@aws-sdk/client-ecs';
import { startTestEmulator, type TestEmulator } from '../helpers/test-emulator.js';
import { logCapture } from '../helpers/log-lines.js';

const TOKEN = 'correct-horse-battery-staple';

async function clusters(emu: TestEmulator): Promise<string[]> {
  return ((await emu.ecs.send(new ListClustersCommand({}))).clusterArns ?? []).map((a) => a.split('/')[1]!);
}

t.test('without a token: state-changing admin routes need the header, and reject other origins', async (t) => {
  const log = logCapture();
  const emu = await startTestEmulator(t, { logLevel: 'info', logFormat: 'json', logOutput: log.output });
  await emu.ecs.send(new CreateClusterCommand({ clusterName: 'kept' }));

  for (const path of ['/_ecs-trail/reset', '/_ecs-trail/flush']) {
    const res = await fetch(`${emu.url}${path}`, { method: 'POST' });
    t.equal(res.status, 403, `POST ${path} without the header`);
    t.equal(res.headers.get('x-amzn-errortype'), 'AccessDeniedException');
    t.match(((await res.json()) as { message: string }).message, /X-Ecs-Trail-Token/);
  }
  // A form post can only send these content types, and never a custom header.
  const form = await fetch(`${emu.url}/_ecs-trail/reset`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x=1' });
  t.equal(form.status, 403);
  const crossOrigin = await fetch(`${emu.url}/_ecs-trail/reset`, { method: 'POST', headers: { 'x-ecs-trail-token': 'x', origin: 'http://127.0.0.1:1' } });
  t.equal(crossOrigin.status, 403, 'a page of another origin is refused even if the header got through');
  t.equal((await fetch(`${emu.url}/_ecs-trail/api/trail`, { headers: { origin: 'http://evil.example' } })).status, 403, 'reads from another origin too');
  t.same(await clusters(emu), ['kept'], 'nothing was reset');

  const own = await fetch(`${emu.url}/_ecs-trail/reset`, { method: 'POST', headers: { 'x-ecs-trail-token': 'x', origin: emu.url } });
  t.equal(own.status, 200, "the emulator's own pages may");
  t.same(await clusters(emu), [], 'and that reset wiped the state');
  const reset = log.lines.find((l) => String(l.msg).startsWith('reset:'));
  t.ok(reset, 'the reset is recorded in the server log');
  t.equal(reset?.peer, '127.0.0.1');
  t.equal(log.lines.filter((l) => String(l.msg).startsWith('refused an admin request')).length, 5, 'every refusal is logged');

  const health = (await (await fetch(`${emu.url}/_ecs-trail/health`)).json()) as Record<string, unknown>;
  t.equal(health.status, 'running');
  t.ok(health.trail, 'health is open and complete without a token');
});

t.test('with an admin token, every route under /_ecs-trail/ needs it (the liveness answer excepted)', async (t) => {
  const emu = await startTestEmulator(t, { adminToken: TOKEN });
  t.equal(emu.running.adminToken, TOKEN);
  await emu.ecs.send(new CreateClusterCommand({ clusterName: 'kept' }));

  t.same(await (await fetch(`${emu.url}/_ecs-trail/health`)).json(), { status: 'running' }, 'health without the token: liveness only');
  const full = (await (await fetch(`${emu.url}/_ecs-trail/health`, { headers: { 'x-ecs-trail-token': TOKEN } })).json()) as Record<string, unknown>;
  t.ok(full.trail, 'with it: everything');

  for (const path of ['/_ecs-trail/api/trail', '/_ecs-trail/api/resources', '/_ecs-trail/']) {
    t.equal((await fetch(`${emu.url}${path}`)).status, 403, `GET ${path} without the token`);
    t.equal((await fetch(`${emu.url}${path}`, { headers: { 'x-ecs-trail-token': 'wrong-token-value' } })).status, 403, `GET ${path} with a wrong one`);
  }
  t.equal((await fetch(`${emu.url}/_ecs-trail/api/trail`, { headers: { 'x-ecs-trail-token': TOKEN } })).status, 200);
  t.equal((await fetch(`${emu.url}/_ecs-trail/reset`, { method: 'POST', headers: { 'x-ecs-trail-token': 'not-the-token' } })).status, 403);
  t.same(await clusters(emu), ['kept']);

  // The dashboard link: the token moves from the URL into a cookie for the page's own requests.
  const login = await fetch(`${emu.url}/_ecs-trail/?token=${TOKEN}`, { redirect: 'manual' });
  t.equal(login.status, 303);
  t.equal(login.headers.get('location'), '/_ecs-trail/');
  const cookie = login.headers.get('set-cookie') ?? '';
  t.match(cookie, /^ecs_trail_token=correct-horse-battery-staple; Path=\/_ecs-trail\/; HttpOnly; SameSite=Strict$/);
  const asPage = { cookie: cookie.split(';')[0]! };
  t.equal((await fetch(`${emu.url}/_ecs-trail/api/trail`, { headers: asPage })).status, 200, 'the cookie opens the reads');
  t.equal((await fetch(`${emu.url}/_ecs-trail/reset`, { method: 'POST', headers: asPage })).status, 403, 'but not a state change: any page of the same site sends cookies');
  t.same(await clusters(emu), ['kept']);
  t.equal((await fetch(`${emu.url}/_ecs-trail/reset`, { method: 'POST', headers: { 'x-ecs-trail-token': TOKEN } })).status, 200);
  t.same(await clusters(emu), []);
});

t.test('strict auth makes up an admin token when none is configured', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ecs-trail-admin-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const identities = join(dir, 'identities.yaml');
  await writeFile(identities, 'identities:\n  - accessKeyId: AKIAIOSFODNN7EXAMPLE\n    secretAccessKey: test-secret\n    type: IAMUser\n    userName: alice\n');
  const emu = await startTestEmulator(t, { auth: 'strict', identitiesFile: identities });
  const token = emu.running.adminToken;
  t.match(token, /^[A-Za-z0-9_-]{24}$/, 'a random token');
  t.equal((await fetch(`${emu.url}/_ecs-trail/api/trail`)).status, 403);
  t.equal((await fetch(`${emu.url}/_ecs-trail/api/trail`, { headers: { 'x-ecs-trail-token': token! } })).status, 200);
  const other = await startTestEmulator(t, { auth: 'strict', identitiesFile: identities });
  t.not(other.running.adminToken, token, 'a new one each start');
});
