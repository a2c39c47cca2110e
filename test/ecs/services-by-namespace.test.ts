import t from 'tap';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  ListServicesByNamespaceCommand,
  NamespaceNotFoundException,
  RegisterTaskDefinitionCommand,
  type ECSServiceException,
} from '@aws-sdk/client-ecs';
import { ManualClock } from '../../emulator/index.js';
import { recordFor, startTestEmulator } from '../helpers/test-emulator.js';

const SVC = 'arn:aws:ecs:us-east-1:123456789012:service';
const fail = (p: Promise<unknown>) => p.then(() => undefined).catch((e: unknown) => e as ECSServiceException);

t.test('ListServicesByNamespace lists the Service Connect services of a namespace, across clusters', async (t) => {
  const { ecs, records } = await startTestEmulator(t, { clock: new ManualClock(Date.UTC(2026, 0, 1)) });
  await ecs.send(new CreateClusterCommand({ clusterName: 'a', serviceConnectDefaults: { namespace: 'shop' } }));
  await ecs.send(new CreateClusterCommand({ clusterName: 'b' }));
  await ecs.send(new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx', memory: 64 }] }));
  const create = (cluster: string, serviceName: string, sc?: { enabled: boolean; namespace?: string }) =>
    ecs.send(new CreateServiceCommand({ cluster, serviceName, taskDefinition: 'web', desiredCount: 0, serviceConnectConfiguration: sc }));
  await create('a', 'cart', { enabled: true }); // the cluster's default namespace
  await create('b', 'pay', { enabled: true, namespace: 'shop' });
  await create('b', 'ads', { enabled: true, namespace: 'marketing' });
  await create('a', 'plain');
  await create('b', 'off', { enabled: false, namespace: 'shop' });

  const listed = await ecs.send(new ListServicesByNamespaceCommand({ namespace: 'shop' }));
  t.same(listed.serviceArns, [`${SVC}/a/cart`, `${SVC}/b/pay`]);
  const page = await ecs.send(new ListServicesByNamespaceCommand({ namespace: 'shop', maxResults: 1 }));
  t.same(page.serviceArns, [`${SVC}/a/cart`]);
  const rest = await ecs.send(new ListServicesByNamespaceCommand({ namespace: 'shop', maxResults: 1, nextToken: page.nextToken }));
  t.same(rest.serviceArns, [`${SVC}/b/pay`]);
  t.notOk(rest.nextToken);

  await ecs.send(new DeleteServiceCommand({ cluster: 'b', service: 'ads' }));
  t.same((await ecs.send(new ListServicesByNamespaceCommand({ namespace: 'marketing' }))).serviceArns, [], 'a deleted service is not listed once INACTIVE');

  const unknown = await fail(ecs.send(new ListServicesByNamespaceCommand({ namespace: 'nowhere' })));
  t.type(unknown, NamespaceNotFoundException);
  t.equal(unknown?.message, 'Namespace not found.');

  const recs = await records();
  const rec = recordFor(recs, listed.$metadata.requestId);
  t.equal(rec.eventName, 'ListServicesByNamespace');
  t.equal(rec.readOnly, true);
  t.same(rec.requestParameters, { namespace: 'shop' });
  t.equal(rec.responseElements, null);
});
