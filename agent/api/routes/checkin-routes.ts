// Check-in at the door: by member tile or search, by card, or as a guest; and check-out.
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AgentContext } from '../../agent-context.ts';
import { checkOut, type CheckinBy } from '../../attendance/checkin.ts';
import { checkInWithOthers } from '../../attendance/checkin-queue.ts';
import { GUEST_CATEGORIES } from '../../roster/categories.pure.ts';
import { startNow } from '../../schedule/manual-play.ts';
import { programStarting } from '../../events.ts';
import { ApiError } from '../api-error.ts';
import { AttendanceSchema, CheckinReplySchema } from '../schemas/session-schemas.pure.ts';
import { SessionAnswerSchema } from '../schemas/admin-schemas.pure.ts';

export const CheckinBody = Type.Union([
  Type.Object(
    { memberId: Type.Integer({ minimum: 1 }), method: Type.Optional(Type.Union([Type.Literal('tile'), Type.Literal('search')])) },
    { additionalProperties: false },
  ),
  Type.Object({ cardUid: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
  Type.Object(
    {
      guest: Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 40 }),
          category: Type.Union(GUEST_CATEGORIES.map((c) => Type.Literal(c))),
        },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  ),
]);

export function checkinRoutes(ctx: AgentContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/sessions/:id/checkins',
      { schema: { params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), body: CheckinBody, response: { 200: CheckinReplySchema, 201: CheckinReplySchema } } },
      async (request, reply) => {
        const body = request.body;
        let by: CheckinBy;
        let method: 'tile' | 'search' | 'card' | 'guest';
        if ('memberId' in body) {
          by = { memberId: body.memberId };
          method = body.method ?? 'tile';
        } else if ('cardUid' in body) {
          by = { cardUid: body.cardUid };
          method = 'card';
        } else {
          by = { guest: body.guest };
          method = 'guest';
        }
        // With the figures only, counted by SQLite once per commit: the door needs no list of who is in (the room's view reads it).
        const answer = await checkInWithOthers(ctx.db, { sessionId: request.params.id, by, method, actor: 'kiosk', at: ctx.now() });
        if (answer.status === 'checked_in') {
          ctx.events.emit({ type: 'attendance_changed', sessionId: request.params.id, ...pick(answer.figures) });
        }
        reply.code(answer.status === 'checked_in' ? 201 : 200);
        return answer;
      },
    );

    // 立即开始 at the door of a group viewing opened by "play now": the room has signed in, the showing begins.
    app.post('/api/sessions/:id/start', { schema: { params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), response: { 200: SessionAnswerSchema } } }, async (request) => {
      const session = startNow(ctx.db, request.params.id, 'kiosk', ctx.now());
      if (!session) throw new ApiError(409, 'not_startable', {});
      ctx.events.emit(programStarting(session));
      return { session };
    });

    app.post('/api/attendance/:id/checkout', { schema: { params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), response: { 200: Type.Object({ attendance: AttendanceSchema }, { additionalProperties: false }) } } }, async (request) => {
      const row = checkOut(ctx.db, request.params.id, 'kiosk', ctx.now());
      return { attendance: row };
    });
  };
}

export function pick(f: { registered: number; attendedRegistered: number; rate: number | null; guests: number }) {
  return { registered: f.registered, attendedRegistered: f.attendedRegistered, rate: f.rate, guests: f.guests };
}
