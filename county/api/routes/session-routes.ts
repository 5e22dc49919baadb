// Staff login, logout, who am I, and changing one's own password — the only routes open to a user who must
// first replace a password an administrator chose (the login answer says so: mustChangePassword).
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { HubContext } from '../../hub-context.ts';
import { SESSION_TTL_MS } from '../../auth/staff-auth.ts';
import { READERS, clearSessionCookie, sessionToken, setSessionCookie, staffGuard, staffOf } from '../staff-guard.ts';
import { HubError } from '../../hub-error.ts';
import { OkSchema } from '../../../common/schema-kit.pure.ts';
import { LoginResultSchema, MeSchema } from '../schemas/staff-schemas.pure.ts';

/**
 * A guess refused for too many tries is answered after a pause of up to TARPIT_MS (never longer than the wait it
 * announces): a flood that ignores Retry-After then gets a try a second per connection instead of thousands, and
 * the hub's event loop stays free for the stations' reports. At most TARPIT_MAX answers are held at once; past
 * that they are answered at once, so held sockets cannot pile up.
 */
const TARPIT_MS = 1_000;
const TARPIT_MAX = 256;
let tarpitted = 0;

async function tarpit(err: unknown): Promise<void> {
  if (!(err instanceof HubError) || err.code !== 'too_many_attempts' || tarpitted >= TARPIT_MAX) return;
  tarpitted += 1;
  try {
    await new Promise((resolve) => setTimeout(resolve, Math.min(TARPIT_MS, err.retryAfterMs ?? TARPIT_MS)));
  } finally {
    tarpitted -= 1;
  }
}

export function sessionRoutes(ctx: HubContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/county/login',
      {
        schema: {
          body: Type.Object(
            { username: Type.String({ minLength: 1, maxLength: 40 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
            { additionalProperties: false },
          ),
          response: { 200: LoginResultSchema },
        },
      },
      async (request, reply) => {
        try {
          const result = await ctx.auth.login(request.body.username, request.body.password, ctx.now(), request.ip);
          setSessionCookie(request, reply, result.token, SESSION_TTL_MS);
          return result;
        } catch (err) {
          await tarpit(err);
          throw err;
        }
      },
    );

    app.post('/api/county/logout', { schema: { response: { 200: OkSchema } } }, async (request, reply) => {
      await ctx.auth.logout(sessionToken(request));
      clearSessionCookie(reply);
      return { ok: true as const };
    });

    await app.register(async (plain) => {
      const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
      scope.addHook('onRequest', staffGuard(ctx, READERS, { beforePasswordChange: true }));
      scope.get('/api/county/me', { schema: { response: { 200: MeSchema } } }, async (request) => ({ user: staffOf(request) }));
      scope.put(
        '/api/county/me/password',
        {
          schema: {
            body: Type.Object(
              { currentPassword: Type.String({ minLength: 1, maxLength: 200 }), newPassword: Type.String({ minLength: 1, maxLength: 200 }) },
              { additionalProperties: false },
            ),
            response: { 200: OkSchema },
          },
        },
        async (request) => {
          await ctx.auth.changeOwnPassword(staffOf(request), request.body.currentPassword, request.body.newPassword, ctx.now(), request.ip);
          return { ok: true as const };
        },
      );
    });
  };
}
