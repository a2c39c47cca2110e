import type { MemberType, ServiceModel } from './service-model.js';

/**
 * Drops, in place, every member of a request that the operation's input does not have. AWS services
 * read a request into their model's input shape and ignore what it does not name, and the CloudTrail
 * record-contents page (below) describes `requestParameters` as the request's parameters as the
 * service's API reference documents them; so a member ECS does not know is neither seen by a handler
 * nor recorded. [INFER]: no public record of a request with an unknown member was found; every real
 * record in ../shared/samples holds model members only.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 *
 * Values of the wrong JSON type are left as they are, for validation to refuse; map keys and
 * document values are the caller's own and are kept.
 */
export type MemberFilter = (value: unknown) => void;

export class KnownMembers {
  readonly #model: ServiceModel;
  readonly #structures = new Map<string, MemberFilter>();

  constructor(model: ServiceModel) {
    this.#model = model;
  }

  /** The filter for an operation's input, or undefined for an operation the model lacks. */
  forOperation(operation: string): MemberFilter | undefined {
    if (!Object.hasOwn(this.#model.operations, operation)) return undefined;
    return this.#structure(this.#model.operations[operation]!.input);
  }

  #structure(name: string): MemberFilter {
    const cached = this.#structures.get(name);
    if (cached) return cached;
    // Recursive shapes: register a forwarding filter before compiling the members.
    let inner: MemberFilter = () => {};
    const filter: MemberFilter = (v) => inner(v);
    this.#structures.set(name, filter);
    const shape = this.#model.structures[name];
    if (!shape) throw new Error(`the ${this.#model.metadata.serviceId} model has no structure ${name}`);
    const members = new Map<string, MemberFilter | undefined>();
    for (const [m, t] of Object.entries(shape.members)) members.set(m, this.#type(t));
    inner = (value) => {
      if (!isPlainObject(value)) return;
      for (const key of Object.keys(value)) {
        if (!members.has(key)) {
          delete value[key];
          continue;
        }
        members.get(key)?.(value[key]);
      }
    };
    return filter;
  }

  #type(t: MemberType): MemberFilter | undefined {
    switch (t.type) {
      case 'structure':
      case 'union':
        return this.#structure(t.shape);
      case 'list': {
        const item = this.#type(t.member);
        if (!item) return undefined;
        return (value) => {
          if (Array.isArray(value)) for (const v of value) item(v);
        };
      }
      case 'map': {
        const item = this.#type(t.value);
        if (!item) return undefined;
        return (value) => {
          if (isPlainObject(value)) for (const v of Object.values(value)) item(v);
        };
      }
      default:
        return undefined;
    }
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
