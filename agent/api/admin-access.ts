// Admin mode's door and its rooms: a session opened with an account's PIN, and the account's role deciding
// which admin requests it may make. Every admin action is logged under the person's name (actorOf).
import type { FastifyRequest } from 'fastify';
import type { AgentContext } from '../agent-context.ts';
import type { Account } from '../admin/account-store.ts';
import { may, notPermitted, type Permission } from '../admin/roles.pure.ts';
import { ApiError } from './api-error.ts';
import { bearerToken } from './server.ts';

const accountOfRequest = new WeakMap<FastifyRequest, Account>();

/**
 * Runs on request, before the body is parsed or validated: an anonymous caller learns nothing and uploads
 * nothing, and a role without the permission is refused (403) before anything is read. Without a permission,
 * any logged-in account passes (what every role may do: view the records).
 */
export function adminGuard(
  ctx: AgentContext,
  permission: Permission | ((request: FastifyRequest) => Permission) = 'records',
  readPermission?: Permission,
) {
  return async (request: FastifyRequest): Promise<void> => {
    const account = ctx.auth.authorize(bearerToken(request), ctx.now());
    // A folder of routes may let more roles read (GET) than change: a tutor sees the programs, only operators edit them.
    const reading = request.method === 'GET' || request.method === 'HEAD';
    const needed = typeof permission === 'function' ? permission(request) : reading && readPermission ? readPermission : permission;
    if (!may(account.role, needed)) throw new ApiError(403, 'not_permitted', notPermitted(account.role, needed));
    accountOfRequest.set(request, account);
  };
}

/** The account whose session made this admin request (its guard ran first). */
export function accountOf(request: FastifyRequest): Account {
  const account = accountOfRequest.get(request);
  if (!account) throw new Error('admin request without its guard');
  return account;
}

/** Whom the station log names for this admin request: the person's account name. */
export function actorOf(request: FastifyRequest): string {
  return accountOf(request).name;
}
