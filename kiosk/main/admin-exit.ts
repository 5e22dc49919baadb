// Asks the agent whether an admin exit is allowed: the shell keeps no PIN of its own, the agent decides.
import type { AdminCredential, ExitVerdict } from './shell-api.pure.ts';

type Fetch = typeof fetch;

const TIMEOUT_MS = 5_000;

async function agentMessage(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { message?: unknown } };
    if (typeof body.error?.message === 'string') return body.error.message;
  } catch {
    // Not JSON: fall through to the status line.
  }
  return `站点服务拒绝（HTTP ${res.status}）/ refused by the station service`;
}

const UNREACHABLE: ExitVerdict = {
  ok: false,
  message: '站点服务未响应，无法核对 PIN；请稍后再试 / the station service does not answer, the PIN cannot be checked',
};

const PIN_MUST_CHANGE: ExitVerdict = {
  ok: false,
  message: '请先在管理模式中修改默认 PIN / change the default PIN in admin mode first',
};

/**
 * A token is checked by asking for an admin-only resource with it (GET /api/admin/settings): the
 * agent answers 200 only for a live admin session whose default PIN has been changed.
 * A PIN is checked by logging in (so wrong PINs count towards the agent's growing delays, and the login is
 * written to the station log), then logging straight out again so no admin session is left open.
 * The default PIN is not enough to leave the kiosk: whoever installs the station must change it first.
 */
export async function verifyAdminExit(agentOrigin: string, credential: AdminCredential, fetchImpl: Fetch = fetch): Promise<ExitVerdict> {
  const url = (p: string) => new URL(p, agentOrigin).toString();
  const signal = () => AbortSignal.timeout(TIMEOUT_MS);
  try {
    if ('token' in credential) {
      const res = await fetchImpl(url('/api/admin/settings'), { headers: { authorization: `Bearer ${credential.token}` }, signal: signal() });
      if (res.ok) return { ok: true };
      return { ok: false, message: await agentMessage(res) };
    }
    const res = await fetchImpl(url('/api/admin/login'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pin: credential.pin }),
      signal: signal(),
    });
    if (!res.ok) return { ok: false, message: await agentMessage(res) };
    const login = (await res.json()) as { token: string; mustChangePin: boolean };
    await fetchImpl(url('/api/admin/logout'), { method: 'POST', headers: { authorization: `Bearer ${login.token}` }, signal: signal() }).catch(() => undefined);
    return login.mustChangePin ? PIN_MUST_CHANGE : { ok: true };
  } catch {
    return UNREACHABLE;
  }
}
