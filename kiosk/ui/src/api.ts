// The kiosk's HTTP client for the agent: JSON in and out, refusals as ApiFailure with the agent's code and values
// (the screen words them: i18n/refusals.ts).
import { HttpRefusal, type RefusalBody } from '../../../common/coded-error.pure.ts';

/** The agent's refusal as the screen receives it: the same family as the agent's own (common/coded-error.pure.ts). */
export class ApiFailure extends HttpRefusal {
  override name = 'ApiFailure';
}

let adminToken: string | null = null;

export function setAdminToken(token: string | null): void {
  adminToken = token;
}

export function hasAdminToken(): boolean {
  return adminToken !== null;
}

async function request<T>(method: string, path: string, body?: unknown, raw?: { bytes: ArrayBuffer; type: string }): Promise<T> {
  const headers: Record<string, string> = {};
  if (adminToken) headers.authorization = `Bearer ${adminToken}`;
  let payload: BodyInit | undefined;
  if (raw) {
    headers['content-type'] = raw.type;
    payload = raw.bytes;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: payload });
  } catch {
    throw new ApiFailure(0, 'agent_unreachable', {});
  }
  const text = await res.text();
  const data = text === '' ? undefined : (JSON.parse(text) as unknown);
  if (!res.ok) {
    const err = (data as Partial<RefusalBody> | undefined)?.error;
    // Every refusal of the agent is a code with values (its release is the screen's): the screen words it.
    throw new ApiFailure(res.status, err?.code ?? 'http_' + res.status, err?.params ?? {}, err?.retryAfterMs);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  del: <T>(path: string) => request<T>('DELETE', path),
  upload: <T>(path: string, bytes: ArrayBuffer, type: string) => request<T>('POST', path, undefined, { bytes, type }),
};
