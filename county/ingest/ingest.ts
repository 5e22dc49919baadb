// Receiving a station's report: authenticate (station, signature, time window), read and validate the
// batch, store it in one transaction with each event once, and answer with the ids and the downlink.
// Every refusal stores nothing and says which check failed; the route logs it.
//
// Order of the checks, and why: the signature is checked before the body is parsed, so nobody who lacks a
// station's secret can make the hub parse anything; the timestamp after the signature, so a stale refusal
// can be signed for the station (it corrects its clock from the hubTime it carries). Size is refused by
// the HTTP layer before any of this (413). Then each event on its own — its envelope, its shape (nesting,
// prototype keys: json-shape.pure.ts), its size, its body's schema, and whether it is plausible (event-checks.pure.ts)
// — so a refusal names the events the station should set aside and why; and last the station's budget
// (ingest-budget.pure.ts), counted on the events it has not sent before, in the transaction that stores them.
import { Compile } from 'typebox/compile';
import type { HubContext } from '../hub-context.ts';
import { EVENT_BODY_SCHEMAS } from '../../protocol/event-types.pure.ts';
import { parseTimestamp, verifySignature, withinWindow } from '../../protocol/signing.pure.ts';
import { MAX_BATCH_EVENTS, MAX_EVENT_BYTES, MAX_EVENT_DEPTH, SIGNATURE_WINDOW_MS, UplinkEventSchema, type RejectedEvent, type ReportReply, type UplinkEvent } from '../../protocol/wire.pure.ts';
import { stationDownlink, markSent } from '../live/station-downlink.ts';
import { admit, describeBudget } from './ingest-budget.pure.ts';
import { implausibility } from './event-checks.pure.ts';
import { jsonShapeProblem } from './json-shape.pure.ts';

export interface IngestRequest {
  stationId: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: string;
}

export type IngestOutcome =
  | { ok: true; stationId: string; secret: string; reply: ReportReply; inserted: number; known: number }
  | {
      ok: false;
      status: number;
      code: 'missing_signature' | 'unknown_station' | 'bad_signature' | 'stale_timestamp' | 'malformed' | 'over_quota';
      message: string;
      stationId: string | null;
      /** Set when the refusal may be signed for the station (its signature verified). */
      secret: string | null;
      rejected?: RejectedEvent[];
      /** over_quota: when the batch would fit the station's budget again. */
      retryAfterMs?: number;
    };

const checkEnvelope = Compile(UplinkEventSchema);
/** The body check of each event type the protocol gives a schema; other types need only an object body. */
const bodyCheckers = new Map([...EVENT_BODY_SCHEMAS].map(([type, schema]) => [type, Compile(schema)] as const));

