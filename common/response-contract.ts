// Each route's response schema is its contract: what the UIs' types are derived from (Static<typeof …>), and what
// the tests hold every reply to. Production never checks nor compiles one (common/fastify-compilers.ts:
// plainSerializer); under the tests (vitest sets YJ_CHECK_RESPONSES=1) a reply that its route's schema — or, for a
// refusal, the error body's — does not allow fails with what differs, so a schema cannot lie for long.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';

/** Set by vitest.config.ts: check every JSON reply against its schema. */
export const CHECK_RESPONSES = process.env.YJ_CHECK_RESPONSES === '1';

/** The routes that declared no response schema, `METHOD /url`: the test of every route's contract reads it. */
const undeclared = new Set<string>();

export function routesWithoutResponseSchema(): string[] {
  return [...undeclared].sort();
}

type ResponseSchemas = Record<string, unknown>;

/**
 * The response schema of a route that answers a file, a page, a document or an event stream: not JSON to hold to
 * a shape (such a body is never serialized, so never checked), but declared, so that every route says what it answers.
 */
export const NOT_JSON = { 200: { description: 'a file, a page, a document or an event stream: not a JSON answer' } } as const;

/**
 * Gives every route with a response schema the error body for its refusals (4xx, 5xx), notes those without one
 * (only under the tests), and under the tests checks each JSON reply.
 */
export function holdRepliesToTheirSchemas(app: FastifyInstance, errorBody: unknown): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const response = route.schema?.response as ResponseSchemas | undefined;
    if (response === undefined) {
      if (CHECK_RESPONSES) for (const method of [route.method].flat()) undeclared.add(`${method} ${route.url}`);
      return;
    }
    // A copy, not the route's own object: several routes share one (NOT_JSON, a module's constant), and two servers
    // in one process (a hub and an agent, as in the tests) each bring their own error body.
    route.schema = { ...route.schema, response: { ...response, '4xx': response['4xx'] ?? errorBody, '5xx': response['5xx'] ?? errorBody } };
  });
  if (!CHECK_RESPONSES) return;
  app.addHook('preSerialization', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const status = reply.statusCode;
    const response = request.routeOptions.schema?.response as ResponseSchemas | undefined;
    // An answer with no route (an unknown address) is a refusal, held to the error body; a route without a
    // schema is left to the test of every route's contract.
    const schema =
      response === undefined
        ? request.routeOptions.url === undefined && status >= 400
          ? errorBody
          : undefined
        : (response[String(status)] ?? response[`${String(status)[0]}xx`] ?? response.default);
    if (schema === undefined) return payload;
    const { checkReply } = await import('./response-check.ts');
    const problem = await checkReply(schema, payload);
    if (problem !== null) {
      const where = `${request.method} ${request.routeOptions.url ?? request.url} → ${status}`;
      // Said loudly: the reply goes out as a 500, which a test asserting on the answer then meets.
      process.stderr.write(`response schema mismatch: ${where}: ${problem}\n`);
      throw new Error(`the reply of ${where} does not match its declared response schema: ${problem}`);
    }
    return payload;
  });
}
