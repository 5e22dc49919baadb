// Checks a reply against its declared schema, for the tests only (common/response-contract.ts): loaded on the
// first reply checked, with the same ajv Fastify validates requests with — told to change nothing (Fastify's own
// defaults strip unknown fields and coerce types, which would let an answer with a field too many pass).
import type * as AjvCompilerPackage from '@fastify/ajv-compiler';

type Validate = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };

let build: ((schema: unknown) => Validate) | undefined;
const compiled = new WeakMap<object, Validate>();

async function compiler(): Promise<(schema: unknown) => Validate> {
  if (build) return build;
  const m = (await import('@fastify/ajv-compiler')) as typeof AjvCompilerPackage & { default?: typeof AjvCompilerPackage };
  const module = m.default ?? m;
  const ajv = module.AjvCompiler()({}, { customOptions: { allErrors: true, strict: false, removeAdditional: false, coerceTypes: false, useDefaults: false } } as never);
  build = (schema) => ajv({ schema, method: 'GET', url: '/', httpPart: 'body' } as never) as unknown as Validate;
  return build;
}

/** What is wrong with the reply (one line), or null when its schema allows it. */
export async function checkReply(schema: unknown, payload: unknown): Promise<string | null> {
  const make = await compiler();
  let validate = compiled.get(schema as object);
  if (!validate) compiled.set(schema as object, (validate = make(schema)));
  // The reply as the client reads it: what JSON.stringify makes of it (dates, undefined fields).
  const data: unknown = JSON.parse(JSON.stringify(payload) ?? 'null');
  if (validate(data)) return null;
  return (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '(the body)'} ${e.message ?? ''}`).join('; ');
}
