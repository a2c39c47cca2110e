import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type Factory = (...args: unknown[]) => unknown;

/**
 * Fastify's schema compilers, loaded the first time a route with a schema needs one. Fastify loads
 * Ajv and fast-json-stringify (with their dependencies, ~100 modules and a sixth of its start-up)
 * when an instance is made, whether or not any route has a schema; no route of ours has one (the
 * protocols check AWS input against the service models themselves). Passing the factories as
 * `schemaController.compilersFactory` is Fastify's documented way to supply them; these are the same
 * ones Fastify would use, required from where Fastify itself resolves them.
 * @see https://fastify.dev/docs/latest/Reference/Server/#schemacontroller
 */
export function lazySchemaCompilers(): CompilersFactory {
  const fromFastify = () => createRequire(createRequire(import.meta.url).resolve('fastify'));
  const lazy = (name: string): Factory => {
    let factory: Factory | undefined;
    return (...args) => {
      factory ??= (fromFastify()(name) as () => Factory)();
      return factory(...args);
    };
  };
  return {
    buildValidator: lazy('@fastify/ajv-compiler') as CompilersFactory['buildValidator'],
    buildSerializer: lazy('@fastify/fast-json-stringify-compiler') as CompilersFactory['buildSerializer'],
  };
}
