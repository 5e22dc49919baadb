// A station past its forced PIN change, as an administrator leaves it on the first day: the default PIN
// replaced through the agent's own API.
import { DEFAULT_ADMIN_PIN } from '../../agent/admin/admin-auth.ts';

/** Logs in with the default PIN and sets `newPin`; `agentUrl` ends with '/'. Returns the session's token. */
export async function replaceDefaultPin(agentUrl: string, newPin: string): Promise<string> {
  const login = await fetch(`${agentUrl}api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pin: DEFAULT_ADMIN_PIN }) });
  if (login.status !== 200) throw new Error(`login with the default PIN refused: ${login.status}`);
  const { token } = (await login.json()) as { token: string };
  const changed = await fetch(`${agentUrl}api/admin/pin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ currentPin: DEFAULT_ADMIN_PIN, newPin }),
  });
  if (changed.status !== 200) throw new Error(`the PIN change was refused: ${changed.status} ${await changed.text()}`);
  return token;
}
