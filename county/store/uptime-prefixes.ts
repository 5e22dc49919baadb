// Owner of uptime_prefixes and uptime_epochs (hub migration 0025): a month's uptime counted once up to a point, so
// the dashboard reads only the heartbeat runs after it (views/month-uptime.ts), and the mark that says a prefix
// no longer holds.
//
// Decisions:
// - A prefix is [counted_from, covered_to) of a station's runs, covered_to on a whole UTC day at least an hour
//   old when it was computed (views/month-uptime.ts). Heartbeats arriving as they should only extend the run
//   they belong to past that point, so they never touch a prefix: 20,000 stations' 5-minute heartbeats leave every
//   prefix standing. Only a write that changes a run *before* the start of the day it is stored in (or before
//   the station's newest prefix, for a hub whose clock went back) moves the station's epoch on: a backlog sent late,
//   a run said to have begun earlier. The prefixes of the station are then computed again from its runs.
// - The epoch, not a deleted row, is what voids a prefix: a page that read the runs before a late write commits
//   and saves its prefix after it saves it with the epoch it read first, which is already old.
// - Whether a run write changes anything before that point is judged from the run's stored row, in the same
//   statement as the mark: the run's last heartbeat already at or past the point means the write changes only what
//   follows it (a run covers [span_start, last_at + interval), and last_at only grows).
import { sql } from 'kysely';
import type { HubKysely } from './hub-database.ts';
import { stationCondition, type StationFilter } from './station-filter.ts';

export interface UptimePrefix {
  countedFrom: number;
  coveredTo: number;
  coveredMs: number;
  /** The station's epoch the prefix was computed at. */
  epoch: number;
}

/** A station's epoch now, and its prefix of the month (null: none saved). */
export interface PrefixRead {
  epoch: number;
  prefix: UptimePrefix | null;
}

export interface SavedPrefix extends UptimePrefix {
  stationId: string;
}

const DAY_MS = 86_400_000;
const SAVE_CHUNK = 500;

/** The start of the UTC day of `at`: the grid prefixes end on and run writes are judged against. */
export function dayStart(at: number): number {
  return at - (((at % DAY_MS) + DAY_MS) % DAY_MS);
}

/**
 * Each listed station's epoch and its prefix of `month`, in one statement so both are of one moment: the runs read
 * afterwards are at least as new as the epoch, so a prefix saved from them with this epoch is never newer than it says.
 */
export async function readPrefixes(db: HubKysely, month: string, only: StationFilter): Promise<Map<string, PrefixRead>> {
  let query = db
    .selectFrom('stations as s')
    .leftJoin('uptime_epochs as e', 'e.station_id', 's.id')
    .leftJoin('uptime_prefixes as p', (join) => join.onRef('p.station_id', '=', 's.id').on('p.month', '=', month))
    .select(['s.id', 'e.epoch', 'p.counted_from', 'p.covered_to', 'p.covered_ms', 'p.epoch as prefix_epoch']);
  const of = stationCondition(db, only, 's.id');
  if (of !== null) query = query.where(of);
  const result = new Map<string, PrefixRead>();
  for (const r of await query.execute()) {
    const prefix = r.counted_from === null || r.covered_to === null || r.covered_ms === null || r.prefix_epoch === null ? null : { countedFrom: Number(r.counted_from), coveredTo: Number(r.covered_to), coveredMs: Number(r.covered_ms), epoch: Number(r.prefix_epoch) };
    result.set(r.id, { epoch: Number(r.epoch ?? 0), prefix });
  }
  return result;
}

/** Saves (or moves on) the month's prefixes; each carries the epoch read before its runs were. */
export async function savePrefixes(db: HubKysely, month: string, prefixes: readonly SavedPrefix[]): Promise<void> {
  for (let i = 0; i < prefixes.length; i += SAVE_CHUNK) {
    const rows = prefixes.slice(i, i + SAVE_CHUNK).map((p) => ({ station_id: p.stationId, month, counted_from: p.countedFrom, covered_to: p.coveredTo, covered_ms: p.coveredMs, epoch: p.epoch }));
    await db
      .insertInto('uptime_prefixes')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['station_id', 'month']).doUpdateSet({
          counted_from: (eb) => eb.ref('excluded.counted_from'),
          covered_to: (eb) => eb.ref('excluded.covered_to'),
          covered_ms: (eb) => eb.ref('excluded.covered_ms'),
          epoch: (eb) => eb.ref('excluded.epoch'),
        }),
      )
      .execute();
  }
}

/**
 * Before a run's upsert (ReportStore's projection, in the batch's transaction): moves the station's epoch on when
 * the write may change the run before the later of the start of the day it is stored in and the station's newest
 * prefix end. One statement; it writes nothing for a heartbeat of a run already reported since then.
 */
export async function noteRunWrite(db: HubKysely, stationId: string, spanStart: number, storedAt: number): Promise<void> {
  const since = dayStart(storedAt);
  const point = sql<number>`(SELECT CASE WHEN max(covered_to) > ${since} THEN max(covered_to) ELSE ${since} END FROM uptime_prefixes WHERE station_id = ${stationId})`;
  await db
    .insertInto('uptime_epochs')
    .columns(['station_id', 'epoch'])
    .expression(
      db
        .selectNoFrom([sql<string>`CAST(${stationId} AS TEXT)`.as('station_id'), sql<number>`CAST(1 AS BIGINT)`.as('epoch')])
        .where(sql<boolean>`${spanStart} < ${point}`)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('uptime_spans').select(sql`1`.as('one')).where('station_id', '=', stationId).where('span_start', '=', spanStart).where('last_at', '>=', point))),
        ),
    )
    .onConflict((oc) => oc.column('station_id').doUpdateSet({ epoch: sql<number>`uptime_epochs.epoch + 1` }))
    .execute();
}
