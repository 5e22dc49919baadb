// The admin screens' records — the monthly report (月度报表), what the month still needs (达标进度), the station's
// settings and log, the weekly report (每周一报), the room usage register — as TypeBox schemas: the routes' response
// schemas (checked in the tests: common/response-contract.ts) and, through Static<…>, the kiosk's types. Each is
// checked against the agent's own type.
import { Type, type Static } from 'typebox';
import type { MonthlyReport } from '../../reports/monthly-report.ts';
import type { ComplianceView } from '../routes/compliance-routes.ts';
import type { StationSettings } from '../../settings/station-settings.pure.ts';
import type { LogEntry } from '../../stationlog/station-log.ts';
import type { WeekLine, WeeklyReportView } from '../routes/weekly-routes.ts';
import type { RoomRegisterLine } from '../../room-use/room-use.pure.ts';
import type { RoomUse } from '../../room-use/room-use-store.ts';
import type { RhythmLine } from '../../../protocol/branch-rhythm.pure.ts';
import type { MonthlyActivities } from '../../activities/month-activities.ts';
import { GradeSchema } from '../../../protocol/site-grades.pure.ts';
import { ACTIVITY_KINDS } from '../../../protocol/branch-rhythm.pure.ts';
import { Nullable, OneOf, sameShape } from '../../../common/schema-kit.pure.ts';

const Closed = { additionalProperties: false } as const;

export const GuestsByCategorySchema = Type.Object(
  { non_registered: Type.Integer(), mobile: Type.Integer(), activist: Type.Integer(), applicant: Type.Integer(), employee: Type.Integer(), other: Type.Integer() },
  Closed,
);

/** 三会一课: one kind's month or quarter as of a day. */
export const RhythmLineSchema = Type.Object(
  {
    kind: OneOf(ACTIVITY_KINDS),
    period: OneOf(['month', 'quarter']),
    periodLabel: Type.String(),
    from: Type.String(),
    to: Type.String(),
    required: Type.Integer(),
    held: Type.Integer(),
    status: OneOf(['met', 'short', 'pending']),
  },
  Closed,
);
sameShape<Static<typeof RhythmLineSchema>, RhythmLine>(true);

/** 支部活动 of a month, with the rhythm as of its end (or today). */
export const MonthlyActivitiesSchema = Type.Object(
  {
    held: Type.Integer(),
    byKind: Type.Object(
      { branch_assembly: Type.Integer(), committee: Type.Integer(), group_meeting: Type.Integer(), party_lesson: Type.Integer(), theme_day: Type.Integer(), other: Type.Integer() },
      Closed,
    ),
    withdrawn: Type.Integer(),
    asOf: Type.String(),
    rhythm: Type.Array(RhythmLineSchema),
    rhythmOnTrack: Type.Boolean(),
    activities: Type.Array(
      Type.Object(
        {
          id: Type.Integer(),
          kind: OneOf(ACTIVITY_KINDS),
          date: Type.String(),
          startTime: Type.String(),
          topic: Type.String(),
          host: Type.String(),
          place: Type.String(),
          registered: Type.Integer(),
          attendedRegistered: Type.Integer(),
          rate: Nullable(Type.Number()),
          guests: Type.Integer(),
          photos: Type.Integer(),
          sessionId: Nullable(Type.Integer()),
          withdrawn: Type.Boolean(),
        },
        Closed,
      ),
    ),
  },
  Closed,
);
sameShape<Static<typeof MonthlyActivitiesSchema>, MonthlyActivities>(true);

const SatisfactionFigures = {
  satisfied: Type.Integer(),
  basicallySatisfied: Type.Integer(),
  dissatisfied: Type.Integer(),
  answers: Type.Integer(),
  share: Nullable(Type.Number()),
  target: Type.Number(),
  meetsTarget: Nullable(Type.Boolean()),
};

const MemberNameSchema = Type.Object({ id: Type.Integer(), name: Type.String() }, Closed);

export const MonthComplianceSchema = Type.Object(
  {
    month: Type.String(),
    state: OneOf(['coming', 'running', 'over']),
    viewings: Type.Object({ held: Type.Integer(), required: Type.Integer(), stillNeeded: Type.Integer() }, Closed),
    minutes: Type.Object({ studied: Type.Number(), required: Nullable(Type.Number()), stillNeeded: Nullable(Type.Number()) }, Closed),
    fixedStudyDays: Type.Array(Type.Object({ date: Type.String(), state: OneOf(['kept', 'missed', 'today', 'coming']) }, Closed)),
    missedFixedDays: Type.Array(Type.String()),
    shortfalls: Type.Array(OneOf(['viewings', 'minutes', 'fixed_days'])),
    met: Type.Boolean(),
    text: Type.String(),
  },
  Closed,
);

