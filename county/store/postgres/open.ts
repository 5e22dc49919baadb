// Opens the hub's PostgreSQL database (`--db postgres://…`): checks the address, reaches the server once (so a
// wrong address or a server that is down is refused at start, not at the first station's report), checks that
// the database sorts and folds text as SQLite does (collation C: byte order, ASCII-only lower()), and migrates.
// The CLI words each refusal (cli/hub-refusal-texts.ts, hubDatabaseRefusalText).
import { sql } from 'kysely';
import { postgresHubDatabase, type HubDatabase, type PostgresOptions } from '../hub-database.ts';
import { migratePostgres } from './migrate.ts';
import { migrations } from '../migrations/index.ts';
import type { TooNewMessage } from '../../../common/schema-migrations.ts';

/** Why the hub could not use the database it was given: the address itself, or the server behind it. */
export type HubDatabaseRefusalCode = 'database_url_invalid' | 'database_unreachable' | 'database_collation';

export class HubDatabaseRefusal extends Error {
  override name = 'HubDatabaseRefusal';
  constructor(
    readonly code: HubDatabaseRefusalCode,
    /** The address without its password, and what the driver said. */
    readonly params: { target: string; reason: string },
  ) {
    super(`${code} ${params.target}: ${params.reason}`);
  }
}

/** The address as it may be printed and logged: user, host, port and database, never the password. */
export function shownTarget(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(不是有效的地址 / not a valid address)';
  }
}

function isBytewise(locale: string): boolean {
  return locale === 'C' || locale === 'POSIX' || locale.startsWith('C.');
}

export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}

export async function openPostgresHub(url: string, tooNew: TooNewMessage, options: PostgresOptions = {}): Promise<HubDatabase> {
  const target = shownTarget(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new HubDatabaseRefusal('database_url_invalid', { target, reason: 'not a URL' });
  }
  if (!isPostgresUrl(url) || parsed.hostname === '' || parsed.pathname.length <= 1) {
    throw new HubDatabaseRefusal('database_url_invalid', { target, reason: 'expected postgres://USER@HOST[:PORT]/DATABASE' });
  }
  const database = postgresHubDatabase(url, options);
  try {
    await sql`SELECT 1`.execute(database.kysely);
  } catch (err) {
    await database.close();
    throw new HubDatabaseRefusal('database_unreachable', { target, reason: err instanceof Error ? err.message || String((err as { code?: string }).code) : String(err) });
  }
  try {
    // One set of queries for both databases must also order and compare text alike: SQLite compares bytes.
    const collation = await sql<{ collate: string; ctype: string }>`SELECT datcollate AS collate, datctype AS ctype FROM pg_database WHERE datname = current_database()`.execute(database.kysely);
    const { collate, ctype } = collation.rows[0]!;
    if (!isBytewise(collate) || !isBytewise(ctype)) throw new HubDatabaseRefusal('database_collation', { target, reason: `${collate}/${ctype}` });
    await migratePostgres(database.kysely, migrations, tooNew);
    return database;
  } catch (err) {
    await database.close();
    throw err;
  }
}
