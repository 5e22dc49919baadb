// Sends one notification over HTTP with ky (a small, maintained fetch client): each try is built afresh, so a
// signed request carries a new timestamp and nonce; a provider's "try later" (a rate limit in a 200 answer's body,
// a 5xx, a timeout, a refused connection) is tried again with a growing delay, up to the limit; its "never" (a bad
// key, a removed robot) stops at once. Every try is kept for the delivery log. Answers are read up to a cap: the
// far end is treated as hostile.
import ky, { type KyResponse } from 'ky';
import type { OutboundRequest, ProviderVerdict } from './channels/outbound.pure.ts';

/** Far above any provider's answer (a few hundred bytes). */
const MAX_ANSWER_BYTES = 64 * 1024;

export interface DeliveryTry {
  at: number;
  /** The HTTP status, or null when no answer came (refused, reset, timed out). */
  status: number | null;
  ok: boolean;
  code: string;
  detail: string;
}

export interface Delivery {
  ok: boolean;
  providerRef: string | null;
  tries: DeliveryTry[];
}

export interface DeliverOptions {
  /** Tries after the first. */
  retries?: number;
  timeoutMs?: number;
  now?: () => number;
  /** The wait before retry n (1, 2, …). */
  delayMs?: (retry: number) => number;
}

export const DEFAULT_RETRIES = 3;
const DEFAULT_TIMEOUT_MS = 10_000;
const defaultDelay = (retry: number) => Math.min(30_000, 1_000 * 2 ** (retry - 1));

function toRequest(r: OutboundRequest): Request {
  return new Request(r.url, { method: r.method, headers: r.headers, ...(r.body === undefined ? {} : { body: r.body }) });
}

async function readCapped(response: KyResponse): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      // Not awaited: ky hands hooks a tee'd clone, whose cancel settles only when the other branch is cancelled too.
      void reader.cancel().catch(() => undefined);
      break;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function deliver(
  build: (nowMs: number) => OutboundRequest,
  verdictOf: (status: number, text: string) => ProviderVerdict,
  options: DeliverOptions = {},
): Promise<Delivery> {
  const now = options.now ?? Date.now;
  const tries: DeliveryTry[] = [];
  let providerRef: string | null = null;
  let delivered = false;
  try {
    await ky(toRequest(build(now())), {
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      throwHttpErrors: false,
      retry: {
        limit: options.retries ?? DEFAULT_RETRIES,
        methods: ['get', 'post'],
        retryOnTimeout: true,
        delay: options.delayMs ?? defaultDelay,
      },
      hooks: {
        afterResponse: [
          async (_request, _options, response) => {
            const verdict = verdictOf(response.status, await readCapped(response));
            tries.push(verdict.ok
              ? { at: now(), status: response.status, ok: true, code: 'ok', detail: '' }
              : { at: now(), status: response.status, ok: false, code: verdict.code, detail: verdict.detail });
            if (verdict.ok) {
              delivered = true;
              providerRef = verdict.providerRef;
            } else if (verdict.retry) {
              return ky.retry();
            }
            return undefined;
          },
        ],
        beforeRetry: [
          ({ error }) => {
            // A forced retry was logged with its answer; a failed exchange has none.
            if (error.name !== 'ForceRetryError') tries.push({ at: now(), status: null, ok: false, code: exchangeCode(error), detail: error.message });
            return toRequest(build(now()));
          },
        ],
      },
    });
  } catch (error) {
    // The last try's answer said "later" (already logged), or the last exchange failed.
    if (!(error instanceof Error && error.name === 'ForceRetryError')) {
      tries.push({ at: now(), status: null, ok: false, code: exchangeCode(error), detail: error instanceof Error ? error.message : String(error) });
    }
  }
  return { ok: delivered, providerRef, tries };
}

function exchangeCode(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'timeout';
  return 'unreachable';
}
