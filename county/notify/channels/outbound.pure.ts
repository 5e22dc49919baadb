// What every notification channel is made of: the HTTP request a provider's documented API expects, built from
// the message without any I/O, and the provider's verdict on the answer. The sender (../deliver.ts) does the
// HTTP, the retries and the log; the channels only know their provider's format.

/** One HTTP request, exactly as it goes out. */
export interface OutboundRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * The provider's word on one answer. `retry` says whether the same request may succeed later (a rate limit, a
 * busy gateway); a refused key, a wrong template or a malformed number never will, and is not tried again.
 */
export type ProviderVerdict =
  | { ok: true; providerRef: string | null }
  | { ok: false; retry: boolean; code: string; detail: string };

/** An alert as a person reads it: a short text in Chinese, and the facts an SMS template fills in. */
export interface NotifyMessage {
  /** The whole text, for group robots (WeChat Work, DingTalk). */
  text: string;
  /** For SMS templates, which carry no free text: the station, what is wrong, and since when. */
  station: string;
  alert: string;
  since: string;
}

/** Parses an answer body as JSON, or null: a gateway's HTML error page is an answer too. */
export function jsonOrNull(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** HTTP statuses a later try may get past: timeouts, rate limits and a gateway's own trouble. */
export function retryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** The verdict for an answer that is not the provider's JSON at all. */
export function notJson(status: number, text: string): ProviderVerdict {
  return { ok: false, retry: retryableStatus(status), code: `http_${status}`, detail: text.slice(0, 200) };
}
