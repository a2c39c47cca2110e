import t from 'tap';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateClusterCommand, ListClustersCommand } from '@aws-sdk/client-ecs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestEmulator, type TestEmulator } from '../helpers/test-emulator.js';
import { logCapture } from '../helpers/log-lines.js';

/**
 * What a hostile web page can do to an emulator running on the developer's machine, tried in a
 * real browser (Debian's chromium, driven by playwright-core, as in test/dashboard):
 * - a page on another origin (another port of 127.0.0.1) fires simple requests — no-cors fetches,
 *   a form post, a beacon — at the admin routes, and tries a CORS request with the admin header;
 * - a DNS rebinding page: loaded from a name the attacker owns (here `rebind.test`, mapped to
 *   127.0.0.1 by the browser's resolver rules) and a port the attacker's server held until the page
 *   loaded; then the emulator starts on that port, so the page's requests reach it as same-origin
 *   requests, which need no CORS at all (the name now leads elsewhere, as rebinding makes it).
 * The emulator's state must survive both, and the server log must show that the requests arrived
 * and were refused (so the test cannot pass because the browser never sent them).
 */
const CHROMIUM = '/usr/bin/chromium';
const REBIND_HOST = 'rebind.test';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--host-resolver-rules=MAP ${REBIND_HOST} 127.0.0.1`];
const skip = process.env.CI === 'true' ? false : existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing: apt-get install -y chromium`;

type Results = Record<string, string>;

/** The attacker's page script: tries each request and records what the page could see. */
const ATTACK = (target: string) => `
const target = ${JSON.stringify(target)};
const results = {};
async function attempt(name, fn) {
  // A request that never settles is recorded as such instead of hanging the page.
  const late = new Promise((resolve) => setTimeout(() => resolve('no answer in 10 s'), 10000));
  try {
    const r = await Promise.race([fn(), late]);
    results[name] = typeof r === 'string' ? r : r === undefined ? 'sent' : r.type === 'opaque' ? 'opaque' : String(r.status ?? r);
  } catch (e) {
    results[name] = 'blocked: ' + e.name;
  }
}
globalThis.startAttack = async () => {
  await attempt('no-cors POST reset', () => fetch(target + '/_ecs-trail/reset', { method: 'POST', mode: 'no-cors' }));
  await attempt('no-cors POST flush', () => fetch(target + '/_ecs-trail/flush', { method: 'POST', mode: 'no-cors' }));
  await attempt('no-cors text/plain POST reset', () => fetch(target + '/_ecs-trail/reset', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: 'x' }));
  await attempt('beacon reset', () => ({ status: navigator.sendBeacon(target + '/_ecs-trail/reset', 'x') }));
  await attempt('CORS POST reset with the admin header', () => fetch(target + '/_ecs-trail/reset', { method: 'POST', headers: { 'x-ecs-trail-token': 'x' } }));
  await attempt('read the trail', () => fetch(target + '/_ecs-trail/api/trail').then((r) => r.text().then((b) => ({ status: r.status + ' ' + b.slice(0, 40) }))));
  await attempt('create a cluster', () => fetch(target + '/', { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.CreateCluster' }, body: '{"clusterName":"from-a-web-page"}' }));
  await new Promise((resolve) => {
    const frame = document.createElement('iframe');
    frame.name = 'sink';
    document.body.append(frame);
    const form = document.createElement('form');
    form.method = 'POST';
    form.action = target + '/_ecs-trail/reset';
    form.target = 'sink';
    form.enctype = 'text/plain';
    document.body.append(form);
    frame.addEventListener('load', resolve, { once: true });
    form.submit();
    setTimeout(resolve, 5000);
  });
  results['form POST reset'] = 'submitted';
  window.attackResults = results;
};`;

const page = (script: string) => `<!doctype html><html><head><title>not the emulator</title></head><body><script>${script}</script></body></html>`;

