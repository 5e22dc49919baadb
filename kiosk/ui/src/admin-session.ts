// The admin session on this screen: choose who you are, log in with your PIN, change it when it is still the default, log out.
import { api, ApiFailure, hasAdminToken, setAdminToken } from './api.ts';
import { t } from './i18n/i18n.ts';
import type { PinRefusal } from './components/pin-pad.tsx';
import { refusalText } from './i18n/refusals.ts';
import type { AdminAccount, Login, LoginChoices } from './api-types.ts';

export type { AdminAccount } from './api-types.ts';

export type AdminRole = 'administrator' | 'operator' | 'tutor';

export interface LoginResult {
  mustChangePin: boolean;
  account: AdminAccount;
}

/** The names offered at the admin entry (the active accounts). */
export async function loginAccounts(): Promise<AdminAccount[]> {
  return (await api.get<LoginChoices>('/api/admin/login/accounts')).accounts;
}

/**
 * Logs in; when refused, resolves with what the PIN pad shows: the agent's message, or — after too many
 * wrong PINs — the wait it asks for (retryAfterMs), which the pad counts down.
 */
export async function adminLogin(pin: string, accountId?: number): Promise<{ ok: LoginResult } | { error: PinRefusal }> {
  try {
    const r = await api.post<Login>('/api/admin/login', accountId === undefined ? { pin } : { pin, accountId });
    setAdminToken(r.token);
    return { ok: { mustChangePin: r.mustChangePin, account: r.account } };
  } catch (err) {
    if (err instanceof ApiFailure && err.retryAfterMs !== undefined && err.retryAfterMs > 0) {
      const waiting = err.code === 'too_many_attempts';
      return { error: { waitMs: err.retryAfterMs, message: (n) => t(waiting ? 'pin.tooMany' : 'pin.wrongWait', { n }) } };
    }
    if (err instanceof ApiFailure) return { error: refusalText(err) };
    throw err;
  }
}

export async function changePin(currentPin: string, newPin: string): Promise<string | null> {
  try {
    await api.post('/api/admin/pin', { currentPin, newPin });
    return null;
  } catch (err) {
    if (err instanceof ApiFailure) return refusalText(err);
    throw err;
  }
}

export async function adminLogout(): Promise<void> {
  if (!hasAdminToken()) return;
  try {
    await api.post('/api/admin/logout');
  } finally {
    setAdminToken(null);
  }
}

export function isAdmin(): boolean {
  return hasAdminToken();
}
