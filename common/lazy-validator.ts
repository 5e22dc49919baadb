// Fastify's own schema validation (ajv, through @fastify/ajv-compiler with the server's ajv options), compiled
// per route on its first request instead of all at start. Compiling every route's schemas made up half of a
// server's start — the agent's 60-odd routes took longer than opening its database — while most routes of a
// terminal are never called in a given boot. A schema ajv cannot compile still fails, on the first request
// to its route; the route tests call every route.
import { AjvCompiler, type ValidatorFactory } from '@fastify/ajv-compiler';

type BuildValidator = ReturnType<typeof AjvCompiler>;
type ValidatorCompiler = ReturnType<BuildValidator>;
type ValidateFunction = ReturnType<ValidatorCompiler> & { errors?: unknown };

/** For Fastify's `schemaController.compilersFactory.buildValidator`. */
export function lazyValidatorFactory(): ValidatorFactory {
  const pooled = AjvCompiler();
  const factory: BuildValidator = (externalSchemas, options) => {
    // The ajv instance itself (meta-schemas, formats) is made with the first validation too.
    let compiler: ValidatorCompiler | undefined;
    return (route) => {
      let compiled: ValidateFunction | undefined;
      const validate = ((data: unknown) => {
        compiler ??= pooled(externalSchemas, options);
        compiled ??= compiler(route) as ValidateFunction;
        const valid = compiled(data);
        // Fastify reads a failed validation's reasons from the function, as ajv leaves them.
        validate.errors = compiled.errors;
        return valid;
      }) as ValidateFunction;
      validate.errors = null;
      return validate;
    };
  };
  return factory;
}
