// `yuanjiao county migrate --from <hub data dir | SQLite file> --to postgres://…`: a county's SQLite hub moved
// into a province's PostgreSQL. The source is never changed: it is copied with SQLite's online backup into a
// temporary folder and the copy migrated to this program's schema; the target is migrated to the same schema. With
// `--under UNIT` the county joins a province's hub that may already hold the province's units, staff, audit and
// other counties, under that unit (the rules per table: hub-merge.ts); without it the target must be empty (its
// org units aside). Every table goes across in dependency order, in batches, inside one transaction on the target,
// which commits only once every table holds what it held plus what the county brought, and the overview of the
// last months (of the unit, with --under) read inside it equals the county's — otherwise nothing of it remains.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { HUB_DATABASE_FILE, hubTooNew, openHubDatabase, type HubDb } from '../store/database.ts';
import { sqliteHubDatabase } from '../store/hub-database.ts';
import { openPostgresHub } from '../store/postgres/open.ts';
import { BackupError } from '../../common/database-backup.ts';
import { acquireInstanceLock, HUB_LOCK, InstanceLockError } from '../../common/instance-lock.ts';
import { differences } from '../../common/backup-manifest.ts';
import { hubFigures, hubSnapshot, inTransaction, tableCounts, type HubSnapshot } from './hub-snapshot.ts';
import { expectedGain, mergeRows, planMerge } from './hub-merge.ts';
import { backupFileKind } from './hub-restore.ts';
import { levelMayHold, type UnitLevel } from '../../protocol/org-units.pure.ts';


export interface MigrateResult {
  source: string;
  stations: number;
  /** The county's staff accounts, now the `--under` unit's: they log in again (sessions are not moved). */
  staff: number;
  rows: number;
  found: HubSnapshot;
  /** hub_settings keys the province already had and kept. */
  keptSettings: string[];
  /** Staff accounts that moved under another name (lower-case old name → new). */
  renamed: Record<string, string>;
}

/** The source's database file, with the hub's lock held on its folder while it is read (null for a lone file). */
function sourceFile(from: string): { file: string; release: () => void } {
  const resolved = path.resolve(from);
  if (!fs.existsSync(resolved)) throw new BackupError(`找不到 ${resolved} / ${resolved} does not exist`);
  if (fs.statSync(resolved).isDirectory()) {
    const file = path.join(resolved, HUB_DATABASE_FILE);
    if (!fs.existsSync(file)) throw new BackupError(`${resolved} 中没有县级平台数据库 ${HUB_DATABASE_FILE} / no county hub database in ${resolved}`);
    try {
      // A hub still taking reports would lose what arrives after the copy: stop it first.
      return { file, release: acquireInstanceLock(resolved, HUB_LOCK) };
    } catch (err) {
      if (err instanceof InstanceLockError) throw new BackupError(`${err.message}。请先停止它再搬迁（之后到达的上报会丢失），未做任何改动 / stop it before moving (reports arriving later would be lost); nothing was changed`);
      throw err;
    }
  }
  if (backupFileKind(resolved) !== 'sqlite') throw new BackupError(`${resolved} 不是 SQLite 数据库 / ${resolved} is not a SQLite database`);
  return { file: resolved, release: () => undefined };
}

/** Tables in an order that inserts every row after the rows it points at (SQLite's foreign_key_list). */
export function dependencyOrder(db: HubDb, tables: readonly string[]): string[] {
  const parents = new Map(tables.map((t) => [t, new Set((db.pragma(`foreign_key_list("${t}")`) as { table: string }[]).map((f) => f.table).filter((p) => p !== t && tables.includes(p)))]));
  const ordered: string[] = [];
  const visit = (t: string, path: readonly string[]): void => {
    if (ordered.includes(t)) return;
    if (path.includes(t)) throw new BackupError(`表之间的引用成环：${[...path, t].join(' → ')} / the tables' references form a cycle`);
    for (const p of parents.get(t) ?? []) visit(p, [...path, t]);
    ordered.push(t);
  };
  for (const t of [...tables].sort()) visit(t, []);
  return ordered;
}

/** Identity columns continue after the highest id copied, so the next row the hub adds does not collide. */
async function advanceIdentities(trx: Kysely<Record<string, Record<string, unknown>>>): Promise<void> {
  const identities = await sql<{ t: string; c: string }>`
    SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'`.execute(trx);
  for (const { t, c } of identities.rows) {
    await sql`SELECT setval(pg_get_serial_sequence(${t}, ${c}), coalesce((SELECT max(${sql.id(c)}) FROM ${sql.id(t)}), 0) + 1, false)`.execute(trx);
  }
}

