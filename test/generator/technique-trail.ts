import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Test } from 'tap';
import { generate, type GeneratedTrail, type TrailRecord } from './generated-trail.js';

export interface TechniqueTrail {
  trail: GeneratedTrail;
  /** Every record, in time order. */
  records: TrailRecord[];
  /** The records of the steps the scenario flags, in time order. */
  flagged: TrailRecord[];
}

/** Generate one of examples/scenarios/ (e.g. `techniques/delete-cluster.yaml`) with a seed. */
export async function techniqueTrail(t: Test, file: string, seed = 1): Promise<TechniqueTrail> {
  const yaml = await readFile(join(import.meta.dirname, '../../examples/scenarios', file), 'utf8');
  const trail = await generate(t, yaml, { seed });
  const records = await trail.records();
  const ids = new Set(trail.summary.flagged.map((f) => f.eventId));
  return { trail, records, flagged: records.filter((r) => ids.has(r.eventID)) };
}

export const ids = (records: readonly TrailRecord[]) => records.map((r) => r.eventID as string);

/** Falco's plugin rules (falcosecurity/plugins, plugins/cloudtrail/rules/aws_cloudtrail_rules.yaml). */
export const falco = {
  /** "ECS Service Created": ct.src = ecs.amazonaws.com, ct.name = CreateService, not ct.error exists. */
  serviceCreated: (r: TrailRecord) => r.eventSource === 'ecs.amazonaws.com' && r.eventName === 'CreateService' && r.errorCode === undefined,
  /** "ECS Task Run or Started": ct.name RunTask or StartTask, not ct.error exists. */
  taskRunOrStarted: (r: TrailRecord) =>
    r.eventSource === 'ecs.amazonaws.com' && (r.eventName === 'RunTask' || r.eventName === 'StartTask') && r.errorCode === undefined,
};
