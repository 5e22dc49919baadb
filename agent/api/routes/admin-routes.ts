// Admin mode: PIN login and change, settings, station log, monthly report, courses, play now / stop, undo.
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AgentContext } from '../../agent-context.ts';
import { programStarting } from '../../events.ts';
import { bearerToken } from '../server.ts';
import { ApiError } from '../api-error.ts';
import { readStationSettings, writeStationSettings } from '../../settings/settings-store.ts';
import { CHECKIN_SOUND_LEVELS, NAME_ORDER_SETTINGS, TEXT_SIZES, type StationSettings } from '../../settings/station-settings.pure.ts';
import { GradeSchema } from '../../../protocol/site-grades.pure.ts';
import { isMonth, isValidTimeZone } from '../../clock/local-time.pure.ts';
import { LOG_TYPES, appendStationLog, queryStationLog } from '../../stationlog/station-log.ts';
import { monthlyReport, withNamesInOrder } from '../../reports/monthly-report.ts';
import { loadNameOrder } from '../../roster/roster-order.ts';
import { CourseStore } from '../../../content/course-store.ts';
import { checkInFirst, playNow } from '../../schedule/manual-play.ts';
import { SessionStore } from '../../sessions/session-store.ts';
import { endSession } from '../../sessions/session-lifecycle.ts';
import { undoCheckIn } from '../../attendance/checkin.ts';
import { sessionView } from '../../sessions/session-view.ts';
import { pick } from './checkin-routes.ts';
import { addNotice, listNotices, removeNotice } from '../../notices/notice-store.ts';
import { checkHubUrl, InsecureHubUrlError } from '../../uplink/hub-address.ts';
import { accountOf, actorOf, adminGuard } from '../admin-access.ts';
import { withOperator } from '../../sessions/session-tutor.ts';

// Route files written before the roles imported the guard from here.
export { adminGuard } from '../admin-access.ts';
import { may, notPermitted } from '../../admin/roles.pure.ts';
import { LoginChoicesSchema, LoginSchema, NoticesSchema, SessionAnswerSchema, StoppedSessionSchema, UndoneCheckinSchema } from '../schemas/admin-schemas.pure.ts';
import { NoticeSchema } from '../schemas/station-schemas.pure.ts';
import { OkSchema } from '../../../common/schema-kit.pure.ts';
import { CoursesSchema } from '../schemas/schedule-schemas.pure.ts';
import { MonthlyReportSchema, StationLogSchema, StationSettingsSchema } from '../schemas/records-schemas.pure.ts';


const SettingsPatch = Type.Object(
  {
    stationName: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    grade: Type.Optional(GradeSchema),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    language: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])),
    lateGraceMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
    checkinOpensBeforeMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 240 })),
    checkinClosesAfterMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 480 })),
    minPlayShare: Type.Optional(Type.Number({ minimum: 0.1, maximum: 1 })),
    hubUrl: Type.Optional(Type.Union([Type.String({ pattern: '^https?://', maxLength: 200 }), Type.Null()])),
    volume: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    textSize: Type.Optional(Type.Union(TEXT_SIZES.map((s) => Type.Literal(s)))),
    highContrast: Type.Optional(Type.Boolean()),
    checkinSound: Type.Optional(Type.Union(CHECKIN_SOUND_LEVELS.map((l) => Type.Literal(l)))),
    nameOrder: Type.Optional(Type.Union(NAME_ORDER_SETTINGS.map((o) => Type.Literal(o)))),
  },
  { additionalProperties: false, minProperties: 1 },
);

/**
 * A hub address typed in admin mode follows the enrollment's rule: plain http:// only to this machine or a
 * private network. The screen has no override; forcing it is `yuanjiao enroll --insecure-http` on the terminal.
 */
function checkNewHubUrl(hubUrl: string): void {
  try {
    checkHubUrl(hubUrl);
  } catch (err) {
    if (err instanceof InsecureHubUrlError) throw new ApiError(400, 'insecure_hub_url', { hubUrl });
    throw new ApiError(400, 'invalid_hub_url', { hubUrl });
  }
}

