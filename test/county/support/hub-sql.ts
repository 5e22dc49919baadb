// The database a test hub runs on, and the tests' own reads of it, on SQLite or PostgreSQL alike.
//
// YJ_HUB_DB=postgres (the `hub-on-postgres` project in vitest.config.ts) starts every test hub on a fresh
// database in the run's throwaway cluster; otherwise (the default) on the SQLite file in its data directory. A
// hub is known here by its data directory: a hub restarted on the same directory gets the same database back,
// as it would get its file back, and the tests keep reading "the hub of this directory" on either database.
// The reads go through their own connection, as another process would, and their SQL is the tests' own: write
// it as both databases read it (no PRAGMA, no SQLite functions; `?` placeholders are numbered for PostgreSQL).
import path from 'node:path';
import Database from 'better-sqlite3';
import { CompiledQuery } from 'kysely';
import { HUB_DATABASE_FILE } from '../../../county/store/database.ts';
import { postgresHubDatabase, type HubDialect } from '../../../county/store/hub-database.ts';
import { freshPostgresDatabase } from '../../support/postgres-database.ts';

/** The database test hubs start on in this run (YJ_HUB_DB, set per vitest project). */
export function testHubDialect(): HubDialect {
  return process.env.YJ_HUB_DB === 'postgres' ? 'postgres' : 'sqlite';
}

const postgresByDataDir = new Map<string, string>();

/**
 * The PostgreSQL address the hub of `dataDir` is to start on (the one given, or the one this directory had, or a
 * fresh database when this run's hubs are on PostgreSQL), or undefined for its SQLite file.
 */
export async function testHubDatabaseUrl(dataDir: string, given?: string): Promise<string | undefined> {
  const key = path.resolve(dataDir);
  if (given !== undefined) {
    postgresByDataDir.set(key, given);
    return given;
  }
  let url = postgresByDataDir.get(key);
  if (url === undefined && testHubDialect() === 'postgres') {
    url = await freshPostgresDatabase();
    postgresByDataDir.set(key, url);
  }
  return url;
}

/** The PostgreSQL address of the hub of `dataDir`, or undefined when it keeps its records in its SQLite file. */
export function hubDatabaseUrl(dataDir: string): string | undefined {
  return postgresByDataDir.get(path.resolve(dataDir));
}

/** What a county CLI command adds to `--data DIR` to reach the same hub's records: `--db URL` on PostgreSQL. */
export function hubDbArgs(dataDir: string): string[] {
  const url = hubDatabaseUrl(dataDir);
  return url === undefined ? [] : ['--db', url];
}

/** `?` placeholders numbered as PostgreSQL wants them ($1, $2, …), leaving quoted text alone. */
function numberedPlaceholders(sqlText: string): string {
  let n = 0;
  return sqlText.replace(/'(?:[^']|'')*'|\?/g, (token) => (token === '?' ? `$${++n}` : token));
}

async function onPostgres<T>(url: string, sqlText: string, params: readonly unknown[]): Promise<T[]> {
  // The hub's own pool settings, so BIGINT counts and instants come back as numbers, as on SQLite.
  const database = postgresHubDatabase(url, { max: 1 });
  try {
    const result = await database.kysely.executeQuery<T>(CompiledQuery.raw(numberedPlaceholders(sqlText), [...params]));
    return [...result.rows];
  } finally {
    await database.close();
  }
}

function onSqlite<T>(dataDir: string, run: (db: Database.Database) => T, readonly = true): T {
  const db = new Database(path.join(dataDir, HUB_DATABASE_FILE), { readonly });
  try {
    return run(db);
  } finally {
    db.close();
  }
}

/** The rows a query gives on the hub of `dataDir`, read as another process would. */
export async function hubRows<T>(dataDir: string, sqlText: string, ...params: unknown[]): Promise<T[]> {
  const url = postgresByDataDir.get(path.resolve(dataDir));
  if (url !== undefined) return onPostgres<T>(url, sqlText, params);
  return onSqlite(dataDir, (db) => db.prepare(sqlText).all(...params) as T[]);
}

/** Runs a statement that changes the hub's rows behind its back (an older hub's row, a damaged one). */
export async function hubWrite(dataDir: string, sqlText: string, ...params: unknown[]): Promise<void> {
  const url = postgresByDataDir.get(path.resolve(dataDir));
  if (url !== undefined) {
    await onPostgres(url, sqlText, params);
    return;
  }
  onSqlite(dataDir, (db) => db.prepare(sqlText).run(...params), false);
}

/** The columns `table` has on the hub of `dataDir`, in their order. */
export async function hubColumns(dataDir: string, table: string): Promise<string[]> {
  const url = postgresByDataDir.get(path.resolve(dataDir));
  const rows = url !== undefined
    ? await onPostgres<{ name: string }>(url, "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position", [table])
    : onSqlite(dataDir, (db) => db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]);
  return rows.map((r) => r.name);
}

export const HUB_TABLES = ['stations', 'enrollment_codes', 'events', 'uptime_spans', 'session_reports', 'month_summaries', 'station_status', 'station_alerts', 'station_ingest_budget', 'satisfaction_reports'] as const;

/** Row counts of the hub's tables (and the stations' last_seen_at), read as another process would. */
export async function hubSnapshot(dataDir: string): Promise<Record<string, unknown>> {
  const counts: Record<string, unknown> = {};
  for (const t of HUB_TABLES) counts[t] = (await hubRows<{ n: number }>(dataDir, `SELECT count(*) AS n FROM ${t}`))[0]!.n;
  counts.lastSeen = await hubRows(dataDir, 'SELECT id, last_seen_at FROM stations ORDER BY id');
  return counts;
}
