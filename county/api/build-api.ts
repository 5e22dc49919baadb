// The hub's HTTP API (Fastify + TypeBox): the agent-facing ingest and enrollment endpoints, and the staff
// API under /api/county/* that the dashboard is built on. Built as the agent's API is.
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { lazyValidation, plainSerializer } from '../../common/fastify-compilers.ts';
import { holdRepliesToTheirSchemas } from '../../common/response-contract.ts';
import { RefusalBodySchema } from '../../protocol/refusals/refusal.pure.ts';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { HubContext } from '../hub-context.ts';
import { HubError } from '../hub-error.ts';
import { errorBody, noSuchRoute, refusalLine, type RefusalDetail } from '../../common/coded-error.pure.ts';
import { requestProblems, type SchemaError } from '../../common/request-problems.pure.ts';
import { stationFacingWords } from '../../protocol/refusals/station-facing-texts.pure.ts';
import { agentRoutes } from './routes/agent-routes.ts';
import { sessionRoutes } from './routes/session-routes.ts';
import { dashboardRoutes } from './routes/dashboard-routes.ts';
import { exportRoutes } from './routes/export-routes.ts';
import { adminRoutes } from './routes/admin-routes.ts';
import { pinResetRoutes } from './routes/pin-reset-routes.ts';
import { unitRoutes } from './routes/unit-routes.ts';
import { alertingRoutes } from './routes/alerting-routes.ts';
import { instructorRoutes } from './routes/instructor-routes.ts';
import { orgRoutes } from './routes/org-routes.ts';
import { liveRoutes } from './routes/live-routes.ts';
import { stationWaitRoute } from './routes/station-wait-route.ts';
import { proofRoutes } from './routes/proof-routes.ts';
import { remoteHelpRoutes } from './routes/remote-help-routes.ts';
import { serveDashboard } from '../dashboard/serve-dashboard.ts';
import { logRefusal } from './refusal-log.ts';
import { originGuard } from './origin-guard.ts';

export type HubApi = FastifyInstance<Server, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

export interface HubApiOptions {
  logLevel?: string;
  /** Where log lines go (JSON, one per line); stdout by default. Tests read refusals from it. */
  logStream?: NodeJS.WritableStream;
  /** The hub's own certificate and key: the API then speaks HTTPS (county/tls-files.ts checked them). */
  https?: { cert: Buffer; key: Buffer };
}

/** Staff API bodies are small: a program, a notice, a user. Reports have their own limit. */
const STAFF_BODY_LIMIT = 64 * 1024;

export async function buildHubApi(ctx: HubContext, options: HubApiOptions = {}): Promise<HubApi> {
  const validation = lazyValidation();
  const app = Fastify({
    // Typed as the plain-HTTP server: every route, hook and reply is the same over HTTPS.
    ...(options.https ? { https: { cert: options.https.cert, key: options.https.key, minVersion: 'TLSv1.2' as const } } : {}),
    logger: options.logStream ? { level: options.logLevel ?? 'warn', stream: options.logStream } : { level: options.logLevel ?? 'warn' },
    bodyLimit: STAFF_BODY_LIMIT,
    // The hub normally sits behind the county's HTTPS proxy on this machine: believe X-Forwarded-* from it
    // (the client's address in the logs, https for the Secure cookie), and from nobody else.
    trustProxy: ['127.0.0.1', '::1'],
    // Stopping does not wait out the stations' keep-alive connections (72 s): a reply cut off is harmless,
    // the station sends the batch again and the hub finds every event already stored.
    forceCloseConnections: true,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
    schemaController: { compilersFactory: { buildValidator: validation.factory, buildSerializer: plainSerializer } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  validation.install(app);
  holdRepliesToTheirSchemas(app, RefusalBodySchema);

  app.setErrorHandler((err, request, reply) => {
    const agentFacing = request.url.startsWith('/api/v1/');
    // Every refusal goes as { code, params }: the dashboard words a staff one, the agent a station's on /api/v1
    // (protocol/refusals/station-facing-texts.pure.ts). A station's also carries those words as `message`, for
    // an agent of an earlier release, which reads only that (docs/guides/add-refusal.md, "Compatibility").
    const send = (status: number, code: string, detail: RefusalDetail, retryAfterMs?: number, alreadyLogged = false) => {
      if (!alreadyLogged) logRefusal(request, status, code, typeof detail === 'string' ? detail : refusalLine(code, detail));
      const body = errorBody(code, detail, retryAfterMs);
      if (retryAfterMs !== undefined) reply.header('retry-after', String(Math.ceil(retryAfterMs / 1000)));
      if (!agentFacing) return reply.code(status).send(body);
      const words = typeof detail === 'string' ? null : stationFacingWords(code, detail);
      // A station corrects its clock from any answer; give it the hub's time with refusals too.
      return reply.code(status).send({ error: { ...body.error, ...(words === null ? {} : { message: words }), hubTime: ctx.now() } });
    };
    if (err instanceof HubError) return send(err.status, err.code, err.words ?? err.params, err.retryAfterMs, err.options.alreadyLogged);
    const e = err as { validation?: SchemaError[]; validationContext?: string; statusCode?: number; message: string; code?: string };
    if (e.validation) {
      const problems = requestProblems(e.validation, e.validationContext);
      return send(400, agentFacing ? 'malformed' : 'invalid_request', { problems });
    }
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return send(413, 'too_large', {});
    }
    if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500) {
      if (agentFacing) return send(e.statusCode, 'malformed', { detail: e.message });
      return send(e.statusCode, e.code ?? 'bad_request', { detail: e.message });
    }
    request.log.error({ err }, 'unexpected error');
    return reply.code(500).send(errorBody('internal'));
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(noSuchRoute(request.url));
  });

  // Staff changes only from the hub's own pages, with JSON bodies (before any route reads a body).
  app.addHook('onRequest', originGuard());

  // The staff dashboard's page, bundle and fonts; its data comes from the staff API below.
  await app.register(serveDashboard());
  await app.register(agentRoutes(ctx));
  await app.register(sessionRoutes(ctx));
  await app.register(dashboardRoutes(ctx));
  await app.register(exportRoutes(ctx));
  await app.register(adminRoutes(ctx));
  await app.register(pinResetRoutes(ctx));
  await app.register(unitRoutes(ctx));
  await app.register(alertingRoutes(ctx));
  await app.register(instructorRoutes(ctx));
  await app.register(orgRoutes(ctx));
  await app.register(liveRoutes(ctx));
  await app.register(stationWaitRoute(ctx));
  // A staff change may change what reaches some stations: the waiting ones look again (GET /api/v1/wait).
  app.addHook('preClose', async () => ctx.downlinkSignal.close());
  // Logging in or out and one's own password change nothing any station receives: they do not wake the waiters.
  const noDownlinkChange = new Set(['/api/county/login', '/api/county/logout', '/api/county/me/password']);
  app.addHook('onResponse', async (request, reply) => {
    if (request.method === 'GET' || request.method === 'HEAD' || !request.url.startsWith('/api/county/') || reply.statusCode >= 400) return;
    if (!noDownlinkChange.has(request.url.split('?')[0]!)) ctx.downlinkSignal.ring();
  });
  await app.register(proofRoutes(ctx));
  await app.register(remoteHelpRoutes(ctx));
  return app;
}
