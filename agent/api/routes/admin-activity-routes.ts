// Admin: the branch activity register (支部活动记录) — a month's activities with the 三会一课 rhythm, one record
// with its check-ins and photos, entering one, withdrawing one (the record stays), opening and closing its
// check-in, photos from a USB stick and their thumbnails. And the door's check-in to an activity, by the same
// body as a viewing's (checkin-routes.ts).
import fs from 'node:fs';
import path from 'node:path';
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AgentContext } from '../../agent-context.ts';
import { actorOf, adminGuard } from '../admin-access.ts';
import { ApiError } from '../api-error.ts';
import { ACTIVITY_LIMITS, closeActivityCheckin, openActivityCheckin, recordActivity, requireActivity, withdrawActivity } from '../../activities/activity-register.ts';
import { checkInToActivity } from '../../activities/activity-checkin.ts';
import { importActivityPhotos, thumbnailPath, verifyActivityPhotos } from '../../activities/activity-photos.ts';
import { rhythmAsOf } from '../../activities/activity-rhythm.ts';
import { monthActivities } from '../../activities/month-activities.ts';
import { ActivityStore } from '../../activities/activity-store.ts';
import { activityFigures } from '../../activities/activity-figures.ts';
import { doorActivity, undoActivityCheckin } from '../../activities/activity-door.ts';
import { ActivityUndoneSchema } from '../schemas/activity-door-schemas.pure.ts';
import { ActivityAnswerSchema, ActivityCheckinOutcomeSchema, ActivityClosedSchema, ActivityDetailSchema, ActivityRegisterSchema, PhotoOutcomesSchema, ThumbnailSchema } from '../schemas/activity-admin-schemas.pure.ts';
import { MemberStore } from '../../roster/member-store.ts';
import { GUEST_CATEGORIES } from '../../roster/categories.pure.ts';
import { readStationSettings } from '../../settings/settings-store.ts';
import { localDateOf } from '../../clock/local-time.pure.ts';
import { ACTIVITY_KINDS } from '../../../protocol/branch-rhythm.pure.ts';
import type { CheckinBy } from '../../attendance/checkin.ts';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Time = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' });

const ActivityBody = Type.Object(
  {
    kind: Type.Union(ACTIVITY_KINDS.map((k) => Type.Literal(k))),
    date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    startTime: Time,
    endTime: Type.Optional(Type.Union([Time, Type.Null()])),
    place: Type.String({ maxLength: ACTIVITY_LIMITS.place }),
    host: Type.String({ maxLength: ACTIVITY_LIMITS.host }),
    topic: Type.String({ maxLength: ACTIVITY_LIMITS.topic }),
    minutes: Type.Optional(Type.String({ maxLength: ACTIVITY_LIMITS.minutes })),
    branch: Type.Optional(Type.Union([Type.String({ maxLength: ACTIVITY_LIMITS.branch }), Type.Null()])),
    sessionId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  },
  { additionalProperties: false },
);

