import t from 'tap';
import { resolveConfig } from '../../server/config.js';
import { isKnownRegion } from '../../server/identity/regions.js';

t.test('regions come from the AWS SDK partitions list', async (t) => {
  for (const r of ['us-east-1', 'eu-central-2', 'ap-southeast-7', 'mx-central-1', 'us-gov-west-1', 'cn-northwest-1', 'eusc-de-east-1']) {
    t.ok(isKnownRegion(r), `${r} is a Region`);
  }
  for (const r of ['xx-fake-9', 'us-east-9', 'aws-global', 'aws-cn-global', '', 'US-EAST-1', 'us-east-1 ']) {
    t.notOk(isKnownRegion(r), `"${r}" is not`);
  }
});

t.test('--region is checked against the same list', async (t) => {
  t.equal(resolveConfig(['--region', 'eu-west-3'], {}).region, 'eu-west-3');
  t.throws(() => resolveConfig(['--region', 'xx-fake-9'], {}), /region "xx-fake-9" is not an AWS Region/);
  t.throws(() => resolveConfig([], { ECS_TRAIL_REGION: 'us-east-9' }), /not an AWS Region/);
});
