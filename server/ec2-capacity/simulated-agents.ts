import type { CreateClusterResponse } from '@aws-sdk/client-ecs';
import type { EcsEmulator } from '../../emulator/index.js';
import type { AcknowledgedCall, InternalCall } from '../pipeline.js';
import { simulatedInstance, type SimulatedInstance } from './simulated-instance.js';

/**
 * `--ec2-instances N`: every cluster a CreateCluster call creates gets N simulated container
 * instances, whose agents register as real ones do — RegisterContainerInstance, then
 * DiscoverPollEndpoint to find where to long-poll — each call made with its instance's identity
 * (simulated-instance.ts) and recorded like any other. They register before CreateCluster is
 * answered, so the next call can place tasks. A cluster re-created under the same name gets new ones.
 */
export class SimulatedAgents {
  readonly #count: number;
  readonly #emulator: EcsEmulator;
  readonly #callAs: (c: InternalCall) => Promise<{ output?: unknown; error?: { code: string; message: string } }>;
  /** account/region/name/createdAt of every cluster already given its instances. */
  readonly #provisioned = new Set<string>();

  constructor(opts: {
    count: number;
    emulator: EcsEmulator;
    callAs: (c: InternalCall) => Promise<{ output?: unknown; error?: { code: string; message: string } }>;
  }) {
    this.#count = opts.count;
    this.#emulator = opts.emulator;
    this.#callAs = opts.callAs;
  }

  async afterCall(done: AcknowledgedCall): Promise<void> {
    if (this.#count <= 0 || done.serviceName !== 'ecs' || done.operation !== 'CreateCluster') return;
    const name = (done.output as CreateClusterResponse | undefined)?.cluster?.clusterName;
    if (!name) return;
    const { accountId } = done.principal;
    const record = this.#emulator.stores.get(accountId, done.region).clusters.get(name);
    if (!record || record.status !== 'ACTIVE') return;
    const key = `${accountId}/${done.region}/${name}/${record.createdAt}`;
    if (this.#provisioned.has(key)) return;
    this.#provisioned.add(key);
    for (let index = 0; index < this.#count; index++) {
      const instance = simulatedInstance(this.#emulator.ids, { accountId, region: done.region, index, now: this.#emulator.clock.now() });
      await registerAgent(this.#callAs, instance, name, done.region);
    }
  }
}

/** The agent's start: register the instance, then discover its poll endpoint. */
export async function registerAgent(
  callAs: (c: InternalCall) => Promise<{ output?: unknown; error?: { code: string; message: string } }>,
  instance: SimulatedInstance,
  clusterName: string,
  region: string,
): Promise<string | undefined> {
  const as = { principal: instance.principal, region, sourceIp: instance.privateIp, userAgent: instance.userAgent, vpcEndpoint: instance.vpcEndpoint };
  const registered = await callAs({ ...as, operation: 'RegisterContainerInstance', params: instance.registration(clusterName) });
  const arn = (registered.output as { containerInstance?: { containerInstanceArn?: string } } | undefined)?.containerInstance?.containerInstanceArn;
  if (!arn) return undefined;
  // Both as ARNs, in this order, as in a real 2025 record of the call (Black Hat USA 2025, "ECScape").
  const clusterArn = arn.replace(/:container-instance\/([^/]+)\/.*$/, ':cluster/$1');
  await callAs({ ...as, operation: 'DiscoverPollEndpoint', params: { containerInstance: arn, cluster: clusterArn } });
  return arn;
}
