// Reading what answers for the hub, which may be anyone (a wrong URL, a hostile network): a reply is read up to
// a size no real hub reply reaches, and a redirect is never followed — a signed report re-posted to wherever a
// stranger points would carry the station's records there.

/**
 * The largest reply the station reads. The hub's largest real answer is a report reply whose downlink holds
 * its maximum of 200 programs and 50 notices (about 1.3 MB of JSON at the schema's longest strings).
 */
export const MAX_REPLY_BYTES = 4 * 1024 * 1024;

/** For fetch: a redirect is a failed exchange, not a new destination. */
export const NO_REDIRECTS = { redirect: 'error' } as const satisfies RequestInit;

/** Whether fetch failed because the answer was a redirect (with NO_REDIRECTS). */
export function isRedirect(err: unknown): boolean {
  return (err as { cause?: { message?: unknown } } | null)?.cause?.message === 'unexpected redirect';
}

export class ReplyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the reply is larger than ${limit} bytes`);
    this.name = 'ReplyTooLarge';
  }
}

/** The reply's text, read no further than `limit` bytes; larger, the rest is not read and ReplyTooLarge thrown. */
export async function readReply(response: Response, limit: number = MAX_REPLY_BYTES): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw new ReplyTooLarge(limit);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > limit) {
      await reader.cancel().catch(() => undefined);
      throw new ReplyTooLarge(limit);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}
