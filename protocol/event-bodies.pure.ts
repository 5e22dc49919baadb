// The bodies of the uplink's events, one per type: a schema for what the hub checks before it computes
// figures from a body (extra fields are allowed — a newer agent may say more), and the type of what a station
// sends, which always passes that schema (event-types.pure.ts makes the compiler hold the two together).
import { Type, type Static } from 'typebox';
import { Count, Instant, LocalDate, Month, Rate } from './scalars.pure.ts';
import type { ActivityKind } from './branch-rhythm.pure.ts';

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
  /** A make-up showing (补学): its own figures; never among the month's required viewings. Absent: a regular one. */
  makeUp: Type.Optional(Type.Boolean()),
});
/** A group viewing's figures as the hub checks them. */
export type SessionBody = Static<typeof SessionBodySchema>;
/** A group viewing's figures as a station sends them: with its guests by category (the hub checks the sum). */
export interface SessionReportBody extends SessionBody {
  guestsByCategory: Record<string, number>;
}

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
  /** Members counted in the month through a make-up showing (补学); absent from a station without make-up study. */
  makeUpAttended: Type.Optional(Count),
  /** Registered members with no group viewing (make-up included) in the month yet. */
  notStudied: Type.Optional(Count),
  /** What the month still needs, as the station judged it (agent/reports/compliance-ahead.pure.ts). */
  compliance: Type.Optional(
    Type.Object({
      state: Type.Union([Type.Literal('coming'), Type.Literal('running'), Type.Literal('over')]),
      viewingsStillNeeded: Count,
      minutesRequired: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
      minutesStillNeeded: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
      fixedStudyDays: Type.Array(LocalDate, { maxItems: 31 }),
      missedFixedDays: Type.Array(LocalDate, { maxItems: 31 }),
      met: Type.Boolean(),
    }),
  ),
});
export type MonthSummaryBody = Static<typeof MonthSummaryBodySchema>;

/**
 * A group viewing's satisfaction survey (满意度测评), sent once when it closes: the counts are final then (an
 * answer after the close is refused on the station), so the hub never needs a correction. Anonymous: counts only.
 */
export const SatisfactionBodySchema = Type.Object({
  sessionId: Type.Integer({ minimum: 1 }),
  /** The viewing's station-local date; its month is the month the answers count in. */
  date: LocalDate,
  /** People checked in (members and guests) when the survey closed: at most one answer each. */
  present: Count,
  satisfied: Count,
  basicallySatisfied: Count,
  dissatisfied: Count,
  closedAt: Instant,
});
export type SatisfactionBody = Static<typeof SatisfactionBodySchema>;

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
export type StationLogBody = Static<typeof StationLogBodySchema>;
/** A station-log line as a station sends it: with its number in the station's own log. */
export interface StationLogReportBody extends StationLogBody {
  logId: number;
}

/**
 * A health report: { kind: 'aggregate', … } for a 15-minute bucket, or { kind: 'equipment', items } for the
 * equipment register. The hub keeps the latest of each kind whole and reads only the disk figures.
 */
export const HealthBodySchema = Type.Object({
  kind: Type.Optional(Type.String({ maxLength: 32 })),
  items: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Unknown()), { maxItems: 500 })),
});
export type HealthBody = Static<typeof HealthBodySchema>;

/** min/avg/max of a bucket's samples; null in a report when the machine has no such sensor. */
export interface MinAvgMax {
  min: number;
  avg: number;
  max: number;
}

/** One finished 15-minute bucket of the station's device health (agent/health). */
export interface HealthAggregateBody {
  kind: 'aggregate';
  bucketStart: number;
  bucketMs: number;
  samples: number;
  cpuLoadPct: MinAvgMax | null;
  memUsedBytes: MinAvgMax | null;
  memTotalBytes: number | null;
  diskFreeBytes: MinAvgMax | null;
  diskTotalBytes: number | null;
  cpuTempC: MinAvgMax | null;
  uptimeMaxSeconds: number | null;
  /** Samples that tried the hub, and how many of them reached it. */
  hubChecks: number;
  hubReachable: number;
  /** Samples taken while the kiosk's heartbeat was fresh. */
  kioskConnected: number;
}

