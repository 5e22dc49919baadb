// What only a county administrator may do: register stations (and get their one-time codes), edit what is
// sent down (programs, notices, policy), and manage staff. Every change is written to the staff audit.
import { Type, type Static } from 'typebox';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { HubContext } from '../../hub-context.ts';
import { staffGuard, staffOf } from '../staff-guard.ts';
import { CountyCourseSchema, PolicySchema } from '../../../protocol/downlink.pure.ts';
import { CountyRuleSchema } from '../../../protocol/recurrence-rule.pure.ts';
import { GradeSchema } from '../../../protocol/site-grades.pure.ts';
import type { CountyProgramInput } from '../../store/downlink-store.ts';
import { STAFF_ROLES } from '../../store/staff-store.ts';
import { OkSchema } from '../../../common/schema-kit.pure.ts';
import { MeSchema, NoticeAnswerSchema, PolicyAnswerSchema, UsersSchema } from '../schemas/staff-schemas.pure.ts';
import { AuditAnswerSchema, CountyProgramAnswerSchema, EnrollmentCodeAnswerSchema, NewStationSchema, StationAnswerSchema } from '../schemas/county-admin-schemas.pure.ts';
import { HubError } from '../../hub-error.ts';
import { assertStationInScope, scopedUnit } from '../unit-scope.ts';
import { callerUnits, targetUnit, unitInScope, within } from '../caller-scope.ts';
import { scopedAuditLog } from '../scoped-audit.ts';
import { resolveTarget, TargetFields } from '../target-scope.ts';

const UnitQuery = Type.Object({ unit: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })) });
const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const StationParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const RoleSchema = Type.Union([Type.Literal('county_admin'), Type.Literal('viewer'), Type.Literal('instructor')]);
/** The unit a station, program, notice or user is for (issue 16): omitted, the administrator's own; null, the hub's top. */
const UnitChoice = Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Null()]));

const NoticeBody = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 500 }), until: Type.Optional(Type.Union([LocalDate, Type.Null()])), unitId: UnitChoice, ...TargetFields },
  { additionalProperties: false },
);

const ProgramBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    kind: Type.Union([Type.Literal('group_viewing'), Type.Literal('background')]),
    rule: CountyRuleSchema,
    course: CountyCourseSchema,
    checkinOpensBeforeMin: Type.Optional(Type.Integer({ minimum: 0, maximum: 240 })),
    checkinClosesAfterMin: Type.Optional(Type.Integer({ minimum: 0, maximum: 480 })),
    notes: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
    unitId: UnitChoice,
    ...TargetFields,
  },
  { additionalProperties: false },
);

