// The hub's schema on both databases: PostgreSQL's baseline has every table and column SQLite has after its
// migrations, two hub processes starting at once on one server migrate it once, a database from a newer release
// is refused untouched, and every migration after the baseline is SQL both databases read alike.
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrations } from '../../../county/store/migrations/index.ts';
import { POSTGRES_BASELINE_VERSION } from '../../../county/store/postgres/baseline.ts';
import { migratePostgres, postgresSchemaVersion } from '../../../county/store/postgres/migrate.ts';
import { SchemaTooNewError } from '../../../common/schema-migrations.ts';
import type { HubDatabase } from '../../../county/store/hub-database.ts';
import { openTestHubDatabase, secondConnection, type TestHubDatabase } from '../support/hub-database-fixture.ts';
import { postgresClusterUrl } from '../../support/postgres-database.ts';

const open: HubDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close()));
});
async function database(dialect: 'sqlite' | 'postgres'): Promise<TestHubDatabase> {
  const d = await openTestHubDatabase(dialect);
  open.push(d);
  return d;
}

async function columns(d: HubDatabase): Promise<Record<string, string[]>> {
  const tables = (await d.kysely.introspection.getTables()).filter((t) => t.name !== 'hub_schema_version');
  return Object.fromEntries(tables.map((t) => [t.name, t.columns.map((c) => c.name).sort()]).sort(([a], [b]) => String(a).localeCompare(String(b))));
}

describe('hub schema', () => {
  it('migrations after the PostgreSQL baseline use only what both databases read alike', () => {
    // SQLite's INTEGER is 64-bit and PostgreSQL's 32: epoch ms would overflow it. BIGINT and DOUBLE PRECISION
    // mean the same on both; the rest are SQLite's alone (docs/guides/add-hub-query.md).
    const sqliteOnly = /\b(INTEGER|REAL|AUTOINCREMENT|WITHOUT\s+ROWID|NOCASE|PRAGMA)\b|\b(ifnull|iif|strftime|julianday|datetime|group_concat)\s*\(/i;
    const offending = migrations.filter((m) => m.version > POSTGRES_BASELINE_VERSION && sqliteOnly.test(m.up)).map((m) => `${m.version} ${m.name}: ${sqliteOnly.exec(m.up)?.[0]}`);
    expect(offending).toEqual([]);
  });

  it.runIf(postgresClusterUrl() !== null)('PostgreSQL has the same tables and columns as SQLite after every migration', async () => {
    const [lite, server] = await Promise.all([database('sqlite'), database('postgres')]);
    const expected = await columns(lite);
    expect(Object.keys(expected).length).toBeGreaterThan(15);
    expect(await columns(server)).toEqual(expected);
  });

  it.runIf(postgresClusterUrl() !== null)('two hub processes starting at once on one PostgreSQL migrate it once', async () => {
    const first = await database('postgres');
    const url = first.url!;
    await sql`DROP SCHEMA public CASCADE; CREATE SCHEMA public`.execute(first.kysely);
    const [a, b] = await Promise.all([secondConnection(url), secondConnection(url)]);
    open.push(a, b);
    expect(await postgresSchemaVersion(a.kysely)).toBe(Math.max(POSTGRES_BASELINE_VERSION, ...migrations.map((m) => m.version)));
    const versions = await sql<{ n: number }>`SELECT count(*) AS n FROM hub_schema_version`.execute(b.kysely);
    expect(versions.rows[0]!.n).toBe(1);
  });

  it.runIf(postgresClusterUrl() !== null)('a PostgreSQL database a newer release wrote is refused and left as it was', async () => {
    const d = await database('postgres');
    await sql`UPDATE hub_schema_version SET version = 999`.execute(d.kysely);
    const error = await migratePostgres(d.kysely, migrations, (found, known) => `too new ${found} > ${known}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaTooNewError);
    expect((error as SchemaTooNewError).found).toBe(999);
    expect(await postgresSchemaVersion(d.kysely)).toBe(999);
  });
});
