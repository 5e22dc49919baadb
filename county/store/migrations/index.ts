// Every hub schema migration, oldest first. Add a new file NNNN-what-changed.ts; never edit a released one.
// From 0010 on, one SQL text runs on SQLite and on PostgreSQL alike (a PostgreSQL database starts from
// ../postgres/baseline.ts, the schema after 0009): docs/guides/add-hub-query.md says what that text may use.
import type { HubMigration } from '../database.ts';
import { hubFoundation } from './0001-hub-foundation.ts';
import { dashboardIndexes } from './0002-dashboard-indexes.ts';
import { staffMustChangePassword } from './0003-staff-must-change-password.ts';
import { eventsKeyedByStation } from './0004-events-keyed-by-station.ts';
import { loginThrottle } from './0005-login-throttle.ts';
import { pinResetCodes } from './0006-pin-reset-codes.ts';
import { satisfactionReports } from './0007-satisfaction-reports.ts';
import { pinResetWithdrawals } from './0008-pin-reset-withdrawals.ts';
import { mobileLedger } from './0009-mobile-ledger.ts';
import { branchActivities } from './0010-branch-activities.ts';

import { weeklyReportsAndRoomUses } from './0012-weekly-reports-and-room-uses.ts';
import { orgTree } from './0013-org-tree.ts';
import { programsAndNoticesPerUnit } from './0015-programs-and-notices-per-unit.ts';
import { dashboardCoveringIndexes } from './0016-dashboard-covering-indexes.ts';
import { stationKeysForProgramsAndNotices } from './0017-station-keys-for-programs-and-notices.ts';
import { stationRunsIndex } from './0018-station-runs-index.ts';
import { alertEscalation } from './0019-alert-escalation.ts';
import { instructors } from './0020-instructors.ts';
import { viewingProofs } from './0021-viewing-proofs.ts';
import { targetsDeliveriesAndLive } from './0022-targets-deliveries-and-live.ts';
import { remoteHelp } from './0023-remote-help.ts';
import { downlinkEpoch } from './0024-downlink-epoch.ts';
import { uptimePrefixes } from './0025-uptime-prefixes.ts';
import { liveEnd } from './0026-live-end.ts';

export const migrations: readonly HubMigration[] = [hubFoundation, dashboardIndexes, staffMustChangePassword, eventsKeyedByStation, loginThrottle, pinResetCodes, satisfactionReports, pinResetWithdrawals, mobileLedger, branchActivities, weeklyReportsAndRoomUses, orgTree, programsAndNoticesPerUnit, dashboardCoveringIndexes, stationKeysForProgramsAndNotices, stationRunsIndex, alertEscalation, instructors, viewingProofs, targetsDeliveriesAndLive, remoteHelp, downlinkEpoch, uptimePrefixes, liveEnd];