export async function migrateHub(options: { from: string; to: string; under?: string; renameStaff?: readonly string[]; timeZone?: string }): Promise<MigrateResult> {
  const { file, release } = sourceFile(options.from);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'yj-migrate-'));
  try {
    // The source read once, whole, at one instant; the copy migrated to this program's schema, the source untouched.
    const original = new Database(file, { readonly: true, fileMustExist: true });
    try {
      await original.backup(path.join(work, HUB_DATABASE_FILE));
    } finally {
      original.close();
    }
    const copy = openHubDatabase(work);
    const sourceDb = sqliteHubDatabase(copy);
    try {
      const at = Date.now();
      const before = await hubSnapshot(sourceDb, at, options.timeZone);
      const stationIds = (copy.prepare('SELECT id FROM stations ORDER BY id').all() as { id: string }[]).map((r) => r.id);
      const target = await openPostgresHub(options.to, hubTooNew, { max: 2 });
      try {
        const kysely = target.kysely as unknown as Kysely<Record<string, Record<string, unknown>>>;
        const under = options.under === undefined ? null : await unitToPlaceUnder(kysely, options.under, copy);
        const tables = Object.keys(before.counts);
        const already = await tableCounts(target.kysely, 'postgres');
        const missing = tables.filter((t) => already[t] === undefined);
        if (missing.length > 0) throw new BackupError(`目标数据库缺少表 ${missing.join(', ')}：两边的数据库版本不同？/ the target lacks the tables ${missing.join(', ')}: a different schema version?`);
        const merge = await planMerge(kysely, options.to, copy, under, already, at, options.renameStaff);
        const gain = expectedGain(before.counts, merge);
        const rows = await kysely.transaction().execute(async (trx) => {
          const n = await mergeRows(copy, trx, dependencyOrder(copy, tables), merge, at, file);
          await advanceIdentities(trx);
          const moved = inTransaction(trx as never, 'postgres');
          const counts = await tableCounts(moved.kysely, 'postgres');
          // Every table: what the target held before plus what the county brought. The county's figures: those of
          // the unit it went under (the whole hub when it went into an empty one).
          const expected = { counts: Object.fromEntries(Object.entries(already).map(([t, k]) => [t, k + (gain[t] ?? 0)])), figures: before.figures };
          const diff = differences(expected, { counts, figures: await hubFigures(moved, at, options.timeZone, under) });
          // Thrown inside the transaction: it rolls back, and the target is as it was.
          if (diff.length > 0) throw new BackupError(`搬迁后的数据与原数据不符，已全部撤销 / what arrived differs from the source, and was rolled back:\n  ${diff.join('\n  ')}`);
          return n;
        });
        return { source: file, stations: stationIds.length, staff: before.counts['staff_users'] ?? 0, rows, found: before, keptSettings: merge.keptSettings, renamed: Object.fromEntries(merge.renames) };
      } finally {
        await target.close();
      }
    } finally {
      await sourceDb.close();
      copy.close();
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    release();
  }
}

/** The unit the moved stations go under: it exists in the target, is not retired and may hold the source's top units. */
async function unitToPlaceUnder(db: Kysely<Record<string, Record<string, unknown>>>, unitId: string, source: HubDb): Promise<string> {
  const unit = await db.selectFrom('org_units').select(['id', 'level', 'retired_at']).where('id', '=', unitId).executeTakeFirst();
  if (!unit || unit.retired_at !== null) throw new BackupError(`目标数据库中没有单位「${unitId}」（或已撤销）；未做任何改动 / no unit ${unitId} in the target (or it is retired); nothing was changed`);
  const level = unit.level as UnitLevel;
  const tops = source.prepare('SELECT id, level FROM org_units WHERE parent_id IS NULL').all() as { id: string; level: UnitLevel }[];
  const misfit = tops.find((t) => !levelMayHold(level, t.level));
  if (misfit) throw new BackupError(`单位「${unitId}」（${level}）之下不能放 ${misfit.id}（${misfit.level}）；未做任何改动 / unit ${unitId} (${level}) cannot hold ${misfit.id} (${misfit.level}); nothing was changed`);
  return unitId;
}
