// The event stream (server-sent events) the kiosk listens to: program starting, check-in window,
// attendance, playback state, alerts.
import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AgentContext } from '../../agent-context.ts';
import { NOT_JSON } from '../../../common/response-contract.ts';
import { KioskScreenSchema } from '../schemas/station-schemas.pure.ts';

/** A comment line this often keeps proxies and the browser from dropping an idle stream. */
const KEEPALIVE_MS = 20_000;

export function eventRoutes(ctx: AgentContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    // An event stream never ends by itself: close them all when the server stops, or stop would wait forever.
    const streams = new Set<ServerResponse>();
    app.addHook('preClose', async () => {
      for (const res of streams) res.end();
    });

    // What the agent sees of the screen: how many pages hold the event stream open, and the page's last
    // heartbeat. `yuanjiao kiosk` reads it to notice a system Chromium whose page crashed or hung (the
    // Chromium fallback has no crash handler of its own: kiosk/main/recovery.pure.ts, judgeScreen).
    app.get('/api/kiosk/screen', { schema: { response: { 200: KioskScreenSchema } } }, async () => ({ now: ctx.now(), streams: streams.size, kiosk: ctx.health.kioskPresence() }));

    app.get('/api/events', { schema: { response: NOT_JSON } }, async (request, reply) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      // Tell the browser how soon to reconnect if the agent restarts.
      streams.add(res);
      res.write('retry: 2000\n\n');
      res.write(`event: hello\ndata: ${JSON.stringify({ at: ctx.now() })}\n\n`);
      const unsubscribe = ctx.events.subscribe((event) => {
        res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      });
      const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
      request.raw.on('close', () => {
        streams.delete(res);
        clearInterval(keepalive);
        unsubscribe();
      });
    });
  };
}
