// What the running hub's parts share: the database with its stores, the clock and the county's time zone.
import { KeptMonthFigures } from './views/kept-month-figures.ts';
import { readMonthInputs } from './views/month-inputs.ts';
import type { HubDb } from './store/database.ts';
import { sqliteHubDatabase, type HubDatabase } from './store/hub-database.ts';
import { PinResetStore } from './store/pin-reset-store.ts';
import { StationStore } from './store/station-store.ts';
import { ReportStore } from './store/report-store.ts';
import { DownlinkStore } from './store/downlink-store.ts';
import { StaffStore } from './store/staff-store.ts';
import { StaffAuth } from './auth/staff-auth.ts';
import { BudgetStore } from './store/budget-store.ts';
import { WeeklyReportHubStore } from './store/weekly-report-store.ts';
import { OrgStore } from './store/org-store.ts';
import { AlertingStore } from './store/alerting-store.ts';
import { InstructorStore } from './store/instructor-store.ts';
import { DeliveryStore } from './store/delivery-store.ts';
import { DownlinkSignal } from './live/downlink-signal.ts';
import { ViewingProofHubStore } from './store/proof-store.ts';
import { RemoteHelpHubStore } from './store/remote-help-store.ts';
import { DEFAULT_INGEST_BUDGET, type IngestBudget } from './ingest/ingest-budget.pure.ts';
import { DownlinkCache } from './live/downlink-cache.ts';

export const DEFAULT_HUB_TIME_ZONE = 'Asia/Shanghai';

export interface HubContext {
  /** The database behind the query builder (SQLite or PostgreSQL): every store runs on it. */
  database: HubDatabase;
  now: () => number;
  /** The county's time zone: months, days and "the 20th" are judged in it. */
  timeZone: string;
  stations: StationStore;
  /** The org tree above the stations (province → township); empty on a county-only hub. */
  org: OrgStore;
  reports: ReportStore;
  /** Weekly reports (每周一报) and room uses as the stations sent them. */
  weekly: WeeklyReportHubStore;
  /** Each station's remaining report budget, and the budget itself (ingest/ingest-budget.pure.ts). */
  budgets: BudgetStore;
  ingestBudget: IngestBudget;
  downlink: DownlinkStore;
  pinResets: PinResetStore;
  staff: StaffStore;
  auth: StaffAuth;
  /** Who is told of alerts, the alert cases and every notice sent (issue 17). */
  alerting: AlertingStore;
  /** 党建指导员: their stations over time, and the guidance they logged (指导记录). */
  instructors: InstructorStore;
  /** How far each program and notice got on each station (issue 17). */
  deliveries: DeliveryStore;
  /** Wakes the stations waiting for their downlink to change (GET /api/v1/wait). */
  downlinkSignal: DownlinkSignal;
  /** Proof-of-viewing pictures (收看留证) the stations sent, found through viewing_proofs (issue 17). */
  proofs: ViewingProofHubStore;
  /** Remote-help commands to stations (screenshot, kiosk restart, diagnostics) and their results (issue 17). */
  remoteHelp: RemoteHelpHubStore;
  /** What each unit's stations are sent, kept while the database's downlink epoch is unchanged (live/downlink-cache.ts). */
  downlinkCache: DownlinkCache;
  /** A province's or a city's month of figures, read once a minute for the whole hub (views/kept-month-figures.ts). */
  keptFigures: KeptMonthFigures;
}

/** The hub's parts over its database: an open SQLite file (the embedded default) or a HubDatabase (PostgreSQL). */
export function hubContext(db: HubDb | HubDatabase, options: { now?: () => number; timeZone?: string; ingestBudget?: IngestBudget; keptFiguresMinStations?: number } = {}): HubContext {
  const database = 'kysely' in db ? db : sqliteHubDatabase(db);
  const kysely = database.kysely;
  const org = new OrgStore(kysely);
  const downlink = new DownlinkStore(kysely);
  const now = options.now ?? Date.now;
  const stations = new StationStore(kysely);
  const ctx: HubContext = {
    database,
    now,
    timeZone: options.timeZone ?? DEFAULT_HUB_TIME_ZONE,
    stations,
    org,
    reports: new ReportStore(kysely),
    weekly: new WeeklyReportHubStore(kysely),
    budgets: new BudgetStore(kysely),
    ingestBudget: options.ingestBudget ?? DEFAULT_INGEST_BUDGET,
    downlink,
    pinResets: new PinResetStore(kysely),
    staff: new StaffStore(kysely),
    auth: new StaffAuth(database),
    alerting: new AlertingStore(kysely),
    instructors: new InstructorStore(kysely),
    deliveries: new DeliveryStore(kysely),
    downlinkSignal: new DownlinkSignal(),
    proofs: new ViewingProofHubStore(kysely),
    remoteHelp: new RemoteHelpHubStore(kysely),
    downlinkCache: new DownlinkCache(async (unitId) => downlink.unitContent(unitId === null ? [] : (await org.pathTo(unitId)).map((u) => u.id))),
    keptFigures: new KeptMonthFigures({ read: (month) => readMonthInputs(ctx, month, null, { places: true }), countStations: () => stations.count(), now, minStations: options.keptFiguresMinStations }),
  };
  return ctx;
}
