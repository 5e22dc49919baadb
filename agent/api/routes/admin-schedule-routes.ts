// Admin: the schedule — programs with their recurrence, and a preview of a rule's next showings.
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AgentContext } from '../../agent-context.ts';
import { actorOf, adminGuard } from '../admin-access.ts';
import { ProgramStore, PROGRAM_KINDS, type Program, type ProgramInput } from '../../programs/program-store.ts';
import { describeRule, nextOccurrences, RecurrenceRuleSchema, validateRule, type RecurrenceRule } from '../../programs/recurrence.pure.ts';
import { readStationSettings } from '../../settings/settings-store.ts';
import { appendStationLog } from '../../stationlog/station-log.ts';
import { ApiError } from '../api-error.ts';
import { ProgramWithPreviewSchema, ProgramsSchema, RemovedProgramSchema, RulePreviewSchema } from '../schemas/schedule-schemas.pure.ts';

const ProgramBody = Type.Object(
  {
    courseId: Type.Integer({ minimum: 1 }),
    title: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 80 }), Type.Null()])),
    kind: Type.Union(PROGRAM_KINDS.map((k) => Type.Literal(k))),
    rule: RecurrenceRuleSchema,
    checkinOpensBeforeMin: Type.Optional(Type.Integer({ minimum: 0, maximum: 240 })),
    checkinClosesAfterMin: Type.Optional(Type.Integer({ minimum: 0, maximum: 480 })),
    notes: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
    makeUp: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

type ProgramBodyType = {
  courseId: number;
  title?: string | null;
  kind: Program['kind'];
  rule: RecurrenceRule;
  checkinOpensBeforeMin?: number;
  checkinClosesAfterMin?: number;
  notes?: string | null;
  makeUp?: boolean;
};

export function adminScheduleRoutes(ctx: AgentContext): FastifyPluginAsyncTypebox {
  const toInput = (body: ProgramBodyType): ProgramInput => {
    const settings = readStationSettings(ctx.db);
    return {
      courseId: body.courseId,
      title: body.title ?? null,
      kind: body.kind,
      rule: body.rule,
      checkinOpensBeforeMin: body.checkinOpensBeforeMin ?? settings.checkinOpensBeforeMinutes,
      checkinClosesAfterMin: body.checkinClosesAfterMin ?? settings.checkinClosesAfterMinutes,
      notes: body.notes ?? null,
      makeUp: body.makeUp === true,
    };
  };
  const withPreview = (program: Program) => {
    const settings = readStationSettings(ctx.db);
    return {
      ...program,
      ruleText: describeRule(program.rule, settings.language),
      next: nextOccurrences(program.rule, settings.timeZone, ctx.now(), 5),
    };
  };
  const changed = () => {
    ctx.scheduler.replan();
    ctx.scheduler.reconcile();
    ctx.events.emit({ type: 'schedule_changed' });
  };

  return async (app) => {
    app.addHook('onRequest', adminGuard(ctx, 'schedule', 'records'));

    app.get('/api/admin/programs', { schema: { response: { 200: ProgramsSchema } } }, async () => ({ programs: new ProgramStore(ctx.db).listActive().map(withPreview) }));

    app.post(
      '/api/admin/programs/preview',
      { schema: { body: Type.Object({ rule: RecurrenceRuleSchema, count: Type.Integer({ minimum: 1, maximum: 20, default: 5 }) }), response: { 200: RulePreviewSchema } } },
      async (request) => {
        const rule = request.body.rule as RecurrenceRule;
        const problems = validateRule(rule);
        if (problems.length > 0) throw new ApiError(400, 'invalid_rule', { problems });
        const settings = readStationSettings(ctx.db);
        return { ruleText: describeRule(rule, settings.language), next: nextOccurrences(rule, settings.timeZone, ctx.now(), request.body.count) };
      },
    );

    app.post('/api/admin/programs', { schema: { body: ProgramBody, response: { 201: ProgramWithPreviewSchema } } }, async (request, reply) => {
      const at = ctx.now();
      const program = ctx.db.transaction(() => {
        const added = new ProgramStore(ctx.db).add(toInput(request.body as ProgramBodyType), at);
        appendStationLog(ctx.db, { type: 'program', actor: actorOf(request), at, message: `新增${added.makeUp ? '补学' : ''}节目：${added.title}（${describeRule(added.rule, 'zh-CN')}）`, detail: { programId: added.id } });
        return added;
      })();
      changed();
      reply.code(201);
      return withPreview(program);
    });

    app.put('/api/admin/programs/:id', { schema: { params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), body: ProgramBody, response: { 200: ProgramWithPreviewSchema } } }, async (request) => {
      const at = ctx.now();
      const program = ctx.db.transaction(() => {
        const updated = new ProgramStore(ctx.db).update(request.params.id, toInput(request.body as ProgramBodyType), at);
        appendStationLog(ctx.db, { type: 'program', actor: actorOf(request), at, message: `修改节目：${updated.title}（${describeRule(updated.rule, 'zh-CN')}）`, detail: { programId: updated.id } });
        return updated;
      })();
      changed();
      return withPreview(program);
    });

    app.delete('/api/admin/programs/:id', { schema: { params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), response: { 200: RemovedProgramSchema } } }, async (request) => {
      const at = ctx.now();
      const program = ctx.db.transaction(() => {
        const removed = new ProgramStore(ctx.db).remove(request.params.id, at);
        appendStationLog(ctx.db, { type: 'program', actor: actorOf(request), at, message: `删除节目：${removed.title}`, detail: { programId: removed.id } });
        return removed;
      })();
      changed();
      return { program };
    });
  };
}
