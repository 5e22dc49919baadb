// What a hub backup, restore or move must keep: every table's row count and the dashboard's overview for the
// last months, read the same way on SQLite and PostgreSQL. The overview is computed as of one fixed instant (the
// backup's), so the same records give the same figures whenever and wherever they are read again.
import { sql, type Kysely } from 'kysely';
import type { HubDatabase, HubDialect } from '../store/hub-database.ts';
import type { HubTables } from '../store/hub-tables.ts';
import { hubContext } from '../hub-context.ts';
import { overview } from '../views/dashboard-views.ts';
import { stationScope } from '../views/org-rollup.ts';
import { monthOf, monthsEndingWith } from '../views/calendar.pure.ts';

/** Months of the overview kept in a manifest: this one and the two before it. */
export const SNAPSHOT_MONTHS = 3;

/**
 * Tables a database keeps for its own bookkeeping, not records: PostgreSQL's schema version (SQLite's is
 * user_version); the downlink epoch (one row, the database's own: a move gives the target a new token); the kept
 * months of uptime (migration 0025), derived from uptime_spans and computed again wherever they are missing: not
 * counted, not copied by a move, and a page may keep them while a backup is made.
 */
export const BOOKKEEPING = new Set(['hub_schema_version', 'downlink_epoch', 'uptime_epochs', 'uptime_prefixes']);

/** Tables whose rows are the county's records: a target holding any of them is not empty. */
export const RECORD_TABLES = ['stations', 'staff_users', 'events', 'county_programs', 'county_notices'] as const;

export interface HubSnapshot {
  counts: Record<string, number>;
  figures: unknown;
}

/** The hub's tables in this database, by name (bookkeeping left out), sorted. */
export async function hubTableNames(db: Kysely<HubTables>, dialect: HubDialect): Promise<string[]> {
  const rows =
    dialect === 'sqlite'
      ? await sql<{ name: string }>`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%'`.execute(db)
      : await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(db);
  return rows.rows.map((r) => r.name).filter((n) => !BOOKKEEPING.has(n)).sort();
}

export async function tableCounts(db: Kysely<HubTables>, dialect: HubDialect): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await hubTableNames(db, dialect)) {
    const row = await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
    counts[table] = Number(row.rows[0]!.n);
  }
  return counts;
}

/** Whether the database holds any of the county's records (an empty, migrated hub does not). */
export async function holdsRecords(db: Kysely<HubTables>, dialect: HubDialect): Promise<boolean> {
  const tables = new Set(await hubTableNames(db, dialect));
  for (const table of RECORD_TABLES) {
    if (!tables.has(table)) continue;
    const row = await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
    if (Number(row.rows[0]!.n) > 0) return true;
  }
  return false;
}

/**
 * The overview of the last SNAPSHOT_MONTHS months as of `at`, without the hub's clock in it. With `unitId`, the
 * overview of that unit's stations (the dashboard's `?unit=`), its policy the one its stations follow (the unit's
 * own or the nearest ancestor's): what a county moved under the unit must give as it gave on its own hub.
 */
export async function hubFigures(database: HubDatabase, at: number, timeZone?: string, unitId: string | null = null): Promise<unknown> {
  const ctx = hubContext(database, { now: () => at, timeZone });
  const months = monthsEndingWith(monthOf(at, ctx.timeZone), SNAPSHOT_MONTHS);
  const scope = await stationScope(ctx, unitId);
  const policy = unitId === null ? null : await ctx.downlink.policyAlong((await ctx.org.pathTo(unitId)).map((u) => u.id));
  const figures: Record<string, unknown> = {};
  for (const month of months) {
    const { hubTime, figuresAt, ...rest } = await overview(ctx, month, scope);
    void hubTime; // the clock of the read, not a figure
    void figuresAt;
    figures[month] = policy === null ? rest : { ...rest, policy };
  }
  return figures;
}

/** Counts and figures of one database, as of `at`. */
export async function hubSnapshot(database: HubDatabase, at: number, timeZone?: string): Promise<HubSnapshot> {
  return { counts: await tableCounts(database.kysely, database.dialect), figures: await hubFigures(database, at, timeZone) };
}

/** A HubDatabase over an open transaction, so a snapshot reads what the transaction sees (Kysely does not nest them). */
export function inTransaction(trx: Kysely<HubTables>, dialect: HubDialect): HubDatabase {
  return { dialect, kysely: trx, sqlite: null, close: async () => undefined };
}

/** Figures and counts side by side, as the CLI prints them after a restore or a move. */
export function describeSnapshot(s: HubSnapshot): string[] {
  const nonEmpty = Object.entries(s.counts).filter(([, n]) => n > 0);
  const lines = [`  表行数 / rows: ${nonEmpty.map(([t, n]) => `${t} ${n}`).join(', ') || '—'}`];
  for (const [month, o] of Object.entries(s.figures as Record<string, OverviewLike>)) {
    const rate = o.participation.rate === null ? '—' : `${(o.participation.rate * 100).toFixed(1)}%`;
    lines.push(
      `  ${month}: 站点 ${o.stations.total}（已加入 ${o.stations.enrolled}），集中收看 ${o.sessionsHeld} 次，参学率 ${rate}，未达标 ${o.belowMinimum.length} / ` +
        `stations ${o.stations.total} (enrolled ${o.stations.enrolled}), viewings held ${o.sessionsHeld}, participation ${rate}, below minimum ${o.belowMinimum.length}`,
    );
  }
  return lines;
}

interface OverviewLike {
  stations: { total: number; enrolled: number };
  sessionsHeld: number;
  participation: { rate: number | null };
  belowMinimum: unknown[];
}
