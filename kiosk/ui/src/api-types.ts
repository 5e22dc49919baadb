// The agent's API shapes, imported as types only: the kiosk talks to the agent over HTTP, never in-process. Every
// answer's type here is its route's response schema's Static<…> (agent/api/schemas/) — what the tests hold every
// reply to; what remains the agent's own types are the requests' shapes, the events and the words' unions.
import type { Static } from 'typebox';
import type * as Sessions from '../../../agent/api/schemas/session-schemas.pure.ts';
import type * as Station from '../../../agent/api/schemas/station-schemas.pure.ts';
import type * as Satisfaction from '../../../agent/api/schemas/satisfaction-schemas.pure.ts';
import type * as ActivityDoor from '../../../agent/api/schemas/activity-door-schemas.pure.ts';
import type * as ActivityAdmin from '../../../agent/api/schemas/activity-admin-schemas.pure.ts';
import type * as Records from '../../../agent/api/schemas/records-schemas.pure.ts';
import type * as Proof from '../../../agent/api/schemas/proof-schemas.pure.ts';
import type * as Roster from '../../../agent/api/schemas/roster-schemas.pure.ts';
import type * as Schedule from '../../../agent/api/schemas/schedule-schemas.pure.ts';
import type * as DeviceLibrary from '../../../agent/api/schemas/device-library-schemas.pure.ts';
import type * as Admin from '../../../agent/api/schemas/admin-schemas.pure.ts';

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
/** DELETE /api/admin/attendance/:id (a viewing's) or /api/admin/activities/checkins/:id (an activity's): the undone check-in and the door's figures. */
export type UndoneCheckin = Static<typeof Admin.UndoneCheckinSchema> | Static<typeof ActivityDoor.ActivityUndoneSchema>;
export type ActivityDoorAnswer = Static<typeof ActivityDoor.ActivityDoorAnswerSchema>;
export type Program = Static<typeof Schedule.ProgramSchema>;
/** A program as GET /api/admin/programs answers it: with its rule in words and its next showings. */
export type ProgramWithPreview = Static<typeof Schedule.ProgramWithPreviewSchema>;
export type Occurrence = Static<typeof Schedule.OccurrenceSchema>;
export type { RecurrenceRule, Weekday } from '../../../agent/programs/recurrence.pure.ts';
export type Member = Static<typeof Roster.MemberSchema>;
export type { MemberInput } from '../../../agent/roster/member-store.ts';
export type { FlowKind } from '../../../agent/roster/mobile-ledger-store.ts';
export type LedgerEntry = Static<typeof Roster.LedgerEntrySchema>;
export type Course = Static<typeof Schedule.CourseSchema>;
export type StationSettings = Static<typeof Records.StationSettingsSchema>;
export type { SiteGrade, TextSize, CheckinSoundLevel, NameOrderSetting } from '../../../agent/settings/station-settings.pure.ts';
export type MonthlyReport = Static<typeof Records.MonthlyReportSchema>;
export type LogEntry = Static<typeof Records.LogEntrySchema>;
export type Notice = Static<typeof Station.NoticeSchema>;
export type CourseMedia = Static<typeof Schedule.CourseMediaSchema>;
export type DeviceHealth = Static<typeof DeviceLibrary.DeviceHealthSchema>;
/** The device tab's health history: the latest sample, the 48 hours of 15-minute points, the kiosk and the hub. */
export type HealthOverview = DeviceHealth['health'];
/** One 15-minute point of that history. */
export type HealthAggregate = HealthOverview['series'][number];
/** A point's min/avg/max of one measure. */
export type Range = NonNullable<HealthAggregate['cpuLoadPct']>;
export type ImportResult = Static<typeof Roster.ImportResultSchema>;
export type { ExportKind } from '../../../agent/exports/export-kinds.pure.ts';
export type SurveyView = Static<typeof Satisfaction.SurveyViewSchema>;
export type { SatisfactionAnswer } from '../../../agent/satisfaction/satisfaction.pure.ts';
export type WeekLine = Static<typeof Records.WeekLineSchema>;
export type WeeklyReportView = Static<typeof Records.WeeklyReportViewSchema>;
export type RoomRegisterLine = Static<typeof Records.RoomRegisterLineSchema>;
export type RoomUse = Static<typeof Records.RoomUseSchema>;

/** What GET /api/state answers: its response schema's type, which the agent's stationState() is checked against. */
export type StationState = Static<typeof Station.StationStateSchema>;

/** The check-in screen's roster: what a tile shows and how names are found and ordered (agent/roster/checkin-list.ts). */
export type CheckinMember = Static<typeof Schedule.CheckinTileSchema>;