export async function ingestReport(ctx: HubContext, req: IngestRequest): Promise<IngestOutcome> {
  const now = ctx.now();
  if (!req.stationId || !req.timestamp || !req.signature) {
    return refuse(401, 'missing_signature', '上报没有签名（缺少 X-Yuanjiao-Station、X-Yuanjiao-Timestamp 或 X-Yuanjiao-Signature）/ the report is not signed', req.stationId ?? null);
  }
  // The station's unit rides along for its downlink below: one read where two were.
  const reporter = await ctx.stations.reporterOf(req.stationId);
  if (reporter === null) {
    return refuse(401, 'unknown_station', `站点 ${req.stationId} 未在县级平台登记、尚未加入或已停用 / unknown station`, req.stationId);
  }
  const { secret, unitId, grade } = reporter;
  const timestamp = parseTimestamp(req.timestamp);
  if (timestamp === null || !verifySignature(secret, req.timestamp, req.rawBody, req.signature)) {
    return refuse(401, 'bad_signature', '签名不对：站点密钥不符，或内容在途中被改动 / bad signature', req.stationId);
  }
  if (!withinWindow(timestamp, now)) {
    const seconds = Math.round((timestamp - now) / 1000);
    return {
      ...refuse(
        401,
        'stale_timestamp',
        `上报时间戳与县级平台相差 ${Math.abs(seconds)} 秒，超过 ±${SIGNATURE_WINDOW_MS / 60_000} 分钟，已拒绝（重放的旧请求，或终端时钟不准）/ timestamp outside the ±${SIGNATURE_WINDOW_MS / 60_000} min window`,
        req.stationId,
      ),
      secret,
    };
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(req.rawBody);
  } catch {
    return { ...refuse(400, 'malformed', '上报内容不是有效的 JSON / the report is not valid JSON', req.stationId), secret };
  }
  const shapeProblem = batchShapeProblem(parsed);
  if (shapeProblem !== null) return { ...refuse(400, 'malformed', `上报内容格式不对：${shapeProblem} / malformed report`, req.stationId), secret };

  const events: UplinkEvent[] = [];
  const rejected: RejectedEvent[] = [];
  let first: Problem | null = null;
  for (const [i, raw] of ((parsed as { events: unknown[] }).events).entries()) {
    const problem = eventProblem(raw, now);
    if (problem === null) {
      events.push(raw as UplinkEvent);
      continue;
    }
    const id = (raw as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' || id === '' || id.length > 64) {
      // An event without a usable id cannot be set aside by the station: the whole batch is unreadable.
      return { ...refuse(400, 'malformed', `上报内容格式不对：第 ${i + 1} 条记录 ${problem.zh} / malformed event ${i + 1}: ${problem.en}`, req.stationId), secret };
    }
    rejected.push({ id, message: `${problem.zh} / ${problem.en}` });
    first ??= problem;
  }
  if (first !== null) {
    const n = rejected.length;
    return {
      ...refuse(400, 'malformed', `上报中有 ${n} 条记录被拒收，整批未保存；第一条：${first.zh} / ${n} event(s) refused, nothing stored; the first: ${first.en}`, req.stationId),
      secret,
      rejected,
    };
  }

  const stationId = req.stationId;
  const outcome = await ctx.reports.storeBatch(stationId, events, now, async (cost, trx) => {
    const verdict = admit(ctx.ingestBudget, await ctx.budgets.get(stationId, trx), cost, now);
    if (verdict.ok && cost.events > 0) await ctx.budgets.put(stationId, verdict.state, trx);
    return verdict;
  }, now);
  if (outcome.refused !== null) {
    const { retryAfterMs } = outcome.refused;
    const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
    const budget = describeBudget(ctx.ingestBudget);
    return {
      ...refuse(
        429,
        'over_quota',
        `站点上报已用完县级平台给每个站点的额度（${budget.zh}），本批未保存，约 ${minutes} 分钟后再发 / the station's report budget at the hub (${budget.en}) is spent; nothing stored, send again in about ${minutes} min`,
        stationId,
      ),
      secret,
      retryAfterMs,
    };
  }
  const downlink = await stationDownlink(ctx, { id: stationId, unitId, grade }, now);
  await markSent(ctx, stationId, downlink, now);
  return {
    ok: true,
    stationId: req.stationId,
    secret,
    inserted: outcome.inserted.length,
    known: outcome.known.length,
    reply: { stored: [...new Set(events.map((e) => e.id))], hubTime: now, downlink },
  };
}

function refuse(status: number, code: Extract<IngestOutcome, { ok: false }>['code'], message: string, stationId: string | null): Extract<IngestOutcome, { ok: false }> {
  return { ok: false, status, code, message, stationId, secret: null };
}

/** The batch's envelope only: an object with an `events` list of at most 500. Events are checked one by one. */
function batchShapeProblem(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return '应为 { events: [...] }';
  const events = (value as { events?: unknown }).events;
  if (!Array.isArray(events)) return '缺少 events 列表';
  if (events.length > MAX_BATCH_EVENTS) return `一批最多 ${MAX_BATCH_EVENTS} 条`;
  return null;
}

interface Problem {
  zh: string;
  en: string;
}

/** Why the hub will not keep this event, Chinese then English and naming the field; null when it will. */
function eventProblem(raw: unknown, now: number): Problem | null {
  if (!checkEnvelope.Check(raw)) {
    const why = describe(checkEnvelope.Errors(raw));
    return { zh: `记录格式不对：${why}`, en: `malformed event: ${why}` };
  }
  const event = raw as UplinkEvent;
  // Before anything serialises the body again: JSON.stringify recurses.
  const shape = jsonShapeProblem(event.body, MAX_EVENT_DEPTH);
  if (shape) return { zh: `记录格式不对：${shape.field} ${shape.zh}`, en: `malformed event: ${shape.field} ${shape.en}` };
  const bytes = Buffer.byteLength(JSON.stringify(event.body));
  if (bytes > MAX_EVENT_BYTES) {
    return { zh: `记录过大：body ${bytes} 字节，单条上限 ${MAX_EVENT_BYTES} 字节`, en: `event too large: body of ${bytes} bytes, at most ${MAX_EVENT_BYTES}` };
  }
  const checker = bodyCheckers.get(event.type);
  if (checker && !checker.Check(event.body)) {
    const why = `body ${describe(checker.Errors(event.body))}`;
    return { zh: `记录格式不对：${why}`, en: `malformed event: ${why}` };
  }
  const lie = implausibility(event, now);
  if (lie) return { zh: `记录不合理：${lie.field} ${lie.zh}`, en: `implausible event: ${lie.field} ${lie.en}` };
  return null;
}

function describe(errors: readonly { instancePath: string; message?: string }[]): string {
  return errors
    .slice(0, 3)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim())
    .join('; ');
}
