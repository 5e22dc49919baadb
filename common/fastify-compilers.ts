// The schema compilers the station's and the hub's Fastify servers use, so that neither loads ajv to start.
//
// Validation: Fastify's own (ajv, through @fastify/ajv-compiler with the server's ajv options), loaded
// after the server answers and compiled per route on its first request, instead of all at start. Compiling
// every route's schemas made up half of a server's start — the agent's 60-odd routes took longer than opening
// its database — while most routes of a terminal are never called in a given boot; and ajv itself (a quarter
// of a megabyte of code) is not needed to answer the first request. A schema ajv cannot compile still fails,
// on the first request to its route; the route tests call every route.
//
// Serialization: the routes declare response schemas, but replies are JSON.stringify'd all the same
// (plainSerializer), so fast-json-stringify (which brings ajv too) is never needed; the tests check the replies
// against the schemas instead (common/response-contract.ts).
//
// The build (scripts/build.ts) keeps fastify's own default copies of both compilers out of the bundle: the
// servers always pass these.
import type * as AjvCompilerPackage from '@fastify/ajv-compiler';
import type { ValidatorFactory } from '@fastify/ajv-compiler';
import type { FastifyInstance, FastifyRequest, FastifyServerOptions } from 'fastify';

type SerializerFactory = NonNullable<NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildSerializer']>;

type AjvCompilerModule = typeof AjvCompilerPackage;
type BuildValidator = ReturnType<AjvCompilerModule['AjvCompiler']>;
type ValidatorCompiler = ReturnType<BuildValidator>;
type ValidateFunction = ReturnType<ValidatorCompiler> & { errors?: unknown };

export interface LazyValidation {
  /** For Fastify's `schemaController.compilersFactory.buildValidator`. */
  factory: ValidatorFactory;
  /** Loads ajv (once). */
  ready(): Promise<void>;
  /**
   * Hooks `app` so that no request is validated before ajv is in, while a route with nothing to validate (the
   * health probe, the screen's reads) never waits for it; and ajv is loaded right after the first answer, so
   * the first answer is not held up by compiling it either.
   */
  install(app: FastifyInstance): void;
}

const INPUT_PARTS = ['body', 'querystring', 'params', 'headers'] as const;

/** Whether a route declares anything its requests are validated against. */
function validatesInput(request: FastifyRequest): boolean {
  const schema = request.routeOptions.schema as Partial<Record<(typeof INPUT_PARTS)[number], unknown>> | undefined;
  return schema !== undefined && INPUT_PARTS.some((part) => schema[part] !== undefined);
}

/** How ajv's Fastify compiler is loaded; a test may hold it back. */
export type LoadAjvCompiler = () => Promise<AjvCompilerModule | { default: AjvCompilerModule }>;

export function lazyValidation(load: LoadAjvCompiler = () => import('@fastify/ajv-compiler')): LazyValidation {
  let pooled: BuildValidator | undefined;
  let loading: Promise<void> | undefined;
  const ready = () =>
    (loading ??= load().then((m) => {
      // A CommonJS package: Node's loader lists its named exports; a bundle's interop has them on `default`.
      const module = (m as AjvCompilerModule & { default?: AjvCompilerModule }).default ?? m;
      pooled = module.AjvCompiler();
    }));
  const factory: BuildValidator = (externalSchemas, options) => {
    // The ajv instances themselves (meta-schemas, formats) are made with the first validation too.
    let compiler: ValidatorCompiler | undefined;
    let bodyCompiler: ValidatorCompiler | undefined;
    return (route) => {
      let compiled: ValidateFunction | undefined;
      const validate = ((data: unknown) => {
        if (!pooled) throw new Error('schema validation used before it was loaded (the preValidation hook awaits lazyValidation().ready)');
        if ((route as { httpPart?: string }).httpPart === 'body') {
          // A JSON body has its types already: coercing them turned a null in `integer | null` into 0 (a policy's
          // "no minimum" saved as 0 minutes, a station's cleared coordinates as 0°, 0°). Query strings and
          // path parameters are text, and are still coerced.
          bodyCompiler ??= pooled(externalSchemas, { ...options, customOptions: { ...(options?.customOptions as object | undefined), coerceTypes: false } } as typeof options);
          compiled ??= bodyCompiler(route) as ValidateFunction;
        } else {
          compiler ??= pooled(externalSchemas, options);
          compiled ??= compiler(route) as ValidateFunction;
        }
        const valid = compiled(data);
        // Fastify reads a failed validation's reasons from the function, as ajv leaves them.
        validate.errors = compiled.errors;
        return valid;
      }) as ValidateFunction;
      validate.errors = null;
      return validate;
    };
  };
  const install = (app: FastifyInstance) => {
    app.addHook('preValidation', async (request) => {
      if (validatesInput(request)) await ready();
    });
    let preloading = false;
    app.addHook('onResponse', async () => {
      if (preloading) return;
      preloading = true;
      setImmediate(() => void ready().catch((err: unknown) => process.emitWarning(`schema validation could not be loaded: ${err instanceof Error ? err.message : String(err)}`)));
    });
  };
  return { factory, ready, install };
}

/**
 * For Fastify's `schemaController.compilersFactory.buildSerializer`: every reply JSON.stringify'd, as a route
 * without a schema is. The routes declare their response schemas as their contract (the UIs' types are derived
 * from them, and the tests hold every reply to them: common/response-contract.ts), but nothing compiles them
 * into a serializer — fast-json-stringify (with ajv) would be on every start's path for no gain a terminal's
 * small answers need.
 */
export const plainSerializer: SerializerFactory = () => () => (data) => JSON.stringify(data);
