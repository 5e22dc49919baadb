// The staff API's answers, as the hub declares them: types only (the hub's modules never reach the browser). Where
// a route declares its response schema (county/api/schemas/), the type here is that schema's Static<…> — what the
// tests hold every reply to; the rest are still the hub's own types, until their routes declare theirs.
import type { Static } from 'typebox';
import type * as Staff from '../../../api/schemas/staff-schemas.pure.ts';
import type * as Org from '../../../api/schemas/org-schemas.pure.ts';
import type * as Dash from '../../../api/schemas/dashboard-schemas.pure.ts';
import type { StationDetail } from '../../../views/dashboard-views.ts';
import type { RankingSort, StationRow } from '../../../views/station-rows.ts';
import type { HubAlert, HubAlertCode } from '../../../figures/alerts.pure.ts';
import type { CountyProgramInput, CountyProgramRecord } from '../../../store/downlink-store.ts';
import type { HubStation, IssuedCode } from '../../../store/station-store.ts';
import type { Policy } from '../../../../protocol/downlink.pure.ts';
import type { CountyRule } from '../../../../protocol/recurrence-rule.pure.ts';
import type { Grade } from '../../../../protocol/site-grades.pure.ts';

export type { CountyProgramInput, CountyProgramRecord, CountyRule, Grade, HubAlert, HubAlertCode, HubStation, IssuedCode };
export type { Policy, RankingSort, StationDetail, StationRow };
/** GET /api/county/overview. */
export type Overview = Static<typeof Dash.OverviewSchema>;

export type StaffUser = Static<typeof Staff.StaffUserSchema>;
export type StaffRole = StaffUser['role'];
/** POST /api/county/login. */
export type LoginResult = Static<typeof Staff.LoginResultSchema>;
/** GET /api/county/users. */
export type UsersAnswer = Static<typeof Staff.UsersSchema>;
export type CountyNoticeRecord = Static<typeof Staff.CountyNoticeSchema>;
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

export interface AlertsAnswer {
  hubTime: number;
  month: string;
  timeZone: string;
  alerts: HubAlert[];
}

/** GET /api/county/stations. */
export type StationListAnswer = Static<typeof Dash.StationListSchema>;

export type CountyProgram = CountyProgramRecord & { stationProgramId: string };
export type SessionReport = StationDetail['sessions'][number];
export type LogLine = StationDetail['stationLog'][number];
