// The uplink's wire format: the endpoints, the signed headers, the limits the hub holds every report to,
// the report batch and the hub's answers. The protocol in prose: README.md.
import { Type, type Static } from 'typebox';
import { DownlinkSchema } from './downlink.pure.ts';
import { Instant } from './scalars.pure.ts';
import type { EventProblemCode, EventProblems } from './refusals/event-problem-texts.pure.ts';
import type { RefusalParams } from './refusals/refusal.pure.ts';

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

/**
 * One event on the wire. The type is open (a newer agent may send a type this hub does not know; it keeps
 * it as it is), the body any object: event-types.pure.ts says what each known type's body holds.
 */
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

export const ReportReplySchema = Type.Object({
  stored: Type.Array(Type.String()),
  hubTime: Instant,
  downlink: DownlinkSchema,
});
export type ReportReply = Static<typeof ReportReplySchema>;

/**
 * GET /api/v1/wait?since=VERSION[&wait=SECONDS] (issue 17, go live): the hub answers as soon as the station's
 * downlink differs from VERSION, or after `wait` seconds (at most and by default 50) with `downlink: null`. Signed as
 * a report is, over the request's path and query as the body text; the answer is signed likewise.
 */
export const WAIT_PATH = '/api/v1/wait';
export const MAX_WAIT_SECONDS = 50;
export const WaitReplySchema = Type.Object({ hubTime: Instant, downlink: Type.Union([DownlinkSchema, Type.Null()]) });
export type WaitReply = Static<typeof WaitReplySchema>;

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

/**
 * One event the hub will not keep: its problem as data (protocol/refusals/event-problem-texts.pure.ts), and the
 * same in words, `message`, for an agent of an earlier release, which reads only that.
 */
export interface RejectedEvent {
  id: string;
  code: EventProblemCode;
  params: EventProblems[EventProblemCode];
  message: string;
}

/**
 * Every refusal of the agent-facing endpoints, as { code, params } (worded by the agent:
 * protocol/refusals/station-facing-texts.pure.ts); `message`, the same words, for agents of earlier releases;
 * hubTime is always there so a station can correct its clock.
 */
export interface UplinkErrorReply {
  error: { code: string; params: RefusalParams; message: string; hubTime: number; rejected?: RejectedEvent[]; retryAfterMs?: number };
}
