// 党建指导员 and 指导记录 for staff (issue 17). An administrator assigns an instructor to a station of their
// subtree (the one before is ended, never deleted); an instructor — or an administrator — logs guidance at a
// station they may act on, and corrects a record only by a new one that supersedes it. Every change is audited.
//
//   GET  /api/county/stations/:id/guidance?month=   the station's instructor, history and month's records
//   POST /api/county/stations/:id/guidance          log a visit or guidance (instructor of the station, administrator)
//   POST /api/county/guidance/:id/correction        a corrected record superseding :id
//   PUT  /api/county/stations/:id/instructor        { userId | null } (administrator)
//   GET  /api/county/instructors?month=             the instructors the caller sees (an instructor: themselves)
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { HubContext } from '../../hub-context.ts';
import { HubError } from '../../hub-error.ts';
import { READERS, staffGuard, staffOf } from '../staff-guard.ts';
import { assertStationInScope } from '../unit-scope.ts';
import { callerUnits, isInstructor, within } from '../caller-scope.ts';
import { dateOf, monthOf } from '../../views/calendar.pure.ts';
import { assertAssignable, instructorSummaries, stationGuidance } from '../../views/instructor-views.ts';
import type { GuidanceInput } from '../../store/instructor-store.ts';
import { MonthQuery } from './dashboard-routes.ts';
import { GuidanceKindSchema, GuidanceRecordAnswerSchema, InstructorAnswerSchema, InstructorsSchema, StationGuidanceSchema } from '../schemas/instructor-schemas.pure.ts';

const StationParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const RecordParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const GuidanceBody = Type.Object(
  {
    visitedOn: Type.String({ minLength: 1, maxLength: 10 }),
    kind: GuidanceKindSchema,
    done: Type.String({ minLength: 1, maxLength: 2000 }),
    problems: Type.Optional(Type.String({ maxLength: 2000 })),
    followUp: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
type GuidanceFields = { visitedOn: string; kind: GuidanceInput['kind']; done: string; problems?: string; followUp?: string };

export function instructorRoutes(ctx: HubContext): FastifyPluginAsyncTypebox {
  return async (plain) => {
    const audit = (request: FastifyRequest, action: string, detail: unknown) => ctx.staff.audit(staffOf(request).username, action, detail, ctx.now());
    const monthOrNow = (month: string | undefined) => month ?? monthOf(ctx.now(), ctx.timeZone);

    /** A station the caller may see and that exists (a hub-wide caller's scope check does not look it up). */
    const stationInScope = async (request: FastifyRequest, stationId: string) => {
      await assertStationInScope(ctx, request, stationId);
      if (!(await ctx.stations.get(stationId))) throw new HubError(404, 'station_not_found', { stationId });
    };

    /** The record's fields as sent, trimmed; a day that is no date, or one after today, is refused. */
    const fields = (body: GuidanceFields) => {
      const visitedOn = body.visitedOn.trim();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(visitedOn) || Number.isNaN(Date.parse(`${visitedOn}T00:00:00Z`)) || new Date(`${visitedOn}T00:00:00Z`).toISOString().slice(0, 10) !== visitedOn) {
        throw new HubError(400, 'invalid_guidance', { problem: 'date' });
      }
      if (visitedOn > dateOf(ctx.now(), ctx.timeZone)) throw new HubError(400, 'invalid_guidance', { problem: 'future' });
      return { visitedOn, kind: body.kind, done: body.done.trim(), problems: body.problems?.trim() ?? '', followUp: body.followUp?.trim() ?? '' };
    };

    await plain.register(async (scope) => {
      const app = scope.withTypeProvider<TypeBoxTypeProvider>();
      app.addHook('onRequest', staffGuard(ctx, READERS));

      app.get('/api/county/stations/:id/guidance', { schema: { params: StationParams, querystring: MonthQuery, response: { 200: StationGuidanceSchema } } }, async (request) => {
        await stationInScope(request, request.params.id);
        return stationGuidance(ctx, request.params.id, monthOrNow(request.query.month));
      });

      app.get('/api/county/instructors', { schema: { querystring: MonthQuery, response: { 200: InstructorsSchema } } }, async (request) => {
        const me = staffOf(request);
        const month = monthOrNow(request.query.month);
        const seen = isInstructor(request) ? [me] : within((await ctx.auth.listUsers()).filter((u) => u.role === 'instructor' && u.disabledAt === null), await callerUnits(ctx, request), (u) => u.unitId);
        const { summaries, records } = await instructorSummaries(ctx, seen, month);
        return { hubTime: ctx.now(), month, instructors: summaries, records: isInstructor(request) ? (records.get(me.id) ?? []) : [] };
      });
    });

    await plain.register(async (scope) => {
      const app = scope.withTypeProvider<TypeBoxTypeProvider>();
      app.addHook('onRequest', staffGuard(ctx, ['county_admin', 'instructor']));

      app.post('/api/county/stations/:id/guidance', { schema: { params: StationParams, body: GuidanceBody, response: { 201: GuidanceRecordAnswerSchema } } }, async (request, reply) => {
        await stationInScope(request, request.params.id);
        const me = staffOf(request);
        const input = { ...fields(request.body), stationId: request.params.id, instructorId: me.role === 'instructor' ? me.id : null, author: me.username };
        const record = await ctx.instructors.add(input, ctx.now());
        await audit(request, 'guidance_add', { recordId: record.id, stationId: record.stationId, visitedOn: record.visitedOn, kind: record.kind });
        return reply.code(201).send({ record });
      });

      // An instructor corrects their own records; an administrator any of their subtree's. The correction stays the
      // instructor's guidance (counted for them), written by whoever corrected it.
      app.post('/api/county/guidance/:id/correction', { schema: { params: RecordParams, body: GuidanceBody, response: { 201: GuidanceRecordAnswerSchema } } }, async (request, reply) => {
        const me = staffOf(request);
        const old = await ctx.instructors.record(request.params.id);
        const mine = old !== undefined && (me.role !== 'instructor' || old.instructorId === me.id);
        const visible = mine && (await assertStationInScope(ctx, request, old.stationId).then(() => true, () => false));
        if (!old || !visible) throw new HubError(404, 'guidance_record_not_found', { recordId: request.params.id });
        if (old.supersededBy !== null) throw new HubError(409, 'guidance_superseded', { recordId: old.id });
        const input = { ...fields(request.body), stationId: old.stationId, instructorId: old.instructorId, author: me.username };
        const record = await ctx.instructors.add(input, ctx.now(), old.id);
        await audit(request, 'guidance_correct', { recordId: record.id, supersedes: old.id, stationId: record.stationId, visitedOn: record.visitedOn, kind: record.kind });
        return reply.code(201).send({ record });
      });
    });

    await plain.register(async (scope) => {
      const app = scope.withTypeProvider<TypeBoxTypeProvider>();
      app.addHook('onRequest', staffGuard(ctx, ['county_admin']));

      // The instructor must be a current one the administrator manages, and of a unit the station lies under.
      app.put(
        '/api/county/stations/:id/instructor',
        { schema: { params: StationParams, body: Type.Object({ userId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]) }, { additionalProperties: false }), response: { 200: InstructorAnswerSchema } } },
        async (request) => {
          const stationId = request.params.id;
          await stationInScope(request, stationId);
          const { userId } = request.body;
          if (userId !== null) {
            const user = await ctx.staff.get(userId);
            const units = await callerUnits(ctx, request);
            const managed = user !== undefined && (units === null || (user.unitId !== null && units.has(user.unitId)));
            if (!user || !managed) throw new HubError(404, 'user_not_found', { userId });
            await assertAssignable(ctx, stationId, user);
          }
          const before = await ctx.instructors.current(stationId);
          const instructor = await ctx.instructors.assign(stationId, userId, ctx.now(), staffOf(request).username);
          if ((before?.userId ?? null) !== userId) {
            await audit(request, 'instructor_assign', { stationId, userId, username: instructor?.username ?? null, before: before?.username ?? null });
          }
          return { instructor };
        },
      );
    });
  };
}
