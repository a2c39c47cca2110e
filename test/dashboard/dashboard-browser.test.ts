import t from 'tap';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ManualClock } from '../../emulator/index.js';
import { startTestEmulator } from '../helpers/test-emulator.js';

/**
 * The dashboard in a real browser: Debian's `chromium`, driven by playwright-core (which downloads
 * no browser of its own). The page is opened once; everything after that must arrive live.
 */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts', import.meta.url));
const README_PICTURE = fileURLToPath(new URL('../../docs/dashboard.png', import.meta.url));
// A bound on a hang, not a measurement: updates normally show within a second.
const SHOWS = { timeout: 10_000 };
const TIMINGS = { provisioningMs: 1500, pendingMs: 1500, stoppingMs: 1500, deprovisioningMs: 1500, stoppedTaskRetentionMs: 3_600_000 };
const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-0abc'], securityGroups: ['sg-0abc'] } };

const PAGE = fileURLToPath(new URL('../../dist/dashboard/index.html', import.meta.url));
// On CI both must be there, so the test fails rather than skips.
const skip =
  process.env.CI === 'true'
    ? false
    : !existsSync(CHROMIUM)
      ? `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run the dashboard browser test`
      : !existsSync(PAGE)
        ? 'dist/dashboard is not built: run `npm run build` to run the dashboard browser test'
        : false;

/** What the page's own scripts can see (this file is type-checked without the DOM library). */
type PageGlobals = { mark?: number; requestAnimationFrame(cb: () => void): void };

