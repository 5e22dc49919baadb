// The uplink protocol between a station's agent and the county hub: the one module both sides share.
//
// It is pure (node:crypto and typebox only), so county/ may import it and nothing else of agent/.
//
// ## Enrollment (once per station)
//   POST /api/v1/enroll   { code }                     (no signature: the one-time code is the credential)
//   200 → { stationId, secret, hubTime, station: { name, grade } }
//   County staff create the station on the hub and get a one-time code that expires (7 days). Exchanging
//   it issues the station's secret; exchanging a new code for an enrolled station rotates the secret.
//   The secret travels only in this answer: serve the hub over HTTPS (or a county network) for it.
//
// ## Reports (every few seconds to every 5 minutes, from the outbox, in order)
//   POST /api/v1/reports  { events: [{ id, type, at, body }, …] }   at most 500 events, at most 1 MiB
//   X-Yuanjiao-Station:   the station id
//   X-Yuanjiao-Timestamp: epoch ms, the agent's clock corrected by the skew it last measured (hub time)
//   X-Yuanjiao-Signature: hex HMAC-SHA256 over `${timestamp}.${rawBody}` keyed with the station's secret
//   200 → { stored: [ids], hubTime, downlink: { version, programs, notices, policy } }
//         stored lists every id of the batch, new or already known: the hub deduplicates by (station, id),
//         so a resend is harmless (at-least-once on the wire, exactly-once in the hub's tables). The
//         agent marks delivered only the ids listed. The reply carries X-Yuanjiao-Timestamp (hub time) and
//         X-Yuanjiao-Signature = HMAC over `${hubTimestamp}.${requestSignature}.${rawReplyBody}`, so a
//         station applies programs, notices and clock corrections only from its own hub, for this request.
//   Refusals, each logged by the hub and storing nothing:
//         401 missing_signature · unknown_station · bad_signature · stale_timestamp (checked in this order;
//         the stale refusal is signed like a reply and carries hubTime, so the agent corrects its skew and
//         retries at once) · 413 too_large · 400 malformed (a batch the hub cannot read; `rejected` names
//         events the hub will never accept, so the agent sets them aside instead of blocking its queue:
//         a body over MAX_EVENT_BYTES or nested deeper than MAX_EVENT_DEPTH, a time before EARLIEST_EVENT_AT
//         or beyond the hub's clock + FUTURE_TOLERANCE_MS, figures that contradict each other — each names
//         the field and why) · 429 over_quota (the station's daily budget at the hub is spent; signed, with
//         retryAfterMs; nothing is set aside, the batch is sent again later).
//   A replay inside the ±5 min window stores nothing new (same event ids); outside it is refused.
//   Event ids are the station's own: the hub keys events by (station, id), so two stations never collide.
//
// ## Event types (body shapes below; the hub keeps unknown types as they are, for newer agents, within the
//    same per-event limits and daily budget as every other event)
//   heartbeat      every 5 min: the run it belongs to (spanStart), so one heartbeat vouches for the whole
//                  run since spanStart; queued heartbeats of one run are coalesced to the latest
//   health         a 15-minute device health aggregate, or the equipment register (kind 'equipment')
//   session        a group viewing's figures, resent when attendance changes; the hub keeps the latest
//   month_summary  the station's monthly figures (registered, attended, excused, held), member-level
//                  counting done where the roster is; resent when they change
//   alert          a station alert raised or cleared (e.g. disk_low, clock_untrusted)
//   station_log · content_received · playback
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Type, type Static, type TSchema } from 'typebox';

export const PROTOCOL_VERSION = 1;

export const REPORTS_PATH = '/api/v1/reports';
export const ENROLL_PATH = '/api/v1/enroll';

/** Header names as Node presents them (lower case); HTTP header names are case-insensitive. */
export const HEADER_STATION = 'x-yuanjiao-station';
export const HEADER_TIMESTAMP = 'x-yuanjiao-timestamp';
export const HEADER_SIGNATURE = 'x-yuanjiao-signature';

