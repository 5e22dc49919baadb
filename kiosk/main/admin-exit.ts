// Asks the agent whether an admin exit is allowed: the shell keeps no PIN of its own, the agent decides.
import type { AdminCredential, ExitVerdict } from './shell-api.pure.ts';
import type { RefusalBody, RefusalCatalogue, RefusalParams } from '../../protocol/refusals/refusal.pure.ts';
import type { StationRefusals } from '../../protocol/refusals/station-refusals.pure.ts';

type Fetch = typeof fetch;

const TIMEOUT_MS = 5_000;

/** A wait as the shell's pages say it, in each language. */
const waitZh = (s: number) => (s <= 60 ? `${s} 秒` : `${Math.ceil(s / 60)} 分钟`);
const waitEn = (s: number) => (s <= 60 ? `${s} s` : `${Math.ceil(s / 60)} min`);

/**
 * The shell's words for the agent's refusals an exit can meet (the kiosk's screen has its own catalogue,
 * kiosk/ui/src/i18n/refusals.ts; the shell's pages are bilingual and say only these).
 */
const REFUSALS: Partial<RefusalCatalogue<StationRefusals>> = {
  wrong_pin: ({ triesLeft, waitSeconds }) =>
    waitSeconds > 0
      ? `PIN 错误，请 ${waitZh(waitSeconds)}后再试 / wrong PIN; try again in ${waitEn(waitSeconds)}`
      : `PIN 错误，还可立即重试 ${triesLeft} 次 / wrong PIN; ${triesLeft} more tries without waiting`,
  too_many_attempts: ({ waitSeconds }) => `PIN 错误次数过多，请 ${waitZh(waitSeconds)}后再试 / too many wrong PINs; try again in ${waitEn(waitSeconds)}`,
  not_logged_in: () => '请先输入管理 PIN / admin login required',
  pin_change_required: () => '请先在管理模式中修改默认 PIN / change the default PIN in admin mode first',
  no_account: () => '没有这个账户或已停用 / no such active account',
};

async function agentMessage(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as Partial<RefusalBody>;
    const error = body.error;
    if (error !== undefined) {
      if (typeof error.message === 'string') return error.message;
      const say = Object.hasOwn(REFUSALS, error.code) ? (REFUSALS as unknown as Record<string, (p: RefusalParams) => string>)[error.code] : undefined;
      if (say !== undefined) {
        try {
          return say(error.params ?? {});
        } catch {
          // Values of another shape (an agent of another release): named by its code below.
        }
      }
      return `站点服务拒绝（${error.code}）/ refused by the station service (${error.code})`;
    }
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