const CheckinBody = Type.Union([
  Type.Object({ memberId: Type.Integer({ minimum: 1 }), method: Type.Optional(Type.Union([Type.Literal('tile'), Type.Literal('search')])) }, { additionalProperties: false }),
  Type.Object({ cardUid: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
  Type.Object(
    { guest: Type.Object({ name: Type.String({ minLength: 1, maxLength: 40 }), category: Type.Union(GUEST_CATEGORIES.map((c) => Type.Literal(c))) }, { additionalProperties: false }) },
    { additionalProperties: false },
  ),
]);

function today(ctx: AgentContext): string {
  return localDateOf(ctx.now(), readStationSettings(ctx.db).timeZone);
}

export function adminActivityRoutes(ctx: AgentContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Reading is the records' (every role); entering and the door are the viewing's (those who run a meeting).
    app.addHook('onRequest', adminGuard(ctx, 'viewing', 'records'));

    app.get(
      '/api/admin/activities',
      { schema: { querystring: Type.Object({ month: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })) }, { additionalProperties: false }), response: { 200: ActivityRegisterSchema } } },
      async (request) => {
        const now = today(ctx);
        const month = request.query.month ?? now.slice(0, 7);
        const store = new ActivityStore(ctx.db);
        return { month, today: now, register: monthActivities(ctx.db, month, now), rhythmToday: rhythmAsOf(ctx.db, now), checkinOpen: store.checkinOpen().map((a) => a.id) };
      },
    );

    app.get('/api/admin/activities/:id', { schema: { params: IdParams, response: { 200: ActivityDetailSchema } } }, async (request) => {
      const activity = requireActivity(ctx.db, request.params.id);
      const members = new MemberStore(ctx.db);
      const checkins = new ActivityStore(ctx.db).checkins(activity.id).map((c) => ({
        ...c,
        name: c.memberId !== null ? (members.get(c.memberId)?.name ?? `#${c.memberId}`) : c.guestName!,
      }));
      const photos = (await verifyActivityPhotos(ctx.db, ctx.dataDir, activity.id)).map((p) => ({ ...p.photo, state: p.state }));
      return { activity, figures: activityFigures(ctx.db, activity), checkins, photos };
    });

    app.post('/api/admin/activities', { schema: { body: ActivityBody, response: { 201: ActivityAnswerSchema } } }, async (request, reply) => {
      const activity = recordActivity(ctx.db, request.body, actorOf(request), ctx.now());
      ctx.events.emit({ type: 'data_changed' });
      reply.code(201);
      return { activity };
    });

    app.post(
      '/api/admin/activities/:id/withdraw',
      { schema: { params: IdParams, body: Type.Object({ reason: Type.String({ maxLength: ACTIVITY_LIMITS.reason }) }, { additionalProperties: false }), response: { 200: ActivityAnswerSchema } } },
      async (request) => {
        const activity = withdrawActivity(ctx.db, request.params.id, request.body.reason, actorOf(request), ctx.now());
        // A withdrawn record's door is shut: a screen at its check-in leaves.
        ctx.events.emit({ type: 'activity_checkin', activityId: activity.id, state: 'closed', title: activity.topic });
        ctx.events.emit({ type: 'data_changed' });
        return { activity };
      },
    );

    app.post('/api/admin/activities/:id/checkin/open', { schema: { params: IdParams, response: { 200: ActivityAnswerSchema } } }, async (request) => {
      const activity = openActivityCheckin(ctx.db, request.params.id, actorOf(request), ctx.now());
      // The room's screen goes to the door's check-in when it is today's meeting (doorActivity says which).
      if (doorActivity(ctx.db, today(ctx))?.id === activity.id) ctx.events.emit({ type: 'activity_checkin', activityId: activity.id, state: 'open', title: activity.topic });
      ctx.events.emit({ type: 'data_changed' });
      return { activity };
    });

    app.post('/api/admin/activities/:id/checkin/close', { schema: { params: IdParams, response: { 200: ActivityClosedSchema } } }, async (request) => {
      const activity = closeActivityCheckin(ctx.db, request.params.id, actorOf(request), ctx.now());
      ctx.events.emit({ type: 'activity_checkin', activityId: activity.id, state: 'closed', title: activity.topic });
      ctx.events.emit({ type: 'data_changed' });
      return { activity, figures: activityFigures(ctx.db, activity) };
    });

    // The administrator's undo at the door's screen (a wrong tile), while the window is open.
    app.delete('/api/admin/activities/checkins/:id', { schema: { params: IdParams, response: { 200: ActivityUndoneSchema } } }, async (request) => {
      const undone = undoActivityCheckin(ctx.db, request.params.id, actorOf(request), ctx.now());
      if (!undone) throw new ApiError(404, 'not_found', { url: request.url });
      ctx.events.emit({ type: 'data_changed' });
      return { attendance: undone.attendance, figures: undone.figures };
    });

    // The administrator's check-in at the admin screen (the tiles, a card tap, a guest typed in).
    app.post('/api/admin/activities/:id/checkins', { schema: { params: IdParams, body: CheckinBody, response: { 200: ActivityCheckinOutcomeSchema, 201: ActivityCheckinOutcomeSchema } } }, async (request, reply) => {
      const body = request.body;
      const by: CheckinBy = 'memberId' in body ? { memberId: body.memberId } : 'cardUid' in body ? { cardUid: body.cardUid } : { guest: body.guest };
      const method = 'memberId' in body ? (body.method ?? 'tile') : 'cardUid' in body ? 'card' : 'guest';
      const answer = checkInToActivity(ctx.db, { activityId: request.params.id, by, method, actor: actorOf(request), at: ctx.now() });
      ctx.events.emit({ type: 'data_changed' });
      reply.code(answer.status === 'checked_in' ? 201 : 200);
      return answer;
    });

    app.post(
      '/api/admin/activities/:id/photos',
      {
        schema: {
          params: IdParams,
          body: Type.Object({ volumeId: Type.String({ minLength: 1, maxLength: 64 }), folder: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
          response: { 200: PhotoOutcomesSchema },
        },
      },
      async (request) => {
        const volume = (await ctx.imports.volumes()).find((v) => v.id === request.body.volumeId);
        if (!volume) throw new ApiError(404, 'volume_not_found', {});
        // Only inside the stick: a folder that climbs out of its mount point is the stick's root.
        const folder = path.resolve(volume.mountPoint, request.body.folder ?? '.');
        const inside = folder === volume.mountPoint || folder.startsWith(`${volume.mountPoint}${path.sep}`);
        const outcomes = await importActivityPhotos(ctx.db, ctx.dataDir, request.params.id, inside ? folder : volume.mountPoint, actorOf(request), ctx.now());
        ctx.events.emit({ type: 'data_changed' });
        return { outcomes };
      },
    );

    // A thumbnail as a data URL: the admin screen sends its session in a header, which an <img> cannot; a
    // 320-pixel JPEG is a few kilobytes.
    app.get('/api/admin/activities/photos/:sha256/thumbnail', { schema: { params: Type.Object({ sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) }), response: { 200: ThumbnailSchema } } }, async (request) => {
      const file = thumbnailPath(ctx.dataDir, request.params.sha256);
      let bytes: Buffer;
      try {
        bytes = await fs.promises.readFile(file);
      } catch {
        throw new ApiError(404, 'not_found', { url: request.url });
      }
      return { dataUrl: `data:image/jpeg;base64,${bytes.toString('base64')}` };
    });
  };
}