/** Starts the page's attack (not awaited in the page: each step has its own bound) and waits for its results. */
async function attack(tab: Page): Promise<Results> {
  await tab.evaluate(() => {
    void (globalThis as unknown as { startAttack(): Promise<void> }).startAttack();
  });
  const handle = await tab.waitForFunction(() => (globalThis as { attackResults?: Results }).attackResults, undefined, { timeout: 120_000 });
  const results = (await handle.jsonValue()) as Results;
  t.comment(JSON.stringify(results));
  return results;
}

async function clusterNames(emu: TestEmulator): Promise<string[]> {
  return ((await emu.ecs.send(new ListClustersCommand({}))).clusterArns ?? []).map((a) => a.split('/')[1]!);
}

t.test('a page on another origin cannot reset, flush or read the emulator', { skip }, async (t) => {
  const log = logCapture();
  const emu = await startTestEmulator(t, { logLevel: 'info', logFormat: 'json', logOutput: log.output });
  await emu.ecs.send(new CreateClusterCommand({ clusterName: 'kept' }));

  const attacker: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page(ATTACK(emu.url))));
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => attacker.close(() => resolve())));
  const attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;

  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  t.teardown(() => browser.close());
  const tab = await browser.newPage();
  await tab.goto(`${attackerOrigin}/`);
  const results = await attack(tab);

  t.same(await clusterNames(emu), ['kept'], 'the state survived every request');
  t.match(results['CORS POST reset with the admin header'], /^blocked/, 'the preflight the header forces is not approved');
  t.match(results['read the trail'], /^blocked/, 'nothing is readable cross-origin');
  const refused = log.lines.filter((l) => String(l.msg).startsWith('refused an admin request') && l.origin === attackerOrigin);
  t.ok(refused.length >= 4, `the requests reached the emulator and were refused (${refused.length} refusals logged)`);
  t.ok(refused.some((l) => l.url === '/_ecs-trail/flush'), 'the flush too');
  t.notOk(log.messages().some((m) => m.startsWith('reset:')), 'no reset happened');
});

t.test('a DNS rebinding page, same-origin with the emulator, is refused by the Host check', { skip }, async (t) => {
  // The attacker's server holds a port while the page loads from rebind.test:<port> …
  let attackPage = '';
  const attacker: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(attackPage));
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  const port = (attacker.address() as AddressInfo).port;
  const rebound = `http://${REBIND_HOST}:${port}`;
  attackPage = page(ATTACK(rebound));
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  t.teardown(() => browser.close());
  const tab = await browser.newPage();
  await tab.goto(`${rebound}/attack`);
  // … then lets go of it, and the victim's emulator is what answers there.
  attacker.closeAllConnections();
  await new Promise<void>((resolve) => attacker.close(() => resolve()));
  const log = logCapture();
  const emu = await startTestEmulator(t, { port, logLevel: 'info', logFormat: 'json', logOutput: log.output });
  await emu.ecs.send(new CreateClusterCommand({ clusterName: 'kept' }));

  const results = await attack(tab);

  t.same(await clusterNames(emu), ['kept'], 'no reset, no cluster created');
  t.match(results['read the trail'], /^403 /, 'the trail is not readable through the attacker-owned name');
  t.equal(results['create a cluster'], '403', 'the ECS API does not answer it either');
  t.equal(results['CORS POST reset with the admin header'], '403', 'same-origin, the header is no obstacle: the Host check is');
  const refused = log.lines.filter((l) => String(l.msg).startsWith(`refused a request for Host "${REBIND_HOST}`));
  t.ok(refused.length >= 5, `the requests reached the emulator and were refused (${refused.length} logged)`);
  t.same((await emu.records()).map((r) => r.eventName), ['CreateCluster', 'ListClusters'], 'the page made no AWS call');
  // The browser goes before the emulator (teardowns run last-registered first, and the browser was
  // launched first): its open sockets would otherwise hold the emulator's close.
  await browser.close();
});
