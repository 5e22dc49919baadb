// Brings a PostgreSQL hub database up to date with the hub's numbered migrations. A new database takes the
// baseline (the schema after 0009) in one step; from 0010 on each migration's one SQL text runs here as it
// runs on SQLite. The version is kept in hub_schema_version (SQLite keeps it in user_version).
//
// Several hub processes may start at once against one server: the whole run holds a transaction-scoped
// advisory lock, so one migrates and the others then find the work done. DDL is transactional in PostgreSQL,
// so a failed step leaves the database at its old version.
import { sql } from 'kysely';
import type { HubKysely } from '../hub-database.ts';
import { latestVersion, SchemaTooNewError, type Migration, type TooNewMessage } from '../../../common/schema-migrations.ts';
import { POSTGRES_BASELINE, POSTGRES_BASELINE_VERSION } from './baseline.ts';

/** The advisory lock's key: any constant the hub alone uses ("yjhu"). */
const SCHEMA_LOCK_KEY = 0x796a6875;

export async function postgresSchemaVersion(db: HubKysely): Promise<number> {
  const table = await sql<{ name: string | null }>`SELECT to_regclass('hub_schema_version')::text AS name`.execute(db);
  if (table.rows[0]?.name == null) return 0;
  const row = await sql<{ version: number | null }>`SELECT max(version) AS version FROM hub_schema_version`.execute(db);
  return Number(row.rows[0]?.version ?? 0);
}

/** Applies what is above the database's version, oldest first; refuses a database a newer release wrote. */
export async function migratePostgres(db: HubKysely, list: readonly Migration[], tooNew: TooNewMessage): Promise<void> {
  const known = latestVersion(list);
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${SCHEMA_LOCK_KEY})`.execute(trx);
    await sql`CREATE TABLE IF NOT EXISTS hub_schema_version (version BIGINT NOT NULL)`.execute(trx);
    let current = await postgresSchemaVersion(trx);
    if (current > known) throw new SchemaTooNewError(current, known, tooNew(current, known));
    if (current < POSTGRES_BASELINE_VERSION && known >= POSTGRES_BASELINE_VERSION) {
      await sql.raw(POSTGRES_BASELINE).execute(trx);
      current = POSTGRES_BASELINE_VERSION;
    }
    const pending = list.filter((m) => m.version > current).sort((a, b) => a.version - b.version);
    for (const m of pending) {
      // No parameters: pg sends it as a simple query, so one migration may hold several statements.
      await sql.raw(m.up).execute(trx);
      current = m.version;
    }
    await sql`DELETE FROM hub_schema_version`.execute(trx);
    await sql`INSERT INTO hub_schema_version (version) VALUES (${current})`.execute(trx);
  });
}
