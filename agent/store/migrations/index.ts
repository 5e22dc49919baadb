// Every schema migration, oldest first. Add a new file NNNN-what-changed.ts; never edit a released one.
import type { Migration } from '../migrate.ts';
import { foundation } from './0001-foundation.ts';
import { recordsAndOutbox } from './0002-records-and-outbox.ts';
import { coursewareLibrary } from './0003-courseware-library.ts';
import { health } from './0004-health.ts';
import { rosterHistory } from './0005-roster-history.ts';
import { adminAccounts } from './0006-admin-accounts.ts';
import { pinResetCodes } from './0007-pin-reset-codes.ts';
import { satisfaction } from './0008-satisfaction.ts';
import { sheetOrderWithdrawnCodes } from './0009-sheet-order-withdrawn-codes.ts';
import { mobileLedger } from './0010-mobile-ledger.ts';
import { branchActivities } from './0011-branch-activities.ts';
import { makeUpStudy } from './0012-make-up-study.ts';
import { weeklyReportAndRoomUse } from './0013-weekly-report-and-room-use.ts';
import { viewingProofs } from './0014-viewing-proofs.ts';
import { remoteHelp } from './0015-remote-help.ts';

export const migrations: readonly Migration[] = [foundation, recordsAndOutbox, coursewareLibrary, health, rosterHistory, adminAccounts, pinResetCodes, satisfaction, sheetOrderWithdrawnCodes, mobileLedger, branchActivities, makeUpStudy, weeklyReportAndRoomUse, viewingProofs, remoteHelp];
export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]!.version;
