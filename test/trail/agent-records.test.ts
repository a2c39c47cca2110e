import t from 'tap';
import { CreateClusterCommand, DescribeClustersCommand } from '@aws-sdk/client-ecs';
import { ManualClock, seededIds } from '../../emulator/clock.js';
import { resolveConfig, ConfigError } from '../../server/config.js';
import { startTestEmulator } from '../helpers/test-emulator.js';

t.test('--ec2-instances: each new cluster’s agents register as real ECS agents do in CloudTrail', async (t) => {
  const clock = new ManualClock(Date.parse('2026-03-02T10:00:00Z'));
  const emu = await startTestEmulator(t, { clock, ids: seededIds('agents'), ec2Instances: 3 });
  const { ecs } = emu;
  const created = await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
  t.equal((await ecs.send(new DescribeClustersCommand({ clusters: ['prod'] }))).clusters?.[0]?.registeredContainerInstancesCount, 3, 'registered before CreateCluster is answered');
  t.equal(created.cluster?.registeredContainerInstancesCount, 0, 'the CreateCluster answer itself is the empty cluster');
  await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
  clock.advance(1000);
  await ecs.send(new CreateClusterCommand({ clusterName: 'staging' }));

  const records = await emu.records();
  const agentCalls = records.filter((r) => r.userAgent.startsWith('Amazon ECS Agent'));
  t.equal(agentCalls.length, 12, '3 instances × 2 calls × 2 new clusters; an existing cluster gets none');
  const reg = agentCalls.filter((r) => r.eventName === 'RegisterContainerInstance');
  const instanceIds = new Set<string>();
  for (const r of reg) {
    const id = r.userIdentity.arn.split('/').pop();
    instanceIds.add(id);
    t.match(id, /^i-0[0-9a-f]{16}$/);
    t.match(r.userIdentity, {
      type: 'AssumedRole',
      principalId: new RegExp(`^AROA[A-Z2-7]{17}:${id}$`),
      arn: `arn:aws:sts::123456789012:assumed-role/ecsInstanceRole/${id}`,
      accountId: '123456789012',
      accessKeyId: /^ASIA[A-Z2-7]{16}$/,
      sessionContext: {
        sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::123456789012:role/ecsInstanceRole', userName: 'ecsInstanceRole' },
        attributes: { creationDate: r.eventTime === '2026-03-02T10:00:00Z' ? '2026-03-02T09:58:30Z' : '2026-03-02T09:58:31Z', mfaAuthenticated: 'false' },
        ec2RoleDelivery: '2.0',
      },
    });
    t.notOk('webIdFederationData' in r.userIdentity.sessionContext, 'as in a real instance-profile record');
    t.equal(r.userAgent, 'Amazon ECS Agent - v1.67.1 (989593e9) (linux) (+http://aws.amazon.com/ecs/)');
    t.match(r.sourceIPAddress, /^10\.0\.\d+\.\d+$/, 'a private address');
    t.match(r.vpcEndpointId, /^vpce-0[0-9a-f]{16}$/);
    t.equal(r.vpcEndpointAccountId, '123456789012');
    t.equal(r.readOnly, false);
    const doc = JSON.parse(r.requestParameters.instanceIdentityDocument);
    t.equal(doc.instanceId, id, 'the identity document names the same instance');
    t.equal(doc.privateIp, r.sourceIPAddress);
    t.equal(doc.instanceType, 'm5.large');
    t.same(r.requestParameters.totalResources.map((x: { name: string }) => x.name), ['CPU', 'MEMORY', 'PORTS', 'PORTS_UDP']);
    t.match(r.responseElements.containerInstance, { ec2InstanceId: id, status: 'ACTIVE', agentConnected: true, registeredAt: r.eventTime === '2026-03-02T10:00:00Z' ? 'Mar 2, 2026, 10:00:00 AM' : 'Mar 2, 2026, 10:00:01 AM' });
    const keys = Object.keys(r);
    t.ok(keys.indexOf('recipientAccountId') < keys.indexOf('vpcEndpointId') && keys.indexOf('vpcEndpointAccountId') < keys.indexOf('eventCategory'), 'vpcEndpoint fields between recipientAccountId and eventCategory');
  }
  t.equal(instanceIds.size, 6, 'every instance its own session');
  const zones = reg.slice(0, 3).map((r) => JSON.parse(r.requestParameters.instanceIdentityDocument).availabilityZone);
  t.same(zones, ['us-east-1a', 'us-east-1b', 'us-east-1c'], 'one instance per zone');
  const poll = agentCalls.find((r) => r.eventName === 'DiscoverPollEndpoint')!;
  t.equal(poll.readOnly, true);
  t.equal(poll.responseElements, null);
  t.same(Object.keys(poll.requestParameters), ['containerInstance', 'cluster']);
  t.match(poll.requestParameters.cluster, /^arn:aws:ecs:us-east-1:123456789012:cluster\/(prod|staging)$/);
});

t.test('--ec2-instances and ECS_TRAIL_EC2_INSTANCES resolve to the configuration, and are checked', async (t) => {
  t.equal(resolveConfig([], {}).ec2Instances, 0, 'none by default');
  t.equal(resolveConfig(['--ec2-instances', '4'], {}).ec2Instances, 4);
  t.equal(resolveConfig([], { ECS_TRAIL_EC2_INSTANCES: '2' }).ec2Instances, 2);
  t.equal(resolveConfig(['--ec2-instances', '1'], { ECS_TRAIL_EC2_INSTANCES: '2' }).ec2Instances, 1, 'the flag wins');
  for (const bad of ['-1', '2.5', '101', 'many']) {
    let err: unknown;
    try {
      resolveConfig([`--ec2-instances=${bad}`], {});
    } catch (e) {
      err = e;
    }
    t.ok(err instanceof ConfigError, `${bad} is refused`);
    t.match((err as Error).message, /--ec2-instances must be/);
  }
});
