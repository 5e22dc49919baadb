// Who is calling the staff API: a session token as a bearer header (scripts) or an HttpOnly cookie (the
// dashboard in a browser), checked before the body is read; whether the user must first replace a password
// an administrator chose; and which role a route needs.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HubContext } from '../hub-context.ts';
import { requirePasswordChanged, requireRole } from '../auth/staff-auth.ts';
import type { StaffRole, StaffUser } from '../store/staff-store.ts';
import { HubError } from '../hub-error.ts';

export const SESSION_COOKIE = 'yj_county_session';

/** Who may read the figures: the default staff roles and a 党建指导员, whose reads are cut to their own stations. */
export const READERS: readonly StaffRole[] = ['county_admin', 'viewer', 'instructor'];

const users = new WeakMap<FastifyRequest, StaffUser>();

export function sessionToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7);
  const cookies = request.headers.cookie ?? '';
  for (const part of cookies.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * An onRequest hook: a logged-in user with one of the roles, or 401/403 before anything is parsed. A user who
 * must change their password gets 403 password_change_required everywhere but where `beforePasswordChange`
 * lets them in (who am I, and changing the password; logging out needs no session at all).
 */
export function staffGuard(ctx: HubContext, roles: readonly StaffRole[] = ['county_admin', 'viewer'], options: { beforePasswordChange?: boolean } = {}) {
  return async (request: FastifyRequest): Promise<void> => {
    const user = await ctx.auth.authenticate(sessionToken(request), ctx.now());
    if (options.beforePasswordChange !== true) requirePasswordChanged(user);
    requireRole(user, roles);
    users.set(request, user);
  };
}

export function staffOf(request: FastifyRequest): StaffUser {
  const user = users.get(request);
  if (!user) throw new HubError(401, 'not_logged_in', {});
  return user;
}

/** The session cookie: HttpOnly (page scripts cannot read it) and SameSite=Strict (no cross-site requests). */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeMs: number): void {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  reply.header('set-cookie', `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(maxAgeMs / 1000)}${secure}`);
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
}