/** Largest report body the hub reads. The agent sends at most half of it per batch. */
export const MAX_REPORT_BYTES = 1024 * 1024;
export const MAX_BATCH_EVENTS = 500;
/**
 * Largest single event the hub keeps, as JSON: four times the largest real one (an equipment register of
 * 500 items); what is larger is refused on its own (`rejected`), so the station sets it aside.
 */
export const MAX_EVENT_BYTES = 256 * 1024;
/** Deepest nesting of objects and arrays in an event's body (real bodies: 3). */
export const MAX_EVENT_DEPTH = 16;
/** No event of this software happened before 2020: an earlier time is a clock reset to its epoch, or a lie. */
export const EARLIEST_EVENT_AT = Date.UTC(2020, 0, 1);
/** How far past the hub's clock an event's time may lie (a station clock set in the wrong zone is hours off). */
export const FUTURE_TOLERANCE_MS = 86_400_000;
/** A signed request whose timestamp is further than this from the hub's clock is refused. */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;
export const HEARTBEAT_INTERVAL_MS = 5 * 60_000;
/** Beyond this difference from the hub's clock the hub raises a clock alert (as the station stops auto-start). */
export const CLOCK_SKEW_ALERT_MS = 10 * 60_000;
/** Below this share of free disk the hub shows a disk alert. */
export const DISK_LOW_SHARE = 0.1;
export const ENROLLMENT_CODE_TTL_MS = 7 * 86_400_000;

export const KNOWN_EVENT_TYPES = [
  'heartbeat',
  'health',
  'session',
  'playback',
  'station_log',
  'content_received',
  'alert',
  'month_summary',
] as const;
export type KnownEventType = (typeof KNOWN_EVENT_TYPES)[number];

export const SITE_GRADES = ['demonstration', 'standard', 'ordinary'] as const;
export type Grade = (typeof SITE_GRADES)[number];
export const GradeSchema = Type.Union([Type.Literal('demonstration'), Type.Literal('standard'), Type.Literal('ordinary')]);

// ---------------------------------------------------------------------------------------------------
// Envelope

const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const LocalTime = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d)?$' });
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' });
const Instant = Type.Integer({ minimum: 0 });
const Count = Type.Integer({ minimum: 0 });
const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]);

export const UplinkEventSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
    type: Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$' }),
    at: Instant,
    body: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
);
export type UplinkEvent = Static<typeof UplinkEventSchema>;

export const ReportBatchSchema = Type.Object(
  { events: Type.Array(UplinkEventSchema, { maxItems: MAX_BATCH_EVENTS }) },
  // Newer agents may add envelope fields; the hub ignores what it does not know.
  { additionalProperties: true },
);
export type ReportBatch = Static<typeof ReportBatchSchema>;

// ---------------------------------------------------------------------------------------------------
// Bodies the hub computes figures from. Extra fields are allowed: a newer agent may say more.

export const HeartbeatBodySchema = Type.Object({
  /** When this continuous run of the agent began (station clock); a restart or a clock jump starts a new one. */
  spanStart: Instant,
  intervalMs: Type.Integer({ minimum: 1_000, maximum: 86_400_000 }),
  /** hubTime − station clock, as last measured; null before the first exchange. */
  clockSkewMs: Type.Union([Type.Integer(), Type.Null()]),
  pending: Type.Optional(Count),
});
export type HeartbeatBody = Static<typeof HeartbeatBodySchema>;

export const SessionBodySchema = Type.Object({
  sessionId: Type.Integer({ minimum: 1 }),
  programId: Type.Integer(),
  title: Type.String({ maxLength: 200 }),
  date: LocalDate,
  scheduledStart: Instant,
  startedAt: Type.Union([Instant, Type.Null()]),
  endedAt: Type.Union([Instant, Type.Null()]),
  playedMs: Count,
  held: Type.Boolean(),
  registered: Count,
  attendedRegistered: Count,
  rate: Rate,
  guests: Count,
});
export type SessionBody = Static<typeof SessionBodySchema>;

