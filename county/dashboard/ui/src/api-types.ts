// The staff API's answers, as the hub declares them: types only (the hub's modules never reach the browser). Each
// answer's type is its route's response schema's Static<…> (county/api/schemas/) — what the tests hold every reply
// to; the hub's own types left here are the inputs and names the schemas are checked against.
import type { Static } from 'typebox';
import type * as Staff from '../../../api/schemas/staff-schemas.pure.ts';
import type * as CountyAdmin from '../../../api/schemas/county-admin-schemas.pure.ts';
import type * as Units from '../../../api/schemas/unit-schemas.pure.ts';
import type * as Org from '../../../api/schemas/org-schemas.pure.ts';
import type * as Dash from '../../../api/schemas/dashboard-schemas.pure.ts';
import type * as Detail from '../../../api/schemas/station-detail-schemas.pure.ts';
import type * as Alerting from '../../../api/schemas/alerting-schemas.pure.ts';
import type * as Instructors from '../../../api/schemas/instructor-schemas.pure.ts';
import type * as Live from '../../../api/schemas/live-schemas.pure.ts';
import type * as Proof from '../../../api/schemas/proof-schemas.pure.ts';
import type * as RemoteHelp from '../../../api/schemas/remote-help-schemas.pure.ts';
import type { RankingSort, StationRow } from '../../../views/station-rows.ts';
import type { HubAlertCode } from '../../../figures/alerts.pure.ts';
import type { CountyProgramInput } from '../../../store/downlink-store.ts';
import type { Policy } from '../../../../protocol/downlink.pure.ts';
import type { CountyRule } from '../../../../protocol/recurrence-rule.pure.ts';
import type { Grade } from '../../../../protocol/site-grades.pure.ts';

export type { CountyProgramInput, CountyRule, Grade, HubAlertCode };
export type { Policy, RankingSort, StationRow };
/** GET /api/county/overview. */
export type Overview = Static<typeof Dash.OverviewSchema>;

export type StaffUser = Static<typeof Staff.StaffUserSchema>;
export type StaffRole = StaffUser['role'];
/** POST /api/county/login. */
export type LoginResult = Static<typeof Staff.LoginResultSchema>;
/** GET /api/county/me. */
export type MeAnswer = Static<typeof Staff.MeSchema>;
/** GET /api/county/users. */
export type UsersAnswer = Static<typeof Staff.UsersSchema>;
export type CountyNoticeRecord = Static<typeof Staff.CountyNoticeSchema>;
/** GET /api/county/units: the org tree the caller sees (empty on a county-only hub). */
export type UnitsAnswer = Static<typeof Units.UnitsAnswerSchema>;
export type VisibleUnit = UnitsAnswer['units'][number];
/** GET /api/county/org/children, /api/county/units/:id/children: a unit's children with their figures, and the map's points. */
export type UnitChildren = Static<typeof Org.UnitChildrenSchema>;
export type ChildFigures = Static<typeof Org.ChildFiguresSchema>;
export type MapPlace = Static<typeof Org.MapPlaceSchema>;
export type UnitRef = Static<typeof Org.UnitRefSchema>;
/** GET /api/county/org/search. */
export type OrgSearchAnswer = Static<typeof Org.OrgSearchSchema>;
export type OrgMatch = Static<typeof Org.OrgMatchSchema>;

/**
 * The grades in the protocol's order. The browser gets only the protocol's types, so the list is spelt here
 * and the compiler holds it to protocol/site-grades.pure.ts: a grade missing or one too many does not compile.
 */
export const GRADES = Object.keys({ demonstration: true, standard: true, ordinary: true } satisfies Record<Grade, true>) as readonly Grade[];

export type SortOrder = 'asc' | 'desc';
export type RankedRow = StationRow & { rank: number };

/** GET /api/county/ranking. */
export type RankingAnswer = Static<typeof Dash.RankingSchema>;

/** GET /api/county/alerts. */
export type AlertsAnswer = Static<typeof CountyAdmin.AlertsAnswerSchema>;
export type HubAlert = Static<typeof CountyAdmin.HubAlertSchema>;

/** GET /api/county/stations. */
export type StationListAnswer = Static<typeof Dash.StationListSchema>;

