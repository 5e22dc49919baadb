// The uplink's wire side: drains the outbox to the hub in order, in signed batches, and reads each reply —
// acknowledgements, the hub's time (the clock skew) and the county's downlink.
//
// Rules it keeps:
// - One batch in flight at a time, oldest first, so the hub receives events in the order they happened.
// - Only ids the hub lists in `stored` are marked delivered; anything else is sent again next time.
// - Clock skew (hubTime − midpoint of the exchange) is recorded from every reply the hub signed, refusals
//   included; an unsigned number could be anyone's. A stale_timestamp refusal is retried once at once with
//   the corrected clock.
// - Events the hub says it will never accept (a 400 naming them in `rejected`) are set aside with a
//   station-log line, so one bad record cannot block everything behind it for ever — but only on a refusal
//   the hub signed: an unsigned one could come from anyone who answers for the hub's address (a wrong URL,
//   plain HTTP), and the records stay queued. One event too large for any report (MAX_REPORT_BYTES) is set
//   aside by the station itself, before it is sent; a 413 only halves the batch.
import type { Db } from '../store/database.ts';
import { markDelivered, pendingOutbox, type OutboxEvent } from '../outbox/outbox-store.ts';
import { readSetting, writeSetting } from '../settings/settings-store.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { measureSkew, signedHeaders, verifyReply } from '../../protocol/signing.pure.ts';
import { HEADER_SIGNATURE, HEADER_TIMESTAMP, MAX_REPORT_BYTES, REPORTS_PATH, ReportReplySchema, type RejectedEvent, type ReportReply } from '../../protocol/wire.pure.ts';
import { applyDownlink, type DownlinkResult } from './downlink.ts';
import { checkHubUrl, InsecureHubUrlError } from './hub-address.ts';
import { HubTransportError, hubRequest, type HubAnswer } from './hub-transport.ts';
import { HUB_SKEW_SETTING, LAST_CONTACT_SETTING, readUplinkConfig, type UplinkConfig } from './uplink-settings.ts';
import { hubRefusalText, rejectedEventText, stationFacingTexts } from '../../protocol/refusals/station-facing-texts.pure.ts';
import type { Bilingual } from '../../protocol/refusals/bilingual.pure.ts';
import type { RefusalParams } from '../../protocol/refusals/refusal.pure.ts';

// Compiled with the first reply (typebox's compiler loaded then), not while the agent starts.
const compileReplyCheck = async () => (await import('typebox/compile')).Compile(ReportReplySchema);
let replyCheck: ReturnType<typeof compileReplyCheck> | undefined;
const checkReply = () => (replyCheck ??= compileReplyCheck());

export interface DrainOptions {
  batchSize: number;
  maxBatchBytes: number;
  requestTimeoutMs: number;
}

/** local_error: this station's own trouble (the database busy, a bug); retried like an outage. */
export type UplinkFailureCode = 'not_enrolled' | 'insecure_hub_url' | 'unreachable' | 'hub_error' | 'refused' | 'bad_reply' | 'local_error';

export interface UplinkFailure {
  code: UplinkFailureCode;
  /** HTTP status when the hub answered. */
  status: number | null;
  /** The hub's own refusal code (bad_signature, unknown_station …) when it gave one. */
  hubCode: string | null;
  message: string;
  /** The hub's refusal in this agent's own words, both languages, when it knows the code (the alert shows each half). */
  hubWords?: Bilingual;
  /** How long the hub asked the station to wait (a signed 429: over its day's budget, or busy); never an unsigned one. */
  retryAfterMs?: number;
}

export interface DrainResult {
  delivered: number;
  setAside: number;
  exchanges: number;
  /** What the last applied downlink changed, if one was applied. */
  downlink: DownlinkResult | null;
  failure: UplinkFailure | null;
}

type Exchange =
  | { kind: 'ok'; reply: ReportReply; skewMs: number }
  | { kind: 'refused'; status: number; hubCode: string; message: string; hubWords: Bilingual | null; rejected: Refused[]; skewMs: number | null; signed: boolean }
  | { kind: 'failed'; failure: UplinkFailure };

