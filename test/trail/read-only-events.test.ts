import t from 'tap';
import { CLOUDTRAIL_READ_ONLY_EVENTS, ECS_READ_ONLY_EVENTS, isReadOnlyEvent } from '../../trail-writer/index.js';
import { sdkModel, type SdkService } from '../helpers/sdk-operations.js';

/**
 * The read-only lists of trail-writer/record/event-sources/ against the installed SDK clients: every
 * name is an operation of the API, and every operation is classified on purpose, so a new
 * Describe/List/Get operation of the SDK fails here until its event source lists it. The exceptions
 * to the verb rule are the ones the lists' comments cite (every-operation.test.ts checks the records).
 */
const CASES: Array<{ service: SdkService; list: ReadonlySet<string>; source: string; readOnlyBeyondVerb: string[] }> = [
  { service: 'ecs', list: ECS_READ_ONLY_EVENTS, source: 'ecs.amazonaws.com', readOnlyBeyondVerb: ['DiscoverPollEndpoint'] },
  { service: 'cloudtrail', list: CLOUDTRAIL_READ_ONLY_EVENTS, source: 'cloudtrail.amazonaws.com', readOnlyBeyondVerb: ['LookupEvents'] },
];

for (const c of CASES) {
  t.test(`${c.source}: every read-only event is an operation, and every read operation is listed`, async (t) => {
    const ops = Object.keys((await sdkModel(c.service)).operations);
    t.same([...c.list].filter((name) => !ops.includes(name)), [], 'no listed name is missing from the SDK');
    const expected = ops.filter((op) => /^(Describe|List|Get)/.test(op) || c.readOnlyBeyondVerb.includes(op));
    t.same(ops.filter((op) => c.list.has(op) !== expected.includes(op)), [], 'listed exactly: Describe*, List*, Get* and the cited exceptions');
    for (const op of ops) t.equal(isReadOnlyEvent(c.source, op), c.list.has(op), op);
  });
}

t.test('ExecuteCommand and the agent calls that change state are not read-only', async (t) => {
  for (const op of ['ExecuteCommand', 'SubmitTaskStateChange', 'SubmitContainerStateChange', 'SubmitAttachmentStateChanges', 'RegisterContainerInstance', 'RunTask']) {
    t.equal(isReadOnlyEvent('ecs.amazonaws.com', op), false, op);
  }
  t.equal(isReadOnlyEvent('ecs.amazonaws.com', 'DiscoverPollEndpoint'), true);
});