/** A county-wide program with the id stations know it by (GET /api/county/programs and its edits). */
export type CountyProgram = Static<typeof CountyAdmin.CountyProgramSchema>;
export type CountyPrograms = Static<typeof CountyAdmin.CountyProgramsSchema>;
/** An enrollment code, shown once (POST /api/county/stations/:id/enrollment-code). */
export type IssuedCode = Static<typeof CountyAdmin.IssuedCodeSchema>;
export type EnrollmentCodeAnswer = Static<typeof CountyAdmin.EnrollmentCodeAnswerSchema>;
/** POST /api/county/stations: the station and its first enrollment code; PATCH …/:id: the station after it. */
export type NewStation = Static<typeof CountyAdmin.NewStationSchema>;
export type HubStation = Static<typeof CountyAdmin.HubStationSchema>;
export type StationAnswer = Static<typeof CountyAdmin.StationAnswerSchema>;
/** A station's admin PIN reset codes: one issued (shown once), the list of those issued, one withdrawn. */
export type PinResetIssued = Static<typeof CountyAdmin.PinResetIssuedSchema>;
export type IssuedPinResetCode = PinResetIssued['pinReset'];
export type PinResetCodes = Static<typeof CountyAdmin.PinResetCodesSchema>;
export type IssuedPinResetRow = PinResetCodes['issued'][number];
export type PinResetWithdrawn = Static<typeof CountyAdmin.PinResetWithdrawnSchema>;
export type NoticesAnswer = Static<typeof Staff.NoticesAnswerSchema>;
export type PolicyAnswer = Static<typeof Staff.PolicyAnswerSchema>;
/** GET /api/county/stations/:id?month=: a station's page. */
export type StationDetail = Static<typeof Detail.StationDetailSchema>;
export type SessionReport = StationDetail['sessions'][number];
export type LogLine = StationDetail['stationLog'][number];

/** GET /api/county/alert-cases; POST …/:id/ack answers one case. */
export type AlertCasesAnswer = Static<typeof Alerting.AlertCasesAnswerSchema>;
export type AlertCaseAnswer = Static<typeof Alerting.AlertCaseAnswerSchema>;
export type AlertCase = Static<typeof Alerting.AlertCaseSchema>;
export type AlertDelivery = Static<typeof Alerting.AlertDeliverySchema>;
/** GET/POST /api/county/notify/contacts, POST …/:id/test. */
export type NotifyContactsAnswer = Static<typeof Alerting.NotifyContactsAnswerSchema>;
export type NotifyContactAnswer = Static<typeof Alerting.NotifyContactAnswerSchema>;
export type NotifyContact = Static<typeof Alerting.NotifyContactSchema>;
export type NotifyChannel = NotifyContact['channel'];
export type ContactTestAnswer = Static<typeof Alerting.ContactTestAnswerSchema>;
/** GET /api/county/alert-rules, PUT …/:kind, PUT /api/county/notify/sms. */
export type AlertRulesAnswer = Static<typeof Alerting.AlertRulesAnswerSchema>;
export type AlertRule = Static<typeof Alerting.AlertRuleSchema>;
/** GET /api/county/stations/:id/guidance: the station's 党建指导员, their history and the month's 指导记录. */
export type StationGuidance = Static<typeof Instructors.StationGuidanceSchema>;
export type GuidanceRecord = Static<typeof Instructors.GuidanceRecordSchema>;
export type GuidanceKind = GuidanceRecord['kind'];
/** GET /api/county/instructors. */
export type InstructorsAnswer = Static<typeof Instructors.InstructorsSchema>;
/** GET /api/county/live/:id: a live broadcast's stations (issue 17). */
export type LiveState = Static<typeof Live.LiveStateSchema>;
/** GET /api/county/programs/:id/deliveries and /api/county/notices/:id/deliveries. */
export type DeliveriesAnswer = Static<typeof Live.DeliveriesAnswerSchema>;
/** GET /api/county/stations/:id/proofs: the pictures of a month's viewings (收看留证). */
export type StationProofs = Static<typeof Proof.StationProofsSchema>;
/** GET /api/county/stations/:id/remote-help: the station's remote-help commands and what the caller may send (issue 17). */
export type RemoteHelpList = Static<typeof RemoteHelp.RemoteHelpListSchema>;
export type RemoteHelpCommand = Static<typeof RemoteHelp.RemoteHelpCommandAnswerSchema>;
