import type { DiscoverPollEndpointRequest, DiscoverPollEndpointResponse } from '@aws-sdk/client-ecs';
import type { OperationContext } from '../../context.js';
import { partitionOf } from '../../model/arn.js';

/**
 * Where the agent keeps its long-poll (ACS) and telemetry connections. ECS shards agents over
 * numbered endpoints (`https://ecs-a-16.us-west-2.amazonaws.com/` and `https://ecs-t-16.…` in the AWS
 * CLI's example, aws/aws-cli awscli/examples/ecs/discover-poll-endpoint.rst); the emulator picks the
 * shard from the instance, so the answer is stable. The Service Connect endpoint's form is [GUESS].
 * It checks neither instance nor cluster: nothing polls these endpoints here.
 * CloudTrail records the call as read-only with `responseElements: null` (a real 2025 record in the
 * Black Hat USA 2025 "ECScape" talk), which the trail writer does for read-only calls.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DiscoverPollEndpoint.html
 */
export function discoverPollEndpoint(input: DiscoverPollEndpointRequest, ctx: OperationContext): DiscoverPollEndpointResponse {
  const key = input.containerInstance ?? input.cluster ?? '';
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
  const shard = (h % 16) + 1;
  const domain = partitionOf(ctx.region) === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return {
    endpoint: `https://ecs-a-${shard}.${ctx.region}.${domain}/`,
    telemetryEndpoint: `https://ecs-t-${shard}.${ctx.region}.${domain}/`,
    serviceConnectEndpoint: `https://ecs-sc.${ctx.region}.api.aws`,
  };
}
