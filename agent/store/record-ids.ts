// The ids of the records the hub keeps by station and id (a session's report, a mobile-ledger entry, an activity,
// a room use), after a restore from a backup. A terminal that went on working after its backup was made reported
// records the backup does not hold; their ids are the next ones SQLite would hand out again (max(id) + 1), and
// the hub would take a new record under an old id as a correction of that record (a session's report replaced) or
// as one it already has (a ledger entry or a room use dropped). So a restore sets a floor for each: the next
// record starts past every id the lost terminal can have used since, and the ids after it follow as before.
import type { Db } from './database.ts';
import { readSetting, writeSetting } from '../settings/settings-store.ts';

/** Tables whose ids the hub keys records by (protocol: sessionId, entryId, activityId, useId). */
export const REPORTED_ID_TABLES = ['sessions', 'mobile_ledger', 'activities', 'room_uses'] as const;
export type ReportedIdTable = (typeof REPORTED_ID_TABLES)[number];

/** { table: the first id a new record may take } — set by a restore, read at each insert. */
export const ID_FLOOR_SETTING = 'restore.idFloor';

/**
 * How far past the backup's highest id a restored station starts: more records of each kind than a terminal makes
 * in years (a daily viewing is 365 a year), so the ids the lost terminal used after the backup are never reused.
 */
export const RESTORE_ID_GAP = 10_000;

/** The id for a new row of `table`: null (SQLite picks max + 1, as always) unless a restore's floor is above that. */
export function nextRecordId(db: Db, table: ReportedIdTable): number | null {
  const floor = readSetting<Partial<Record<ReportedIdTable, number>>>(db, ID_FLOOR_SETTING)?.[table];
  if (floor === undefined) return null;
  const max = (db.prepare(`SELECT coalesce(max(id), 0) AS m FROM ${table}`).get() as { m: number }).m;
  return max + 1 >= floor ? null : floor;
}

/** At a restore: each table's next id a gap past the highest the backup holds (and past any floor set before). */
export function setRestoreIdFloor(db: Db, at: number): Record<ReportedIdTable, number> {
  const before = readSetting<Partial<Record<ReportedIdTable, number>>>(db, ID_FLOOR_SETTING) ?? {};
  const floor = {} as Record<ReportedIdTable, number>;
  for (const table of REPORTED_ID_TABLES) {
    const max = (db.prepare(`SELECT coalesce(max(id), 0) AS m FROM ${table}`).get() as { m: number }).m;
    floor[table] = Math.max(max + 1 + RESTORE_ID_GAP, before[table] ?? 0);
  }
  writeSetting(db, ID_FLOOR_SETTING, floor, at);
  return floor;
}
