// What the county sends down with every reply: county-wide programs, notices and the assessment policy, and
// the version a station compares to apply a downlink once.
import { createHash } from 'node:crypto';
import { Type, type Static } from 'typebox';
import { CountyRuleSchema } from './recurrence-rule.pure.ts';
import { LocalDate } from './scalars.pure.ts';
import { BranchRhythmSchema } from './branch-rhythm.pure.ts';
import { RemoteHelpCommandSchema } from './remote-help.pure.ts';

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
  /** The hub's key for the program ('cp-12', or 'cp-<uuid>' from hub migration 0017); the station maps it to its own program. */
  id: Type.String({ minLength: 1, maxLength: 64 }),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  kind: Type.Union([Type.Literal('group_viewing'), Type.Literal('background')]),
  rule: CountyRuleSchema,
  checkinOpensBeforeMin: Type.Integer({ minimum: 0, maximum: 240 }),
  checkinClosesAfterMin: Type.Integer({ minimum: 0, maximum: 480 }),
  notes: Type.Union([Type.String({ maxLength: 1000 }), Type.Null()]),
  course: CountyCourseSchema,
  /**
   * A live broadcast county staff started now ("go live", issue 17): when they did. The station starts the
   * program at once and opens check-in. Absent for a scheduled program, so older downlinks hash as before.
   */
  liveStartedAt: Type.Optional(Type.Integer({ minimum: 0 })),
  /**
   * County staff ended the live broadcast: when. A station playing it stops, one that has not started it never
   * does, and it leaves the station's schedule. Absent while it runs, so a running broadcast hashes as before.
   */
  liveEndedAt: Type.Optional(Type.Integer({ minimum: 0 })),
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
  /**
   * The 三会一课 rhythm the county asks of each branch (protocol/branch-rhythm.pure.ts). Absent: the regulations'
   * default (DEFAULT_BRANCH_RHYTHM), so a downlink without it hashes as before and an older station ignores it.
   */
  branchRhythm: Type.Optional(BranchRhythmSchema),
});
export type Policy = Static<typeof PolicySchema>;

export const DEFAULT_POLICY: Policy = { minViewingsPerMonth: null, minMinutesPerMonth: null, fixedStudyDays: [] };

export const DownlinkSchema = Type.Object({
  /** A hash of the rest: the station applies a downlink only when it differs from the last one applied. */
  version: Type.String({ minLength: 1, maxLength: 128 }),
  programs: Type.Array(CountyProgramSchema, { maxItems: 200 }),
  notices: Type.Array(CountyNoticeSchema, { maxItems: 50 }),
  policy: PolicySchema,
  /**
   * PIN reset codes the county withdrew for this station, until they expire (protocol/pin-reset-code.pure.ts
   * names a code by its hour and nonce). Absent when there are none, so a downlink without any hashes as before
   * and a station of an older release ignores the field.
   */
  withdrawnResetCodes: Type.Optional(
    Type.Array(Type.Object({ window: Type.Integer({ minimum: 0 }), nonce: Type.Integer({ minimum: 0, maximum: 99 }) }), { maxItems: 2_500 }),
  ),
  /**
   * Remote-help commands county staff sent this station and it has not answered yet, each signed on its own
   * (protocol/remote-help.pure.ts). Absent when there are none, so older downlinks hash as before and an older
   * station ignores the field.
   */
  remoteHelp: Type.Optional(Type.Array(RemoteHelpCommandSchema, { maxItems: 20 })),
});
export type Downlink = Static<typeof DownlinkSchema>;

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
