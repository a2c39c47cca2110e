/** A tiny element builder: the page is small enough that a framework would be most of its weight. */
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | ((ev: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs | null = null,
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `HH:MM:SS` in UTC, as the trail's times are. */
export function clockTime(ms: number | undefined): string {
  if (ms === undefined) return '';
  const d = new Date(ms);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** `YYYY-MM-DD HH:MM:SSZ` */
export function fullTime(ms: number | undefined): string {
  if (ms === undefined) return '';
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** A status as a coloured pill: the colour class comes from the status word. */
export function badge(status: string): HTMLElement {
  return h('span', { class: `badge st-${status.toLowerCase().replace(/[^a-z_]/g, '')}` }, status);
}

/** The short name of an identity ARN: `user/alice`, `assumed-role/Deployer/ci`, `root`. */
export function identityName(arn: string): string {
  const parts = arn.split(':');
  return parts.length > 5 ? parts.slice(5).join(':') : arn;
}
