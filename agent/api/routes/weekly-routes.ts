// Admin: the weekly report (每周一报) — list, show (an ended week is composed on demand), remark, send — and the
// room usage register (活动场所使用情况登记) — a month's lines, a hand entry, its removal. Reading is the records
// permission; remarking and sending is the administrator's (settings); registering a use is the operator's (schedule).
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AgentContext } from '../../agent-context.ts';
import { actorOf, adminGuard } from '../admin-access.ts';
import { readStationSettings } from '../../settings/settings-store.ts';
import { localDateOf, monthBounds } from '../../clock/local-time.pure.ts';
import { lastEndedWeek, sendDeadline, shiftWeek, weekSpan } from '../../../common/iso-week.pure.ts';
import { WeeklyReportStore, type StoredWeeklyReport } from '../../weekly-report/weekly-report-store.ts';
import { addRemark, autoSendAt, composeWeek, sendWeek, MAX_REMARK_CHARS } from '../../weekly-report/weekly-report.ts';
import { addRoomUse, removeRoomUse, roomRegister } from '../../room-use/room-register.ts';
import { RoomRegisterSchema, RoomUseAnswerSchema, WeekLinesSchema, WeeklyReportAnswerSchema, WeeklyReportSentSchema } from '../schemas/records-schemas.pure.ts';
import { MAX_HEADCOUNT, MAX_ORGANISER_CHARS, MAX_PURPOSE_CHARS, MAX_REASON_CHARS } from '../../room-use/room-use.pure.ts';

const Week = Type.Object({ week: Type.String({ minLength: 1, maxLength: 8 }) });
/** How many ended weeks the screen offers, newest first: a quarter. */
const WEEKS_SHOWN = 13;

/** One line of the screen's week list: an ended week, composed or not yet, sent or not. */
export interface WeekLine {
  week: string;
  from: string;
  to: string;
  composed: boolean;
  sentAt: number | null;
  sentBy: 'admin' | 'deadline' | null;
  deadline: number;
}

/** A composed week as the screen shows it: the stored report and when it goes by itself. */
export type WeeklyReportView = StoredWeeklyReport & { deadline: number };

function view(r: StoredWeeklyReport, zone: string): WeeklyReportView {
  return { ...r, deadline: autoSendAt(r, zone) };
}

export function weeklyRoutes(ctx: AgentContext): FastifyPluginAsyncTypebox {
  const zone = () => readStationSettings(ctx.db).timeZone;
  return async (app) => {
    await app.register(async (scope) => {
      const weekly = scope.withTypeProvider<TypeBoxTypeProvider>();
      weekly.addHook('onRequest', adminGuard(ctx, 'settings', 'records'));

      weekly.get('/api/admin/weekly-reports', { schema: { response: { 200: WeekLinesSchema } } }, async (): Promise<{ weeks: WeekLine[] }> => {
        const z = zone();
        const store = new WeeklyReportStore(ctx.db);
        const last = lastEndedWeek(ctx.now(), z);
        const weeks = Array.from({ length: WEEKS_SHOWN }, (_, i) => shiftWeek(last, -i)).map((week) => {
          const r = store.get(week);
          const span = weekSpan(week, z);
          return { week, from: span.from, to: span.to, composed: r !== undefined, sentAt: r?.sentAt ?? null, sentBy: r?.sentBy ?? null, deadline: r ? autoSendAt(r, z) : sendDeadline(week, z) };
        });
        return { weeks };
      });

      // Showing an ended week composes it if nothing has yet (then it is frozen like any other).
      weekly.get('/api/admin/weekly-reports/:week', { schema: { params: Week, response: { 200: WeeklyReportAnswerSchema } } }, async (request) => {
        const report = composeWeek(ctx.db, request.params.week, ctx.now(), actorOf(request));
        return { report: view(report, zone()) };
      });

      weekly.post(
        '/api/admin/weekly-reports/:week/remarks',
        { schema: { params: Week, body: Type.Object({ text: Type.String({ maxLength: MAX_REMARK_CHARS * 4 }) }, { additionalProperties: false }), response: { 201: WeeklyReportAnswerSchema } } },
        async (request, reply) => {
          const report = addRemark(ctx.db, request.params.week, request.body.text, ctx.now(), actorOf(request));
          ctx.events.emit({ type: 'data_changed' });
          reply.code(201);
          return { report: view(report, zone()) };
        },
      );

      weekly.post('/api/admin/weekly-reports/:week/send', { schema: { params: Week, response: { 200: WeeklyReportSentSchema } } }, async (request) => {
        const { report, sent } = sendWeek(ctx.db, request.params.week, ctx.now(), 'admin', actorOf(request));
        ctx.events.emit({ type: 'data_changed' });
        return { report: view(report, zone()), sent };
      });
    });

    await app.register(async (scope) => {
      const room = scope.withTypeProvider<TypeBoxTypeProvider>();
      room.addHook('onRequest', adminGuard(ctx, 'schedule', 'records'));

      room.get('/api/admin/room-uses', { schema: { querystring: Type.Object({ month: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })) }, { additionalProperties: false }), response: { 200: RoomRegisterSchema } } }, async (request) => {
        const z = zone();
        const month = request.query.month ?? localDateOf(ctx.now(), z).slice(0, 7);
        const b = monthBounds(month, z);
        return { month, lines: roomRegister(ctx.db, b.firstDay, b.lastDay, ctx.now()) };
      });

      room.post(
        '/api/admin/room-uses',
        {
          schema: {
            body: Type.Object(
              {
                date: Type.String({ maxLength: 10 }),
                from: Type.String({ maxLength: 5 }),
                to: Type.String({ maxLength: 5 }),
                purpose: Type.String({ maxLength: MAX_PURPOSE_CHARS * 2 }),
                organiser: Type.String({ maxLength: MAX_ORGANISER_CHARS * 2 }),
                headcount: Type.Integer({ minimum: 0, maximum: MAX_HEADCOUNT }),
              },
              { additionalProperties: false },
            ),
            response: { 201: RoomUseAnswerSchema },
          },
        },
        async (request, reply) => {
          const use = addRoomUse(ctx.db, request.body, ctx.now(), actorOf(request));
          ctx.events.emit({ type: 'data_changed' });
          reply.code(201);
          return { use };
        },
      );

      room.post(
        '/api/admin/room-uses/:id/removal',
        { schema: { params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), body: Type.Object({ reason: Type.String({ maxLength: MAX_REASON_CHARS * 2 }) }, { additionalProperties: false }), response: { 200: RoomUseAnswerSchema } } },
        async (request) => {
          const use = removeRoomUse(ctx.db, request.params.id, request.body.reason, ctx.now(), actorOf(request));
          ctx.events.emit({ type: 'data_changed' });
          return { use };
        },
      );
    });
  };
}