t.test('the dashboard shows resources and the trail live, filters the feed and opens a record', { skip }, async (t) => {
  t.ok(existsSync(CHROMIUM), `${CHROMIUM} is installed (CI installs Debian's chromium)`);
  t.ok(existsSync(PAGE), 'the page is built (npm run build)');
  // A hand-driven clock: every status on the page is there because the clock moved, and no delivery
  // window (5 minutes of this clock) ends before the test flushes.
  const clock = new ManualClock(Date.UTC(2026, 2, 2, 9, 40, 5));
  const emu = await startTestEmulator(t, { timings: TIMINGS, clock });
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  const outside: string[] = [];
  page.on('request', (req) => {
    if (!req.url().startsWith(emu.url) && !req.url().startsWith('data:')) outside.push(req.url());
  });

  await page.goto(`${emu.url}/_ecs-trail/`);
  await page.locator('#status.live').waitFor(SHOWS);
  await page.getByText('No resources yet').waitFor(SHOWS);
  // Marks this document: if the page reloaded, the mark would be gone.
  await page.evaluate(() => ((globalThis as unknown as PageGlobals).mark = 42));

  // Resources made through the SDK appear without a reload.
  const { ecs } = emu;
  await ecs.send(new CreateClusterCommand({ clusterName: 'demo' }));
  const cluster = page.locator('details.cluster', { hasText: 'demo' });
  await cluster.waitFor(SHOWS);
  clock.advance(40_000);
  await registerWeb(ecs);
  await page.locator('tr[data-family="web"]').waitFor(SHOWS);
  clock.advance(30_000);
  await ecs.send(
    new CreateServiceCommand({
      cluster: 'demo',
      serviceName: 'web',
      taskDefinition: 'web',
      desiredCount: 2,
      launchType: 'FARGATE',
      networkConfiguration: NETWORK,
    }),
  );
  const run = await ecs.send(
    new RunTaskCommand({ cluster: 'demo', taskDefinition: 'web', launchType: 'FARGATE', networkConfiguration: NETWORK, count: 2 }),
  );
  const service = cluster.locator('details.service', { hasText: 'web' });
  await service.waitFor(SHOWS);
  const standalone = run.tasks![0]!.taskArn!.split('/').pop()!;
  const badge = page.locator(`tr[data-task="${standalone}"] .badge`);
  await badge.filter({ hasText: 'PROVISIONING' }).waitFor(SHOWS);
  await service.locator('summary', { hasText: '0/2' }).waitFor(SHOWS);
  // Statuses move on with the clock alone, and the page follows: 2 of 2 running, then steady.
  clock.advance(5_000);
  await service.locator('summary', { hasText: '2/2' }).waitFor(SHOWS);
  await service.getByText('has reached a steady state').waitFor(SHOWS);
  await badge.filter({ hasText: 'RUNNING' }).waitFor(SHOWS);
  clock.advance(50_000);
  await ecs.send(new StopTaskCommand({ cluster: 'demo', task: standalone, reason: 'demo over' }));
  clock.advance(1_000);
  await badge.filter({ hasText: 'STOPPING' }).waitFor(SHOWS);
  clock.advance(5_000);
  await badge.filter({ hasText: 'STOPPED' }).waitFor(SHOWS);
  clock.advance(60_000);

  // Another identity, and a call that fails.
  const ops = emu.client('AKIAOPERATOR00000002');
  await ops.send(new RunTaskCommand({ cluster: 'nope', taskDefinition: 'web' })).catch(() => undefined);
  await ops.send(new CreateClusterCommand({ clusterName: 'batch' }));
  await page.locator('details.cluster', { hasText: 'batch' }).waitFor(SHOWS);
  await ops.send(new DescribeServicesCommand({ cluster: 'demo', services: ['web'] }));
  await ops.send(new ListTasksCommand({ cluster: 'demo' }));

  const feed = page.getByTestId('feed');
  const rows = feed.locator('tr');
  await rows.filter({ hasText: 'ListTasks' }).waitFor(SHOWS);
  const all = await rows.count();
  t.equal(all, 9, 'the feed lists every call');

  // Filters: errors only, then one operation, then read-only, then one identity.
  await page.getByTestId('filter-errors').check();
  await t.resolveMatch(operationsShown(page), ['RunTask'], 'errors only: the failed RunTask');
  t.match(await rows.first().textContent(), /ClusterNotFoundException/);
  await page.getByTestId('filter-errors').uncheck();
  await page.getByTestId('filter-operation').selectOption('CreateCluster');
  await t.resolveMatch(operationsShown(page), ['CreateCluster', 'CreateCluster']);
  await page.getByTestId('filter-operation').selectOption('');
  await page.getByTestId('filter-readonly').selectOption('read');
  t.same(await operationsShown(page), ['ListTasks', 'DescribeServices'], 'read-only calls');
  await page.getByTestId('filter-readonly').selectOption('write');
  t.equal((await operationsShown(page)).length, all - 2, 'changes only');
  await page.getByTestId('filter-readonly').selectOption('');
  const operator = await page
    .getByTestId('filter-identity')
    .locator('option', { hasText: 'user/ecs-trail-user-000002' })
    .getAttribute('value');
  await page.getByTestId('filter-identity').selectOption(operator!);
  t.same(await operationsShown(page), ['ListTasks', 'DescribeServices', 'CreateCluster', 'RunTask'], 'only the operator identity');
  await page.getByTestId('filter-identity').selectOption('');

  // A record, whole, and the file it is delivered in.
  await rows.filter({ hasText: 'CreateService' }).click();
  const dialog = page.getByTestId('record');
  await dialog.getByText('"eventName": "CreateService"').waitFor(SHOWS);
  t.match(await page.getByTestId('record-json').textContent(), /"serviceName": "web"/);
  t.match(await page.getByTestId('record-file').textContent(), /Not delivered yet/);
  await emu.running.flush();
  const link = page.getByTestId('record-file-link');
  await link.waitFor(SHOWS);
  const href = await link.getAttribute('href');
  const file = (await (await fetch(`${emu.url}${href}`)).json()) as { Records: { eventName: string }[] };
  t.ok(file.Records.some((r) => r.eventName === 'CreateService'), 'the link opens the log file holding the record');
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}/dashboard-record.png` });
  await page.getByTestId('record-close').click();

  t.equal(await page.evaluate(() => (globalThis as unknown as PageGlobals).mark), 42, 'never reloaded');
  t.same(pageErrors, [], 'no errors in the page');
  t.same(outside, [], 'nothing fetched from anywhere but the emulator');

  await page.locator('#chart').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${ARTIFACTS}/dashboard.png` });
  // The README's picture: refreshed on request only, so a test run leaves the work tree clean.
  if (process.env.UPDATE_DOCS_SCREENSHOT === '1') await page.screenshot({ path: README_PICTURE });
});

async function registerWeb(ecs: ECSClient): Promise<void> {
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'web',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'app', image: 'public.ecr.aws/nginx/nginx:1.27' }],
    }),
  );
}

/** The operations of the feed's rows as drawn, once the page has applied the filter. */
async function operationsShown(page: Page): Promise<string[]> {
  await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    return new Promise<void>((r) => g.requestAnimationFrame(() => g.requestAnimationFrame(r)));
  });
  return page.getByTestId('feed').locator('td.op').evaluateAll((tds) => tds.map((td) => td.firstChild?.textContent ?? ''));
}