/** GET /api/admin/reports/month/:month: the monthly report (月度报表). */
export const MonthlyReportSchema = Type.Object(
  {
    month: Type.String(),
    station: Type.Object({ id: Type.String(), name: Type.String(), grade: GradeSchema, timeZone: Type.String() }, Closed),
    registered: Type.Integer(),
    attendedRegistered: Type.Integer(),
    participationRate: Nullable(Type.Number()),
    excused: Type.Integer(),
    excusedMembers: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), reason: Type.String() }, Closed)),
    sessionsHeld: Type.Integer(),
    sessionsRequired: Type.Integer(),
    compliant: Type.Boolean(),
    studyMinutes: Type.Number(),
    guests: Type.Integer(),
    guestsByCategory: GuestsByCategorySchema,
    sessions: Type.Array(
      Type.Object(
        {
          id: Type.Integer(),
          programTitle: Type.String(),
          date: Type.String(),
          scheduledStart: Type.String(),
          startedAt: Nullable(Type.String()),
          endedAt: Nullable(Type.String()),
          held: Type.Boolean(),
          playedMinutes: Type.Number(),
          registered: Type.Integer(),
          attendedRegistered: Type.Integer(),
          rate: Nullable(Type.Number()),
          late: Type.Integer(),
          guests: Type.Integer(),
          guestsByCategory: GuestsByCategorySchema,
          makeUp: Type.Boolean(),
        },
        Closed,
      ),
    ),
    satisfaction: Type.Object(
      {
        ...SatisfactionFigures,
        surveys: Type.Integer(),
        sessions: Type.Array(Type.Object({ ...SatisfactionFigures, sessionId: Type.Integer(), programTitle: Type.String(), date: Type.String(), present: Type.Integer() }, Closed)),
      },
      Closed,
    ),
    makeUp: Type.Object(
      {
        showings: Type.Array(
          Type.Object(
            { id: Type.Integer(), programTitle: Type.String(), date: Type.String(), attendedRegistered: Type.Integer(), registered: Type.Integer(), held: Type.Boolean() },
            Closed,
          ),
        ),
        members: Type.Array(MemberNameSchema),
        notStudied: Type.Array(MemberNameSchema),
      },
      Closed,
    ),
    compliance: MonthComplianceSchema,
    activities: MonthlyActivitiesSchema,
    generatedAt: Type.String(),
  },
  Closed,
);
sameShape<Static<typeof MonthlyReportSchema>, MonthlyReport>(true);

/** GET /api/compliance: the month so far against the grade and the county's policy (达标进度). */
export const ComplianceViewSchema = Type.Object(
  { month: Type.String(), compliance: MonthComplianceSchema, notStudied: Type.Integer(), makeUpMembers: Type.Integer(), rhythm: Type.Array(RhythmLineSchema) },
  Closed,
);
sameShape<Static<typeof ComplianceViewSchema>, ComplianceView>(true);

/** GET and PUT /api/admin/settings: the station's settings as they stand. */
export const StationSettingsSchema = Type.Object(
  {
    stationId: Type.String(),
    stationName: Type.String(),
    grade: GradeSchema,
    timeZone: Type.String(),
    language: OneOf(['zh-CN', 'en']),
    lateGraceMinutes: Type.Integer(),
    checkinOpensBeforeMinutes: Type.Integer(),
    checkinClosesAfterMinutes: Type.Integer(),
    minPlayShare: Type.Number(),
    policyMinViewingsPerMonth: Nullable(Type.Integer()),
    hubUrl: Nullable(Type.String()),
    volume: Type.Integer(),
    textSize: Type.Union([Type.Literal(100), Type.Literal(125), Type.Literal(150)]),
    highContrast: Type.Boolean(),
    checkinSound: OneOf(['off', 'low', 'medium', 'high']),
    nameOrder: OneOf(['strokes', 'pinyin']),
  },
  Closed,
);
sameShape<Static<typeof StationSettingsSchema>, StationSettings>(true);

export const LogEntrySchema = Type.Object(
  {
    id: Type.Integer(),
    at: Type.Number(),
    type: OneOf(['station', 'admin', 'roster', 'program', 'schedule', 'session', 'checkin', 'playback', 'content', 'alert']),
    actor: Type.String(),
    message: Type.String(),
    /** What the entry carries beside its words (any JSON, or null). */
    detail: Type.Unknown(),
  },
  Closed,
);
sameShape<Static<typeof LogEntrySchema>, LogEntry>(true);

/** GET /api/admin/log: the station log's entries. */
export const StationLogSchema = Type.Object({ entries: Type.Array(LogEntrySchema) }, Closed);