/** One line of the equipment register (设备登记). (A type, not an interface: the hub's schema reads it as a record.) */
export type EquipmentItem = {
  id: number;
  name: string;
  model: string | null;
  quantity: number;
  /** Station-local date it was issued, or null when nobody knows any more. */
  issuedOn: string | null;
  condition: string;
  notes: string | null;
  createdAt: number;
  updatedAt: number;
};

/** The whole equipment register, sent on every change: small and idempotent. */
export interface EquipmentRegisterBody {
  kind: 'equipment';
  items: EquipmentItem[];
}

/** A course received into the station's library (or refused, or a duplicate): the receive log the county reads. */
export interface ContentReceivedBody {
  contentLogId: number;
  courseId: number | null;
  title: string | null;
  fileName: string | null;
  bytes: number | null;
  sha256: string | null;
  /** Where it came from: 'inbox', 'usb', 'url', 'manual'. */
  source: string | null;
  /** 'stored', 'duplicate' or 'refused'. */
  outcome: string | null;
  /** Why it was refused, as a code. */
  code: string | null;
}

/**
 * One entry of a station's mobile-member ledger (流动党员台帐), as entered: entries are never changed, a correction
 * is a new entry naming the one it corrects. The hub keeps each (station, entryId) once.
 */
export const MobileLedgerBodySchema = Type.Object({
  entryId: Type.Integer({ minimum: 1 }),
  kind: Type.Union([Type.Literal('flow_in'), Type.Literal('flow_out'), Type.Literal('return')]),
  date: LocalDate,
  memberName: Type.String({ minLength: 1, maxLength: 40 }),
  branch: Type.Union([Type.String({ maxLength: 60 }), Type.Null()]),
  organisation: Type.String({ minLength: 1, maxLength: 100 }),
  contact: Type.Union([Type.String({ maxLength: 100 }), Type.Null()]),
  certificateNo: Type.Union([Type.String({ maxLength: 40 }), Type.Null()]),
  note: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
  corrects: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  enteredBy: Type.String({ maxLength: 100 }),
});
export type MobileLedgerBody = Static<typeof MobileLedgerBodySchema>;

/**
 * A branch activity (支部活动: 三会一课, 主题党日) as the station recorded it, with its attendance counts. Sent when
 * it is entered, when its check-in closes (the counts are final then) and when it is withdrawn; each send is a new
 * event with a higher revision, and the hub keeps the highest. Photos stay at the station: their count and hashes
 * only, so an inspector can match a print to the station's files.
 */
export const ActivityBodySchema = Type.Object({
  activityId: Type.Integer({ minimum: 1 }),
  revision: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  kind: Type.Union([
    Type.Literal('branch_assembly'),
    Type.Literal('committee'),
    Type.Literal('group_meeting'),
    Type.Literal('party_lesson'),
    Type.Literal('theme_day'),
    Type.Literal('other'),
  ]),
  date: LocalDate,
  startTime: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }),
  place: Type.String({ maxLength: 100 }),
  host: Type.String({ maxLength: 50 }),
  topic: Type.String({ maxLength: 200 }),
  minutes: Type.String({ maxLength: 20_000 }),
  branch: Type.Union([Type.String({ maxLength: 100 }), Type.Null()]),
  /** The group viewing it used, the station's session id. */
  sessionId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  registered: Count,
  attendedRegistered: Count,
  guests: Count,
  photoHashes: Type.Array(Type.String({ pattern: '^[0-9a-f]{64}$' }), { maxItems: 200 }),
  withdrawn: Type.Union([Type.Object({ at: Instant, by: Type.String({ maxLength: 100 }), reason: Type.String({ maxLength: 500 }) }), Type.Null()]),
});
export type ActivityBody = Static<typeof ActivityBodySchema>;

// The kinds listed above are exactly the protocol's activity kinds (branch-rhythm.pure.ts): the build stops here if not.
type AssertTrue<T extends true> = T;
type _ActivityKindsAgree = AssertTrue<[ActivityKind] extends [ActivityBody['kind']] ? ([ActivityBody['kind']] extends [ActivityKind] ? true : false) : false>;

/** An ISO week 'YYYY-Www' (Monday–Sunday, the station's time zone). */
const IsoWeek = Type.String({ pattern: '^\\d{4}-W(0[1-9]|[1-4]\\d|5[0-3])$' });

/**
 * A weekly report (每周一报), sent once when the administrator sends it (or by itself after its deadline): the
 * figures frozen when the week was composed, and the administrator's latest remark. The hub keeps one per
 * (station, week); the station never sends a second (agent/weekly-report/README.md).
 */
