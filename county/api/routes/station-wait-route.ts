// GET /api/v1/wait (issue 17, go live): a station holds one such request open while it is online and gets its
// new downlink the moment staff change what reaches it — a live broadcast in seconds instead of at its next report.
// Authenticated as its reports are (station, timestamp within the window, HMAC over the path and query), answered
// signed. The hub re-reads the station's downlink when a staff change rings (ctx.downlinkSignal) and every
// RECHECK_MS besides (a change made through another hub process on the same PostgreSQL database).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ReportRefusalsSchema } from '../schemas/county-admin-schemas.pure.ts';
import type { HubContext } from '../../hub-context.ts';
import { parseTimestamp, signReply, verifySignature, withinWindow } from '../../../protocol/signing.pure.ts';
import { HEADER_SIGNATURE, HEADER_STATION, HEADER_TIMESTAMP, MAX_WAIT_SECONDS, SIGNATURE_WINDOW_MS, WAIT_PATH, WaitReplySchema, type WaitReply } from '../../../protocol/wire.pure.ts';
import { oneLine, type Bilingual } from '../../../protocol/refusals/bilingual.pure.ts';
import { STATION_FACING_TEXTS, type StationFacingRefusals } from '../../../protocol/refusals/station-facing-texts.pure.ts';
import { RECHECK_MS } from '../../live/downlink-signal.ts';
import { markSent, stationDownlink, type DownlinkNews } from '../../live/station-downlink.ts';

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
      // The same refusals as a report's, as data with the words older agents read (docs/guides/add-refusal.md).
      const refuse = <C extends 'missing_signature' | 'unknown_station' | 'bad_signature' | 'stale_timestamp'>(code: C, params: StationFacingRefusals[C]) => {
        const words = (STATION_FACING_TEXTS[code] as (p: StationFacingRefusals[C]) => Bilingual)(params);
        return reply.code(401).send({ error: { code, params, message: oneLine(words), hubTime: ctx.now() } });
      };
      if (!stationId || !timestamp || !signature) return refuse('missing_signature', {});
      const reporter = await ctx.stations.reporterOf(stationId, ctx.now());
      if (reporter === null) return refuse('unknown_station', { station: stationId });
      const at = parseTimestamp(timestamp);
      // The signed text is the path and query exactly as sent: a signature for one `since` opens no other wait.
      if (at === null || !verifySignature(reporter.secret, timestamp, request.url, signature)) return refuse('bad_signature', {});
      if (!withinWindow(at, ctx.now())) return refuse('stale_timestamp', { skewMs: at - ctx.now(), windowMs: SIGNATURE_WINDOW_MS });

      const query = request.query as { since?: string; wait?: string };
      const since = typeof query.since === 'string' ? query.since : '';
      const waitSeconds = Math.min(MAX_WAIT_SECONDS, Math.max(1, Number.parseInt(query.wait ?? '', 10) || MAX_WAIT_SECONDS));
      const gone = new AbortController();
      request.raw.on('close', () => gone.abort());
      const until = performance.now() + waitSeconds * 1000;
      const station = { id: stationId, unitId: reporter.unitId, grade: reporter.grade };
      let downlink: WaitReply['downlink'] = null;
      // The first look uses what the station's read said; each later one reads the epoch again.
      let news: DownlinkNews | undefined = reporter;
      for (;;) {
        const current = await stationDownlink(ctx, station, ctx.now(), news);
        news = undefined;
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
