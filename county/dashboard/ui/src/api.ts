// The dashboard's HTTP client for the hub's staff API: JSON in and out, the session riding on the hub's
// HttpOnly cookie; a refusal becomes an ApiFailure carrying the hub's code and values (i18n/refusals.ts words
// them), and a session that has ended (expired, logged out elsewhere, password changed) is reported once so the
// app returns to the login.
import { t } from './i18n/i18n.ts';
import { refusalText } from './i18n/refusals.ts';
import type { RefusalBody, RefusalParams } from '../../../../protocol/refusals/refusal.pure.ts';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** The refusal's values (protocol/refusals/hub-refusals.pure.ts); {} when it carries none. */
    readonly params: RefusalParams,
    readonly retryAfterMs?: number,
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'ApiFailure';
  }
}

let sessionEnded: (() => void) | null = null;

/** Called whenever the hub says the caller is not logged in. */
export function whenSessionEnds(handler: () => void): void {
  sessionEnded = handler;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      // No content type without a body: the hub refuses an empty JSON body.
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiFailure(0, 'network', {});
  }
  const text = await res.text();
  let data: unknown;
  try {
    data = text === '' ? undefined : JSON.parse(text);
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const err = (data as Partial<RefusalBody> | undefined)?.error;
    const failure = new ApiFailure(res.status, err?.code ?? `http_${res.status}`, err?.params ?? {}, err?.retryAfterMs);
    if (res.status === 401 && failure.code === 'not_logged_in') sessionEnded?.();
    throw failure;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  del: <T>(path: string) => request<T>('DELETE', path),
};

/** What to tell the person about a failed request, in their language. */
export function failureMessage(err: unknown): string {
  if (err instanceof ApiFailure) {
    if (err.status === 0) return t('error.network');
    // No answer from the hub at all (a proxy's error page): the status is all there is to say.
    if (err.code === `http_${err.status}`) return t('error.server', { status: err.status });
    return refusalText(err);
  }
  return t('error.load');
}

/** A query string from the values given (undefined ones left out). */
export function query(params: Record<string, string | number | undefined>): string {
  const pairs = Object.entries(params).filter((p): p is [string, string | number] => p[1] !== undefined);
  return pairs.length === 0 ? '' : `?${new URLSearchParams(pairs.map(([k, v]) => [k, String(v)])).toString()}`;
}
