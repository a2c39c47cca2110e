import type { RecordMessage, TrailEntry } from '../../server/dashboard/wire.js';
import { fullTime, h, identityName } from './dom.js';

const API = '/_ecs-trail/api';

/** The whole record as it is (or will be) in its log file, and a link to that file once delivered. */
export class RecordDialog {
  readonly #dialog: HTMLDialogElement;
  readonly #title: HTMLElement;
  readonly #file: HTMLElement;
  readonly #json: HTMLElement;
  #eventId: string | undefined;

  constructor(dialog: HTMLDialogElement) {
    this.#dialog = dialog;
    this.#title = h('h3', null);
    this.#file = h('p', { class: 'file-link', 'data-testid': 'record-file' });
    this.#json = h('pre', { class: 'json', 'data-testid': 'record-json' });
    const close = h('button', { type: 'button', class: 'close', 'data-testid': 'record-close', onclick: () => dialog.close() }, 'Close');
    dialog.replaceChildren(h('header', null, this.#title, close), this.#file, this.#json);
    dialog.addEventListener('click', (ev) => {
      if (ev.target === dialog) dialog.close();
    });
    dialog.addEventListener('close', () => (this.#eventId = undefined));
  }

  async open(entry: TrailEntry): Promise<void> {
    this.#eventId = entry.eventId;
    this.#title.replaceChildren(
      h('span', { class: entry.errorCode ? 'err' : 'ok' }, entry.operation),
      h('span', { class: 'muted' }, ` ${fullTime(entry.eventTime)} · ${identityName(entry.identity)}`),
    );
    this.#json.textContent = 'loading…';
    this.showFile(entry);
    if (!this.#dialog.open) this.#dialog.showModal();
    const res = await fetch(`${API}/records/${encodeURIComponent(entry.eventId)}`);
    if (this.#eventId !== entry.eventId) return;
    if (!res.ok) {
      this.#json.textContent = ((await res.json()) as { message: string }).message;
      return;
    }
    const msg = (await res.json()) as RecordMessage;
    this.#json.replaceChildren(highlight(JSON.stringify(msg.record, null, 2)));
  }

  /** Called again when the record's file is delivered while the dialog is open. */
  showFile(entry: TrailEntry): void {
    if (entry.eventId !== this.#eventId && this.#eventId !== undefined) return;
    if (!entry.fileKey) {
      this.#file.replaceChildren(
        h('span', { class: 'muted' }, 'Not delivered yet: the record is durable in the journal and goes into a log file when its delivery window ends.'),
      );
      return;
    }
    const href = `${API}/files/${entry.fileKey.split('/').map(encodeURIComponent).join('/')}`;
    this.#file.replaceChildren(
      'Delivered in ',
      h('a', { href, target: '_blank', rel: 'noopener', 'data-testid': 'record-file-link' }, entry.fileKey),
      ' ',
      h('a', { href: `${href}?gz`, class: 'muted' }, '(.json.gz)'),
    );
  }

  get eventId(): string | undefined {
    return this.#eventId;
  }
}

/** JSON with its keys, strings and literals in colour: safe, since it only wraps text nodes. */
function highlight(json: string): DocumentFragment {
  const out = document.createDocumentFragment();
  const re = /("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;
  let last = 0;
  for (let m = re.exec(json); m; m = re.exec(json)) {
    out.append(json.slice(last, m.index));
    const cls = m[1] ? (m[2] ? 'k' : 's') : m[3] ? 'l' : 'n';
    out.append(h('span', { class: cls }, m[1] ?? m[0]));
    if (m[2]) out.append(m[2]);
    last = re.lastIndex;
  }
  out.append(json.slice(last));
  return out;
}
