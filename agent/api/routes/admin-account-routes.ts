// The 账户 section (administrator only), who is logged in (every role), and a group viewing's tutor: chosen at
// the door by whoever stands there, or in admin mode by a role that may start a viewing.
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AgentContext } from '../../agent-context.ts';
import { AccountStore } from '../../admin/account-store.ts';
import { addAccount, editAccount } from '../../admin/account-admin.ts';
import { permissionsOf, ROLES } from '../../admin/roles.pure.ts';
import { chooseTutor, tutorChoices } from '../../sessions/session-tutor.ts';
import { accountOf, actorOf, adminGuard } from '../admin-access.ts';
import { bearerToken } from '../server.ts';
import { ApiError } from '../api-error.ts';
import { MeSchema, OneTimePinSchema } from '../schemas/roster-schemas.pure.ts';
import { AccountAnswerSchema, AccountsSchema, NewAccountSchema, SessionAnswerSchema, TutorsSchema } from '../schemas/admin-schemas.pure.ts';

const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
const Name = Type.String({ minLength: 1, maxLength: 20, pattern: '\\S' });
const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Confirm = Type.Object({ confirm: Type.Boolean({ default: false }) }, { additionalProperties: false });
const TutorBody = Type.Object({ accountId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

export function adminAccountRoutes(ctx: AgentContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Who this session is and what the role may do; allowed before a one-time PIN is changed, so the kiosk
    // can greet the person by name on the PIN change.
    app.get('/api/admin/me', { schema: { response: { 200: MeSchema } } }, async (request) => {
      const account = ctx.auth.authorize(bearerToken(request), ctx.now(), { allowPinChangeOnly: true });
      return { account: { id: account.id, name: account.name, role: account.role, mustChange: account.mustChange }, permissions: permissionsOf(account.role) };
    });

    // The check-in screen's choice of tutor: names only.
    app.get('/api/tutors', { schema: { response: { 200: TutorsSchema } } }, async () => ({ tutors: tutorChoices(ctx.db) }));

    app.post('/api/sessions/:id/tutor', { schema: { params: Id, body: TutorBody, response: { 200: SessionAnswerSchema } } }, async (request) => {
      const session = chooseTutor(ctx.db, request.params.id, request.body.accountId, 'kiosk', ctx.now());
      ctx.events.emit({ type: 'data_changed' });
      return { session };
    });

    await app.register(async (scope) => {
      const viewing = scope.withTypeProvider<TypeBoxTypeProvider>();
      viewing.addHook('onRequest', adminGuard(ctx, 'viewing'));
      // The administrator may also set the tutor of a viewing already over (its month issued: with ?confirm=true).
      viewing.post('/api/admin/sessions/:id/tutor', { schema: { params: Id, body: TutorBody, querystring: Confirm, response: { 200: SessionAnswerSchema } } }, async (request) => {
        const afterEnd = accountOf(request).role === 'administrator' ? { confirm: request.query.confirm } : undefined;
        const session = chooseTutor(ctx.db, request.params.id, request.body.accountId, actorOf(request), ctx.now(), { afterEnd });
        ctx.events.emit({ type: 'data_changed' });
        return { session };
      });
    });

    await app.register(async (scope) => {
      const admin = scope.withTypeProvider<TypeBoxTypeProvider>();
      admin.addHook('onRequest', adminGuard(ctx, 'accounts'));

      admin.get('/api/admin/accounts', { schema: { response: { 200: AccountsSchema } } }, async () => ({ accounts: new AccountStore(ctx.db).list() }));

      admin.post(
        '/api/admin/accounts',
        { schema: { body: Type.Object({ name: Name, role: RoleSchema }, { additionalProperties: false }), response: { 201: NewAccountSchema } } },
        async (request, reply) => {
          const added = addAccount(ctx.db, request.body, actorOf(request), ctx.now());
          reply.code(201);
          return added;
        },
      );

      admin.put(
        '/api/admin/accounts/:id',
        {
          schema: {
            params: Id,
            body: Type.Object({ name: Type.Optional(Name), role: Type.Optional(RoleSchema), active: Type.Optional(Type.Boolean()) }, { additionalProperties: false, minProperties: 1 }),
            response: { 200: AccountAnswerSchema },
          },
        },
        async (request) => ({ account: editAccount(ctx.db, request.params.id, request.body, actorOf(request), ctx.now()) }),
      );

      // A one-time PIN for someone who forgot his; his open sessions end. One's own PIN is changed with the old one.
      admin.post('/api/admin/accounts/:id/pin', { schema: { params: Id, response: { 200: OneTimePinSchema } } }, async (request) => {
        const target = new AccountStore(ctx.db).get(request.params.id);
        if (!target) throw new ApiError(404, 'account_not_found', { accountId: request.params.id });
        if (target.id === accountOf(request).id) throw new ApiError(409, 'own_account', {});
        return ctx.auth.resetPin(ctx.now(), target.name, actorOf(request));
      });
    });
  };
}