export async function drainOutbox(
  db: Db,
  deps: { now: () => number; options: DrainOptions; signal?: AbortSignal; onDownlink?: (result: DownlinkResult) => void },
): Promise<DrainResult> {
  const { now, options } = deps;
  const result: DrainResult = { delivered: 0, setAside: 0, exchanges: 0, downlink: null, failure: null };
  let maxBytes = options.maxBatchBytes;
  let skewRetried = false;
  for (;;) {
    const config = readUplinkConfig(db);
    if (!config) {
      result.failure = { code: 'not_enrolled', status: null, hubCode: null, message: '本站点尚未加入县级管理平台 / not enrolled' };
      return result;
    }
    // An address stored before this rule (or written into the database by hand) gets no records in clear either.
    const insecure = insecureAddress(config);
    if (insecure) {
      result.failure = { code: 'insecure_hub_url', status: null, hubCode: null, message: insecure };
      return result;
    }
    const batch = takeBatch(db, options.batchSize, maxBytes);
    if (batch.length === 0) return result;
    const bytes = batch.length === 1 ? reportBytes(batch) : 0;
    if (bytes > MAX_REPORT_BYTES) {
      result.setAside += setAside(db, [{ id: batch[0]!.id, message: `记录过大（${bytes} 字节），超过县级平台单次上报上限 ${MAX_REPORT_BYTES} 字节` }], now());
      continue;
    }

    const exchange = await send(config, batch, db, now, options.requestTimeoutMs, deps.signal);
    result.exchanges += 1;
    if (exchange.kind === 'failed') {
      result.failure = exchange.failure;
      return result;
    }
    if (exchange.skewMs !== null) writeSetting(db, HUB_SKEW_SETTING, exchange.skewMs, now());

    if (exchange.kind === 'ok') {
      const sent = new Set(batch.map((e) => e.id));
      const acknowledged = exchange.reply.stored.filter((id) => sent.has(id));
      const at = now();
      db.transaction(() => {
        result.delivered += markDelivered(db, acknowledged, at);
        writeSetting(db, LAST_CONTACT_SETTING, { at, hubTime: exchange.reply.hubTime }, at);
      })();
      const applied = applyDownlink(db, exchange.reply.downlink, at);
      if (applied.applied) {
        result.downlink = applied;
        deps.onDownlink?.(applied);
      }
      if (acknowledged.length === 0) {
        // A hub that stores nothing of a valid batch would make this loop spin; wait for the next attempt.
        result.failure = { code: 'bad_reply', status: 200, hubCode: null, message: '县级管理平台没有确认任何记录 / the hub acknowledged nothing' };
        return result;
      }
      continue;
    }

    // Refused: correct the clock once, shrink an oversized batch, set aside what will never be accepted.
    if (exchange.hubCode === 'stale_timestamp' && exchange.skewMs !== null && !skewRetried) {
      skewRetried = true;
      continue;
    }
    // Halving the batch drops nothing, whoever said it was too large (the hub, or a proxy in front of it).
    if (exchange.status === 413 && batch.length > 1) {
      maxBytes = Math.max(1, Math.floor(batchBytes(batch) / 2));
      continue;
    }
    const rejected = exchange.rejected.filter((r) => batch.some((e) => e.id === r.id));
    if (exchange.status === 400 && rejected.length > 0) {
      if (!exchange.signed) {
        result.failure = {
          code: 'bad_reply',
          status: exchange.status,
          hubCode: exchange.hubCode,
          message: '收到未经县级管理平台签名的拒收答复，记录保留、稍后重发（请核对平台地址）/ an unsigned refusal, not from our hub: the records stay queued (check the hub address)',
        };
        return result;
      }
      result.setAside += setAside(db, rejected, now());
      continue;
    }
    result.failure = { code: 'refused', status: exchange.status, hubCode: exchange.hubCode, message: exchange.message, ...(exchange.hubWords === null ? {} : { hubWords: exchange.hubWords }) };
    return result;
  }
}

/** The oldest undelivered events, as many as fit the count and the byte budget (always at least one). */
function takeBatch(db: Db, size: number, maxBytes: number): OutboxEvent[] {
  const batch: OutboxEvent[] = [];
  let bytes = 0;
  for (const event of pendingOutbox(db, size)) {
    const b = eventBytes(event);
    if (batch.length > 0 && bytes + b > maxBytes) break;
    batch.push(event);
    bytes += b;
  }
  return batch;
}

function wire(e: OutboxEvent): { id: string; type: string; at: number; body: unknown } {
  return { id: e.id, type: e.type, at: e.at, body: e.body };
}

function eventBytes(e: OutboxEvent): number {
  return Buffer.byteLength(JSON.stringify(wire(e))) + 1;
}

function batchBytes(batch: readonly OutboxEvent[]): number {
  return batch.reduce((n, e) => n + eventBytes(e), 0);
}

/** The size of the report body that would carry the batch. */
function reportBytes(batch: readonly OutboxEvent[]): number {
  return Buffer.byteLength(JSON.stringify({ events: batch.map(wire) }));
}

/** An event the hub refused, as this agent reads it: the hub's code and values when it sends them (any hub of this release), its words. */
type Refused = { id: string; code?: string; params?: unknown; message: string };

function setAside(db: Db, rejected: readonly Refused[], at: number): number {
  return db.transaction(() => {
    const n = markDelivered(db, rejected.map((r) => r.id), at);
    // Kept on the station only: the hub logged its own refusal, and a line queued for it could be refused in
    // turn, set aside, logged, queued … without end.
    appendStationLog(
      db,
      {
        type: 'station',
        actor: 'system',
        at,
        message: `县级管理平台拒收 ${rejected.length} 条记录，已跳过：${rejected[0]?.message ?? ''}`.slice(0, 500),
        detail: { rejected: rejected.slice(0, 20) },
      },
      { forCounty: false },
    );
    return n;
  })();
}

