import type { Principal } from '../../trail-writer/index.js';
import { isoSeconds } from '../../trail-writer/record/java-date.js';
import { awsId } from '../identity/aws-ids.js';
import { simulatedInstance, type SimulatedInstance } from '../ec2-capacity/simulated-instance.js';
import type { Actor } from './actors.js';
import type { FastIds } from './random.js';
import { ScenarioError, type ActorSpec, type Ec2Spec } from './scenario.js';

/** How long an instance profile's credentials serve before the instance fetches new ones. [INFER] */
const INSTANCE_SESSION_MS = 6 * 3_600_000;

/** One simulated container instance of a generated trail, as the actor its agent is. */
export interface AgentActor extends Actor {
  instance: SimulatedInstance;
  clusterName: string;
  /** Its container instance ARN once registered. */
  containerInstanceArn?: string | undefined;
}

/**
 * The scenario's EC2 capacity: every cluster a step creates gets `ec2.instancesPerCluster` simulated
 * instances whose agents register at once (RegisterContainerInstance, then DiscoverPollEndpoint), as
 * `--ec2-instances` does on the server, and a step may act as one of those agents (`agent:`).
 */
export class GeneratorAgents {
  readonly #spec: Ec2Spec | undefined;
  /** Each scope's instances draw their ids from the scope's own stream. */
  readonly #idsFor: (accountId: string, region: string) => FastIds;
  /** account/region/cluster → its instances, in registration order. */
  readonly #byCluster = new Map<string, AgentActor[]>();

  constructor(spec: Ec2Spec | undefined, idsFor: (accountId: string, region: string) => FastIds) {
    this.#spec = spec;
    this.#idsFor = idsFor;
  }

  get instancesPerCluster(): number {
    return this.#spec?.instancesPerCluster ?? 0;
  }

  /** A new instance of a cluster, not registered yet (its agent's first call registers it). */
  newInstance(accountId: string, region: string, clusterName: string, now: number): AgentActor {
    const key = `${accountId}/${region}/${clusterName}`;
    const list = this.#byCluster.get(key) ?? [];
    const instance = simulatedInstance(this.#idsFor(accountId, region), { accountId, region, index: list.length, now, instanceRole: this.#spec?.instanceRole });
    const actor = agentActor(instance, clusterName, region, list.length + 1, now);
    list.push(actor);
    this.#byCluster.set(key, list);
    return actor;
  }

  /** A cluster created again starts without instances (its old ones belonged to the old cluster). */
  forgetCluster(accountId: string, region: string, clusterName: string): void {
    this.#byCluster.delete(`${accountId}/${region}/${clusterName}`);
  }

  /**
   * The agent a step names: `<cluster>/<n>` (the n-th instance of the cluster, from 1) or a container
   * instance ARN. `<cluster>/<next n>` with RegisterContainerInstance is a new instance joining.
   */
  resolve(ref: string, accountId: string, region: string, call: string, now: number, label: string): { actor: AgentActor; isNew: boolean } {
    if (ref.startsWith('arn:')) {
      for (const list of this.#byCluster.values()) {
        const found = list.find((a) => a.containerInstanceArn === ref);
        if (found) return { actor: found, isNew: false };
      }
      throw new ScenarioError(`${label}: agent ${ref} is no simulated container instance of this run`);
    }
    const m = /^([a-zA-Z0-9_-]{1,255})\/(\d+)$/.exec(ref);
    if (!m) throw new ScenarioError(`${label}: agent must be <cluster>/<n> or a container instance ARN, got "${ref}"`);
    const [, cluster, nText] = m;
    const n = Number(nText);
    const list = this.#byCluster.get(`${accountId}/${region}/${cluster}`) ?? [];
    if (n >= 1 && n <= list.length) return { actor: list[n - 1]!, isNew: false };
    if (call === 'RegisterContainerInstance' && n === list.length + 1) {
      return { actor: this.newInstance(accountId, region, cluster!, now), isNew: true };
    }
    throw new ScenarioError(
      `${label}: cluster ${cluster} has ${list.length} simulated instance(s) in ${region}; "${ref}" names none` +
        (call === 'RegisterContainerInstance' ? ` (a new one is ${cluster}/${list.length + 1})` : ''),
    );
  }
}

function agentActor(instance: SimulatedInstance, clusterName: string, region: string, n: number, bootedAt: number): AgentActor {
  const base = instance.principal;
  const sessions = new Map<number, Principal>();
  return {
    name: `ecs-agent:${clusterName}/${n}`,
    principal: base,
    // Instance profile credentials are renewed as they near expiry: a new key and creationDate.
    principalAt: (ms) => {
      const k = Math.max(0, Math.floor((ms - bootedAt) / INSTANCE_SESSION_MS));
      if (k === 0) return base;
      let p = sessions.get(k);
      if (!p) {
        p = {
          ...base,
          accessKeyId: awsId('ASIA', base.accountId, `instance-profile:${instance.ec2InstanceId}:${k}`),
          session: { ...base.session!, creationDate: isoSeconds(Math.floor((bootedAt + k * INSTANCE_SESSION_MS - 300_000) / 1000) * 1000) },
        };
        sessions.set(k, p);
      }
      return p;
    },
    regions: [region],
    deny: new Set(),
    spec: {} as ActorSpec,
    sourceIp: () => instance.privateIp,
    userAgent: () => instance.userAgent,
    activityAt: () => 1,
    vpcEndpoint: instance.vpcEndpoint,
    instance,
    clusterName,
  };
}
