import t from 'tap';
import {
  AssociateGatewayWithClusterCommand,
  CreateClusterCommand,
  CreateGatewayCommand,
  CreateServiceCommand,
  DeleteGatewayCommand,
  DeleteServiceCommand,
  DescribeGatewayCommand,
  DescribeGatewayResourcesCommand,
  DescribeGatewayRouteCommand,
  DisassociateGatewayFromClusterCommand,
  GatewayNotFoundException,
  InvalidParameterException,
  ListGatewayClusterAssociationsCommand,
  ListGatewayRoutesCommand,
  ListGatewaysCommand,
  ListTagsForResourceCommand,
  RegisterTaskDefinitionCommand,
  ResourceNotFoundException,
  UpdateGatewayCommand,
  type ECSServiceException,
} from '@aws-sdk/client-ecs';
import { ManualClock } from '../../emulator/clock.js';
import { DEFAULT_TIMINGS } from '../../emulator/lifecycle/timings.js';
import { recordFor, startTestEmulator } from '../helpers/test-emulator.js';

const ACCOUNT = '123456789012';
const P = `arn:aws:ecs:us-east-1:${ACCOUNT}`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/ecsInfrastructureRole`;
const TIMINGS = { ...DEFAULT_TIMINGS, provisioningMs: 1000, pendingMs: 1000, stoppingMs: 1000, deprovisioningMs: 1000 };
const NET = { awsvpcConfiguration: { subnets: ['subnet-12345678'] } };
const ALB = { hostSharedAlb: {} };
const fail = (p: Promise<unknown>) => p.then(() => undefined).catch((e: unknown) => e as ECSServiceException);

t.test('a gateway: created ACTIVE with defaults, updated on the clock, associated, routed, deleted', async (t) => {
  const clock = new ManualClock(Date.parse('2026-10-20T12:00:00Z'));
  const emu = await startTestEmulator(t, { clock, timings: TIMINGS });
  const { ecs } = emu;
  const created = await ecs.send(
    new CreateGatewayCommand({ name: 'gw', infrastructureRoleArn: ROLE, configuration: { hostSharedAlb: { networkConfiguration: { subnets: ['subnet-1', 'subnet-2'] } } }, tags: [{ key: 'team', value: 'web' }] }),
  );
  t.match(created, { gatewayArn: new RegExp(`^${P}:gateway/gw/[0-9a-f]{32}$`), name: 'gw', status: 'ACTIVE' });
  const gatewayArn = created.gatewayArn!;
  const gw = (await ecs.send(new DescribeGatewayCommand({ gateway: 'gw' }))).gateway!;
  t.match(gw, {
    gatewayArn,
    status: 'ACTIVE',
    infrastructureRoleArn: ROLE,
    deletionProtection: true,
    accessType: 'PUBLIC',
    propagateTags: 'GATEWAY',
    tags: [{ key: 'team', value: 'web' }],
    failures: [],
  });
  t.same(gw.configuration?.hostSharedAlb, {
    networkConfiguration: { subnets: ['subnet-1', 'subnet-2'], ipAddressType: 'dualstack' },
    scheme: 'internet-facing',
    port: 443,
    protocol: 'HTTPS',
    maxAlbCount: 10,
    httpDesync: 'defensive',
    currentAlbCount: 0,
  }, 'the documented defaults; no load balancer until a service uses the gateway');
  t.same((await ecs.send(new DescribeGatewayCommand({ gateway: gatewayArn }))).gateway?.gatewayArn, gatewayArn, 'by ARN too');
  t.same((await ecs.send(new ListTagsForResourceCommand({ resourceArn: gatewayArn }))).tags, [{ key: 'team', value: 'web' }]);

  const update = await ecs.send(new UpdateGatewayCommand({ gateway: 'gw', configuration: { hostSharedAlb: { httpDesync: 'strictest', maxAlbCount: 20 } } }));
  t.equal(update.status, 'UPDATE_IN_PROGRESS');
  t.same((await ecs.send(new ListGatewaysCommand({ status: ['UPDATE_IN_PROGRESS'] }))).gateways?.map((g) => g.name), ['gw']);
  clock.advance(1000);
  const updated = (await ecs.send(new DescribeGatewayCommand({ gateway: 'gw' }))).gateway!;
  t.equal(updated.status, 'UPDATE_COMPLETE');
  t.match(updated.configuration?.hostSharedAlb, { httpDesync: 'strictest', maxAlbCount: 20, scheme: 'internet-facing' });

  // A service in an associated cluster that uses the gateway gets a route.
  await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  const assoc = await ecs.send(new AssociateGatewayWithClusterCommand({ gateway: 'gw', cluster: 'c' }));
  t.same({ ...assoc, $metadata: undefined }, { gatewayArn, clusterArn: `${P}:cluster/c`, status: 'ACTIVE', $metadata: undefined });
  await ecs.send(new RegisterTaskDefinitionCommand({ family: 'web', requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '256', memory: '512', containerDefinitions: [{ name: 'app', image: 'nginx', portMappings: [{ containerPort: 80, name: 'web' }] }] }));
  await ecs.send(new CreateServiceCommand({ cluster: 'c', serviceName: 'site', taskDefinition: 'web', desiredCount: 1, launchType: 'FARGATE', networkConfiguration: NET, gatewayConnectors: [{ portName: 'web' }] }));
  await ecs.send(new CreateServiceCommand({ cluster: 'c', serviceName: 'internal', taskDefinition: 'web', desiredCount: 1, launchType: 'FARGATE', networkConfiguration: NET, gatewayConnectors: [{ portName: 'web', filters: { accessTypes: ['PRIVATE'] } }] }));
  const routes = (await ecs.send(new ListGatewayRoutesCommand({ gateway: 'gw', cluster: 'c' }))).gatewayRoutes!;
  t.equal(routes.length, 1, 'a PRIVATE-only connector has no route through a public gateway');
  t.match(routes[0], { gatewayArn, clusterArn: `${P}:cluster/c`, serviceArn: `${P}:service/c/site`, serviceContainerPortName: 'web', status: 'CREATE_IN_PROGRESS' });
  const routeArn = routes[0]!.gatewayRouteArn!;
  t.match(routeArn, new RegExp(`^${P}:gateway-route/gw/${gatewayArn.split('/').at(-1)}/[0-9a-f]{32}$`));
  clock.advance(1000);
  const route = (await ecs.send(new DescribeGatewayRouteCommand({ gatewayRouteArn: routeArn }))).gatewayRoute!;
  t.match(route, { gatewayRouteArn: routeArn, status: 'ACTIVE', serviceArn: `${P}:service/c/site`, serviceUrl: /^https:\/\/si-[0-9a-f]{32}\.ecs\.us-east-1\.on\.aws$/ });
  t.match(route.resources?.hostSharedAlb?.[0], { loadBalancerArn: /^arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer\/app\//, acmCertificateArn: /^arn:aws:acm:/ });
  const resources = (await ecs.send(new DescribeGatewayResourcesCommand({ gateway: 'gw' }))).gatewayResources!;
  t.same(resources.resources?.hostSharedAlb?.[0]?.gatewayRouteArns, [routeArn]);
  t.equal((await ecs.send(new DescribeGatewayCommand({ gateway: 'gw' }))).gateway?.configuration?.hostSharedAlb?.currentAlbCount, 1);
  t.same((await ecs.send(new ListGatewayRoutesCommand({ service: 'site', status: ['ACTIVE'] }))).gatewayRoutes?.map((r) => r.gatewayRouteArn), [routeArn]);

  // Disassociating waits for the routes to go; deleting the gateway waits for the association to end.
  const protectedDelete = await fail(ecs.send(new DeleteGatewayCommand({ gateway: 'gw' })));
  t.type(protectedDelete, InvalidParameterException);
  t.match(protectedDelete?.message, /deletion protection/);
  await ecs.send(new UpdateGatewayCommand({ gateway: 'gw', deletionProtection: false }));
  const dis = await ecs.send(new DisassociateGatewayFromClusterCommand({ gateway: 'gw', cluster: 'c' }));
  t.equal(dis.status, 'DISASSOCIATING', 'a route is still there');
  t.match(await fail(ecs.send(new DeleteGatewayCommand({ gateway: 'gw' }))), { name: 'InvalidParameterException', message: /Disassociate all clusters/ });
  await ecs.send(new DeleteServiceCommand({ cluster: 'c', service: 'site', force: true }));
  t.equal((await ecs.send(new ListGatewayRoutesCommand({ gateway: 'gw' }))).gatewayRoutes?.[0]?.status, 'DELETE_IN_PROGRESS');
  clock.advance(5000);
  t.same((await ecs.send(new ListGatewayRoutesCommand({ gateway: 'gw' }))).gatewayRoutes, [], 'the route went with the service');
  t.same((await ecs.send(new ListGatewayClusterAssociationsCommand({ gateway: 'gw' }))).gatewayClusterAssociations, [], 'the association ended');
  t.same((await ecs.send(new ListGatewayClusterAssociationsCommand({ gateway: 'gw', status: ['INACTIVE'] }))).gatewayClusterAssociations?.map((a) => a.status), ['INACTIVE']);
  const deleted = await ecs.send(new DeleteGatewayCommand({ gateway: gatewayArn }));
  t.same([deleted.name, deleted.status], ['gw', 'DELETED']);
  t.type(await fail(ecs.send(new DescribeGatewayCommand({ gateway: 'gw' }))), GatewayNotFoundException, 'then GatewayNotFoundException');
  t.type(await fail(ecs.send(new DescribeGatewayRouteCommand({ gatewayRouteArn: routeArn }))), ResourceNotFoundException);

  const records = await emu.records();
  t.match(recordFor(records, created.$metadata.requestId), { eventName: 'CreateGateway', readOnly: false, responseElements: { gatewayArn, status: 'ACTIVE' } });
  t.match(recordFor(records, deleted.$metadata.requestId), { eventName: 'DeleteGateway', responseElements: { status: 'DELETED' } });
  t.match(recordFor(records, assoc.$metadata.requestId), { eventName: 'AssociateGatewayWithCluster', readOnly: false, responseElements: { status: 'ACTIVE' } });
  for (const name of ['DescribeGateway', 'DescribeGatewayResources', 'DescribeGatewayRoute', 'ListGatewayRoutes', 'ListGateways', 'ListGatewayClusterAssociations']) {
    t.match(records.find((r) => r.eventName === name && !r.errorCode), { readOnly: true, responseElements: null }, `${name} is read-only`);
  }
});

t.test('gateway bad input', async (t) => {
  const { ecs } = await startTestEmulator(t, {});
  await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
  await ecs.send(new CreateGatewayCommand({ name: 'g', infrastructureRoleArn: ROLE, clientToken: 'once', configuration: ALB }));
  t.equal((await ecs.send(new CreateGatewayCommand({ name: 'g', infrastructureRoleArn: ROLE, clientToken: 'once', configuration: ALB }))).status, 'ACTIVE', 'same clientToken: no error');
  const cases: Array<[string, () => Promise<unknown>, string, string | RegExp]> = [
    ['duplicate name', () => ecs.send(new CreateGatewayCommand({ name: 'g', infrastructureRoleArn: ROLE, configuration: ALB })), 'InvalidParameterException', 'A gateway named g already exists.'],
    ['no name', () => ecs.send(new CreateGatewayCommand({ name: '', infrastructureRoleArn: ROLE, configuration: ALB })), 'InvalidParameterException', 'Name can not be blank.'],
    ['bad role', () => ecs.send(new CreateGatewayCommand({ name: 'x', infrastructureRoleArn: 'role', configuration: ALB })), 'InvalidParameterException', 'Invalid infrastructure role ARN: role'],
    ['port 80', () => ecs.send(new CreateGatewayCommand({ name: 'x', infrastructureRoleArn: ROLE, configuration: { hostSharedAlb: { port: 80 } } })), 'InvalidParameterException', 'The gateway supports only HTTPS at port 443.'],
    ['bad scheme', () => ecs.send(new CreateGatewayCommand({ name: 'x', infrastructureRoleArn: ROLE, configuration: { hostSharedAlb: { scheme: 'public' as never } } })), 'InvalidParameterException', 'scheme should be one of [internal,internet-facing]'],
    ['no configuration', () => ecs.send(new CreateGatewayCommand({ name: 'x', infrastructureRoleArn: ROLE } as never)), 'InvalidParameterException', 'Configuration can not be blank.'],
    ['empty configuration', () => ecs.send(new CreateGatewayCommand({ name: 'x', infrastructureRoleArn: ROLE, configuration: {} as never })), 'InvalidParameterException', 'configuration must set exactly one member.'],
    ['unknown gateway', () => ecs.send(new DescribeGatewayCommand({ gateway: 'nope' })), 'GatewayNotFoundException', 'Gateway not found.'],
    ['associate with unknown cluster', () => ecs.send(new AssociateGatewayWithClusterCommand({ gateway: 'g', cluster: 'nope' })), 'ClusterNotFoundException', 'Cluster not found.'],
    ['disassociate without association', () => ecs.send(new DisassociateGatewayFromClusterCommand({ gateway: 'g', cluster: 'c' })), 'ResourceNotFoundException', 'The specified resource is not found.'],
    ['routes of an unknown gateway', () => ecs.send(new ListGatewayRoutesCommand({ gateway: 'nope' })), 'GatewayNotFoundException', 'Gateway not found.'],
    ['too many names', () => ecs.send(new ListGatewaysCommand({ names: Array(11).fill('g') })), 'InvalidParameterException', 'names can have at most 10 items.'],
    ['bad association status filter', () => ecs.send(new ListGatewayClusterAssociationsCommand({ status: ['GONE' as never] })), 'InvalidParameterException', 'status should be one of [ACTIVE,DISASSOCIATING,INACTIVE]'],
    ['update an unknown gateway', () => ecs.send(new UpdateGatewayCommand({ gateway: 'nope', deletionProtection: false })), 'GatewayNotFoundException', 'Gateway not found.'],
    ['update with a bad desync mode', () => ecs.send(new UpdateGatewayCommand({ gateway: 'g', configuration: { hostSharedAlb: { httpDesync: 'off' as never } } })), 'InvalidParameterException', 'httpDesync should be one of [defensive,monitor,strictest]'],
    ['update with a bad role', () => ecs.send(new UpdateGatewayCommand({ gateway: 'g', infrastructureRoleArn: 'arn:aws:iam::999999999999:role/x' })), 'InvalidParameterException', 'The infrastructure role must belong to the account of the gateway.'],
    ['resources page over 20', () => ecs.send(new DescribeGatewayResourcesCommand({ gateway: 'g', maxResults: 21 })), 'InvalidParameterException', 'maxResults must be between 1 and 20'],
  ];
  for (const [label, call, code, message] of cases) {
    const e = await fail(call());
    t.equal(e?.name, code, label);
    if (typeof message === 'string') t.equal(e?.message, message, label);
    else t.match(e?.message, message, label);
  }
  for (const n of ['g1', 'g2', 'g3', 'g4', 'g5']) {
    await ecs.send(new CreateGatewayCommand({ name: n, infrastructureRoleArn: ROLE, configuration: ALB }));
    await ecs.send(new AssociateGatewayWithClusterCommand({ gateway: n, cluster: 'c' }));
  }
  const sixth = await fail(ecs.send(new AssociateGatewayWithClusterCommand({ gateway: 'g', cluster: 'c' })));
  t.equal(sixth?.message, 'A cluster can be associated with at most 5 gateways.');
  const page = await ecs.send(new ListGatewaysCommand({ maxResults: 4 }));
  t.equal(page.gateways?.length, 4);
  const rest = await ecs.send(new ListGatewaysCommand({ maxResults: 4, nextToken: page.nextToken }));
  t.equal(rest.gateways?.length, 2);
  t.notOk(rest.nextToken);
});
