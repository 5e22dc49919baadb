// A forgotten admin PIN reset with the county's one-time code, from the kiosk's PIN pad (no admin session:
// the code is the credential). agent/admin/reset-code.ts does the work.
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AgentContext } from '../../agent-context.ts';
import { ApiError } from '../api-error.ts';
import { PinResetCodes, PinResetError } from '../../admin/reset-code.ts';
import { AcceptedCodeSchema, PinResetDoneSchema } from '../schemas/roster-schemas.pure.ts';

const STATUS: Record<string, number> = {
  not_enrolled: 409,
  malformed_code: 400,
  wrong_code: 401,
  code_expired: 410,
  code_used: 409,
  code_withdrawn: 409,
  too_many_attempts: 429,
  bad_new_pin: 400,
};

const Code = Type.String({ minLength: 1, maxLength: 32 });
const Pin = Type.String({ minLength: 1, maxLength: 16 });

function asApiError(err: unknown): unknown {
  if (err instanceof PinResetError) return new ApiError<string>(STATUS[err.code] ?? 400, err.code, err.params, err.retryAfterMs);
  return err;
}

export function pinResetRoutes(ctx: AgentContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const codes = new PinResetCodes(ctx.db, ctx.auth);

    /** The code (and the new PIN, when given) checked before the person goes on; the code stays unused. */
    app.post(
      '/api/admin/pin-reset/check',
      { schema: { body: Type.Object({ code: Code, newPin: Type.Optional(Pin) }, { additionalProperties: false }), response: { 200: AcceptedCodeSchema } } },
      async (request) => {
        try {
          return codes.check(request.body.code, ctx.now(), request.body.newPin);
        } catch (err) {
          throw asApiError(err);
        }
      },
    );

    app.post(
      '/api/admin/pin-reset',
      { schema: { body: Type.Object({ code: Code, newPin: Pin }, { additionalProperties: false }), response: { 200: PinResetDoneSchema } } },
      async (request) => {
        try {
          return { ok: true as const, ...codes.reset(request.body.code, request.body.newPin, ctx.now()) };
        } catch (err) {
          throw asApiError(err);
        }
      },
    );
  };
}