export const MonthSummaryBodySchema = Type.Object({
  month: Month,
  registered: Count,
  attendedRegistered: Count,
  excused: Count,
  participationRate: Rate,
  sessionsHeld: Count,
  sessionsRequired: Count,
  studyMinutes: Type.Number({ minimum: 0 }),
  guests: Count,
});
export type MonthSummaryBody = Static<typeof MonthSummaryBodySchema>;

export const AlertBodySchema = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 64 }),
  state: Type.Union([Type.Literal('raised'), Type.Literal('cleared')]),
  level: Type.Optional(Type.Union([Type.Literal('warning'), Type.Literal('critical')])),
  message: Type.Optional(Type.String({ maxLength: 500 })),
});
export type AlertBody = Static<typeof AlertBodySchema>;

export const StationLogBodySchema = Type.Object({
  type: Type.String({ maxLength: 32 }),
  actor: Type.String({ maxLength: 100 }),
  message: Type.String({ maxLength: 2000 }),
});

/**
 * A health report (agent/health): { kind: 'aggregate', bucketStart, diskFreeBytes: {min,avg,max},
 * diskTotalBytes, cpuLoadPct, cpuTempC, … } for a 15-minute bucket, or { kind: 'equipment', items } for the
 * equipment register. The hub keeps the latest of each kind whole and reads only the disk figures.
 */
export const HealthBodySchema = Type.Object({
  kind: Type.Optional(Type.String({ maxLength: 32 })),
  items: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Unknown()), { maxItems: 500 })),
});
export type HealthBody = Static<typeof HealthBodySchema>;

/** Body schema per known event type; types not listed here only need an object body. */
export const EVENT_BODY_SCHEMAS: Partial<Record<KnownEventType, TSchema>> = {
  heartbeat: HeartbeatBodySchema,
  session: SessionBodySchema,
  month_summary: MonthSummaryBodySchema,
  alert: AlertBodySchema,
  station_log: StationLogBodySchema,
  health: HealthBodySchema,
};

// ---------------------------------------------------------------------------------------------------
// What the county sends down with every reply

/** The same shape as the agent's RecurrenceRule (the agent's compiler checks the two stay assignable). */
const rangeProperties = {
  from: Type.Optional(LocalDate),
  until: Type.Optional(LocalDate),
  except: Type.Optional(Type.Array(LocalDate, { maxItems: 366 })),
};
export const CountyRuleSchema = Type.Union([
  Type.Object({ type: Type.Literal('once'), date: LocalDate, time: LocalTime }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('daily'), time: LocalTime, ...rangeProperties }, { additionalProperties: false }),
  Type.Object(
    {
      type: Type.Literal('weekly'),
      days: Type.Array(Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4), Type.Literal(5), Type.Literal(6), Type.Literal(7)]), {
        minItems: 1,
        maxItems: 7,
        uniqueItems: true,
      }),
      time: LocalTime,
      ...rangeProperties,
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('monthly'),
      day: Type.Union([Type.Integer({ minimum: 1, maximum: 31 }), Type.Literal('last')]),
      time: LocalTime,
      ...rangeProperties,
    },
    { additionalProperties: false },
  ),
]);
export type CountyRule = Static<typeof CountyRuleSchema>;

export const CountyCourseSchema = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  /** A live or on-demand HLS/MP4 address: the station plays it as a stream course. */
  streamUrl: Type.Union([Type.String({ pattern: '^https?://', maxLength: 2000 }), Type.Null()]),
  /** Courseware distributed as a file (satellite, USB): the station plays its own copy with this hash. */
  sha256: Type.Union([Type.String({ pattern: '^[0-9a-f]{64}$' }), Type.Null()]),
  durationMs: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
});
export type CountyCourse = Static<typeof CountyCourseSchema>;

export const CountyProgramSchema = Type.Object({
  /** The hub's id for the program ('cp-12'); the station keeps a map from it to its own program. */
  id: Type.String({ minLength: 1, maxLength: 64 }),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  kind: Type.Union([Type.Literal('group_viewing'), Type.Literal('background')]),
  rule: CountyRuleSchema,
  checkinOpensBeforeMin: Type.Integer({ minimum: 0, maximum: 240 }),
  checkinClosesAfterMin: Type.Integer({ minimum: 0, maximum: 480 }),
  notes: Type.Union([Type.String({ maxLength: 1000 }), Type.Null()]),
  course: CountyCourseSchema,
});
export type CountyProgram = Static<typeof CountyProgramSchema>;