export const WeekLineSchema = Type.Object(
  {
    week: Type.String(),
    from: Type.String(),
    to: Type.String(),
    composed: Type.Boolean(),
    sentAt: Nullable(Type.Number()),
    sentBy: Nullable(OneOf(['admin', 'deadline'])),
    deadline: Type.Number(),
  },
  Closed,
);
sameShape<Static<typeof WeekLineSchema>, WeekLine>(true);

/** GET /api/admin/weekly-reports: the ended weeks, newest first. */
export const WeekLinesSchema = Type.Object({ weeks: Type.Array(WeekLineSchema) }, Closed);

const CellSchema = Type.Union([Type.String(), Type.Number(), Type.Null()]);
const ColumnTypeSchema = OneOf(['text', 'integer', 'number', 'percent', 'date', 'datetime', 'time']);

export const WeeklyReportViewSchema = Type.Object(
  {
    week: Type.String(),
    from: Type.String(),
    to: Type.String(),
    composedAt: Type.Number(),
    composedBy: Type.String(),
    snapshot: Type.Object(
      {
        week: Type.String(),
        from: Type.String(),
        to: Type.String(),
        station: Type.Object({ id: Type.String(), name: Type.String(), timeZone: Type.String() }, Closed),
        composedAt: Type.String(),
        headline: Type.Object(
          {
            viewings: Type.Integer(),
            viewingsHeld: Type.Integer(),
            participationRate: Nullable(Type.Number()),
            coursewareReceived: Type.Integer(),
            uptime: Nullable(Type.Number()),
            alerts: Type.Integer(),
          },
          Closed,
        ),
        sections: Type.Array(
          Type.Object(
            {
              id: Type.String(),
              title: Type.String(),
              figures: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), type: ColumnTypeSchema, value: CellSchema }, Closed)),
              columns: Type.Array(
                Type.Object(
                  { key: Type.String(), title: Type.String(), type: ColumnTypeSchema, width: Type.Number(), decimals: Type.Optional(Type.Integer()), nowrap: Type.Optional(Type.Boolean()) },
                  Closed,
                ),
              ),
              rows: Type.Array(Type.Record(Type.String(), CellSchema)),
              emptyText: Type.String(),
            },
            Closed,
          ),
        ),
      },
      Closed,
    ),
    sentAt: Nullable(Type.Number()),
    sentBy: Nullable(OneOf(['admin', 'deadline'])),
    sentActor: Nullable(Type.String()),
    eventId: Nullable(Type.String()),
    remarks: Type.Array(Type.Object({ id: Type.Integer(), text: Type.String(), at: Type.Number(), actor: Type.String() }, Closed)),
    deadline: Type.Number(),
  },
  Closed,
);
sameShape<Static<typeof WeeklyReportViewSchema>, WeeklyReportView>(true);

/** GET /api/admin/weekly-reports/:week and POST …/remarks: the composed week. */
export const WeeklyReportAnswerSchema = Type.Object({ report: WeeklyReportViewSchema }, Closed);
/** POST /api/admin/weekly-reports/:week/send: the week, and whether this call queued it (false: sent before). */
export const WeeklyReportSentSchema = Type.Object({ report: WeeklyReportViewSchema, sent: Type.Boolean() }, Closed);

export const RoomRegisterLineSchema = Type.Object(
  {
    date: Type.String(),
    from: Type.String(),
    to: Type.String(),
    purpose: Type.String(),
    organiser: Type.String(),
    headcount: Type.Integer(),
    source: OneOf(['viewing', 'activity', 'manual']),
    useId: Nullable(Type.Integer()),
    removed: Nullable(Type.Object({ at: Type.String(), by: Type.String(), reason: Nullable(Type.String()) }, Closed)),
  },
  Closed,
);
sameShape<Static<typeof RoomRegisterLineSchema>, RoomRegisterLine>(true);

/** GET /api/admin/room-uses: a month's register. */
export const RoomRegisterSchema = Type.Object({ month: Type.String(), lines: Type.Array(RoomRegisterLineSchema) }, Closed);

export const RoomUseSchema = Type.Object(
  {
    id: Type.Integer(),
    date: Type.String(),
    from: Type.String(),
    to: Type.String(),
    purpose: Type.String(),
    organiser: Type.String(),
    headcount: Type.Integer(),
    enteredAt: Type.Number(),
    enteredBy: Type.String(),
    removal: Nullable(Type.Object({ at: Type.Number(), by: Type.String(), reason: Nullable(Type.String()) }, Closed)),
  },
  Closed,
);
sameShape<Static<typeof RoomUseSchema>, RoomUse>(true);

/** POST /api/admin/room-uses and …/:id/removal: the hand-entered use. */
export const RoomUseAnswerSchema = Type.Object({ use: RoomUseSchema }, Closed);
