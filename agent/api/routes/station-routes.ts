// What the kiosk reads to draw the room: station state, notice board, roster tiles, sessions; and the
// player's reports back.
import { Type, type Static } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AgentContext } from '../../agent-context.ts';
import { readStationSettings } from '../../settings/settings-store.ts';
import { SITE_GRADE_LABELS } from '../../settings/station-settings.pure.ts';
import { upcomingShowings } from '../../programs/board.ts';
import { SessionStore } from '../../sessions/session-store.ts';
import { sessionView } from '../../sessions/session-view.ts';
import { localDateOf } from '../../clock/local-time.pure.ts';
import { clockTrust } from '../../clock/clock-trust.pure.ts';
import { readSetting } from '../../settings/settings-store.ts';
import { HUB_SKEW_SETTING } from '../../schedule/scheduler.ts';
import { appendPlayback, PLAYBACK_EVENTS } from '../../sessions/playback-log.ts';
import { endSession } from '../../sessions/session-lifecycle.ts';
import { appendStationLog } from '../../stationlog/station-log.ts';
import { CourseStore } from '../../../content/course-store.ts';
import { ApiError } from '../api-error.ts';
import { activeNotices } from '../../notices/notice-store.ts';
import { reportNoticesShown } from '../../uplink/delivery-reports.ts';
import { recordPlayed } from '../../library/library-records.ts';
import { NOTICE_RANGES, resolveRequest } from '../../exports/export-kinds.pure.ts';
import { MemberStore } from '../../roster/member-store.ts';
import { dueSurvey } from '../../satisfaction/survey.ts';
import { BoardSchema, LiveSessionsSchema, SessionViewSchema } from '../schemas/session-schemas.pure.ts';
import { DoorNoticeSchema, HealthSchema, PhoneTailSchema, StationStateSchema } from '../schemas/station-schemas.pure.ts';
import { CheckinListSchema } from '../schemas/schedule-schemas.pure.ts';
import { OkSchema } from '../../../common/schema-kit.pure.ts';
import { activityDoorView, doorActivity } from '../../activities/activity-door.ts';

const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });
/** How far ahead the board looks for the next group viewing: past the end of any month. */
const NEXT_GROUP_VIEWING_DAYS = 40;

/**
 * GET /api/state: what the kiosk draws the room from. Its response schema (StationStateSchema, checked to say
 * exactly this function's type) gives the kiosk its StationState (kiosk/ui/src/api-types.ts).
 */
export function stationState(ctx: AgentContext) {
  const now = ctx.now();
  const settings = readStationSettings(ctx.db);
  const live = new SessionStore(ctx.db).live(now);
  const coming = upcomingShowings(ctx.db, now, NEXT_GROUP_VIEWING_DAYS).filter((s) => s.startsAt >= now);
  const next = coming[0] ?? null;
  // The board leads with the month's next group viewing however many loop programs come before it.
  const nextGroupViewing = coming.find((s) => s.kind === 'group_viewing') ?? null;
  const activityAtDoor = doorActivity(ctx.db, localDateOf(now, settings.timeZone));
  return {
    now,
    station: {
      id: settings.stationId,
      name: settings.stationName,
      grade: settings.grade,
      gradeLabel: SITE_GRADE_LABELS[settings.grade],
      timeZone: settings.timeZone,
      language: settings.language,
      volume: settings.volume,
      textSize: settings.textSize,
      highContrast: settings.highContrast,
      checkinSound: settings.checkinSound,
    },
    clock: clockTrust(now, readSetting<number>(ctx.db, HUB_SKEW_SETTING) ?? null),
    alerts: ctx.alerts.list(),
    live: live.map((s) => sessionView(ctx.db, s, now)),
    next,
    /** The next group viewing within 40 days, whatever comes before it. */
    nextGroupViewing,
    /** The satisfaction survey the room should answer now (open, or due after a viewing ended), if any. */
    survey: dueSurvey(ctx.db, now),
    /** Today's branch activity whose check-in the administrator has open: the door's screen shows it (a viewing's check-in first). */
    activityCheckin: activityAtDoor && activityDoorView(ctx.db, activityAtDoor),
    notices: activeNotices(ctx.db, localDateOf(now, settings.timeZone)),
    adminPinMustChange: ctx.auth.mustChangePin(),
  };
}

/** The answer of GET /api/state. */
export type StationState = ReturnType<typeof stationState>;

