// The agent's HTTP API for the kiosk: loopback only, schema-validated, with an event stream.
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fs from 'node:fs';
import { appPaths } from '../../common/app-paths.ts';
import { lazyValidation, plainSerializer } from '../../common/fastify-compilers.ts';
import { holdRepliesToTheirSchemas } from '../../common/response-contract.ts';
import { RefusalBodySchema } from '../../protocol/refusals/refusal.pure.ts';
import { ASK_EACH_TIME, FONT_CACHE, SOURCES_AND_MAPS, serveFiles } from '../../common/static-files.ts';
import type { AgentContext } from '../agent-context.ts';
import { toApiError } from './api-error.ts';
import { errorBody, noSuchRoute, refusalBody, refusalLine } from '../../common/coded-error.pure.ts';
import { foreignRequest } from './local-origin.ts';
import { requestProblems, type SchemaError } from './request-problems.ts';
import { stationRoutes } from './routes/station-routes.ts';
import { checkinRoutes } from './routes/checkin-routes.ts';
import { eventRoutes } from './routes/event-routes.ts';
import { adminRoutes } from './routes/admin-routes.ts';
import { pinResetRoutes } from './routes/pin-reset-routes.ts';
import { adminScheduleRoutes } from './routes/admin-schedule-routes.ts';
import { adminRosterRoutes } from './routes/admin-roster-routes.ts';
import { adminLedgerRoutes } from './routes/admin-ledger-routes.ts';
import { mediaRoutes } from './routes/media-routes.ts';
import { deviceRoutes } from './routes/device-routes.ts';
import { libraryRoutes } from './routes/library-routes.ts';
import { exportRoutes } from './routes/export-routes.ts';
import { adminAccountRoutes } from './routes/admin-account-routes.ts';
import { satisfactionRoutes } from './routes/satisfaction-routes.ts';
import { complianceRoutes } from './routes/compliance-routes.ts';
import { adminActivityRoutes } from './routes/admin-activity-routes.ts';
import { weeklyRoutes } from './routes/weekly-routes.ts';
import { proofRoutes } from './routes/proof-routes.ts';
import { activityDoorRoutes } from './routes/activity-door-routes.ts';

export type Api = FastifyInstance<Server, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

/** Largest roster file accepted, in bytes: a county-sized roster in XLSX is far below this. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/**
 * What the screen's page may load: its own code, styles and fonts; video and HLS from anywhere (a county's
 * streams), played through blob: URLs (MSE) with hls.js's worker; printed pages shown from blob: frames.
 * Inline styles and data: fonts stay allowed (video.js writes both, the printed pages the first); inline and
 * foreign scripts do not.
 */
export const KIOSK_PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "media-src 'self' blob: http: https:",
  "connect-src 'self' http: https:",
  "worker-src 'self' blob:",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

export async function buildApi(ctx: AgentContext, options: { logLevel?: string } = {}): Promise<Api> {
  const validation = lazyValidation();
  const app = Fastify({
    logger: { level: options.logLevel ?? 'warn' },
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
    schemaController: { compilersFactory: { buildValidator: validation.factory, buildSerializer: plainSerializer } },
    // Stopping does not wait for clients: a page that stopped reading a response (a hung kiosk) held the
    // agent's SIGTERM for a minute, past systemd's stop timeout. A request cut off is retried by the kiosk;
    // whatever was committed before it stays committed.
    forceCloseConnections: true,
    // Only the files answer HEAD (common/static-files.ts): a HEAD twin of each of the API's GET routes doubled
    // what the agent registers at every start, for requests nothing makes.
    exposeHeadRoutes: false,
  }).withTypeProvider<TypeBoxTypeProvider>();

  validation.install(app);
  holdRepliesToTheirSchemas(app, RefusalBodySchema);

  // Defence in depth beside binding to 127.0.0.1: the kiosk API is for this terminal only.
  app.addHook('onRequest', async (request, reply) => {
    if (!isLoopback(request.socket.remoteAddress)) {
      request.log.warn({ remote: request.socket.remoteAddress }, 'refused a non-loopback client');
      return reply.code(403).send(errorBody('loopback_only'));
    }
    const foreign = foreignRequest(request.headers.host, request.headers.origin, request.socket.localPort ?? 0);
    if (foreign !== null) {
      request.log.warn({ method: request.method, url: request.url, foreign }, 'refused a request from outside the terminal’s screen');
      return reply.code(403).send(errorBody('foreign_origin'));
    }
  });

  // Nothing the agent sends is sniffed into another type; the page gets its policy; the API's answers are
  // the room's live state and its records, never kept in a cache.
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html')) reply.header('content-security-policy', KIOSK_PAGE_POLICY).header('referrer-policy', 'same-origin');
    else if (type.startsWith('application/json') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });

  app.addContentTypeParser(
    ['application/octet-stream', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES },
    (_req, body, done) => done(null, body),
  );

  app.setErrorHandler((err, request, reply) => {
    const mapped = toApiError(err);
    if (mapped) {
      logRefusal(request, mapped.status, mapped.code, mapped.message);
      return reply.code(mapped.status).send(refusalBody(mapped));
    }
    const e = err as { validation?: SchemaError[]; validationContext?: string; statusCode?: number; message: string; code?: string };
    if (e.validation) {
      const params = { problems: requestProblems(e.validation, e.validationContext) };
      logRefusal(request, 400, 'invalid_request', refusalLine('invalid_request', params));
      return reply.code(400).send(errorBody('invalid_request', params));
    }
    if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500) {
      // The framework's own refusals: an upload over the limit, or a request it could not read (its words, as data).
      const [code, params] = e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? ['too_large', {}] : [e.code ?? 'bad_request', { detail: e.message }];
      logRefusal(request, e.statusCode, code, refusalLine(code, params));
      return reply.code(e.statusCode).send(errorBody(code, params));
    }
    request.log.error({ err }, 'unexpected error');
    return reply.code(500).send(errorBody('internal'));
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(noSuchRoute(request.url));
  });

  await app.register(stationRoutes(ctx));
  await app.register(checkinRoutes(ctx));
  await app.register(eventRoutes(ctx));
  await app.register(adminRoutes(ctx));
  await app.register(proofRoutes(ctx));
  await app.register(pinResetRoutes(ctx));
  await app.register(adminScheduleRoutes(ctx));
  await app.register(adminRosterRoutes(ctx));
  await app.register(adminLedgerRoutes(ctx));
  await app.register(mediaRoutes(ctx));
  await app.register(deviceRoutes(ctx));
  await app.register(libraryRoutes(ctx));
  await app.register(exportRoutes(ctx));
  await app.register(adminAccountRoutes(ctx));
  await app.register(satisfactionRoutes(ctx));
  await app.register(complianceRoutes(ctx));
  await app.register(adminActivityRoutes(ctx));
  await app.register(weeklyRoutes(ctx));
  await app.register(activityDoorRoutes(ctx));

  // The kiosk's Chinese font comes with the application, so a fresh terminal needs no system CJK fonts.
  serveFiles(app, '/fonts/', appPaths.fonts, { cacheControl: FONT_CACHE });
  // The built screen only (npm run build): its page, bundle and styles, never sources or their maps.
  if (fs.existsSync(appPaths.kioskUi)) serveFiles(app, '/', appPaths.kioskUi, { index: 'index.html', cacheControl: ASK_EACH_TIME, hide: SOURCES_AND_MAPS });
  return app;
}

function logRefusal(request: FastifyRequest, status: number, code: string, message: string): void {
  request.log.warn({ method: request.method, url: request.url, status, code }, message);
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
}
