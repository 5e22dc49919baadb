// Schema validation loads ajv lazily (common/fastify-compilers.ts): a route with nothing to validate answers
// while ajv is still loading, a route with a schema waits for it, and the load starts after the first answer.
import Fastify from 'fastify';
import * as AjvCompiler from '@fastify/ajv-compiler';
import { afterEach, describe, expect, it } from 'vitest';
import { lazyValidation, plainSerializer } from '../../common/fastify-compilers.ts';

function held() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const calls: number[] = [];
  const load = async () => {
    calls.push(Date.now());
    await gate;
    return AjvCompiler;
  };
  return { load, calls, release };
}

const apps: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

function server(load: ReturnType<typeof held>['load']) {
  const validation = lazyValidation(load);
  const app = Fastify({ schemaController: { compilersFactory: { buildValidator: validation.factory, buildSerializer: plainSerializer } } });
  validation.install(app);
  app.get('/health', async () => ({ ok: true }));
  app.post('/named', { schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } }, async (req) => req.body);
  apps.push(app);
  return app;
}

describe('lazy schema validation', () => {
  it('answers a route without a schema while ajv is still loading, and starts loading it after that answer', async () => {
    const ajv = held();
    const app = server(ajv.load);
    await app.ready();
    expect(ajv.calls).toHaveLength(0);
    const first = await app.inject({ method: 'GET', url: '/health' });
    expect(first.json()).toEqual({ ok: true });
    await expect.poll(() => ajv.calls.length).toBe(1);
    // Still held back: a second schemaless request does not wait for it either.
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    ajv.release();
  });

  it('holds a request to a route with a schema until ajv is in, then validates it', async () => {
    const ajv = held();
    const app = server(ajv.load);
    let answered = false;
    const pending = app.inject({ method: 'POST', url: '/named', payload: { name: '张伟' } }).then((r) => {
      answered = true;
      return r;
    });
    await expect.poll(() => ajv.calls.length).toBe(1);
    // The health route answers meanwhile; the schema route is still waiting for ajv.
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect(answered).toBe(false);
    ajv.release();
    expect((await pending).json()).toEqual({ name: '张伟' });
    const refused = await app.inject({ method: 'POST', url: '/named', payload: { nom: 'x' } });
    expect(refused.statusCode).toBe(400);
    expect(ajv.calls).toHaveLength(1);
  });
});