export function adminRoutes(ctx: HubContext): FastifyPluginAsyncTypebox {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    app.addHook('onRequest', staffGuard(ctx, ['county_admin']));
    const audit = (request: Parameters<typeof staffOf>[0], action: string, detail: unknown) => ctx.staff.audit(staffOf(request).username, action, detail, ctx.now());

    // Stations
    app.post(
      '/api/county/stations',
      { schema: { body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), grade: Type.Optional(GradeSchema), unitId: UnitChoice }, { additionalProperties: false }), response: { 201: NewStationSchema } } },
      async (request, reply) => {
        const at = ctx.now();
        // In the administrator's unit, or one they chose below it; checked before anything is stored.
        const unitId = await targetUnit(ctx, request, request.body.unitId);
        const station = await ctx.stations.create({ name: request.body.name, grade: request.body.grade ?? 'standard' }, at);
        if (unitId !== null) await ctx.org.placeStation(station.id, unitId);
        const enrollment = await ctx.stations.issueCode(station.id, at, staffOf(request).username);
        await audit(request, 'station_add', { stationId: station.id, name: station.name, grade: station.grade, ...(unitId === null ? {} : { unitId }) });
        return reply.code(201).send({ station, enrollment });
      },
    );

    app.patch(
      '/api/county/stations/:id',
      {
        schema: {
          params: StationParams,
          body: Type.Object(
            { name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), grade: Type.Optional(GradeSchema), retired: Type.Optional(Type.Boolean()) },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: { 200: StationAnswerSchema },
        },
      },
      async (request) => {
        await assertStationInScope(ctx, request, request.params.id);
        const station = await ctx.stations.update(request.params.id, request.body, ctx.now());
        await audit(request, 'station_update', { stationId: station.id, ...request.body });
        return { station };
      },
    );

    app.post('/api/county/stations/:id/enrollment-code', { schema: { params: StationParams, response: { 201: EnrollmentCodeAnswerSchema } } }, async (request, reply) => {
      await assertStationInScope(ctx, request, request.params.id);
      const enrollment = await ctx.stations.issueCode(request.params.id, ctx.now(), staffOf(request).username);
      await audit(request, 'station_code', { stationId: request.params.id });
      return reply.code(201).send({ enrollment });
    });

    // What is sent down
    const programInput = (body: Static<typeof ProgramBody>): CountyProgramInput => ({
      title: body.title,
      kind: body.kind,
      rule: body.rule,
      course: body.course,
      checkinOpensBeforeMin: body.checkinOpensBeforeMin ?? 15,
      checkinClosesAfterMin: body.checkinClosesAfterMin ?? 30,
      notes: body.notes ?? null,
    });

    // A program or notice reaches the subtree of its unit; staff see and edit only those of their own subtree.
    const ownProgram = async (request: Parameters<typeof staffOf>[0], id: number) => {
      const program = await ctx.downlink.getProgram(id);
      if (!program || !(await unitInScope(ctx, request, program.unitId ?? null))) throw new HubError(404, 'program_not_found', { programId: id });
      return program;
    };
    const ownNotice = async (request: Parameters<typeof staffOf>[0], id: number) => {
      const notice = await ctx.downlink.getNotice(id);
      if (!notice || !(await unitInScope(ctx, request, notice.unitId ?? null))) throw new HubError(404, 'notice_not_found', { noticeId: id });
      return notice;
    };
    const changedUnit = async (request: Parameters<typeof staffOf>[0], unitId: string | null | undefined) => (unitId === undefined ? undefined : targetUnit(ctx, request, unitId));
    // An edit states the whole target again (omitted grades and list: every station of the unit), checked within
    // the unit it keeps or moves to.
    const changedTarget = async (request: Parameters<typeof staffOf>[0], body: Static<typeof ProgramBody> | Static<typeof NoticeBody>, current: string | null) =>
      (await resolveTarget(ctx, request, body, body.unitId === undefined ? current : body.unitId)).target;

    app.post('/api/county/programs', { schema: { body: ProgramBody, response: { 201: CountyProgramAnswerSchema } } }, async (request, reply) => {
      const { unitId, target } = await resolveTarget(ctx, request, request.body, request.body.unitId);
      const program = await ctx.downlink.addProgram(programInput(request.body), ctx.now(), unitId, target);
      await audit(request, 'program_add', { id: program.id, title: program.title, ...(unitId === null ? {} : { unitId }), ...target });
      return reply.code(201).send({ program: { ...program, stationProgramId: program.stationKey } });
    });

    app.put('/api/county/programs/:id', { schema: { params: IdParams, body: ProgramBody, response: { 200: CountyProgramAnswerSchema } } }, async (request) => {
      const current = await ownProgram(request, request.params.id);
      const target = await changedTarget(request, request.body, current.unitId ?? null);
      const program = await ctx.downlink.updateProgram(request.params.id, programInput(request.body), ctx.now(), await changedUnit(request, request.body.unitId), target);
      await audit(request, 'program_update', { id: program.id, title: program.title });
      return { program: { ...program, stationProgramId: program.stationKey } };
    });

    app.delete('/api/county/programs/:id', { schema: { params: IdParams, response: { 200: OkSchema } } }, async (request) => {
      await ownProgram(request, request.params.id);
      await ctx.downlink.removeProgram(request.params.id, ctx.now());
      await audit(request, 'program_remove', { id: request.params.id });
      return { ok: true as const };
    });

    app.post('/api/county/notices', { schema: { body: NoticeBody, response: { 201: NoticeAnswerSchema } } }, async (request, reply) => {
      const { unitId, target } = await resolveTarget(ctx, request, request.body, request.body.unitId);
      const notice = await ctx.downlink.addNotice({ text: request.body.text, until: request.body.until ?? null }, ctx.now(), unitId, target);
      await audit(request, 'notice_add', { id: notice.id, ...(unitId === null ? {} : { unitId }), ...target });
      return reply.code(201).send({ notice });
    });

    // The whole notice again, as for a new one: an omitted `until` means "shown until removed".
    app.put('/api/county/notices/:id', { schema: { params: IdParams, body: NoticeBody, response: { 200: NoticeAnswerSchema } } }, async (request) => {
      const current = await ownNotice(request, request.params.id);
      const target = await changedTarget(request, request.body, current.unitId ?? null);
      const notice = await ctx.downlink.updateNotice(request.params.id, { text: request.body.text, until: request.body.until ?? null }, await changedUnit(request, request.body.unitId), target);
      await audit(request, 'notice_update', { id: notice.id });
      return { notice };
    });

    app.delete('/api/county/notices/:id', { schema: { params: IdParams, response: { 200: OkSchema } } }, async (request) => {
      await ownNotice(request, request.params.id);
      await ctx.downlink.removeNotice(request.params.id, ctx.now());
      await audit(request, 'notice_remove', { id: request.params.id });
      return { ok: true as const };
    });

    // The policy of the administrator's unit (or ?unit= below it), which its subtree then follows.
    app.put('/api/county/policy', { schema: { body: PolicySchema, querystring: UnitQuery, response: { 200: PolicyAnswerSchema } } }, async (request) => {
      const unitId = await scopedUnit(ctx, request, request.query.unit);
      const policy = await ctx.downlink.setPolicy(request.body, ctx.now(), unitId);
      await audit(request, 'policy_set', unitId === null ? policy : { ...policy, unitId });
      return { policy };
    });

    // Staff
    // With the hub's clock: states in time are judged against it, not against the browser's.
    // An administrator with a unit sees and manages the staff of their subtree only.
    app.get('/api/county/users', { schema: { response: { 200: UsersSchema } } }, async (request) => ({
      hubTime: ctx.now(),
      users: within(await ctx.auth.listUsers(), await callerUnits(ctx, request), (u) => u.unitId),
      roles: [...STAFF_ROLES],
    }));

    app.post(
      '/api/county/users',
      {
        schema: {
          body: Type.Object(
            { username: Type.String({ minLength: 1, maxLength: 40 }), role: RoleSchema, password: Type.String({ minLength: 1, maxLength: 200 }), unitId: UnitChoice },
            { additionalProperties: false },
          ),
          response: { 201: MeSchema },
        },
      },
      async (request, reply) => {
        // The administrator chose the password: the new user replaces it at first login.
        const unitId = await targetUnit(ctx, request, request.body.unitId);
        const user = await ctx.auth.addUser({ ...request.body, unitId }, ctx.now(), staffOf(request).username, { mustChangePassword: true });
        return reply.code(201).send({ user });
      },
    );

    app.patch(
      '/api/county/users/:id',
      {
        schema: {
          params: IdParams,
          body: Type.Object(
            { role: Type.Optional(RoleSchema), password: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), disabled: Type.Optional(Type.Boolean()), unitId: UnitChoice },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: { 200: MeSchema },
        },
      },
      async (request) => {
        const target = await ctx.staff.get(request.params.id);
        if (!target || !(await unitInScope(ctx, request, target.unitId))) throw new HubError(404, 'user_not_found', { userId: request.params.id });
        const unitId = await changedUnit(request, request.body.unitId);
        const user = await ctx.auth.updateUser(request.params.id, { ...request.body, unitId }, ctx.now(), staffOf(request));
        // An instructor who is no longer one (another role, disabled, moved to another unit) holds no station from now.
        if (target.role === 'instructor' && (user.role !== 'instructor' || user.disabledAt !== null || user.unitId !== target.unitId)) {
          await ctx.instructors.endAllOf(user.id, ctx.now(), staffOf(request).username);
        }
        return { user };
      },
    );

    app.get(
      '/api/county/audit',
      { schema: { querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }), response: { 200: AuditAnswerSchema } } },
      async (request) => ({ entries: await scopedAuditLog(ctx, request, request.query.limit ?? 100) }),
    );
  };
}