/** What GET /api/compliance answers: the month so far against the grade and the county's policy (达标进度). */
export type ComplianceView = Static<typeof Records.ComplianceViewSchema>;
export type Activity = Static<typeof ActivityDoor.ActivitySchema>;
export type ActivityCheckin = Static<typeof ActivityAdmin.ActivityCheckinSchema>;
export type ActivityPhoto = Static<typeof ActivityAdmin.ActivityPhotoSchema>;
/** GET /api/admin/activities: a month's register, the rhythm as of today, the activities whose door is open. */
export type ActivityRegister = Static<typeof ActivityAdmin.ActivityRegisterSchema>;
/** GET /api/admin/activities/:id: the record, its figures, its check-ins and its photos. */
export type ActivityDetail = Static<typeof ActivityAdmin.ActivityDetailSchema>;
export type ActivityCheckinOutcome = Static<typeof ActivityAdmin.ActivityCheckinOutcomeSchema>;
export type MonthlyActivities = Static<typeof Records.MonthlyActivitiesSchema>;
export type MonthlyActivityLine = MonthlyActivities['activities'][number];
export type PhotoOutcome = Static<typeof ActivityAdmin.PhotoOutcomeSchema>;
export type { ActivityKind } from '../../../protocol/branch-rhythm.pure.ts';
export type RhythmLine = Static<typeof Records.RhythmLineSchema>;

/** Who is logged in (GET /api/admin/me), a one-time PIN (POST /api/admin/accounts/:id/pin), the accounts. */
export type AdminMe = Static<typeof Roster.MeSchema>;
export type OneTimePin = Static<typeof Roster.OneTimePinSchema>;
export type Account = Static<typeof Admin.AccountSchema>;
export type NewAccount = Static<typeof Admin.NewAccountSchema>;
/** POST /api/admin/pin-reset/check: the county's code is good (the hour it was issued in, and until when). */
export type AcceptedCode = Static<typeof Roster.AcceptedCodeSchema>;

export type Equipment = Static<typeof DeviceLibrary.EquipmentSchema>;
export type { EquipmentCondition, EquipmentInput } from '../../../agent/health/equipment-store.ts';
export type RemovableVolume = Static<typeof DeviceLibrary.RemovableVolumeSchema>;
export type VolumesResponse = Static<typeof DeviceLibrary.VolumesSchema>;
export type VolumeFilesResponse = Static<typeof DeviceLibrary.VolumeFilesSchema>;
export type ImportJobView = Static<typeof DeviceLibrary.ImportJobSchema>;
export type JobFileResult = ImportJobView['results'][number];
export type ConversionsResponse = Static<typeof DeviceLibrary.ConversionsSchema>;
export type LibraryLogEntry = Static<typeof DeviceLibrary.LibraryLogEntrySchema>;
/** POST /api/admin/exports/:kind/save and /api/admin/exports/copy. */
export type SavedExport = Static<typeof DeviceLibrary.SavedExportSchema>;
export type CopiedExport = Static<typeof DeviceLibrary.CopiedExportSchema>;
/** Who is in admin mode (the login's answer names him) and the names offered at the admin entry. */
export type AdminAccount = Static<typeof Admin.AccountNameSchema>;
export type Login = Static<typeof Admin.LoginSchema>;
export type LoginChoices = Static<typeof Admin.LoginChoicesSchema>;
export type Tutors = Static<typeof Admin.TutorsSchema>;
/** POST /api/admin/play, /api/sessions/:id/tutor …: the session after it. */
export type SessionAnswer = Static<typeof Admin.SessionAnswerSchema>;
/** POST /api/admin/weekly-reports/:week/send: the week, and whether this call queued it. */
export type WeeklyReportSent = Static<typeof Records.WeeklyReportSentSchema>;
export type RoomUseAnswer = Static<typeof Records.RoomUseAnswerSchema>;
export type PhotoOutcomes = Static<typeof ActivityAdmin.PhotoOutcomesSchema>;
/** The lists the admin screens read, each as its route answers it. */
export type Courses = Static<typeof Schedule.CoursesSchema>;
export type Programs = Static<typeof Schedule.ProgramsSchema>;
export type RulePreview = Static<typeof Schedule.RulePreviewSchema>;
export type Members = Static<typeof Roster.MembersSchema>;
export type Ledger = Static<typeof Roster.LedgerSchema>;
export type EquipmentList = Static<typeof DeviceLibrary.EquipmentListSchema>;
export type ImportJobs = Static<typeof DeviceLibrary.ImportJobsSchema>;
export type ImportJobAnswer = Static<typeof DeviceLibrary.ImportJobAnswerSchema>;
export type LibraryLog = Static<typeof DeviceLibrary.LibraryLogSchema>;
export type WeekLines = Static<typeof Records.WeekLinesSchema>;
export type WeeklyReportAnswer = Static<typeof Records.WeeklyReportAnswerSchema>;
export type RoomRegister = Static<typeof Records.RoomRegisterSchema>;
export type StationLog = Static<typeof Records.StationLogSchema>;
export type Thumbnail = Static<typeof ActivityAdmin.ThumbnailSchema>;
export type CheckinList = Static<typeof Schedule.CheckinListSchema>;
export type ConversionView = ConversionsResponse['conversions'][number];
export type Accounts = Static<typeof Admin.AccountsSchema>;
export type Notices = Static<typeof Admin.NoticesSchema>;
export type Board = Static<typeof Sessions.BoardSchema>;
export type PhoneTail = Static<typeof Station.PhoneTailSchema>;
export type ActivityAnswer = Static<typeof ActivityAdmin.ActivityAnswerSchema>;

/** GET/PUT /api/admin/proof-settings: the room camera's switch (收看留证). */
export type ProofSettings = Static<typeof Proof.ProofSettingsSchema>;
