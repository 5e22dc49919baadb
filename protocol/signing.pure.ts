// The signing envelope: HMAC-SHA256 over the timestamp and the raw body, the headers that carry it, the
// hub's signature on its reply, and the clock arithmetic both sides share (README.md, "Reports").
import { createHmac, timingSafeEqual } from 'node:crypto';
import { HEADER_SIGNATURE, HEADER_STATION, HEADER_TIMESTAMP, SIGNATURE_WINDOW_MS } from './wire.pure.ts';

/** hex HMAC-SHA256 over `${timestamp}.${rawBody}`; the same for requests (agent) and replies (hub). */
export function sign(secret: string, timestamp: number | string, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}

/** Constant-time check of a signature; false for anything that is not 64 hex digits. */
export function verifySignature(secret: string, timestamp: number | string, rawBody: string, signature: string | undefined): boolean {
  if (signature === undefined || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  const expected = Buffer.from(sign(secret, timestamp, rawBody), 'hex');
  return timingSafeEqual(expected, Buffer.from(signature.toLowerCase(), 'hex'));
}

/**
 * The hub's signature on a reply: over its own timestamp, the request's signature and the reply body, so a
 * reply proves it came from the station's hub and answers this very request (an old reply replayed by
 * someone on the path does not verify).
 */
export function signReply(secret: string, timestamp: number | string, requestSignature: string, rawBody: string): string {
  return sign(secret, `${timestamp}.${requestSignature}`, rawBody);
}

export function verifyReply(secret: string, timestamp: string | undefined, requestSignature: string, rawBody: string, signature: string | undefined): boolean {
  if (timestamp === undefined || parseTimestamp(timestamp) === null) return false;
  return verifySignature(secret, `${timestamp}.${requestSignature}`, rawBody, signature);
}

export function signedHeaders(stationId: string, secret: string, timestamp: number, rawBody: string): Record<string, string> {
  return {
    [HEADER_STATION]: stationId,
    [HEADER_TIMESTAMP]: String(timestamp),
    [HEADER_SIGNATURE]: sign(secret, timestamp, rawBody),
  };
}

/** A timestamp header as epoch ms, or null when it is not a plain whole number. */
export function parseTimestamp(header: string | undefined): number | null {
  if (header === undefined || !/^\d{1,16}$/.test(header)) return null;
  return Number(header);
}

export function withinWindow(timestamp: number, hubNow: number, windowMs: number = SIGNATURE_WINDOW_MS): boolean {
  return Math.abs(hubNow - timestamp) <= windowMs;
}

/**
 * The station clock's offset from the hub, measured over one exchange: the hub's time against the
 * midpoint of sending and receiving, so the network's delay does not count as skew.
 */
export function measureSkew(sentAt: number, receivedAt: number, hubTime: number): number {
  return Math.round(hubTime - (sentAt + receivedAt) / 2);
}
