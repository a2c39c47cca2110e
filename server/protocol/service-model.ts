import ecs from './models/ecs-2014-11-13.min.json' with { type: 'json' };
import cloudTrail from './models/cloudtrail-2013-11-01.min.json' with { type: 'json' };

/**
 * The machine-readable API models, loaded once: the ECS and CloudTrail JSON service models of the
 * AWS SDK for JavaScript v2 (`aws-sdk/apis/*.min.json`, Apache-2.0; the same data as botocore's
 * service-2.json, minified), copied into models/ so that running the emulator does not need that
 * 100 MB package. test/protocol/service-models.test.ts holds the copies to the package (a dev
 * dependency); refresh them with `cp node_modules/aws-sdk/apis/{ecs-2014-11-13,cloudtrail-2013-11-01}.min.json server/protocol/models/`.
 */
export interface ShapeRef {
  shape?: string;
  type?: string;
  members?: Record<string, ShapeRef>;
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  required?: string[];
}

export interface ServiceModel {
  metadata: { targetPrefix: string; serviceId: string; endpointPrefix: string };
  operations: Record<string, { input?: ShapeRef; output?: ShapeRef }>;
  shapes: Record<string, ShapeRef>;
}

export const ecsModel = ecs as unknown as ServiceModel;
export const cloudTrailModel = cloudTrail as unknown as ServiceModel;

/** Follow `shape` references to the shape itself. */
export function resolveShape(model: ServiceModel, ref: ShapeRef): ShapeRef {
  let shape = ref;
  let guard = 0;
  while (shape.shape !== undefined && guard++ < 64) {
    const target = model.shapes[shape.shape];
    if (!target) throw new Error(`model has no shape ${shape.shape}`);
    shape = target;
  }
  return shape;
}
