// The agent's API shapes, imported as types only: the kiosk talks to the agent over HTTP, never in-process. Where a
// route declares its response schema (agent/api/schemas/), the type here is that schema's Static<…> — what the
// tests hold every reply to; the rest are still the agent's own types, until their routes declare theirs.
import type { Static } from 'typebox';
import type * as Sessions from '../../../agent/api/schemas/session-schemas.pure.ts';
import type * as Station from '../../../agent/api/schemas/station-schemas.pure.ts';
import type * as Satisfaction from '../../../agent/api/schemas/satisfaction-schemas.pure.ts';
import type * as ActivityDoor from '../../../agent/api/schemas/activity-door-schemas.pure.ts';

export type SessionView = Static<typeof Sessions.SessionViewSchema>;
export type AttendeeView = Static<typeof Sessions.AttendeeViewSchema>;
export type Session = Static<typeof Sessions.SessionSchema>;
export type Showing = Static<typeof Sessions.ShowingSchema>;
/** POST /api/sessions/:id/checkins: the outcome and the door's figures. */
export type CheckinReply = Static<typeof Sessions.CheckinReplySchema>;
export type CheckinOutcome = Omit<CheckinReply, 'figures'>;
export type DoorNotice = Static<typeof Station.DoorNoticeSchema>;
export type PrintablePage = Static<typeof Station.PrintablePageSchema>;
export type KioskScreen = Static<typeof Station.KioskScreenSchema>;
export type Alert = Static<typeof Station.AlertSchema>;
export type { StationEvent } from '../../../agent/events.ts';
export type ClockTrust = Static<typeof Station.ClockTrustSchema>;
export type { GuestCategory, MemberCategory } from '../../../agent/roster/categories.pure.ts';
export type ActivityDoorView = Static<typeof ActivityDoor.ActivityDoorViewSchema>;
export type ActivityDoorAnswer = Static<typeof ActivityDoor.ActivityDoorAnswerSchema>;
export type { Program } from '../../../agent/programs/program-store.ts';
export type { RecurrenceRule, Occurrence, Weekday } from '../../../agent/programs/recurrence.pure.ts';
export type { Member, MemberInput } from '../../../agent/roster/member-store.ts';
export type { FlowKind, LedgerEntry } from '../../../agent/roster/mobile-ledger-store.ts';
export type { Course } from '../../../content/course-store.ts';
export type { StationSettings, SiteGrade, TextSize, CheckinSoundLevel, NameOrderSetting } from '../../../agent/settings/station-settings.pure.ts';
export type { MonthlyReport } from '../../../agent/reports/monthly-report.ts';
export type { LogEntry } from '../../../agent/stationlog/station-log.ts';
export type Notice = Static<typeof Station.NoticeSchema>;
export type { CourseMedia } from '../../../agent/api/routes/media-routes.ts';
export type { DeviceHealth } from '../../../agent/api/routes/device-routes.ts';
export type { ImportResult } from '../../../agent/roster/roster-import.ts';
export type SurveyView = Static<typeof Satisfaction.SurveyViewSchema>;
export type { SatisfactionAnswer } from '../../../agent/satisfaction/satisfaction.pure.ts';
export type { WeekLine, WeeklyReportView } from '../../../agent/api/routes/weekly-routes.ts';
export type { RoomRegisterLine } from '../../../agent/room-use/room-use.pure.ts';

/** What GET /api/state answers: its response schema's type, which the agent's stationState() is checked against. */
export type StationState = Static<typeof Station.StationStateSchema>;

/** The check-in screen's roster: what a tile shows and how names are found and ordered (agent/roster/checkin-list.ts). */
export type { CheckinTile as CheckinMember } from '../../../agent/roster/checkin-list.ts';

/** What GET /api/compliance answers: the month so far against the grade and the county's policy (达标进度). */
export type { ComplianceView } from '../../../agent/api/routes/compliance-routes.ts';
export type { Activity, ActivityCheckin, ActivityPhoto } from '../../../agent/activities/activity-store.ts';
export type { MonthlyActivities, MonthlyActivityLine } from '../../../agent/activities/month-activities.ts';
export type { PhotoOutcome } from '../../../agent/activities/activity-photos.ts';
export type { ActivityKind, RhythmLine } from '../../../protocol/branch-rhythm.pure.ts';
