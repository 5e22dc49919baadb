// The hub's database behind one seam: a Kysely instance over either the embedded SQLite file (the default) or
// a PostgreSQL server (`yuanjiao county start --db postgres://…`, issue 16). Stores written on the query
// builder take a HubDatabase and run the same queries on both; the SQLite connection is still handed to the
// stores not yet moved onto it (docs/guides/add-hub-query.md lists them and says how to move one).
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import pg from 'pg';
import type { HubDb } from './database.ts';
import type { HubTables } from './hub-tables.ts';

export type HubDialect = 'sqlite' | 'postgres';
export type HubKysely = Kysely<HubTables>;

export interface HubDatabase {
  readonly dialect: HubDialect;
  readonly kysely: HubKysely;
  /** The SQLite connection, for the stores not yet on the query builder; null on PostgreSQL. */
  readonly sqlite: HubDb | null;
  /** Ends the connections this seam opened (the SQLite file is closed by whoever opened it). */
  close(): Promise<void>;
}

/**
 * Statements the query builder sends, prepared once per SQL text: better-sqlite3 compiles at every prepare(),
 * and Kysely's SQLite driver prepares every query it runs, which for ingest's one-row statements would be most
 * of their cost. Bounded, because a multi-row insert's text depends on how many rows it has.
 */
const STATEMENT_CACHE_LIMIT = 1000;

function cachingDatabase(db: HubDb): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    // The file belongs to whoever opened it (openHubDatabase's caller), not to the query builder.
    close: () => undefined,
    prepare(sqlText) {
      let stmt = cache.get(sqlText);
      if (stmt === undefined) {
        if (cache.size >= STATEMENT_CACHE_LIMIT) cache.clear();
        stmt = db.prepare(sqlText) as unknown as SqliteStatement;
        cache.set(sqlText, stmt);
      }
      return stmt;
    },
  };
}

/** The hub's SQLite file (opened and migrated by openHubDatabase) behind the seam. */
export function sqliteHubDatabase(db: HubDb): HubDatabase {
  const kysely = new Kysely<HubTables>({ dialect: new SqliteDialect({ database: cachingDatabase(db) }) });
  return { dialect: 'sqlite', kysely, sqlite: db, close: () => kysely.destroy() };
}

/**
 * PostgreSQL's BIGINT (instants in epoch ms, counts) arrives as a string unless told otherwise; every integer
 * the hub keeps is far below 2^53, so it is read as a number, as SQLite gives it. Per pool, not pg's global.
 */
const INT8_OID = 20;
const NUMERIC_OID = 1700;
function hubTypes(): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
      return pg.types.getTypeParser(oid, format);
    }) as pg.CustomTypesConfig['getTypeParser'],
  };
}

export interface PostgresOptions {
  /** Connections in the pool (several hub processes share one server: each keeps its own few). */
  max?: number;
  /** How long to wait for a connection before giving up (the refusal at start says the server is unreachable). */
  connectionTimeoutMillis?: number;
}

/** A pool on the PostgreSQL server at `url`, behind the seam. Connects lazily: openPostgresHub checks and migrates. */
export function postgresHubDatabase(url: string, options: PostgresOptions = {}): HubDatabase {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5000, types: hubTypes() });
  // An idle connection the server drops (restart, network) is taken out of the pool; without a listener it would crash the process.
  pool.on('error', () => undefined);
  const kysely = new Kysely<HubTables>({ dialect: new PostgresDialect({ pool }) });
  return { dialect: 'postgres', kysely, sqlite: null, close: () => kysely.destroy() };
}
