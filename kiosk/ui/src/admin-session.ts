// The admin session on this screen: log in with the PIN, change it when it is still the default, log out.
import { api, ApiFailure, hasAdminToken, setAdminToken } from './api.ts';
import { currentLocale, t } from './i18n/i18n.ts';
import type { PinRefusal } from './components/pin-pad.tsx';

export interface LoginResult {
  mustChangePin: boolean;
}

/**
 * Logs in; when refused, resolves with what the PIN pad shows: the agent's message, or — after too many
 * wrong PINs — the wait it asks for (retryAfterMs), which the pad counts down.
 */
export async function adminLogin(pin: string): Promise<{ ok: LoginResult } | { error: PinRefusal }> {
  try {
    const r = await api.post<{ token: string; mustChangePin: boolean }>('/api/admin/login', { pin });
    setAdminToken(r.token);
    return { ok: { mustChangePin: r.mustChangePin } };
  } catch (err) {
    if (err instanceof ApiFailure && err.retryAfterMs !== undefined && err.retryAfterMs > 0) {
      const waiting = err.code === 'too_many_attempts';
      return { error: { waitMs: err.retryAfterMs, message: (n) => t(waiting ? 'pin.tooMany' : 'pin.wrongWait', { n }) } };
    }
    if (err instanceof ApiFailure) return { error: localMessage(err.message, currentLocale()) };
    throw err;
  }
}

export async function changePin(currentPin: string, newPin: string): Promise<string | null> {
  try {
    await api.post('/api/admin/pin', { currentPin, newPin });
    return null;
  } catch (err) {
    if (err instanceof ApiFailure) return localMessage(err.message, currentLocale());
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

/** Shows the Chinese half of an agent message when the screen speaks Chinese, the English half otherwise. */
export function localMessage(message: string, locale: 'zh-CN' | 'en'): string {
  const [zh, en] = message.split(' / ');
  return locale === 'en' && en ? en : zh!;
}
