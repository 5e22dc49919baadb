// The agent's API shapes, imported as types only: the kiosk talks to the agent over HTTP, never in-process.
export type { SessionView, AttendeeView } from '../../../agent/sessions/session-view.ts';
export type { Session } from '../../../agent/sessions/session-store.ts';
export type { Showing } from '../../../agent/programs/board.ts';
export type { Alert } from '../../../agent/alerts/alert-center.ts';
export type { StationEvent } from '../../../agent/events.ts';
export type { ClockTrust } from '../../../agent/clock/clock-trust.pure.ts';
export type { GuestCategory, MemberCategory } from '../../../agent/roster/categories.pure.ts';
export type { CheckinOutcome } from '../../../agent/attendance/checkin.ts';
export type { Program } from '../../../agent/programs/program-store.ts';
export type { RecurrenceRule, Occurrence, Weekday } from '../../../agent/programs/recurrence.pure.ts';
export type { Member, MemberInput } from '../../../agent/roster/member-store.ts';
export type { FlowKind, LedgerEntry } from '../../../agent/roster/mobile-ledger-store.ts';
export type { Course } from '../../../content/course-store.ts';
export type { StationSettings, SiteGrade, TextSize, CheckinSoundLevel, NameOrderSetting } from '../../../agent/settings/station-settings.pure.ts';
export type { MonthlyReport } from '../../../agent/reports/monthly-report.ts';
export type { LogEntry } from '../../../agent/stationlog/station-log.ts';
export type { Notice } from '../../../agent/notices/notice-store.ts';
export type { CourseMedia } from '../../../agent/api/routes/media-routes.ts';
export type { DeviceHealth } from '../../../agent/api/routes/device-routes.ts';
export type { ImportResult } from '../../../agent/roster/roster-import.ts';
export type { SurveyView } from '../../../agent/satisfaction/survey.ts';
export type { SatisfactionAnswer } from '../../../agent/satisfaction/satisfaction.pure.ts';
export type { WeekLine, WeeklyReportView } from '../../../agent/api/routes/weekly-routes.ts';
export type { RoomRegisterLine } from '../../../agent/room-use/room-use.pure.ts';

/** What GET /api/state answers: the agent's own type, so the two cannot drift apart. */
export type { StationState } from '../../../agent/api/routes/station-routes.ts';

/** The check-in screen's roster: what a tile shows and how names are found and ordered (agent/roster/checkin-list.ts). */
export type { CheckinTile as CheckinMember } from '../../../agent/roster/checkin-list.ts';

/** What GET /api/compliance answers: the month so far against the grade and the county's policy (达标进度). */
export type { ComplianceView } from '../../../agent/api/routes/compliance-routes.ts';
export type { Activity, ActivityCheckin, ActivityPhoto } from '../../../agent/activities/activity-store.ts';
export type { MonthlyActivities, MonthlyActivityLine } from '../../../agent/activities/month-activities.ts';
export type { PhotoOutcome } from '../../../agent/activities/activity-photos.ts';
export type { ActivityKind, RhythmLine } from '../../../protocol/branch-rhythm.pure.ts';