export const WeeklyReportBodySchema = Type.Object({
  week: IsoWeek,
  /** The week's first and last station-local day (Monday, Sunday). */
  from: LocalDate,
  to: LocalDate,
  composedAt: Instant,
  sentAt: Instant,
  /** 'admin' when a person sent it, 'deadline' when it went by itself after its deadline. */
  sentBy: Type.Union([Type.Literal('admin'), Type.Literal('deadline')]),
  remark: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]),
  viewingsHeld: Count,
  viewings: Count,
  /** Registered members who checked in to at least one held viewing of the week ÷ registered of those viewings. */
  participationRate: Rate,
  coursewareReceived: Count,
  /** Share of the week the agent was running, as the station measured it (health samples); null unmeasured. */
  uptime: Rate,
  alerts: Count,
  /** The composed report as the station froze it (sections and figures), for the hub to show; bounded. */
  sections: Type.Array(
    Type.Object({ id: Type.String({ maxLength: 32 }), title: Type.String({ maxLength: 60 }), lines: Type.Array(Type.String({ maxLength: 300 }), { maxItems: 200 }) }),
    { maxItems: 12 },
  ),
});
export type WeeklyReportBody = Static<typeof WeeklyReportBodySchema>;

/**
 * A use of the station's room (活动场所使用情况登记) entered by hand, or the removal of one (versioned: the
 * removal is its own entry naming the use it removes). Viewings are not sent as room uses: the hub has them as
 * sessions already.
 */
export const RoomUseBodySchema = Type.Object({
  useId: Type.Integer({ minimum: 1 }),
  kind: Type.Union([Type.Literal('use'), Type.Literal('removal')]),
  date: LocalDate,
  from: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }),
  to: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }),
  purpose: Type.String({ minLength: 1, maxLength: 100 }),
  organiser: Type.String({ maxLength: 60 }),
  headcount: Type.Integer({ minimum: 0, maximum: 10_000 }),
  /** For a removal: the use it removes (= useId's entry) and why. */
  reason: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
  enteredBy: Type.String({ maxLength: 100 }),
});
export type RoomUseBody = Static<typeof RoomUseBodySchema>;

/**
 * How far the county's programs and notices got on the station (issue 17): `received`, a downlink carrying
 * them was applied; `shown`, a notice was put on the kiosk's board or a program started (for a live broadcast:
 * playing); `checkins`, how many have checked in to a live broadcast so far. Keys are the county's (cp-… / cn-…).
 */
export const DeliveryBodySchema = Type.Object({
  state: Type.Union([Type.Literal('received'), Type.Literal('shown'), Type.Literal('checkins')]),
  keys: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 250 }),
  /** For `checkins`: the number checked in so far. */
  checkedIn: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
});
export type DeliveryBody = Static<typeof DeliveryBodySchema>;
/** The largest proof-of-viewing thumbnail a station takes: a JPEG of at most 100 KB (agent/proof/). */
export const MAX_PROOF_JPEG_BYTES = 100 * 1024;

/**
 * Proof of viewing (收看留证): one JPEG thumbnail of a group viewing — what the screen showed at its start, middle
 * or end, or one photo of the room (only where the administrator turned the camera on). One event per picture,
 * sent once, so a viewing's report stays small and a picture never rides in a batch with others it could push
 * past the hub's 1 MiB report limit. The JPEG is base64: ≤ 100 KB, so ≤ 136,536 characters.
 */
export const ViewingProofBodySchema = Type.Object({
  sessionId: Type.Integer({ minimum: 1 }),
  moment: Type.Union([Type.Literal('start'), Type.Literal('middle'), Type.Literal('end'), Type.Literal('room')]),
  takenAt: Instant,
  width: Type.Integer({ minimum: 1, maximum: 4096 }),
  height: Type.Integer({ minimum: 1, maximum: 4096 }),
  jpegBase64: Type.String({ minLength: 4, maxLength: Math.ceil(MAX_PROOF_JPEG_BYTES / 3) * 4, pattern: '^/9j/[A-Za-z0-9+/]*={0,2}$' }),
});
export type ViewingProofBody = Static<typeof ViewingProofBodySchema>;
export type ProofMoment = ViewingProofBody['moment'];
