// Receiving a station's report: authenticate (station, signature, time window), read and validate the
// batch, store it in one transaction with each event once, and answer with the ids and the downlink.
// Every refusal stores nothing and says which check failed, as a code and values (its words, for the log and for
// agents of earlier releases, from protocol/refusals/station-facing-texts.pure.ts); the route logs it.
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
import { admit } from './ingest-budget.pure.ts';
import { implausibility } from './event-checks.pure.ts';
import { jsonShapeProblem } from './json-shape.pure.ts';
import { oneLine, type Bilingual } from '../../protocol/refusals/bilingual.pure.ts';
import { eventProblemTexts, problemRecord, type EventProblem } from '../../protocol/refusals/event-problem-texts.pure.ts';
import { STATION_FACING_TEXTS, type StationFacingRefusals } from '../../protocol/refusals/station-facing-texts.pure.ts';

export interface IngestRequest {
  stationId: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: string;
}

type IngestRefusalCode = 'missing_signature' | 'unknown_station' | 'bad_signature' | 'stale_timestamp' | 'malformed' | 'over_quota';

export type IngestOutcome =
  | { ok: true; stationId: string; secret: string; reply: ReportReply; inserted: number; known: number }
  | {
      ok: false;
      status: number;
      code: IngestRefusalCode;
      params: StationFacingRefusals[IngestRefusalCode];
      /** The catalogue's words, one line: the hub's log, and `message` for agents of earlier releases. */
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
    return refuse(401, 'missing_signature', {}, req.stationId ?? null);
  }
  // The station's unit, the downlink epoch and its withdrawn codes ride along for its downlink below: one read.
  const reporter = await ctx.stations.reporterOf(req.stationId, now);
  if (reporter === null) {
    return refuse(401, 'unknown_station', { station: req.stationId }, req.stationId);
  }
  const { secret, unitId, grade } = reporter;
  const timestamp = parseTimestamp(req.timestamp);
  if (timestamp === null || !verifySignature(secret, req.timestamp, req.rawBody, req.signature)) {
    return refuse(401, 'bad_signature', {}, req.stationId);
  }
  if (!withinWindow(timestamp, now)) {
    return { ...refuse(401, 'stale_timestamp', { skewMs: timestamp - now, windowMs: SIGNATURE_WINDOW_MS }, req.stationId), secret };
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(req.rawBody);
  } catch {
    return { ...refuse(400, 'malformed', { reason: 'not_json' }, req.stationId), secret };
  }
  const shapeProblem = batchShapeProblem(parsed);
  if (shapeProblem !== null) return { ...refuse(400, 'malformed', shapeProblem, req.stationId), secret };

  const events: UplinkEvent[] = [];
  const rejected: RejectedEvent[] = [];
  let first: EventProblem | null = null;
  for (const [i, raw] of ((parsed as { events: unknown[] }).events).entries()) {
    const problem = eventProblem(raw, now);
    if (problem === null) {
      events.push(raw as UplinkEvent);
      continue;
    }
    const id = (raw as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' || id === '' || id.length > 64) {
      // An event without a usable id cannot be set aside by the station: the whole batch is unreadable.
      return { ...refuse(400, 'malformed', { reason: 'event_without_id', event: i + 1, problem: [problemRecord(problem)] }, req.stationId), secret };
    }
    rejected.push({ id, ...problem, message: oneLine(eventProblemTexts(problem)) });
    first ??= problem;
  }
  if (first !== null) {
    return {
      ...refuse(400, 'malformed', { reason: 'events_refused', refused: rejected.length, first: [problemRecord(first)] }, req.stationId),
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
    const { eventsPerDay, bytesPerDay, carryDays } = ctx.ingestBudget;
    return { ...refuse(429, 'over_quota', { eventsPerDay, bytesPerDay, carryDays, retryAfterMs }, stationId), secret, retryAfterMs };
  }
  // The epoch read with the station, before the batch: a change committed since is seen at the next contact.
  const downlink = await stationDownlink(ctx, { id: stationId, unitId, grade }, now, reporter);
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

function refuse<C extends IngestRefusalCode>(status: number, code: C, params: StationFacingRefusals[C], stationId: string | null): Extract<IngestOutcome, { ok: false }> {
  const words = (STATION_FACING_TEXTS[code] as (p: StationFacingRefusals[C]) => Bilingual)(params);
  return { ok: false, status, code, params, message: oneLine(words), stationId, secret: null };
}

/** The batch's envelope only: an object with an `events` list of at most 500. Events are checked one by one. */
function batchShapeProblem(value: unknown): StationFacingRefusals['malformed'] | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { reason: 'not_a_batch' };
  const events = (value as { events?: unknown }).events;
  if (!Array.isArray(events)) return { reason: 'no_events' };
  if (events.length > MAX_BATCH_EVENTS) return { reason: 'too_many_events', limit: MAX_BATCH_EVENTS };
  return null;
}

/** Why the hub will not keep this event, naming the field (worded by the catalogue); null when it will. */
function eventProblem(raw: unknown, now: number): EventProblem | null {
  if (!checkEnvelope.Check(raw)) {
    const errors = [...checkEnvelope.Errors(raw)];
    return { code: 'envelope_invalid', params: { field: errors[0]?.instancePath || '/', detail: describe(errors) } };
  }
  const event = raw as UplinkEvent;
  // Before anything serialises the body again: JSON.stringify recurses.
  const shape = jsonShapeProblem(event.body, MAX_EVENT_DEPTH);
  if (shape) return shape;
  const bytes = Buffer.byteLength(JSON.stringify(event.body));
  if (bytes > MAX_EVENT_BYTES) return { code: 'too_large', params: { field: 'body', bytes, max: MAX_EVENT_BYTES } };
  const checker = bodyCheckers.get(event.type);
  if (checker && !checker.Check(event.body)) return { code: 'body_invalid', params: { field: 'body', detail: describe(checker.Errors(event.body)) } };
  return implausibility(event, now);
}

function describe(errors: readonly { instancePath: string; message?: string }[]): string {
  return errors
    .slice(0, 3)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim())
    .join('; ');
}
