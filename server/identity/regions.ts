import { partition } from '@aws-sdk/core/client';

/**
 * Whether a name is a real AWS Region: the partitions data the AWS SDK for JavaScript ships (and keeps
 * current) lists every Region of every partition, each with a description. The partitions' `regionRegex`
 * would also accept invented names such as `us-east-9`, and the `*-global` entries are endpoint
 * pseudo-regions no credential scope uses, so only listed, non-global names count.
 */
const known = new Set<string>();

export function isKnownRegion(region: string): boolean {
  if (known.has(region)) return true;
  if (region.length === 0 || region.length > 32 || region.endsWith('-global')) return false;
  const info = partition(region) as { description?: unknown };
  if (typeof info.description !== 'string') return false;
  // Bounded by the partitions' list itself: only listed names are kept.
  known.add(region);
  return true;
}

/**
 * What AWS answers when the SigV4 credential scope names a Region the endpoint does not serve, as
 * quoted from real services (aws/aws-sdk-ruby#508 SQS, aws/aws-sdk-java#1097 SES, joona/aws-es-curl#15).
 */
export function invalidRegionMessage(region: string): string {
  return `Credential should be scoped to a valid region, not '${region}'. `;
}
