import t from 'tap';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ecsModel, cloudTrailModel } from '../../server/protocol/service-model.js';

/** The models the server runs with are byte copies of the AWS SDK's (server/protocol/service-model.ts). */
const require = createRequire(import.meta.url);

for (const name of ['ecs-2014-11-13', 'cloudtrail-2013-11-01']) {
  t.test(`models/${name}.min.json is the aws-sdk package's copy`, async (t) => {
    const ours = readFileSync(new URL(`../../server/protocol/models/${name}.min.json`, import.meta.url));
    const sdk = readFileSync(require.resolve(`aws-sdk/apis/${name}.min.json`));
    t.ok(ours.equals(sdk), `refresh: cp node_modules/aws-sdk/apis/${name}.min.json server/protocol/models/`);
  });
}

t.test('the models are the services the server answers for', async (t) => {
  t.equal(ecsModel.metadata.targetPrefix, 'AmazonEC2ContainerServiceV20141113');
  t.equal(cloudTrailModel.metadata.targetPrefix, 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101');
  t.ok(ecsModel.operations.RunTask?.input, 'RunTask has an input shape');
  t.ok(cloudTrailModel.operations.LookupEvents?.input, 'LookupEvents has an input shape');
});
