// The door's check-in to a branch activity (public, like a viewing's /api/sessions/:id/checkins): the activity
// as the check-in screen reads it, and a check-in, taken only while the administrator has the window open.
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AgentContext } from '../../agent-context.ts';
import { requireActivity } from '../../activities/activity-register.ts';
import { checkInToActivity } from '../../activities/activity-checkin.ts';
import { activityDoorView, doorAnswer } from '../../activities/activity-door.ts';
import { readStationSettings } from '../../settings/settings-store.ts';
import type { CheckinBy } from '../../attendance/checkin.ts';
import { CheckinBody } from './checkin-routes.ts';
import { ActivityDoorAnswerSchema, ActivityDoorViewSchema } from '../schemas/activity-door-schemas.pure.ts';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export function activityDoorRoutes(ctx: AgentContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/api/activities/:id', { schema: { params: IdParams, response: { 200: ActivityDoorViewSchema } } }, async (request) => activityDoorView(ctx.db, requireActivity(ctx.db, request.params.id)));

    app.post('/api/activities/:id/checkins', { schema: { params: IdParams, body: CheckinBody, response: { 200: ActivityDoorAnswerSchema, 201: ActivityDoorAnswerSchema } } }, async (request, reply) => {
      const body = request.body;
      const by: CheckinBy = 'memberId' in body ? { memberId: body.memberId } : 'cardUid' in body ? { cardUid: body.cardUid } : { guest: body.guest };
      const method = 'memberId' in body ? (body.method ?? 'tile') : 'cardUid' in body ? 'card' : 'guest';
      const outcome = checkInToActivity(ctx.db, { activityId: request.params.id, by, method, actor: 'kiosk', at: ctx.now() });
      const answer = doorAnswer(ctx.db, requireActivity(ctx.db, request.params.id), outcome, readStationSettings(ctx.db).timeZone);
      // The admin record and the station's state (the door's figures) read it again.
      if (answer.status === 'checked_in') ctx.events.emit({ type: 'data_changed' });
      reply.code(answer.status === 'checked_in' ? 201 : 200);
      return answer;
    });
  };
}
