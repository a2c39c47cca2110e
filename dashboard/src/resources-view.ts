import type { ClusterView, FamilyView, ResourceSnapshot, ServiceView, TaskView } from '../../server/dashboard/wire.js';
import { badge, clockTime, fullTime, h } from './dom.js';

/** Sections the reader folded stay folded across updates (keyed by ARN or family). */
const folded = new Set<string>();

function foldable(key: string, summary: Node[], body: Node[], cls: string): HTMLDetailsElement {
  const el = h('details', { class: cls, open: !folded.has(key), 'data-key': key }, h('summary', null, ...summary), ...body);
  el.addEventListener('toggle', () => (el.open ? folded.delete(key) : folded.add(key)));
  return el;
}

export function renderResources(root: HTMLElement, snapshot: ResourceSnapshot): void {
  const scrollTop = root.scrollTop;
  if (snapshot.scopes.length === 0) {
    root.replaceChildren(
      h('p', { class: 'empty' }, 'No resources yet: create a cluster or register a task definition and it shows up here.'),
    );
    return;
  }
  root.replaceChildren(
    ...snapshot.scopes.map((scope) =>
      h(
        'section',
        { class: 'scope', 'data-testid': `scope-${scope.accountId}-${scope.region}` },
        h('h2', null, h('span', { class: 'account' }, scope.accountId), ' · ', scope.region),
        scope.clusters.length === 0 ? h('p', { class: 'empty' }, 'No clusters.') : scope.clusters.map(clusterCard),
        scope.taskDefinitions.length > 0 ? taskDefinitions(scope.accountId, scope.region, scope.taskDefinitions) : null,
      ),
    ),
  );
  root.scrollTop = scrollTop;
}

function clusterCard(c: ClusterView): HTMLElement {
  const summary = [
    h('span', { class: 'name' }, c.name),
    badge(c.status),
    h(
      'span',
      { class: 'counts' },
      `${c.runningTasksCount} running · ${c.pendingTasksCount} pending · ${c.activeServicesCount} service${c.activeServicesCount === 1 ? '' : 's'}`,
    ),
  ];
  const standalone = c.tasks.filter((t) => !t.group?.startsWith('service:'));
  const body: Node[] = [];
  for (const svc of c.services) body.push(serviceCard(svc, c.tasks.filter((t) => t.group === `service:${svc.name}`)));
  if (standalone.length > 0) body.push(h('h4', null, 'Tasks'), taskTable(standalone));
  if (c.tasksOmitted > 0) body.push(h('p', { class: 'note' }, `and ${c.tasksOmitted} older tasks not shown`));
  if (body.length === 0) body.push(h('p', { class: 'empty' }, 'No services or tasks.'));
  return foldable(c.arn, summary, body, `cluster${c.status === 'ACTIVE' ? '' : ' inactive'}`);
}

function serviceCard(s: ServiceView, tasks: TaskView[]): HTMLElement {
  const summary = [
    h('span', { class: 'kind' }, 'service'),
    h('span', { class: 'name' }, s.name),
    badge(s.status),
    h(
      'span',
      { class: 'counts' },
      h('b', null, `${s.runningCount}/${s.desiredCount}`),
      ` running · ${s.pendingCount} pending`,
    ),
    s.taskDefinition ? h('span', { class: 'td' }, s.taskDefinition) : null,
  ].filter((n): n is HTMLElement => n !== null);
  const body: Node[] = [
    h(
      'ul',
      { class: 'deployments' },
      s.deployments.map((d) =>
        h(
          'li',
          null,
          badge(d.status),
          h('span', { class: 'td' }, d.taskDefinition),
          ` ${d.runningCount}/${d.desiredCount} running, ${d.pendingCount} pending `,
          d.rolloutState ? badge(d.rolloutState) : null,
          h('span', { class: 'muted' }, ` ${d.id}`),
        ),
      ),
    ),
  ];
  if (s.events.length > 0) {
    body.push(
      h(
        'ul',
        { class: 'events' },
        s.events.map((e) => h('li', null, h('time', { title: fullTime(e.createdAt) }, clockTime(e.createdAt)), ' ', e.message)),
      ),
    );
  }
  if (tasks.length > 0) body.push(taskTable(tasks));
  return foldable(s.arn, summary, body, `service${s.status === 'ACTIVE' ? '' : ' inactive'}`);
}

function taskTable(tasks: TaskView[]): HTMLElement {
  return h(
    'table',
    { class: 'tasks' },
    h('thead', null, h('tr', null, ['task', 'status', 'task definition', 'created', 'started', 'stopped'].map((t) => h('th', null, t)))),
    h(
      'tbody',
      null,
      tasks.map((t) =>
        h(
          'tr',
          { 'data-task': t.id, title: t.stoppedReason ?? t.arn },
          h('td', { class: 'mono' }, t.id.slice(0, 12)),
          h('td', null, badge(t.lastStatus), t.desiredStatus !== t.lastStatus ? h('span', { class: 'muted' }, ` → ${t.desiredStatus}`) : null),
          h('td', { class: 'td' }, t.taskDefinition),
          h('td', null, h('time', { title: fullTime(t.createdAt) }, clockTime(t.createdAt))),
          h('td', null, h('time', { title: fullTime(t.startedAt) }, clockTime(t.startedAt))),
          h('td', null, h('time', { title: fullTime(t.stoppedAt ?? t.stoppingAt) }, clockTime(t.stoppedAt ?? t.stoppingAt))),
        ),
      ),
    ),
  );
}

function taskDefinitions(accountId: string, region: string, families: FamilyView[]): HTMLElement {
  return foldable(
    `td:${accountId}:${region}`,
    [h('span', { class: 'name' }, 'Task definitions'), h('span', { class: 'counts' }, `${families.length} families`)],
    [
      h(
        'table',
        { class: 'families' },
        h('tbody', null,
          families.map((f) =>
            h(
              'tr',
              { 'data-family': f.family },
              h('td', { class: 'name' }, f.family),
              h(
                'td',
                null,
                f.revisions.map((r) =>
                  h(
                    'span',
                    { class: `rev st-${r.status.toLowerCase()}`, title: `${r.arn}\n${r.containers.join('\n')}\nregistered ${fullTime(r.registeredAt)}` },
                    `:${r.revision}`,
                    r.status === 'ACTIVE' ? null : h('small', null, ` ${r.status.toLowerCase()}`),
                  ),
                ),
              ),
              h('td', { class: 'muted' }, [f.revisions[0]?.cpu && `${f.revisions[0].cpu} CPU`, f.revisions[0]?.memory && `${f.revisions[0].memory} MiB`].filter(Boolean).join(' · ')),
            ),
          ),
        ),
      ),
    ],
    'families',
  );
}
