// Every route of the agent's API (the kiosk's, the CLI's) and of the hub's (the dashboard's, the stations') declares
// its response schema: the contract the UIs' types are derived from, which every test's replies are held to
// (common/response-contract.ts; vitest.config.ts sets YJ_CHECK_RESPONSES=1).
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../agent/daemon.ts';
import Fastify, { type FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { CHECK_RESPONSES, holdRepliesToTheirSchemas, NOT_JSON, routesWithoutResponseSchema } from '../../common/response-contract.ts';
import { lazyValidation, plainSerializer } from '../../common/fastify-compilers.ts';
import { RefusalBodySchema } from '../../protocol/refusals/refusal.pure.ts';
import { createStation, tempDir } from '../support/station-fixture.ts';
import { startTestHub, type TestHub } from '../county/support/hub-fixture.ts';

const WHAT_TO_DO = `these routes declare no response schema. Give each one \`schema: { response: { 200: SomeSchema } }\` (201, 204 … as it answers; its refusals get the error body by themselves), with SomeSchema a TypeBox schema in the routes' *-schemas.pure.ts beside them (agent/api/schemas/, county/api/schemas/), and have the kiosk's or the dashboard's type of that answer be its Static<typeof SomeSchema> (kiosk/ui/src/api-types.ts, county/dashboard/ui/src/api-types.ts). See docs/guides/add-refusal.md, "The shapes the readers are typed by".`;

let agent: RunningAgent | undefined;
let hub: TestHub | undefined;
const dir = tempDir('yj-contract-');

afterAll(async () => {
  await agent?.stop();
  await hub?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the response contract', () => {
  it('is declared by every route of the agent and the hub', async () => {
    createStation({ dir }).close();
    agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'error' });
    hub = await startTestHub();
    const undeclared = routesWithoutResponseSchema();
    if (process.env.YJ_LIST_ROUTES) fs.writeFileSync(process.env.YJ_LIST_ROUTES, JSON.stringify(undeclared, null, 2));
    expect(undeclared, WHAT_TO_DO).toEqual([]);
  });

  it('gives each route its refusals without touching a schema routes share, so another server in the process keeps its own', async () => {
    // The agent and the hub above both served files with NOT_JSON. A third app in the process, with an error
    // body of its own, must answer its refusal with that body, not be held to theirs (which once made it a 500).
    expect(agent).toBeDefined();
    expect(Object.keys(NOT_JSON)).toEqual(['200']);
    const validation = lazyValidation();
    const app = Fastify({ schemaController: { compilersFactory: { buildValidator: validation.factory, buildSerializer: plainSerializer } } });
    holdRepliesToTheirSchemas(app, Type.Object({ why: Type.String() }, { additionalProperties: false }));
    app.get('/file', { schema: { response: NOT_JSON } }, async (_request, reply) => reply.code(403 as 200).send({ why: 'outside the folder' }));
    try {
      const reply = await app.inject({ method: 'GET', url: '/file' });
      expect(reply.statusCode).toBe(403);
      expect(reply.json()).toEqual({ why: 'outside the folder' });
      expect(Object.keys(NOT_JSON)).toEqual(['200']);
    } finally {
      await app.close();
    }
  });
});

describe('a reply its schema does not allow', () => {
  it('fails under the tests, as does a refusal that is not the error body; a reply that matches goes out unchanged', async () => {
    expect(CHECK_RESPONSES).toBe(true);
    const validation = lazyValidation();
    const app = Fastify({ schemaController: { compilersFactory: { buildValidator: validation.factory, buildSerializer: plainSerializer } } });
    holdRepliesToTheirSchemas(app, RefusalBodySchema);
    const Answer = Type.Object({ count: Type.Integer() }, { additionalProperties: false });
    app.get('/right', { schema: { response: { 200: Answer } } }, async () => ({ count: 3 }));
    app.get('/lies', { schema: { response: { 200: Answer } } }, async () => ({ count: 'three' }));
    app.get('/extra', { schema: { response: { 200: Answer } } }, async () => ({ count: 3, secret: 'x' }));
    app.get('/words', { schema: { response: { 200: Answer } } }, async (_request, reply) => (reply as unknown as FastifyReply).code(409).send({ error: { code: 'x', words: '中文 / English' } }));
    // The list the test above holds empty does see a route without a schema (and the HEAD Fastify adds to it).
    app.get('/undeclared', async () => ({ count: 3 }));
    expect(routesWithoutResponseSchema()).toEqual(expect.arrayContaining(['GET /undeclared', 'HEAD /undeclared']));
    expect(routesWithoutResponseSchema()).not.toContain('GET /right');
    const errors: string[] = [];
    app.setErrorHandler((err, _request, reply) => {
      errors.push((err as Error).message);
      return reply.code(500).type('text/plain').send('mismatch');
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
      const right = await fetch(`${base}/right`);
      expect([right.status, await right.json()]).toEqual([200, { count: 3 }]);
      for (const path of ['/lies', '/extra', '/words']) expect((await fetch(`${base}${path}`)).status, path).toBe(500);
      expect(errors).toEqual([
        expect.stringContaining('GET /lies → 200'),
        expect.stringContaining('GET /extra → 200'),
        expect.stringContaining('GET /words → 409'),
      ]);
    } finally {
      await app.close();
    }
  });
});
