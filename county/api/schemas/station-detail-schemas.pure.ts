// The staff API's answer for a station's page (GET /api/county/stations/:id?month=), the last route to declare its
// response schema (issue 13): each part checked against the hub's own type, and the whole against StationDetail
// (views/dashboard-views.ts); the dashboard's StationDetail is its Static<…>. The station, its row, its alerts and
// its unit path reuse the schemas of the list, the ranking, the alert list and the org tree.
import { Type, type Static } from 'typebox';
import { ACTIVITY_KINDS } from '../../../protocol/branch-rhythm.pure.ts';
import { Nullable, OneOf, sameShape } from '../../../common/schema-kit.pure.ts';
import type { StationDetail } from '../../views/dashboard-views.ts';
import type { SeriesMonth } from '../../views/participation-series.ts';
import type { StationActivities } from '../../views/station-activities.ts';
import type { HubLedgerEntry } from '../../store/mobile-ledger-rows.ts';
import type { HubRoomUse, HubWeeklyReport } from '../../store/weekly-report-store.ts';
import type { LogLine } from '../../store/report-store.ts';
import { ListedStationSchema, StationRowSchema } from './dashboard-schemas.pure.ts';
import { HubAlertSchema } from './county-admin-schemas.pure.ts';
import { UnitRefSchema } from './org-schemas.pure.ts';

const Closed = { additionalProperties: false } as const;
const Share = Nullable(Type.Number());
const Count = Type.Integer();

const SeriesMonthSchema = Type.Object(
  {
    month: Type.String(),
    registered: Nullable(Count),
    attendedRegistered: Nullable(Count),
    excused: Nullable(Count),
    participationRate: Share,
    sessionsHeld: Nullable(Count),
    sessionsRequired: Nullable(Count),
    compliant: Nullable(Type.Boolean()),
    uptime: Share,
  },
  Closed,
);
sameShape<Static<typeof SeriesMonthSchema>, SeriesMonth>(true);

const satisfactionFields = {
  satisfied: Count,
  basicallySatisfied: Count,
  dissatisfied: Count,
  surveys: Count,
  answers: Count,
  share: Share,
  meetsTarget: Nullable(Type.Boolean()),
  target: Type.Number(),
};
const SurveyedSessionSchema = Type.Object(
  { sessionId: Count, date: Type.String(), present: Count, satisfied: Count, basicallySatisfied: Count, dissatisfied: Count, share: Share },
  Closed,
);

const SessionSchema = Type.Object(
  {
    sessionId: Count,
    reportedAt: Type.Number(),
    title: Type.String(),
    date: Type.String(),
    scheduledStart: Type.Number(),
    startedAt: Nullable(Type.Number()),
    endedAt: Nullable(Type.Number()),
    playedMs: Type.Number(),
    held: Type.Boolean(),
    registered: Count,
    attendedRegistered: Count,
    rate: Share,
    guests: Count,
    guestsByCategory: Nullable(Type.Record(Type.String(), Type.Number())),
    makeUp: Type.Boolean(),
    playedMinutes: Type.Number(),
  },
  Closed,
);

const LogLineSchema = Type.Object({ eventId: Type.String(), at: Type.Number(), type: Type.String(), actor: Type.String(), message: Type.String() }, Closed);
sameShape<Static<typeof LogLineSchema>, LogLine>(true);

const LedgerEntrySchema = Type.Object(
  {
    entryId: Count,
    kind: OneOf(['flow_in', 'flow_out', 'return']),
    date: Type.String(),
    memberName: Type.String(),
    branch: Nullable(Type.String()),
    organisation: Type.String(),
    contact: Nullable(Type.String()),
    certificateNo: Nullable(Type.String()),
    note: Nullable(Type.String()),
    corrects: Nullable(Count),
    correctedBy: Nullable(Count),
    enteredBy: Type.String(),
    enteredAt: Type.Number(),
  },
  Closed,
);
sameShape<Static<typeof LedgerEntrySchema>, HubLedgerEntry>(true);

const ComplianceSchema = Type.Object(
  {
    state: OneOf(['coming', 'running', 'over']),
    viewingsStillNeeded: Count,
    minutesRequired: Nullable(Type.Number()),
    minutesStillNeeded: Nullable(Type.Number()),
    fixedStudyDays: Type.Array(Type.String()),
    missedFixedDays: Type.Array(Type.String()),
    met: Type.Boolean(),
    text: Type.String(),
  },
  Closed,
);

