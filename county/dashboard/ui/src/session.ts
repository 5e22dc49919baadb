// Who is logged in: restored from the hub's cookie on load, set by the login, ended by logout, by a changed
// password, or by the hub answering "not logged in" (the session expired) — each with what to tell the person.
import { observable } from './observable.ts';
import { api, ApiFailure, whenSessionEnds } from './api.ts';
import { navigate } from './routing.ts';
import type { MessageKey } from './i18n/i18n.ts';
import type { LoginResult, MeAnswer, StaffUser } from './api-types.ts';

export interface LoginNotice {
  key: MessageKey;
  tone: 'info' | 'warn';
}

export type SessionState =
  | { status: 'checking' }
  | { status: 'out'; notice: LoginNotice | null }
  | { status: 'in'; user: StaffUser; mustChangePassword: boolean };

export const session = observable<SessionState>({ status: 'checking' });

whenSessionEnds(() => {
  if (session.get().status === 'in') session.set({ status: 'out', notice: { key: 'login.expired', tone: 'warn' } });
});

/**
 * A user whose password an administrator chose (a new account, a reset) must replace it before anything
 * else: the login answer and the user carry mustChangePassword, and every other staff route answers 403.
 */
function mustChange(answer: object): boolean {
  return (answer as { mustChangePassword?: unknown }).mustChangePassword === true;
}

export async function restoreSession(): Promise<void> {
  try {
    const answer = await api.get<MeAnswer>('/api/county/me');
    session.set({ status: 'in', user: answer.user, mustChangePassword: mustChange(answer) || mustChange(answer.user) });
  } catch (err) {
    const unreachable = err instanceof ApiFailure && (err.status === 0 || err.status >= 500);
    session.set({ status: 'out', notice: unreachable ? { key: 'error.network', tone: 'warn' } : null });
  }
}

/** Throws the hub's refusal (wrong password, too many tries) for the login page to explain. */
export async function logIn(username: string, password: string): Promise<void> {
  const result = await api.post<LoginResult>('/api/county/login', { username, password });
  session.set({ status: 'in', user: result.user, mustChangePassword: mustChange(result) || mustChange(result.user) });
}

export async function logOut(): Promise<void> {
  try {
    await api.post('/api/county/logout');
  } finally {
    session.set({ status: 'out', notice: { key: 'login.loggedOut', tone: 'info' } });
  }
}

/**
 * The hub ends every session of a user whose password changed: log in again with the new one — landing on
 * the overview, not back on the password page the address still names.
 */
export function passwordChanged(): void {
  navigate({ page: 'overview' }, { replace: true });
  session.set({ status: 'out', notice: { key: 'login.passwordChanged', tone: 'info' } });
}

export function isAdmin(state: SessionState): boolean {
  return state.status === 'in' && state.user.role === 'county_admin';
}
