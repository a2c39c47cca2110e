import { isIP } from 'node:net';
import { hostname } from 'node:os';

/**
 * Which `Host` headers the emulator answers: the defence against DNS rebinding, where a web page
 * on `evil.example` points its own name at 127.0.0.1 and then reads and drives the emulator as
 * same-origin. A rebinding page always sends its own (attacker-owned) DNS name, so the rule lets
 * through what such a page cannot send and what real clients do send:
 *
 * - no Host at all (HTTP/1.0 clients; browsers always send one);
 * - an IP address, any (`127.0.0.1:4599`, `[::1]:4599`, `172.18.0.2:4599`): a page at an IP
 *   address is not on a name it could rebind;
 * - `localhost` and `*.localhost`, which resolve to loopback only (RFC 6761 §6.3);
 * - the name given with `--host`, if it is a name;
 * - when listening beyond loopback (`--host 0.0.0.0`, as in a container): names without a dot
 *   (docker-compose service names such as `ecs-trail`, container host names), this machine's host
 *   name, and `host.docker.internal` / `host.containers.internal`;
 * - whatever `--allowed-hosts` adds: `name`, `.domain` (it and its subdomains), or `*` (no check).
 *
 * The port in the header is not compared: port mappings (`-p 14599:4599`) change it legitimately,
 * and a rebinding page cannot choose its name by the port.
 */
export interface HostRule {
  allows(hostHeader: string | undefined): boolean;
  /** For messages: what the rule accepts. */
  readonly summary: string;
}

const CONTAINER_HOST_NAMES = ['host.docker.internal', 'host.containers.internal'];

export function hostRule(listenHost: string, allowedHosts: readonly string[]): HostRule {
  if (allowedHosts.includes('*')) return { allows: () => true, summary: 'any host name (--allowed-hosts *)' };
  const exact = new Set<string>();
  const suffixes: string[] = [];
  for (const h of allowedHosts.map(normalize)) {
    if (h.startsWith('.')) {
      suffixes.push(h);
      exact.add(h.slice(1));
    } else exact.add(h);
  }
  const listen = normalize(listenHost);
  if (isIP(listen) === 0) exact.add(listen);
  const exposed = !isLoopback(listenHost);
  if (exposed) {
    for (const n of CONTAINER_HOST_NAMES) exact.add(n);
    exact.add(normalize(hostname()));
  }
  const allows = (header: string | undefined): boolean => {
    if (header === undefined) return true;
    const name = hostName(header);
    if (name === undefined) return false;
    if (isIP(name) !== 0) return true;
    if (name === 'localhost' || name.endsWith('.localhost')) return true;
    if (exact.has(name)) return true;
    if (exposed && !name.includes('.')) return true;
    return suffixes.some((s) => name.endsWith(s));
  };
  const named = [...exact].filter((n) => n !== '');
  const summary = [
    'IP addresses',
    'localhost',
    ...(exposed ? ['names without a dot'] : []),
    ...named,
    ...suffixes.map((s) => `*${s}`),
  ].join(', ');
  return { allows, summary };
}

/** The name in a Host header (`name`, `name:port`, `[v6]`, `[v6]:port`), lower case; undefined if malformed. */
export function hostName(header: string): string | undefined {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    if (end < 0) return undefined;
    const rest = h.slice(end + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return undefined;
    return h.slice(1, end);
  }
  const m = /^([^:\s/@]+)(?::\d{1,5})?$/.exec(h);
  return m ? normalize(m[1]!) : undefined;
}

function normalize(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** 127.0.0.0/8, ::1 and localhost: addresses no other machine can reach. */
export function isLoopback(host: string): boolean {
  const h = normalize(host).replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || /^::ffff:127\./.test(h);
}
