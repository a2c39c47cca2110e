import type { DeliveredMessage, TrailEntry } from '../../server/dashboard/wire.js';
import { clockTime, fullTime, h, identityName } from './dom.js';

const KEEP = 2000;
const ROWS_SHOWN = 300;

interface Filters {
  identity: string;
  operation: string;
  /** '' = all, 'read' = read-only, 'write' = changes */
  readOnly: string;
  errorsOnly: boolean;
}

/** The trail as a live feed, newest first, with its filters. */
export class TrailView {
  readonly #body: HTMLTableSectionElement;
  readonly #identity: HTMLSelectElement;
  readonly #operation: HTMLSelectElement;
  readonly #readOnly: HTMLSelectElement;
  readonly #errors: HTMLInputElement;
  readonly #shown: HTMLElement;
  readonly #onOpen: (entry: TrailEntry) => void;
  #entries: TrailEntry[] = [];
  readonly #byId = new Map<string, TrailEntry>();
  #filters: Filters = { identity: '', operation: '', readOnly: '', errorsOnly: false };
  #pending = false;

  constructor(root: HTMLElement, onOpen: (entry: TrailEntry) => void) {
    this.#onOpen = onOpen;
    const changed = () => this.#readFilters();
    this.#identity = h('select', { 'data-testid': 'filter-identity', onchange: changed }, h('option', { value: '' }, 'all identities'));
    this.#operation = h('select', { 'data-testid': 'filter-operation', onchange: changed }, h('option', { value: '' }, 'all operations'));
    this.#readOnly = h(
      'select',
      { 'data-testid': 'filter-readonly', onchange: changed },
      h('option', { value: '' }, 'reads and changes'),
      h('option', { value: 'read' }, 'read-only'),
      h('option', { value: 'write' }, 'changes only'),
    );
    this.#errors = h('input', { type: 'checkbox', 'data-testid': 'filter-errors', onchange: changed });
    this.#shown = h('span', { class: 'muted', 'data-testid': 'feed-count' });
    this.#body = h('tbody', { 'data-testid': 'feed' });
    this.#body.addEventListener('click', (ev) => {
      const row = (ev.target as HTMLElement).closest('tr');
      const entry = row ? this.#byId.get(row.dataset.eventId ?? '') : undefined;
      if (entry) this.#onOpen(entry);
    });
    root.replaceChildren(
      h('div', { class: 'filters' }, this.#identity, this.#operation, this.#readOnly, h('label', null, this.#errors, ' errors only'), this.#shown),
      h(
        'div',
        { class: 'feed-scroll' },
        h(
          'table',
          { class: 'feed' },
          h('thead', null, h('tr', null, ['UTC', 'identity', 'operation', 'resource', 'result', ''].map((t) => h('th', null, t)))),
          this.#body,
        ),
      ),
    );
  }

  reset(entries: TrailEntry[]): void {
    this.#entries = [];
    this.#byId.clear();
    this.add(entries);
  }

  add(entries: TrailEntry[]): void {
    for (const e of entries) {
      this.#entries.push(e);
      this.#byId.set(e.eventId, e);
    }
    if (this.#entries.length > KEEP) {
      for (const old of this.#entries.splice(0, this.#entries.length - KEEP)) this.#byId.delete(old.eventId);
    }
    this.#refreshOptions(this.#identity, (e) => e.identity, identityName);
    this.#refreshOptions(this.#operation, (e) => e.operation, (op) => op);
    this.#schedule();
  }

  delivered(msg: DeliveredMessage): TrailEntry[] {
    const touched: TrailEntry[] = [];
    for (const id of msg.eventIds) {
      const e = this.#byId.get(id);
      if (e) {
        e.fileKey = msg.key;
        touched.push(e);
      }
    }
    this.#schedule();
    return touched;
  }

  get(eventId: string): TrailEntry | undefined {
    return this.#byId.get(eventId);
  }

  #readFilters(): void {
    this.#filters = {
      identity: this.#identity.value,
      operation: this.#operation.value,
      readOnly: this.#readOnly.value,
      errorsOnly: this.#errors.checked,
    };
    this.#schedule();
  }

  /** Add options for values not seen before, keeping the selection. */
  #refreshOptions(select: HTMLSelectElement, key: (e: TrailEntry) => string, label: (v: string) => string): void {
    const have = new Set([...select.options].map((o) => o.value));
    const fresh = [...new Set(this.#entries.map(key))].filter((v) => !have.has(v)).sort();
    for (const v of fresh) select.append(h('option', { value: v, title: v }, label(v)));
  }

  #matches(e: TrailEntry): boolean {
    const f = this.#filters;
    if (f.identity && e.identity !== f.identity) return false;
    if (f.operation && e.operation !== f.operation) return false;
    if (f.readOnly === 'read' && !e.readOnly) return false;
    if (f.readOnly === 'write' && e.readOnly) return false;
    if (f.errorsOnly && !e.errorCode) return false;
    return true;
  }

  #schedule(): void {
    if (this.#pending) return;
    this.#pending = true;
    requestAnimationFrame(() => {
      this.#pending = false;
      this.#render();
    });
  }

  #render(): void {
    const rows: HTMLElement[] = [];
    let matched = 0;
    for (let i = this.#entries.length - 1; i >= 0; i--) {
      const e = this.#entries[i]!;
      if (!this.#matches(e)) continue;
      matched++;
      if (rows.length < ROWS_SHOWN) rows.push(row(e));
    }
    this.#body.replaceChildren(...rows);
    this.#shown.textContent = `${matched} of ${this.#entries.length} records`;
  }
}

function row(e: TrailEntry): HTMLElement {
  return h(
    'tr',
    { 'data-event-id': e.eventId, class: e.errorCode ? 'error' : e.readOnly ? 'read' : 'write', title: 'Show the whole record' },
    h('td', { class: 'mono' }, h('time', { title: fullTime(e.eventTime) }, clockTime(e.eventTime))),
    h('td', { class: 'identity', title: e.identity }, identityName(e.identity)),
    h('td', { class: 'op' }, e.operation, e.readOnly ? h('span', { class: 'tag' }, 'read') : null),
    h('td', { class: 'resource mono', title: e.resource ?? '' }, e.resource ?? ''),
    h('td', { class: 'result', title: e.errorCode ?? 'OK' }, e.errorCode ? h('span', { class: 'err' }, e.errorCode) : h('span', { class: 'ok' }, 'OK')),
    h('td', { class: 'file', title: e.fileKey ? `in ${e.fileKey}` : 'not delivered yet' }, e.fileKey ? '✓' : '·'),
  );
}