export function adminRoutes(ctx: AgentContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/admin/login',
      {
        schema: {
          body: Type.Object(
            // Without an account: the station's administrator, as before there were accounts.
            { pin: Type.String({ minLength: 1, maxLength: 16 }), accountId: Type.Optional(Type.Integer({ minimum: 1 })) },
            { additionalProperties: false },
          ),
          response: { 200: LoginSchema },
        },
      },
      async (request) => {
        const { token, mustChangePin, account } = ctx.auth.login(request.body.pin, ctx.now(), request.body.accountId);
        return { token, mustChangePin, account: { id: account.id, name: account.name, role: account.role } };
      },
    );

    // The admin entry's choice of who you are: names and roles of the active accounts, nothing else.
    app.get('/api/admin/login/accounts', { schema: { response: { 200: LoginChoicesSchema } } }, async () => ({ accounts: ctx.auth.loginChoices() }));

    app.post('/api/admin/logout', { schema: { response: { 200: OkSchema } } }, async (request) => {
      ctx.auth.logout(bearerToken(request));
      return { ok: true as const };
    });

    app.post(
      '/api/admin/pin',
      {
        schema: {
          body: Type.Object(
            { currentPin: Type.String({ minLength: 1, maxLength: 16 }), newPin: Type.String({ minLength: 1, maxLength: 16 }) },
            { additionalProperties: false },
          ),
          response: { 200: OkSchema },
        },
      },
      async (request) => {
        ctx.auth.changePin(bearerToken(request), request.body.currentPin, request.body.newPin, ctx.now());
        return { ok: true as const };
      },
    );

    app.post(
      '/api/admin/pin/check',
      { schema: { body: Type.Object({ newPin: Type.String({ minLength: 1, maxLength: 16 }) }, { additionalProperties: false }), response: { 200: OkSchema } } },
      async (request) => {
        ctx.auth.checkNewPin(bearerToken(request), request.body.newPin, ctx.now());
        return { ok: true as const };
      },
    );

    await app.register(async (scope) => {
      const admin = scope.withTypeProvider<TypeBoxTypeProvider>();
      admin.addHook('onRequest', adminGuard(ctx));

      admin.get('/api/admin/settings', { schema: { response: { 200: StationSettingsSchema } } }, async () => readStationSettings(ctx.db));

      admin.put('/api/admin/settings', { onRequest: adminGuard(ctx, 'settings'), schema: { body: SettingsPatch, response: { 200: StationSettingsSchema } } }, async (request) => {
        const patch = request.body as Partial<StationSettings>;
        if (patch.timeZone !== undefined && !isValidTimeZone(patch.timeZone)) {
          throw new ApiError(400, 'invalid_time_zone', { timeZone: patch.timeZone });
        }
        if (typeof patch.hubUrl === 'string' && patch.hubUrl !== readStationSettings(ctx.db).hubUrl) checkNewHubUrl(patch.hubUrl);
        const at = ctx.now();
        const next = ctx.db.transaction(() => {
          const saved = writeStationSettings(ctx.db, patch, at);
          appendStationLog(ctx.db, { type: 'station', actor: actorOf(request), at, message: `修改设置：${Object.keys(patch).join('、')}`, detail: patch });
          return saved;
        })();
        ctx.scheduler.replan();
        ctx.events.emit({ type: 'schedule_changed' });
        // An open check-in screen reads its tiles again, in the new order.
        if (patch.nameOrder !== undefined) ctx.events.emit({ type: 'data_changed' });
        return next;
      });

      admin.get(
        '/api/admin/log',
        {
          schema: {
            querystring: Type.Object({
              since: Type.Optional(Type.Integer({ minimum: 0 })),
              until: Type.Optional(Type.Integer({ minimum: 0 })),
              type: Type.Optional(Type.Union(LOG_TYPES.map((t) => Type.Literal(t)))),
              limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 500 }),
            }),
            response: { 200: StationLogSchema },
          },
        },
        async (request) => ({ entries: queryStationLog(ctx.db, request.query) }),
      );

      admin.get('/api/admin/reports/month/:month', { schema: { params: Type.Object({ month: Type.String() }), response: { 200: MonthlyReportSchema } } }, async (request) => {
        if (!isMonth(request.params.month)) throw new ApiError(400, 'invalid_month', { month: request.params.month });
        await loadNameOrder();
        return withNamesInOrder(ctx.db, monthlyReport(ctx.db, request.params.month, ctx.now()));
      });

      admin.get('/api/admin/courses', { schema: { response: { 200: CoursesSchema } } }, async () => ({ courses: new CourseStore(ctx.db).list() }));

      admin.post(
        '/api/admin/play',
        {
          onRequest: adminGuard(ctx, 'viewing'),
          schema: {
            body: Type.Object(
              {
                courseId: Type.Integer({ minimum: 1 }),
                kind: Type.Union([Type.Literal('group_viewing'), Type.Literal('background')], { default: 'group_viewing' }),
                title: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
                /** A group viewing: open check-in first and start on 立即开始 (the default), or start at once. */
                checkInFirst: Type.Optional(Type.Boolean()),
              },
              { additionalProperties: false },
            ),
            response: { 201: SessionAnswerSchema },
          },
        },
        async (request, reply) => {
          const course = new CourseStore(ctx.db).get(request.body.courseId);
          if (!course || course.status !== 'ready') throw new ApiError(404, 'course_not_found', { courseId: request.body.courseId });
          const account = accountOf(request);
          // A tutor may open a group viewing at the door; playing without check-in, or in the background, is an operator's.
          const atTheDoor = request.body.kind === 'group_viewing' && request.body.checkInFirst !== false;
          if (!atTheDoor && !may(account.role, 'play')) throw new ApiError(403, 'not_permitted', notPermitted(account.role, 'play'));
          const input = { courseId: course.id, title: request.body.title ?? null, actor: account.name };
          if (request.body.kind === 'group_viewing' && request.body.checkInFirst !== false) {
            // A group viewing started with nobody signed in would read 应到 24 / 实到 0: the door opens first.
            const session = withOperator(ctx.db, checkInFirst(ctx.db, input, ctx.now()), account);
            ctx.events.emit({ type: 'checkin_window', sessionId: session.id, state: 'open', title: session.title });
            ctx.scheduler.replan();
            reply.code(201);
            return { session };
          }
          const session = withOperator(ctx.db, playNow(ctx.db, { ...input, kind: request.body.kind }, ctx.now()), account);
          ctx.events.emit(programStarting(session));
          if (session.kind === 'group_viewing') ctx.events.emit({ type: 'checkin_window', sessionId: session.id, state: 'open', title: session.title });
          reply.code(201);
          return { session };
        },
      );

      admin.post('/api/admin/sessions/:id/stop', { onRequest: adminGuard(ctx, 'play'), schema: { params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), response: { 200: StoppedSessionSchema } } }, async (request) => {
        const session = new SessionStore(ctx.db).get(request.params.id);
        if (!session) throw new ApiError(404, 'session_not_found', { sessionId: request.params.id });
        const ended = endSession(ctx.db, session.id, ctx.now(), 'admin', actorOf(request));
        ctx.events.emit({ type: 'playback_state', sessionId: ended.id, courseId: ended.courseId, state: 'stopped' });
        return { session: ended };
      });

      admin.get('/api/admin/notices', { schema: { response: { 200: NoticesSchema } } }, async () => ({ notices: listNotices(ctx.db) }));

      admin.post(
        '/api/admin/notices',
        {
          onRequest: adminGuard(ctx, 'settings'),
          schema: {
            body: Type.Object(
              { text: Type.String({ minLength: 1, maxLength: 200 }), until: Type.Union([Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), Type.Null()]) },
              { additionalProperties: false },
            ),
            response: { 201: NoticeSchema },
          },
        },
        async (request, reply) => {
          const at = ctx.now();
          const notice = ctx.db.transaction(() => {
            const added = addNotice(ctx.db, request.body, at);
            appendStationLog(ctx.db, { type: 'station', actor: actorOf(request), at, message: `发布通知：${added.text}`, detail: { noticeId: added.id } });
            return added;
          })();
          ctx.events.emit({ type: 'data_changed' });
          reply.code(201);
          return notice;
        },
      );

      admin.delete('/api/admin/notices/:id', { onRequest: adminGuard(ctx, 'settings'), schema: { params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }), response: { 200: OkSchema } } }, async (request) => {
        const at = ctx.now();
        const removed = ctx.db.transaction(() => {
          const ok = removeNotice(ctx.db, request.params.id, at);
          if (ok) appendStationLog(ctx.db, { type: 'station', actor: actorOf(request), at, message: '撤下通知', detail: { noticeId: request.params.id } });
          return ok;
        })();
        if (!removed) throw new ApiError(404, 'notice_not_found', {});
        ctx.events.emit({ type: 'data_changed' });
        return { ok: true as const };
      });

      admin.delete('/api/admin/attendance/:id', { onRequest: adminGuard(ctx, 'checkin'), schema: { params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), response: { 200: UndoneCheckinSchema } } }, async (request) => {
        const row = undoCheckIn(ctx.db, request.params.id, actorOf(request), ctx.now());
        const session = new SessionStore(ctx.db).get(row.sessionId)!;
        const view = sessionView(ctx.db, session, ctx.now());
        ctx.events.emit({ type: 'attendance_changed', sessionId: session.id, ...pick(view.figures) });
        return { attendance: row, figures: view.figures };
      });
    });
  };
}
