// The endpoints stations call: enrollment with a one-time code, and signed reports (POST /api/v1/reports).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { HubContext } from '../../hub-context.ts';
import { EnrollReplySchema, EnrollRequestSchema, type EnrollReply } from '../../../protocol/enrollment.pure.ts';
import { signReply } from '../../../protocol/signing.pure.ts';
import { ENROLL_PATH, HEADER_SIGNATURE, HEADER_STATION, HEADER_TIMESTAMP, MAX_REPORT_BYTES, REPORTS_PATH, type UplinkErrorReply } from '../../../protocol/wire.pure.ts';
import { ingestReport } from '../../ingest/ingest.ts';
import { logRefusal } from '../refusal-log.ts';
import { ReportReplySchema } from '../../../protocol/wire.pure.ts';
import { ReportRefusalsSchema, StationFacingRefusalSchema } from '../schemas/county-admin-schemas.pure.ts';

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

export function agentRoutes(ctx: HubContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(ENROLL_PATH, { schema: { body: EnrollRequestSchema, response: { 200: EnrollReplySchema, '4xx': StationFacingRefusalSchema } }, bodyLimit: 4096 }, async (request): Promise<EnrollReply> => {
      const at = ctx.now();
      const { station, secret } = await ctx.stations.redeemCode(request.body.code, at);
      await ctx.staff.audit(`station:${station.id}`, 'station_enrolled', { stationId: station.id, name: station.name, remote: request.ip }, at);
      request.log.info({ station: station.id, remote: request.ip }, 'station enrolled');
      return { stationId: station.id, secret, hubTime: at, station: { name: station.name, grade: station.grade } };
    });

    // A station over its budget retries (the agent backs off up to 10 min) until the budget refills: its
    // refusal is logged when it starts, not on every retry, and again once it has been let through.
    const overQuota = new Set<string>();

    // Reports are read as raw text: the signature covers the exact bytes sent, and nothing is parsed before
    // the signature is checked.
    await app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_REPORT_BYTES }, (_request, body, done) => done(null, body));
      // The answer is JSON text, signed as sent: the contract's hook does not see it (its schemas say its shape).
      scope.post(REPORTS_PATH, { bodyLimit: MAX_REPORT_BYTES, schema: { response: { 200: ReportReplySchema, '4xx': ReportRefusalsSchema } } }, async (request, reply) => {
        const requestSignature = header(request, HEADER_SIGNATURE);
        const outcome = await ingestReport(ctx, {
          stationId: header(request, HEADER_STATION),
          timestamp: header(request, HEADER_TIMESTAMP),
          signature: requestSignature,
          rawBody: typeof request.body === 'string' ? request.body : '',
        });
        const hubTime = ctx.now();
        let text: string;
        if (outcome.ok) {
          overQuota.delete(outcome.stationId);
          text = JSON.stringify(outcome.reply);
          request.log.debug({ station: outcome.stationId, inserted: outcome.inserted, known: outcome.known }, 'report stored');
        } else {
          const repeat = outcome.code === 'over_quota' && outcome.stationId !== null && overQuota.has(outcome.stationId);
          if (outcome.code === 'over_quota' && outcome.stationId !== null) overQuota.add(outcome.stationId);
          if (!repeat) logRefusal(request, outcome.status, outcome.code, outcome.message, { station: outcome.stationId, rejected: outcome.rejected?.length, retryAfterMs: outcome.retryAfterMs });
          const body: UplinkErrorReply = {
            error: {
              code: outcome.code,
              params: outcome.params,
              message: outcome.message,
              hubTime,
              ...(outcome.rejected ? { rejected: outcome.rejected } : {}),
              ...(outcome.retryAfterMs !== undefined ? { retryAfterMs: outcome.retryAfterMs } : {}),
            },
          };
          text = JSON.stringify(body);
          reply.code(outcome.status);
          if (outcome.retryAfterMs !== undefined) reply.header('retry-after', String(Math.ceil(outcome.retryAfterMs / 1000)));
        }
        // Signed for the station whenever its own signature verified, so it can trust the answer and its time.
        if (outcome.secret !== null && requestSignature !== undefined) {
          reply.header(HEADER_TIMESTAMP, String(hubTime)).header(HEADER_SIGNATURE, signReply(outcome.secret, hubTime, requestSignature, text));
        }
        return reply.type('application/json; charset=utf-8').send(text);
      });
    });
  };
}
