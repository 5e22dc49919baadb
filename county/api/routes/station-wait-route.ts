// GET /api/v1/wait (issue 17, go live): a station holds one such request open while it is online and gets its
// new downlink the moment staff change what reaches it — a live broadcast in seconds instead of at its next report.
// Authenticated as its reports are (station, timestamp within the window, HMAC over the path and query), answered
// signed. The hub re-reads the station's downlink when a staff change rings (ctx.downlinkSignal) and every
// RECHECK_MS besides (a change made through another hub process on the same PostgreSQL database).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ReportRefusalsSchema } from '../schemas/county-admin-schemas.pure.ts';
import type { HubContext } from '../../hub-context.ts';
import { parseTimestamp, signReply, verifySignature, withinWindow } from '../../../protocol/signing.pure.ts';
import { HEADER_SIGNATURE, HEADER_STATION, HEADER_TIMESTAMP, MAX_WAIT_SECONDS, WAIT_PATH, WaitReplySchema, type WaitReply } from '../../../protocol/wire.pure.ts';
import { RECHECK_MS } from '../../live/downlink-signal.ts';
import { markSent, stationDownlink } from '../../live/station-downlink.ts';

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

export function stationWaitRoute(ctx: HubContext): FastifyPluginAsync {
  return async (app) => {
    app.get(WAIT_PATH, { schema: { response: { 200: WaitReplySchema, '4xx': ReportRefusalsSchema } } }, async (request, reply) => {
      const stationId = header(request, HEADER_STATION);
      const timestamp = header(request, HEADER_TIMESTAMP);
      const signature = header(request, HEADER_SIGNATURE);
      const refuse = (status: number, code: string, message: string) => reply.code(status).send({ error: { code, message, hubTime: ctx.now() } });
      if (!stationId || !timestamp || !signature) return refuse(401, 'missing_signature', '请求没有签名 / the request is not signed');
      const reporter = await ctx.stations.reporterOf(stationId);
      if (reporter === null) return refuse(401, 'unknown_station', `站点 ${stationId} 未在县级平台登记、尚未加入或已停用 / unknown station`);
      const at = parseTimestamp(timestamp);
      // The signed text is the path and query exactly as sent: a signature for one `since` opens no other wait.
      if (at === null || !verifySignature(reporter.secret, timestamp, request.url, signature)) return refuse(401, 'bad_signature', '签名不对 / bad signature');
      if (!withinWindow(at, ctx.now())) return refuse(401, 'stale_timestamp', '时间戳超出允许范围 / timestamp outside the window');

      const query = request.query as { since?: string; wait?: string };
      const since = typeof query.since === 'string' ? query.since : '';
      const waitSeconds = Math.min(MAX_WAIT_SECONDS, Math.max(1, Number.parseInt(query.wait ?? '', 10) || MAX_WAIT_SECONDS));
      const gone = new AbortController();
      request.raw.on('close', () => gone.abort());
      const until = performance.now() + waitSeconds * 1000;
      const station = { id: stationId, unitId: reporter.unitId, grade: reporter.grade };
      let downlink: WaitReply['downlink'] = null;
      for (;;) {
        const current = await stationDownlink(ctx, station, ctx.now());
        if (current.version !== since) {
          downlink = current;
          await markSent(ctx, stationId, current, ctx.now());
          break;
        }
        const left = until - performance.now();
        if (left <= 0 || gone.signal.aborted || ctx.downlinkSignal.isClosed) break;
        await ctx.downlinkSignal.next(Math.min(left, RECHECK_MS), gone.signal);
        if (gone.signal.aborted) return reply;
      }
      const hubTime = ctx.now();
      const text = JSON.stringify({ hubTime, downlink } satisfies WaitReply);
      reply.header(HEADER_TIMESTAMP, String(hubTime)).header(HEADER_SIGNATURE, signReply(reporter.secret, hubTime, signature, text));
      return reply.type('application/json; charset=utf-8').send(text);
    });
  };
}
