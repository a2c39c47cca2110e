import { CLOUDTRAIL_EVENT_SOURCE, CLOUDTRAIL_READ_ONLY_EVENTS } from './cloudtrail.js';
import { ECS_EVENT_SOURCE, ECS_READ_ONLY_EVENTS } from './ecs.js';
import { STS_EVENT_SOURCE, STS_READ_ONLY_EVENTS } from './sts.js';

/** Each event source's read-only events (its own file says where each fact comes from). */
const READ_ONLY_BY_SOURCE: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  [ECS_EVENT_SOURCE, ECS_READ_ONLY_EVENTS],
  [CLOUDTRAIL_EVENT_SOURCE, CLOUDTRAIL_READ_ONLY_EVENTS],
  [STS_EVENT_SOURCE, STS_READ_ONLY_EVENTS],
]);

/**
 * The record's `readOnly`. A source without its own list falls back to the verb of the event name,
 * which is wrong for some services (STS's AssumeRole is read-only in real records): a service that
 * records events adds its list here.
 */
export function isReadOnlyEvent(eventSource: string, eventName: string): boolean {
  const list = READ_ONLY_BY_SOURCE.get(eventSource);
  return list ? list.has(eventName) : /^(Describe|List|Get|Lookup)/.test(eventName);
}
