// The staff API's answers, as the hub declares them: types only (the hub's modules never reach the browser).
import type { Overview, StationDetail } from '../../../views/dashboard-views.ts';
import type { RankingSort, StationRow } from '../../../views/station-rows.ts';
import type { HubAlert, HubAlertCode } from '../../../figures/alerts.ts';
import type { CountyNoticeRecord, CountyProgramInput, CountyProgramRecord } from '../../../store/downlink-store.ts';
import type { StaffRole, StaffUser } from '../../../store/staff-store.ts';
import type { HubStation, IssuedCode } from '../../../store/station-store.ts';
import type { LoginResult } from '../../../auth/staff-auth.ts';
import type { CountyRule, Grade, Policy } from '../../../../agent/uplink/protocol.ts';

export type { CountyNoticeRecord, CountyProgramInput, CountyProgramRecord, CountyRule, Grade, HubAlert, HubAlertCode, HubStation, IssuedCode, LoginResult };
export type { Overview, Policy, RankingSort, StaffRole, StaffUser, StationDetail, StationRow };

export const GRADES: readonly Grade[] = ['demonstration', 'standard', 'ordinary'];

export type SortOrder = 'asc' | 'desc';
export type RankedRow = StationRow & { rank: number };

export interface RankingAnswer {
  hubTime: number;
  month: string;
  sort: RankingSort;
  order: SortOrder;
  rows: RankedRow[];
}

export interface AlertsAnswer {
  hubTime: number;
  month: string;
  timeZone: string;
  alerts: HubAlert[];
}

export interface StationListAnswer {
  hubTime: number;
  stations: (HubStation & { online: boolean })[];
}

export type CountyProgram = CountyProgramRecord & { stationProgramId: string };
export type SessionReport = StationDetail['sessions'][number];
export type LogLine = StationDetail['stationLog'][number];
