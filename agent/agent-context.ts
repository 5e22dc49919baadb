// What the running agent's parts share: the database, the clock, the event bus and the long-lived services.
import type { Db } from './store/database.ts';
import type { StationEvents } from './events.ts';
import type { AlertCenter } from './alerts/alert-center.ts';
import type { Scheduler } from './schedule/scheduler.ts';
import type { AdminAuth } from './admin/admin-auth.ts';
import type { LibraryService } from './library/library-service.ts';
import type { LibraryImports } from './library/import-jobs.ts';
import type { HealthService } from './health/health-service.ts';
import type { UplinkService } from './uplink/uplink-service.ts';
import type { ViewingProof } from './proof/viewing-proof.ts';
import type { RemoteHelpService } from './remote-help/remote-help-service.ts';

export interface AgentContext {
  db: Db;
  dataDir: string;
  events: StationEvents;
  alerts: AlertCenter;
  scheduler: Scheduler;
  auth: AdminAuth;
  library: LibraryService;
  /** USB sticks and URL downloads being imported into the library (the admin screen's import jobs). */
  imports: LibraryImports;
  health: HealthService;
  /** Heartbeats and the outbox to the county hub; status() for the admin screen. */
  uplink: UplinkService;
  /** Proof of viewing (收看留证): the screen and room pictures of each group viewing. */
  proof: ViewingProof;
  /** Remote help (远程协助): the county's screenshot, kiosk restart and diagnostics commands. */
  remoteHelp: RemoteHelpService;
  now: () => number;
}
