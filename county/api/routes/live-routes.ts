// Go live now and delivery state (issue 17). An administrator starts a county live broadcast for a target (every
// station of a unit, some grades, a list): a program of today at this minute that stations start at once, its
// check-in open. Waiting stations get it within seconds (GET /api/v1/wait). Staff read, for a live broadcast, which
// targeted stations play it, have not yet, or are offline, and how many checked in; for any program or notice,
// how far it got on each station (sent, received, shown).
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import type { HubContext } from '../../hub-context.ts';
import { staffGuard, staffOf } from '../staff-guard.ts';
import { HubError } from '../../hub-error.ts';
import { unitInScope } from '../caller-scope.ts';
import { resolveTarget, TargetFields } from '../target-scope.ts';
import { CountyProgramAnswerSchema } from '../schemas/county-admin-schemas.pure.ts';
import { DeliveriesAnswerSchema, LiveStateSchema, type DeliveriesAnswer, type LiveState } from '../schemas/live-schemas.pure.ts';
import type { CountyProgramRecord } from '../../store/downlink-store.ts';
import { targetReaches, type DownlinkTarget } from '../../store/downlink-targets.ts';
import { isOnline } from '../../figures/online.pure.ts';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const GoLiveBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    streamUrl: Type.String({ pattern: '^https?://', maxLength: 2000 }),
    /** How long check-in stays open after the start. */
    checkinClosesAfterMin: Type.Optional(Type.Integer({ minimum: 1, maximum: 480 })),
    unitId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Null()])),
    ...TargetFields,
  },
  { additionalProperties: false },
);

