// Which stations a read is about (issue 16): a list of stations (a unit's subtree, OrgStore.stationIdsUnder, or
// one station), or every station of the hub. The dashboard's pages of a unit (its overview, ranking, children,
// stations) read only their stations' rows: the filter goes into each query, so a county's page within a
// province of 20,000 stations reads its few hundred stations' month and not the province's.
//
// The ids are handed over as one value, not as a recursive subquery: PostgreSQL cannot estimate a recursive
// CTE's rows (it guessed a county's subtree at the whole hub and read the whole month through the date index),
// whereas it knows an array's length and then takes the per-station indexes for a county and the date index for
// most of the hub. On PostgreSQL `= ANY($1)` with a text[]; on SQLite `IN (SELECT value FROM json_each(?))`,
// which SQLite turns into one index search per station (EXPLAIN QUERY PLAN: LIST SUBQUERY). One parameter on
// both, whatever the unit's size (SQLite allows 32,766 parameters a statement, a province has more stations).
import { PostgresAdapter, sql, type RawBuilder, type SqlBool } from 'kysely';
import type { HubKysely } from './hub-database.ts';

/** null: every station of the hub. Retired stations may be listed: a filter never decides what a figure counts, only what is read. */
export type StationFilter = { readonly stations: readonly string[] } | null;

/** The condition a table keyed by `column` (a station's id) meets for the filter; null: no condition (every station). */
export function stationCondition(db: HubKysely, filter: StationFilter, column: string): RawBuilder<SqlBool> | null {
  if (filter === null) return null;
  const ids = filter.stations;
  if (ids.length === 1) return sql<SqlBool>`${sql.ref(column)} = ${ids[0]}`;
  if (db.getExecutor().adapter instanceof PostgresAdapter) return sql<SqlBool>`${sql.ref(column)} = ANY(${[...ids]})`;
  return sql<SqlBool>`${sql.ref(column)} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
}
