// A client that knows nothing of the emulator: the SDK takes its endpoint from AWS_ENDPOINT_URL_ECS,
// its region and keys from the usual variables (see docker/compose.yaml).
import { CreateClusterCommand, ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';

const ecs = new ECSClient({});
const clusterName = process.env.CLUSTER_NAME ?? 'example';
const { cluster } = await ecs.send(new CreateClusterCommand({ clusterName }));
console.log(`created ${cluster.clusterArn} (${cluster.status})`);
const { clusterArns } = await ecs.send(new ListClustersCommand({}));
console.log(`clusters: ${clusterArns.join(', ')}`);
ecs.destroy();