export const CountyNoticeSchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  text: Type.String({ minLength: 1, maxLength: 500 }),
  /** Last station-local date it shows, inclusive; null = until the county removes it. */
  until: Type.Union([LocalDate, Type.Null()]),
});
export type CountyNotice = Static<typeof CountyNoticeSchema>;

export const PolicySchema = Type.Object({
  /** Group viewings a month every station must hold; null = the site grade's minimum only. */
  minViewingsPerMonth: Type.Union([Type.Integer({ minimum: 0, maximum: 31 }), Type.Null()]),
  /** Minutes of group viewing a month; null = no minimum. */
  minMinutesPerMonth: Type.Union([Type.Integer({ minimum: 0, maximum: 10_000 }), Type.Null()]),
  /** Days of the month fixed for study (固定学习日), e.g. [5, 20]. */
  fixedStudyDays: Type.Array(Type.Integer({ minimum: 1, maximum: 31 }), { maxItems: 31, uniqueItems: true }),
});
export type Policy = Static<typeof PolicySchema>;

export const DEFAULT_POLICY: Policy = { minViewingsPerMonth: null, minMinutesPerMonth: null, fixedStudyDays: [] };

export const DownlinkSchema = Type.Object({
  /** A hash of the rest: the station applies a downlink only when it differs from the last one applied. */
  version: Type.String({ minLength: 1, maxLength: 128 }),
  programs: Type.Array(CountyProgramSchema, { maxItems: 200 }),
  notices: Type.Array(CountyNoticeSchema, { maxItems: 50 }),
  policy: PolicySchema,
});
export type Downlink = Static<typeof DownlinkSchema>;

export const ReportReplySchema = Type.Object({
  stored: Type.Array(Type.String()),
  hubTime: Instant,
  downlink: DownlinkSchema,
});
export type ReportReply = Static<typeof ReportReplySchema>;

export const REFUSAL_CODES = [
  'unknown_station',
  'missing_signature',
  'bad_signature',
  'stale_timestamp',
  'too_large',
  'malformed',
  'over_quota',
  'enrollment_code_invalid',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface RejectedEvent {
  id: string;
  message: string;
}

/** Every refusal of the agent-facing endpoints; hubTime is always there so a station can correct its clock. */
export interface UplinkErrorReply {
  error: { code: string; message: string; hubTime: number; rejected?: RejectedEvent[]; retryAfterMs?: number };
}

export const EnrollRequestSchema = Type.Object({ code: Type.String({ minLength: 4, maxLength: 64 }) }, { additionalProperties: false });
export type EnrollRequest = Static<typeof EnrollRequestSchema>;

export const EnrollReplySchema = Type.Object({
  stationId: Type.String({ minLength: 1, maxLength: 64 }),
  secret: Type.String({ minLength: 32, maxLength: 128 }),
  hubTime: Instant,
  station: Type.Object({ name: Type.String(), grade: GradeSchema }),
});
export type EnrollReply = Static<typeof EnrollReplySchema>;

// ---------------------------------------------------------------------------------------------------
// Signing

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

// ---------------------------------------------------------------------------------------------------
// Enrollment codes and downlink versions

/** Letters and digits nobody misreads on a phone call or a printout (no 0/O, 1/I/L, U). */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';

/** 'abcd efgh-jkmn' → 'ABCDEFGHJKMN': what was typed, as the hub compares it. */
export function normalizeEnrollmentCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

/** 'ABCDEFGHJKMN' → 'ABCD-EFGH-JKMN', as printed for people. */
export function formatEnrollmentCode(code: string): string {
  return normalizeEnrollmentCode(code).replace(/(.{4})(?=.)/g, '$1-');
}

/** JSON with object keys sorted, so equal content always hashes equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function downlinkVersion(content: Omit<Downlink, 'version'>): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex').slice(0, 32);
}