async function send(config: UplinkConfig, batch: readonly OutboxEvent[], db: Db, now: () => number, timeoutMs: number, signal?: AbortSignal): Promise<Exchange> {
  const raw = JSON.stringify({ events: batch.map(wire) });
  const sentAt = now();
  // Sign with the hub's time as best known, so a station whose clock is off still falls inside the window.
  const timestamp = sentAt + (readSetting<number>(db, HUB_SKEW_SETTING) ?? 0);
  const headers = signedHeaders(config.stationId, config.secret, timestamp, raw);
  let response: HubAnswer;
  try {
    const timeout = AbortSignal.timeout(timeoutMs);
    response = await hubRequest(`${config.hubUrl}${REPORTS_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: raw,
      signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
      ca: config.ca,
    });
  } catch (err) {
    if (err instanceof HubTransportError && err.reason === 'too_large') return failed('bad_reply', null, null, `县级管理平台地址的答复过大，未采用（请核对平台地址）/ ${err.message}`);
    const cause = err instanceof Error ? err.message : String(err);
    return failed('unreachable', null, null, `连不上县级管理平台（${cause}）/ hub unreachable (${cause})`);
  }
  const text = response.text;
  const receivedAt = now();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const signed = verifyReply(config.secret, response.header(HEADER_TIMESTAMP), headers[HEADER_SIGNATURE]!, text, response.header(HEADER_SIGNATURE));
  const hubTime = (body as { hubTime?: unknown } | undefined)?.hubTime ?? (body as { error?: { hubTime?: unknown } } | undefined)?.error?.hubTime;
  const skewMs = signed && typeof hubTime === 'number' ? measureSkew(sentAt, receivedAt, hubTime) : null;

  // Never followed: a signed report re-posted to wherever a stranger points would carry the records there.
  if (response.status >= 300 && response.status < 400) {
    return failed('bad_reply', response.status, null, '县级管理平台地址答复了重定向，记录未转发（请核对平台地址）/ the hub address answered with a redirect; the records were not sent elsewhere (check the hub address)');
  }
  if (response.ok) {
    if (!signed) return failed('bad_reply', response.status, null, '县级管理平台的答复签名无效，未采用 / the reply is not signed by our hub; ignored');
    const check = await checkReply();
    if (!check.Check(body)) return failed('bad_reply', response.status, null, '县级管理平台的答复格式不对 / the hub\'s reply has an unexpected shape');
    return { kind: 'ok', reply: body, skewMs: skewMs ?? measureSkew(sentAt, receivedAt, body.hubTime) };
  }
  const error = (body as { error?: { code?: unknown; params?: unknown; message?: unknown; rejected?: unknown } } | undefined)?.error;
  const hubCode = typeof error?.code === 'string' ? error.code : `http_${response.status}`;
  // Worded here from its code and values (an older hub's `message` only for a code this agent does not know).
  const message = hubRefusalText(error, response.status);
  const hubWords = typeof error?.code === 'string' ? stationFacingTexts(error.code, typeof error.params === 'object' && error.params !== null ? (error.params as RefusalParams) : {}) : null;
  if (response.status >= 500 || response.status === 429 || response.status === 408) {
    // Only our hub may make the station hold back: an unsigned "come back in ten years" would silence it.
    const wait = (error as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
    const retryAfterMs = signed && typeof wait === 'number' && Number.isFinite(wait) && wait > 0 ? wait : undefined;
    return { kind: 'failed', failure: { code: 'hub_error', status: response.status, hubCode, message, ...(hubWords === null ? {} : { hubWords }), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) } };
  }
  // Each worded here from its code and values (a hub of an earlier release sends only words).
  const rejected: Refused[] = Array.isArray(error?.rejected)
    ? (error.rejected as unknown[])
        .filter((r): r is Partial<RejectedEvent> & { id: string } => typeof (r as RejectedEvent | null)?.id === 'string')
        .map((r) => ({ id: r.id, ...(typeof r.code === 'string' ? { code: r.code, params: r.params } : {}), message: rejectedEventText(r) }))
    : [];
  return { kind: 'refused', status: response.status, hubCode, message, hubWords, rejected, skewMs, signed };
}

/** Why records may not go to this address (plain HTTP off the private ranges, not forced); null when they may. */
function insecureAddress(config: UplinkConfig): string | null {
  try {
    checkHubUrl(config.hubUrl, { insecureHttp: config.insecureHttp });
    return null;
  } catch (err) {
    if (err instanceof InsecureHubUrlError) return `${err.message}（记录保留在本机 / records stay queued here）`;
    return `平台地址无效：${config.hubUrl} / not a hub address`;
  }
}

function failed(code: UplinkFailureCode, status: number | null, hubCode: string | null, message: string): Exchange {
  return { kind: 'failed', failure: { code, status, hubCode, message } };
}