export function stationRoutes(ctx: AgentContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/api/health', { schema: { response: { 200: HealthSchema } } }, async () => ({ ok: true as const, at: ctx.now() }));

    app.get('/api/state', { schema: { response: { 200: StationStateSchema } } }, async () => {
      const state = stationState(ctx);
      // The kiosk shows what it is handed: the county learns its notices are on the board (issue 17).
      if (reportNoticesShown(ctx.db, state.notices, ctx.now())) ctx.events.emit({ type: 'data_changed' });
      return state;
    });

    app.get(
      '/api/board',
      { schema: { querystring: Type.Object({ days: Type.Integer({ minimum: 1, maximum: 62, default: 7 }) }), response: { 200: BoardSchema } } },
      async (request) => ({ showings: upcomingShowings(ctx.db, ctx.now(), request.query.days) }),
    );

    // The door notice (节目预告) as the board prints it: the same A4 page as the admin's export of it, public
    // like the board it comes from. Its font comes from this agent's own /fonts/ on the address it listens
    // on — never from the request's Host header, which a hostile page chooses.
    app.get(
      '/api/board/notice',
      { schema: { querystring: Type.Object({ range: Type.Union(NOTICE_RANGES.map((r) => Type.Literal(r)), { default: 'week' }) }, { additionalProperties: false }), response: { 200: DoorNoticeSchema } } },
      async (request) => {
        const now = ctx.now();
        const notice = resolveRequest('notice', { range: request.query.range }, localDateOf(now, readStationSettings(ctx.db).timeZone));
        const baseUrl = `http://127.0.0.1:${request.socket.localPort}`;
        const { produceExport } = await import('../../exports/export-service.ts');
        const file = await produceExport(ctx.db, notice, 'html', now, { fonts: { kind: 'served', baseUrl } });
        return { title: file.document?.title ?? '节目预告', html: file.bytes.toString('utf8') };
      },
    );

    /** The roster as the check-in screen needs it (roster/checkin-list.ts): no phone numbers or card UIDs leave the agent. */
    /** Members whose phone ends in four digits typed at the door: ids only (the numbers never leave the agent). */
    app.get('/api/members/phone-tail/:tail', { schema: { params: Type.Object({ tail: Type.String({ pattern: '^[0-9]{4}$' }) }), response: { 200: PhoneTailSchema } } }, async (request) => {
      const today = localDateOf(ctx.now(), readStationSettings(ctx.db).timeZone);
      return { ids: new MemberStore(ctx.db).idsByPhoneTail(today, request.params.tail) };
    });

    app.get('/api/members/checkin-list', { schema: { response: { 200: CheckinListSchema } } }, async (_request, reply) => {
      const today = localDateOf(ctx.now(), readStationSettings(ctx.db).timeZone);
      const { checkinListJson } = await import('../../roster/checkin-list.ts');
      // Already the answer's JSON text, in CheckinListSchema's shape: sent as it is (the tests check it by hand).
      const json = (await checkinListJson(ctx.db, today)) as unknown as Static<typeof CheckinListSchema>;
      return reply.type('application/json; charset=utf-8').send(json);
    });

    app.get('/api/sessions/live', { schema: { response: { 200: LiveSessionsSchema } } }, async () => {
      const now = ctx.now();
      return { sessions: new SessionStore(ctx.db).live(now).map((s) => sessionView(ctx.db, s, now)) };
    });

    app.get('/api/sessions/:id', { schema: { params: Id, response: { 200: SessionViewSchema } } }, async (request) => {
      const session = new SessionStore(ctx.db).get(request.params.id);
      if (!session) throw new ApiError(404, 'session_not_found', { sessionId: request.params.id });
      return sessionView(ctx.db, session, ctx.now());
    });

    app.post(
      '/api/playback',
      {
        schema: {
          body: Type.Object(
            {
              sessionId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
              courseId: Type.Integer({ minimum: 1 }),
              event: Type.Union(PLAYBACK_EVENTS.map((e) => Type.Literal(e))),
              positionMs: Type.Optional(Type.Integer({ minimum: 0 })),
              playedMs: Type.Optional(Type.Integer({ minimum: 0 })),
              detail: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
            },
            { additionalProperties: false },
          ),
          response: { 200: OkSchema },
        },
      },
      async (request) => {
        const at = ctx.now();
        const { sessionId, courseId, event, positionMs, playedMs, detail } = request.body;
        const course = new CourseStore(ctx.db).get(courseId);
        if (!course) throw new ApiError(404, 'course_not_found', { courseId });
        const sessions = new SessionStore(ctx.db);
        const session = sessionId === null ? undefined : sessions.get(sessionId);
        if (sessionId !== null && !session) throw new ApiError(404, 'session_not_found', { sessionId });
        ctx.db.transaction(() => {
          appendPlayback(ctx.db, { sessionId, courseId, event, at, positionMs: positionMs ?? null, detail: detail ?? null });
          if (session && playedMs !== undefined) sessions.recordPlayed(session.id, playedMs);
          // The receive/store/play log and the library's "last played" (which eviction reads).
          if (event === 'end') recordPlayed(ctx.db, { courseId, sessionId, playedMs: playedMs ?? session?.playedMs ?? 0, at });
          if (event === 'error') {
            appendStationLog(ctx.db, { type: 'playback', actor: 'kiosk', at, message: `播放出错：${course.title}`, detail: { sessionId, ...detail } });
          }
        })();
        if (session && event === 'end') {
          const ended = endSession(ctx.db, session.id, at, 'player', 'kiosk');
          ctx.events.emit({ type: 'playback_state', sessionId: ended.id, courseId, state: 'ended' });
        }
        return { ok: true as const };
      },
    );
  };
}
