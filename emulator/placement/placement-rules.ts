import type { PlacementConstraint, PlacementStrategy } from '@aws-sdk/client-ecs';
import { invalidParameter } from '../errors.js';
import { parseClusterQuery, type ClusterQuery } from '../model/container-instances/cluster-query.js';

/**
 * Task placement constraints and strategies as RunTask, StartTask (constraints only apply to the
 * named instances), CreateService and UpdateService take them.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement-constraints.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement-strategies.html
 *
 * Limits: "a maximum of 10 constraints" per task, five strategy rules per service
 * (API_RunTask, API_CreateService). The texts of these errors are [GUESS] (docs/ecs-error-messages.md §23).
 */
export type ParsedConstraint = { type: 'distinctInstance' } | { type: 'memberOf'; query: ClusterQuery; expression: string };

export function parseConstraints(constraints: readonly PlacementConstraint[] | undefined): ParsedConstraint[] {
  const list = constraints ?? [];
  if (list.length > 10) throw invalidParameter('Placement constraints can have at most 10 items.');
  return list.map((c) => {
    if (c.type === 'distinctInstance') {
      if (c.expression) throw invalidParameter('An expression cannot be specified for the distinctInstance placement constraint.');
      return { type: 'distinctInstance' };
    }
    if (c.type === 'memberOf') {
      if (!c.expression) throw invalidParameter('An expression is required for the memberOf placement constraint.');
      if (c.expression.length > 2000) throw invalidParameter('expression longer than 2000.');
      return { type: 'memberOf', query: parseClusterQuery(c.expression), expression: c.expression };
    }
    throw invalidParameter(`type should be one of [distinctInstance,memberOf]`);
  });
}

/** A task definition takes only memberOf constraints (RegisterTaskDefinition `placementConstraints`). */
export function checkTaskDefinitionConstraints(constraints: readonly PlacementConstraint[] | undefined): void {
  for (const c of constraints ?? []) {
    if (c.type === 'distinctInstance') {
      throw invalidParameter('The distinctInstance placement constraint is not supported in a task definition.');
    }
  }
  parseConstraints(constraints);
}

export type ParsedStrategy =
  | { type: 'random' }
  | { type: 'binpack'; field: 'cpu' | 'memory' }
  | { type: 'spread'; field: 'instanceId' | { attribute: string } };

export function parseStrategies(strategies: readonly PlacementStrategy[] | undefined): ParsedStrategy[] {
  const list = strategies ?? [];
  if (list.length > 5) throw invalidParameter('Placement strategies can have at most 5 items.');
  return list.map((s) => {
    const field = s.field;
    switch (s.type) {
      case 'random':
        if (field) throw invalidParameter('A field cannot be specified for the random placement strategy.');
        return { type: 'random' };
      case 'binpack': {
        const f = field?.toLowerCase();
        if (f !== 'cpu' && f !== 'memory') throw invalidParameter('The binpack placement strategy field must be cpu or memory.');
        return { type: 'binpack', field: f };
      }
      case 'spread': {
        if (!field) throw invalidParameter('A field is required for the spread placement strategy.');
        if (field === 'instanceId' || field === 'host') return { type: 'spread', field: 'instanceId' };
        if (/^attribute:[a-zA-Z0-9_./\\-]{1,128}$/.test(field)) return { type: 'spread', field: { attribute: field.slice(10) } };
        throw invalidParameter(`The spread placement strategy field must be instanceId, host or attribute:<name>, but was ${field}.`);
      }
      default:
        throw invalidParameter('type should be one of [random,spread,binpack]');
    }
  });
}

/**
 * "For tasks running as part of an Amazon ECS service, the default task placement strategy is spread
 * using the attribute:ecs.availability-zone" (task-placement-strategies page). Within a zone the
 * emulator then spreads over instances, where ECS picks at random (a deterministic stand-in).
 */
export const SERVICE_DEFAULT_STRATEGY: readonly ParsedStrategy[] = [
  { type: 'spread', field: { attribute: 'ecs.availability-zone' } },
  { type: 'spread', field: 'instanceId' },
];
