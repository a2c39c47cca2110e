import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Whether a name is a real AWS Region: the partitions data the AWS SDK for JavaScript ships (and keeps
 * current, in `@aws-sdk/core`) lists every Region of every partition. The partitions' `regionRegex`
 * would also accept invented names such as `us-east-9`, and the `*-global` entries are endpoint
 * pseudo-regions no credential scope uses, so only listed, non-global names count.
 *
 * The list is read from the data module itself (a plain object literal), which costs well under a
 * millisecond; the SDK's `partition()` function would do too, but loading its module takes 200 ms of
 * start-up. If the data module ever changes shape, `partition()` is the fallback.
 */
const require = createRequire(import.meta.url);
const PARTITIONS_MODULE = 'dist-es/submodules/client/util-endpoints/lib/aws/partitions.js';

let regions: ReadonlySet<string> | undefined;

function listedRegions(): ReadonlySet<string> {
  if (regions) return regions;
  try {
    const text = readFileSync(join(dirname(require.resolve('@aws-sdk/core/package.json')), PARTITIONS_MODULE), 'utf8');
    const doc = JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)) as { partitions: { regions: Record<string, unknown> }[] };
    const names = doc.partitions.flatMap((p) => Object.keys(p.regions));
    if (!names.includes('us-east-1')) throw new Error('no us-east-1');
    regions = new Set(names.filter((r) => !r.endsWith('-global')));
  } catch {
    const { partition } = require('@aws-sdk/core/client') as { partition(r: string): { description?: unknown } };
    const known = new Set<string>();
    regions = { has: (r: string) => known.has(r) || (!r.endsWith('-global') && typeof partition(r).description === 'string' && !!known.add(r)) } as ReadonlySet<string>;
  }
  return regions;
}

export function isKnownRegion(region: string): boolean {
  return region.length > 0 && region.length <= 32 && listedRegions().has(region);
}

/**
 * What AWS answers when the SigV4 credential scope names a Region the endpoint does not serve, as
 * quoted from real services (aws/aws-sdk-ruby#508 SQS, aws/aws-sdk-java#1097 SES, joona/aws-es-curl#15).
 */
export function invalidRegionMessage(region: string): string {
  return `Credential should be scoped to a valid region, not '${region}'. `;
}
