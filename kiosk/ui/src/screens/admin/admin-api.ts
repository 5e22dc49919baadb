// The admin screens' calls to the agent, sending the screen back to the PIN pad when the session expired.
// (Expired: 15 minutes idle, or the agent restarted and forgot its sessions.)
import { api, ApiFailure } from '../../api.ts';
import { refusalText } from '../../i18n/refusals.ts';

let onExpired: (() => void) | null = null;

/** AdminScreen registers what to do when the agent no longer knows this session. */
export function setSessionExpiredHandler(handler: (() => void) | null): void {
  onExpired = handler;
}

async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof ApiFailure && err.status === 401 && err.code === 'not_logged_in') onExpired?.();
    throw err;
  }
}

export const adminApi = {
  get: <T>(path: string) => guarded(() => api.get<T>(path)),
  post: <T>(path: string, body?: unknown) => guarded(() => api.post<T>(path, body)),
  put: <T>(path: string, body: unknown) => guarded(() => api.put<T>(path, body)),
  del: <T>(path: string) => guarded(() => api.del<T>(path)),
  upload: <T>(path: string, bytes: ArrayBuffer, type: string) => guarded(() => api.upload<T>(path, bytes, type)),
};

/** What to show for a failed call: the agent's refusal in the screen's language (i18n/refusals.ts). */
export function failureText(err: unknown): string {
  if (err instanceof ApiFailure) return refusalText(err);
  return err instanceof Error ? err.message : String(err);
}

export function isExpired(err: unknown): boolean {
  return err instanceof ApiFailure && err.status === 401 && err.code === 'not_logged_in';
}
