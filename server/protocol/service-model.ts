import { createRequire } from 'node:module';

/**
 * The machine-readable API models, loaded once: the ECS and CloudTrail JSON service models shipped
 * in the `aws-sdk` package (the same data as botocore's service-2.json, minified).
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

const require = createRequire(import.meta.url);

export const ecsModel = require('aws-sdk/apis/ecs-2014-11-13.min.json') as ServiceModel;
export const cloudTrailModel = require('aws-sdk/apis/cloudtrail-2013-11-01.min.json') as ServiceModel;

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