export function liveRoutes(ctx: HubContext): FastifyPluginAsyncTypebox {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    app.addHook('onRequest', staffGuard(ctx, ['county_admin', 'viewer']));

    /** The current stations a record of `unitId` with `target` reaches, with their name and last contact. */
    const reached = async (unitId: string | null, target: DownlinkTarget) => {
      const under = unitId === null ? null : new Set(await ctx.org.stationIdsUnder(unitId));
      return (await ctx.stations.list()).filter((s) => (under === null || under.has(s.id)) && targetReaches(target, { id: s.id, grade: s.grade }));
    };

    const deliveries = async (key: string, unitId: string | null, target: DownlinkTarget): Promise<DeliveriesAnswer> => {
      const stations = await reached(unitId, target);
      const rows = new Map((await ctx.deliveries.forItem(key)).map((d) => [d.stationId, d]));
      const now = ctx.now();
      const list = stations.map((s) => {
        const d = rows.get(s.id);
        return { stationId: s.id, stationName: s.name, online: isOnline(s.lastSeenAt, now), sentAt: d?.sentAt ?? null, receivedAt: d?.receivedAt ?? null, shownAt: d?.shownAt ?? null, checkedIn: d?.checkedIn ?? null };
      });
      return {
        hubTime: now,
        counts: {
          targeted: list.length,
          sent: list.filter((s) => s.sentAt !== null).length,
          received: list.filter((s) => s.receivedAt !== null).length,
          shown: list.filter((s) => s.shownAt !== null).length,
          checkedIn: list.reduce((sum, s) => sum + (s.checkedIn ?? 0), 0),
        },
        stations: list,
      };
    };

    app.post('/api/county/live', { schema: { body: GoLiveBody, response: { 201: CountyProgramAnswerSchema } } }, async (request, reply) => {
      if (staffOf(request).role !== 'county_admin') throw new HubError(403, 'forbidden', {});
      const { unitId, target } = await resolveTarget(ctx, request, request.body, request.body.unitId);
      const at = ctx.now();
      // Today at this minute in the county's zone: due at once on every station, its check-in open from now.
      const local = DateTime.fromMillis(at, { zone: ctx.timeZone });
      const program = await ctx.downlink.addProgram(
        {
          title: request.body.title,
          kind: 'group_viewing',
          rule: { type: 'once', date: local.toFormat('yyyy-MM-dd'), time: local.toFormat('HH:mm') },
          course: { title: request.body.title, streamUrl: request.body.streamUrl, sha256: null, durationMs: null },
          checkinOpensBeforeMin: 0,
          checkinClosesAfterMin: request.body.checkinClosesAfterMin ?? 60,
          notes: null,
        },
        at,
        unitId,
        target,
        true,
      );
      await ctx.staff.audit(staffOf(request).username, 'live_start', { id: program.id, title: program.title, ...(unitId === null ? {} : { unitId }), ...target }, at);
      return reply.code(201).send({ program: { ...program, stationProgramId: program.stationKey } });
    });

    app.get('/api/county/programs/:id/deliveries', { schema: { params: IdParams, response: { 200: DeliveriesAnswerSchema } } }, async (request) => {
      const program = await ctx.downlink.getProgram(request.params.id);
      if (!program || !(await unitInScope(ctx, request, program.unitId ?? null))) throw new HubError(404, 'program_not_found', { programId: request.params.id });
      return deliveries(program.stationKey, program.unitId ?? null, program);
    });

    app.get('/api/county/notices/:id/deliveries', { schema: { params: IdParams, response: { 200: DeliveriesAnswerSchema } } }, async (request) => {
      const notice = await ctx.downlink.getNotice(request.params.id);
      if (!notice || !(await unitInScope(ctx, request, notice.unitId ?? null))) throw new HubError(404, 'notice_not_found', { noticeId: request.params.id });
      return deliveries(notice.stationKey, notice.unitId ?? null, notice);
    });

    /** A live broadcast in the caller's scope, or program_not_found. */
    const liveProgram = async (request: FastifyRequest, id: number): Promise<CountyProgramRecord & { liveStartedAt: number }> => {
      const program = await ctx.downlink.getProgram(id);
      if (!program || program.liveStartedAt === undefined || !(await unitInScope(ctx, request, program.unitId ?? null))) throw new HubError(404, 'program_not_found', { programId: id });
      return { ...program, liveStartedAt: program.liveStartedAt };
    };

    // A live broadcast's stations: playing (started), not yet (online, not started), offline; once ended, whether
    // each played it; check-ins so far.
    const liveState = async (program: CountyProgramRecord & { liveStartedAt: number }): Promise<LiveState> => {
      const d = await deliveries(program.stationKey, program.unitId ?? null, program);
      const ended = program.liveEndedAt !== undefined;
      const state = (s: DeliveriesAnswer['stations'][number]): LiveState['stations'][number]['state'] =>
        ended ? (s.shownAt !== null ? 'played' : 'not_played') : s.shownAt !== null ? 'playing' : s.online ? 'waiting' : 'offline';
      const stations = d.stations.map((s) => ({ ...s, state: state(s) }));
      const count = (of: LiveState['stations'][number]['state']) => stations.filter((s) => s.state === of).length;
      return {
        hubTime: d.hubTime,
        program: { id: program.id, title: program.title, startedAt: program.liveStartedAt, endedAt: program.liveEndedAt ?? null, streamUrl: program.course.streamUrl ?? '' },
        counts: { targeted: stations.length, playing: count('playing'), waiting: count('waiting'), offline: count('offline'), played: count('played'), notPlayed: count('not_played'), checkedIn: d.counts.checkedIn },
        stations,
      };
    };

    app.get('/api/county/live/:id', { schema: { params: IdParams, response: { 200: LiveStateSchema } } }, async (request) => liveState(await liveProgram(request, request.params.id)));

    // Ending a broadcast: stations playing it stop with their next downlink (waiting ones within seconds), the
    // rest never start it. Ending it twice changes nothing: the first end's time stands, and the answer says so.
    app.post('/api/county/live/:id/end', { schema: { params: IdParams, response: { 200: LiveStateSchema } } }, async (request) => {
      if (staffOf(request).role !== 'county_admin') throw new HubError(403, 'forbidden', {});
      const program = await liveProgram(request, request.params.id);
      const at = ctx.now();
      if (await ctx.downlink.endLive(program.id, at)) {
        await ctx.staff.audit(staffOf(request).username, 'live_end', { id: program.id, title: program.title }, at);
      }
      return liveState(await liveProgram(request, program.id));
    });
  };
}
