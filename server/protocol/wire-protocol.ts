import type { ProtocolError } from './protocol-errors.js';

/** One HTTP request as the pipeline sees it (no Fastify types). */
export interface IncomingCall {
  method: string;
  /** path and query as received */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer | undefined;
  peerAddress: string;
}

export interface CallReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** An error as it goes on the wire: the code the SDKs read, its message, the HTTP status. */
export interface WireError {
  code: string;
  message: string;
  status: number;
}

/** Which service (by a key of the protocol's own: target prefix, API version) and operation a request names. */
export interface Route {
  key: string | undefined;
  operation: string | undefined;
  /** What the protocol already parsed to find the route (awsQuery: the form), reused to read the input. */
  parsed?: unknown;
}

/**
 * What a service tells its protocol about itself. Each protocol reads the members it needs: awsJson
 * the target prefixes, awsQuery the API version, XML namespace and input shapes.
 */
export interface ServiceWireSpec {
  /** awsJson1_1: the `X-Amz-Target` prefixes the service answers to. */
  targetPrefixes?: readonly string[];
  /** awsQuery: the `Version` the service answers to, e.g. `2011-06-15`. */
  apiVersion?: string;
  /** awsQuery: the namespace of its XML answers. */
  xmlNamespace?: string;
  /** awsQuery: the input shape of each operation, to turn the flat form into structures. */
  queryInputs?: Readonly<Record<string, import('./query-shapes.js').StructureShape>>;
}

/**
 * How one AWS protocol reads a request and writes an answer, for any service that speaks it. The
 * pipeline knows only this interface; a service brings the protocol it speaks and its wire spec.
 */
export interface WireProtocol {
  readonly name: string;
  /** Whether the request is in this protocol (asked in the service table's order). */
  claims(call: IncomingCall): boolean;
  route(call: IncomingCall): Route;
  /** The keys under which a service with this spec is routed. */
  routeKeys(spec: ServiceWireSpec): readonly string[];
  /** The error for a request naming no operation of a service we serve. */
  unknownOperation(route: Route, spec: ServiceWireSpec | undefined): WireError;
  /** The request's input, as structures keyed by the model's member names. Throws ProtocolError. */
  readInput(call: IncomingCall, route: Route, spec: ServiceWireSpec, operation: string): Record<string, unknown>;
  /**
   * A common (non-modelled) error in this protocol's dialect: protocol errors carry their awsJson names
   * (UnrecognizedClientException…), which awsQuery services spell differently (InvalidClientTokenId…).
   */
  wireError(err: ProtocolError): WireError;
  /** Members as CloudTrail names them in requestParameters/responseElements for this protocol. */
  recordMembers<T>(value: T): T;
  success(requestId: string, spec: ServiceWireSpec, operation: string, output: unknown): CallReply;
  failure(requestId: string, spec: ServiceWireSpec | undefined, error: WireError): CallReply;
}
