// What the running hub's parts share: the database with its stores, the clock and the county's time zone.
import type { HubDb } from './store/database.ts';
import { StationStore } from './store/station-store.ts';
import { ReportStore } from './store/report-store.ts';
import { DownlinkStore } from './store/downlink-store.ts';
import { StaffStore } from './store/staff-store.ts';
import { StaffAuth } from './auth/staff-auth.ts';

export const DEFAULT_HUB_TIME_ZONE = 'Asia/Shanghai';

export interface HubContext {
  db: HubDb;
  now: () => number;
  /** The county's time zone: months, days and "the 20th" are judged in it. */
  timeZone: string;
  stations: StationStore;
  reports: ReportStore;
  downlink: DownlinkStore;
  staff: StaffStore;
  auth: StaffAuth;
}

export function hubContext(db: HubDb, options: { now?: () => number; timeZone?: string } = {}): HubContext {
  return {
    db,
    now: options.now ?? Date.now,
    timeZone: options.timeZone ?? DEFAULT_HUB_TIME_ZONE,
    stations: new StationStore(db),
    reports: new ReportStore(db),
    downlink: new DownlinkStore(db),
    staff: new StaffStore(db),
    auth: new StaffAuth(db),
  };
}
