import type { ClusterSetting } from '@aws-sdk/client-ecs';
import { invalidParameter } from '../errors.js';

/**
 * Cluster settings by name: `containerInsights` takes enabled, enhanced or disabled
 * (API_ClusterSetting). An empty list changes nothing. The text refusing another value is [GUESS].
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ClusterSetting.html
 */
export function mergeClusterSettings(current: readonly ClusterSetting[], given: readonly ClusterSetting[]): ClusterSetting[] {
  const out = new Map(current.map((s) => [s.name, s]));
  for (const s of given) {
    if (s.name === 'containerInsights' && !['enabled', 'enhanced', 'disabled'].includes(s.value ?? '')) {
      throw invalidParameter(`The value '${s.value ?? ''}' is not valid for the containerInsights setting. Valid values are enabled, enhanced and disabled.`);
    }
    out.set(s.name, { name: s.name, value: s.value });
  }
  return [...out.values()];
}
