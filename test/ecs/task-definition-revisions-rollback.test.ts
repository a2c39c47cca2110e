import t from 'tap';
import { createEcsEmulator } from '../../emulator/index.js';

/**
 * A registration whose record could not be made durable is taken back (PendingCall.rollback). The
 * revisions are appended in place (a copy per registration made the call slower with every revision),
 * so the rollback must take off exactly that revision: the family reads as if the call never happened.
 */
const scope = { accountId: '123456789012', region: 'us-east-1' };
const input = (image: string) => ({ family: 'web', containerDefinitions: [{ name: 'web', image, memory: 128 }] });
type Registered = { taskDefinition: { revision: number; containerDefinitions: { image: string }[] } };

t.test('a rolled-back RegisterTaskDefinition leaves no revision behind', async (t) => {
  const ecs = createEcsEmulator();
  t.equal(ecs.dispatch<Registered>('RegisterTaskDefinition', input('a'), scope).output.taskDefinition.revision, 1);
  const second = ecs.dispatch<Registered>('RegisterTaskDefinition', input('b'), scope);
  t.equal(second.output.taskDefinition.revision, 2);
  second.rollback();
  const listed = ecs.call<{ taskDefinitionArns: string[] }>('ListTaskDefinitions', { familyPrefix: 'web' }, scope);
  t.same(listed.taskDefinitionArns.map((a) => a.split(':').pop()), ['1'], 'only revision 1 is listed');
  const third = ecs.call<Registered>('RegisterTaskDefinition', input('c'), scope);
  t.equal(third.taskDefinition.revision, 2, 'the next registration is revision 2, as if the rolled-back one never was');
  const described = ecs.call<Registered>('DescribeTaskDefinition', { taskDefinition: 'web:2' }, scope);
  t.equal(described.taskDefinition.containerDefinitions[0]!.image, 'c');
});

t.test('a first revision rolled back leaves no family', async (t) => {
  const ecs = createEcsEmulator();
  ecs.dispatch('RegisterTaskDefinition', input('a'), scope).rollback();
  const families = ecs.call<{ families: string[] }>('ListTaskDefinitionFamilies', {}, scope);
  t.same(families.families, []);
});
