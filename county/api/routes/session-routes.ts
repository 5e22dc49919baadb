// Staff login, logout, who am I, and changing one's own password — the only routes open to a user who must
// first replace a password an administrator chose (the login answer says so: mustChangePassword).
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { HubContext } from '../../hub-context.ts';
import { SESSION_TTL_MS } from '../../auth/staff-auth.ts';
import { clearSessionCookie, sessionToken, setSessionCookie, staffGuard, staffOf } from '../staff-guard.ts';

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
        },
      },
      async (request, reply) => {
        const result = await ctx.auth.login(request.body.username, request.body.password, ctx.now(), request.ip);
        setSessionCookie(request, reply, result.token, SESSION_TTL_MS);
        return result;
      },
    );

    app.post('/api/county/logout', async (request, reply) => {
      ctx.auth.logout(sessionToken(request));
      clearSessionCookie(reply);
      return { ok: true };
    });

    await app.register(async (plain) => {
      const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
      scope.addHook('onRequest', staffGuard(ctx, undefined, { beforePasswordChange: true }));
      scope.get('/api/county/me', async (request) => ({ user: staffOf(request) }));
      scope.put(
        '/api/county/me/password',
        {
          schema: {
            body: Type.Object(
              { currentPassword: Type.String({ minLength: 1, maxLength: 200 }), newPassword: Type.String({ minLength: 1, maxLength: 200 }) },
              { additionalProperties: false },
            ),
          },
        },
        async (request) => {
          await ctx.auth.changeOwnPassword(staffOf(request), request.body.currentPassword, request.body.newPassword, ctx.now(), request.ip);
          return { ok: true };
        },
      );
    });
  };
}
