import type { IncomingCall, Route, WireProtocol } from '../protocol/wire-protocol.js';
import type { ServiceDescriptor } from './service-descriptor.js';

export interface Routed {
  protocol: WireProtocol;
  route: Route;
  /** Undefined: the request names no service served here. */
  service: ServiceDescriptor | undefined;
}

const NO_ROUTE: Route = { key: undefined, operation: undefined };

/**
 * Which service a request is for. Each protocol claims its requests (awsJson by `X-Amz-Target`,
 * awsQuery by its form) and names a key (a target prefix, an API version); the services register
 * under their protocol's keys. A request no protocol claims is answered in the first one's terms.
 */
export class ServiceTable {
  readonly #protocols: WireProtocol[] = [];
  readonly #byKey = new Map<WireProtocol, Map<string, ServiceDescriptor>>();
  readonly services: readonly ServiceDescriptor[];

  constructor(services: readonly ServiceDescriptor[]) {
    this.services = services;
    for (const s of services) {
      let keys = this.#byKey.get(s.protocol);
      if (!keys) {
        this.#protocols.push(s.protocol);
        this.#byKey.set(s.protocol, (keys = new Map()));
      }
      for (const key of s.protocol.routeKeys(s.wire)) {
        const other = keys.get(key);
        if (other) throw new Error(`services ${other.name} and ${s.name} both answer to ${s.protocol.name} key "${key}"`);
        keys.set(key, s);
      }
    }
    if (this.#protocols.length === 0) throw new Error('no service to serve');
  }

  find(call: IncomingCall): Routed {
    for (const protocol of this.#protocols) {
      if (!protocol.claims(call)) continue;
      const route = protocol.route(call);
      const service = route.key === undefined ? undefined : this.#byKey.get(protocol)!.get(route.key);
      return { protocol, route, service };
    }
    return { protocol: this.#protocols[0]!, route: NO_ROUTE, service: undefined };
  }

  /** A service by name (tests, tools). */
  get(name: string): ServiceDescriptor | undefined {
    return this.services.find((s) => s.name === name);
  }
}