const ActivitySchema = Type.Object(
  {
    activityId: Count,
    revision: Count,
    kind: OneOf(ACTIVITY_KINDS),
    date: Type.String(),
    startTime: Type.String(),
    place: Type.String(),
    host: Type.String(),
    topic: Type.String(),
    minutes: Type.String(),
    branch: Nullable(Type.String()),
    sessionId: Nullable(Count),
    registered: Count,
    attendedRegistered: Count,
    guests: Count,
    photoHashes: Type.Array(Type.String()),
    withdrawn: Nullable(Type.Object({ at: Type.Number(), by: Type.String(), reason: Type.String() }, Closed)),
    reportedAt: Type.Number(),
  },
  Closed,
);
const RhythmLineSchema = Type.Object(
  {
    kind: OneOf(ACTIVITY_KINDS),
    period: OneOf(['month', 'quarter']),
    periodLabel: Type.String(),
    from: Type.String(),
    to: Type.String(),
    required: Count,
    held: Count,
    status: OneOf(['met', 'short', 'pending']),
  },
  Closed,
);
const StationActivitiesSchema = Type.Object({ activities: Type.Array(ActivitySchema), asOf: Type.String(), rhythm: Type.Array(RhythmLineSchema) }, Closed);
sameShape<Static<typeof StationActivitiesSchema>, StationActivities>(true);

const WeeklyReportSchema = Type.Object(
  {
    stationId: Type.String(),
    week: Type.String(),
    from: Type.String(),
    to: Type.String(),
    composedAt: Type.Number(),
    sentAt: Type.Number(),
    sentBy: OneOf(['admin', 'deadline']),
    remark: Nullable(Type.String()),
    viewings: Count,
    viewingsHeld: Count,
    participationRate: Share,
    coursewareReceived: Count,
    uptime: Share,
    alerts: Count,
    sections: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), lines: Type.Array(Type.String()) }, Closed)),
    receivedAt: Type.Number(),
  },
  Closed,
);
sameShape<Static<typeof WeeklyReportSchema>, HubWeeklyReport>(true);

const RoomUseSchema = Type.Object(
  {
    useId: Count,
    date: Type.String(),
    from: Type.String(),
    to: Type.String(),
    purpose: Type.String(),
    organiser: Type.String(),
    headcount: Count,
    enteredBy: Type.String(),
    removedAt: Nullable(Type.Number()),
    removalReason: Nullable(Type.String()),
  },
  Closed,
);
sameShape<Static<typeof RoomUseSchema>, HubRoomUse>(true);

/** GET /api/county/stations/:id?month= (and its HEAD): everything the station's page shows of the month. */
export const StationDetailSchema = Type.Object(
  {
    hubTime: Type.Number(),
    month: Type.String(),
    timeZone: Type.String(),
    station: ListedStationSchema,
    row: StationRowSchema,
    clockSkewMs: Nullable(Type.Number()),
    heartbeatAt: Nullable(Type.Number()),
    uptimeTimeline: Type.Array(Type.Object({ date: Type.String(), share: Share }, Closed)),
    participationSeries: Type.Array(SeriesMonthSchema),
    satisfaction: Type.Object({ ...satisfactionFields, sessions: Type.Array(SurveyedSessionSchema) }, Closed),
    monthComplete: Type.Boolean(),
    sessions: Type.Array(SessionSchema),
    latestHealth: Nullable(Type.Object({ at: Type.Number(), report: Type.Record(Type.String(), Type.Unknown()) }, Closed)),
    equipment: Nullable(Type.Object({ at: Type.Number(), items: Type.Array(Type.Unknown()) }, Closed)),
    stationLog: Type.Array(LogLineSchema),
    alerts: Type.Array(HubAlertSchema),
    mobileLedger: Type.Array(LedgerEntrySchema),
    makeUp: Type.Object({ showings: Count, attended: Nullable(Count), notStudied: Nullable(Count) }, Closed),
    compliance: Nullable(ComplianceSchema),
    branchActivities: StationActivitiesSchema,
    weeklyReports: Type.Object({ reports: Type.Array(WeeklyReportSchema), missing: Type.Array(Type.String()) }, Closed),
    roomUses: Type.Array(RoomUseSchema),
    unitPath: Type.Array(UnitRefSchema),
  },
  Closed,
);
sameShape<Static<typeof StationDetailSchema>, StationDetail>(true);
