// How a county's rows join a province's PostgreSQL that already holds the province's own units, staff, audit and
// other counties (issue 16): the rules per table, the refusals checked before anything is written, and the copy
// itself inside the move's transaction (hub-migrate.ts runs it and proves the counts and figures afterwards).
//
// The rules, and why:
// - Stations and every station-keyed table go across as they are (station ids are random, so two counties do not
//   share them; a station id already in the target is refused). events take new arrival numbers (`seq`, the
//   target's sequence, in the county's order): nothing outside the hub refers to them.
// - The county's org units keep their ids (stations point at them); its top units and its stations without a unit
//   go under `--under`. A unit id already in the target is refused.
// - Staff become staff of the `--under` unit (those without a unit; the org tree then scopes them to the county,
//   api/unit-scope.ts) with new ids from the target's sequence. A user name already taken (without regard to case,
//   as the index has it) is refused, naming it; `--rename-staff OLD=NEW` gives the county's account another name
//   as it moves (the county's hub is left as it was; what its records say was done by OLD keeps that name).
//   Sessions and login throttle rows are not copied: the county's staff log in again.
// - staff_audit is appended with new ids, each entry's actor and detail as they were (ids inside a detail are the
//   county's former staff ids), then one entry for the move itself.
// - County programs and notices take new ids from the target's sequence and keep their station keys (migration
//   0017): a station knows a program by its key and maps it to its own (agent/uplink/downlink.ts); a new key would
//   make every station cancel the program and add it again as a new one — its schedule and log broken in two.
//   Keys made before 0017 are `cp-<id>` / `cn-<id>` on every hub, so two counties may both bring `cp-1`: each
//   reaches its own county's stations only, which is allowed. A key that the target already gives to a current
//   program or notice reaching the same stations (hub-wide, or on `--under`'s path or below it) is refused, naming
//   it. Ids inside the audit's details stay the county's former ones. Those without a unit target `--under`
//   (before the move they reached every station of the county; after it they reach the same stations).
// - hub_settings: the county's policy (`policy`, with its defaults filled in) becomes `policy:<under>`, replacing
//   one the unit had, so the county's stations keep following it and the province's own policy is not touched; a
//   county unit's own `policy:<unit>` comes along with its unit; any other key the target already has keeps the
//   target's value (it is the province's hub), one it lacks is copied.
// - Alert contacts, cases and deliveries (random ids) go across as they are; the county's desk contacts become
//   `--under`'s, so the province's own desk is not told of the county's stations.
import type { Kysely } from 'kysely';
import type { HubDb } from '../store/database.ts';
import { BackupError } from '../../common/database-backup.ts';
import { POLICY_SETTING, policySetting } from '../store/downlink-store.ts';
import { DEFAULT_POLICY } from '../../protocol/downlink.pure.ts';
import { shownTarget } from '../store/postgres/open.ts';
import { bumpDownlinkEpoch } from '../store/downlink-epoch.ts';
import type { HubKysely } from '../store/hub-database.ts';

type AnyDb = Kysely<Record<string, Record<string, unknown>>>;

/** Bind parameters per INSERT stay below PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;
const MAX_BATCH_ROWS = 1_000;
/** How many clashing names a refusal spells out. */
const NAMED = 5;

/** Tables whose rows stay behind: the staff log in again on the province's hub. */
export const NOT_MOVED = new Set(['staff_sessions', 'login_throttle']);

/** Tables whose rows take new ids from the target's identity (the column left out of the copy). */
const RENUMBERED: Record<string, string> = { events: 'seq', staff_users: 'id', staff_audit: 'id', county_programs: 'id', county_notices: 'id' };

export interface Merge {
  /** The unit the county goes under (null: an empty target, the county becoming the hub's top). */
  under: string | null;
  /** hub_settings rows the target gains (keys it lacked). */
  newSettings: number;
  /** hub_settings keys the target already had and keeps (the province's values). */
  keptSettings: string[];
  /** The county's staff accounts that take another name, by their name in lower case. */
  renames: ReadonlyMap<string, string>;
}

/** The form `addUser` accepts (auth/staff-auth.ts). */
const USERNAME = /^[\p{L}\p{N}_.@-]{2,40}$/u;

/** `--rename-staff OLD=NEW` pairs, checked against the county's accounts; the names after the move. */
function renamesFor(names: readonly string[], pairs: readonly string[]): { renames: Map<string, string>; after: string[] } {
  const renames = new Map<string, string>();
  for (const pair of pairs) {
    const [from, to, ...rest] = pair.split('=').map((p) => p.trim());
    if (!from || !to || rest.length > 0 || !USERNAME.test(to)) {
      throw new BackupError(`--rename-staff ${pair}：应为 原用户名=新用户名（新用户名 2–40 个字母、数字或 _.@-）；未做任何改动 / expected OLD=NEW (NEW: 2–40 letters, digits or _.@-); nothing was changed`);
    }
    if (!names.some((n) => n.toLowerCase() === from.toLowerCase())) throw new BackupError(`县级平台没有用户「${from}」，无法改名；未做任何改动 / the county has no user ${from} to rename; nothing was changed`);
    renames.set(from.toLowerCase(), to);
  }
  const after = names.map((n) => renames.get(n.toLowerCase()) ?? n);
  const twice = after.filter((n, i) => after.findIndex((m) => m.toLowerCase() === n.toLowerCase()) !== i);
  if (twice.length > 0) throw new BackupError(`改名后县里有重名的用户：${twice.join(', ')}；未做任何改动 / after renaming, the county has the user names ${twice.join(', ')} twice; nothing was changed`);
  return { renames, after };
}

function named(ids: readonly string[]): string {
  return ids.slice(0, NAMED).join(', ') + (ids.length > NAMED ? ` …（共 ${ids.length} 个 / ${ids.length} in all）` : '');
}

async function clashes(db: AnyDb, table: string, column: string, values: readonly (string | number)[]): Promise<string[]> {
  if (values.length === 0) return [];
  const rows = await db.selectFrom(table).select(column).where(column, 'in', [...values]).orderBy(column).execute();
  return rows.map((r) => String(r[column]));
}

function sourceColumn<T>(source: HubDb, query: string): T[] {
  return (source.prepare(query).all() as { v: T }[]).map((r) => r.v);
}

/** The county's settings after the move, by their key in the target (see the rules above). */
function settingsToWrite(source: HubDb, under: string | null, at: number): Map<string, { value: string; updated_at: number }> {
  const rows = source.prepare('SELECT key, value, updated_at FROM hub_settings ORDER BY key').all() as { key: string; value: string; updated_at: number }[];
  const out = new Map(rows.filter((r) => under === null || r.key !== POLICY_SETTING).map((r) => [r.key, { value: r.value, updated_at: r.updated_at }]));
  if (under !== null) {
    const own = rows.find((r) => r.key === POLICY_SETTING);
    // With its defaults filled in, so the county's stations do not pick up the province's for a key it never set.
    const policy = { ...DEFAULT_POLICY, ...(own === undefined ? {} : (JSON.parse(own.value) as object)) };
    out.set(policySetting(under), { value: JSON.stringify(policy), updated_at: own?.updated_at ?? at });
  }
  return out;
}

/**
 * Every refusal, before anything is written: stations, units and staff names already in the target, program or
 * notice keys the target already sends to the stations the county joins; a unit to go under that already holds stations (its figures would no longer be the
 * county's); without `--under`, a target holding any record besides org units.
 */
export async function planMerge(db: AnyDb, url: string, source: HubDb, under: string | null, targetCounts: Record<string, number>, at: number, renameStaff: readonly string[] = []): Promise<Merge> {
  const stations = await clashes(db, 'stations', 'id', sourceColumn<string>(source, 'SELECT id AS v FROM stations ORDER BY id'));
  if (stations.length > 0) {
    throw new BackupError(`${shownTarget(url)} 中已有这些站点：${named(stations)}。不能再搬一次；未做任何改动 / ${shownTarget(url)} already holds these stations: ${named(stations)}; nothing was changed`);
  }
  if (under === null) {
    const held = Object.entries(targetCounts).filter(([t, n]) => n > 0 && t !== 'org_units');
    if (held.length > 0) {
      const list = held.map(([t, n]) => `${t} ${n}`).join(', ');
      throw new BackupError(
        `${shownTarget(url)} 已有数据（${list}）：搬进已有数据的省级平台时请用 --under 指定县所在的单位；未做任何改动 / ` +
          `${shownTarget(url)} holds records (${list}): to join a province's hub, name the county's unit with --under; nothing was changed`,
      );
    }
  }
  if (under !== null) {
    const below = await db.selectFrom('stations').select('id').where('unit_id', 'in', await subtree(db, under)).orderBy('id').execute();
    if (below.length > 0) {
      const ids = below.map((r) => String(r.id));
      throw new BackupError(`单位「${under}」之下已有站点：${named(ids)}。一个县只能搬进一个尚无站点的单位；未做任何改动 / the unit ${under} already holds stations (${named(ids)}): a county joins a unit without stations; nothing was changed`);
    }
  }
  const units = await clashes(db, 'org_units', 'id', sourceColumn<string>(source, 'SELECT id AS v FROM org_units ORDER BY id'));
  if (units.length > 0) throw new BackupError(`目标数据库中已有这些单位编号：${named(units)}；未做任何改动 / the target already has the unit ids ${named(units)}; nothing was changed`);
  const { renames, after: names } = renamesFor(sourceColumn<string>(source, 'SELECT username AS v FROM staff_users ORDER BY username'), renameStaff);
  const taken = names.length === 0 ? [] : (await db.selectFrom('staff_users').select('username').where((eb) => eb(eb.fn('lower', ['username']), 'in', names.map((n) => n.toLowerCase()))).orderBy('username').execute()).map((r) => String(r.username));
  if (taken.length > 0) {
    throw new BackupError(
      `目标数据库中已有这些用户名：${named(taken)}。请用 --rename-staff 原用户名=新用户名 给县里的账号改名后再搬迁；未做任何改动 / ` +
        `the target already has the user names ${named(taken)}: give the county's account another name with --rename-staff OLD=NEW; nothing was changed`,
    );
  }
  const reach = under === null ? null : [...(await above(db, under)), ...(await subtree(db, under))];
  for (const [table, what] of [['county_programs', '节目 / programs'], ['county_notices', '通知 / notices']] as const) {
    const keys = sourceColumn<string>(source, `SELECT DISTINCT station_key AS v FROM ${table} WHERE removed_at IS NULL ORDER BY station_key`);
    const shared = keys.length === 0 || reach === null ? [] : await db
      .selectFrom(table).select('station_key').distinct()
      .where('station_key', 'in', keys).where('removed_at', 'is', null)
      .where((eb) => eb.or([eb('unit_id', 'is', null), eb('unit_id', 'in', reach)]))
      .orderBy('station_key').execute();
    const taken = shared.map((r) => String(r.station_key));
    if (taken.length > 0) {
      throw new BackupError(
        `目标数据库中已有站点编号相同的${what}：${named(taken)}，会和县里的一同下发到县里的站点。站点按编号识别县级节目和通知，所以不搬；请先在省级平台删除或改投其他单位；未做任何改动 / ` +
          `the target already sends ${what.split(' / ')[1]} keyed ${named(taken)} where the county's stations would receive them with the county's own: stations know them by key; remove them or target another unit first; nothing was changed`,
      );
    }
  }
  const settings = settingsToWrite(source, under, at);
  const present = new Set((await db.selectFrom('hub_settings').select('key').execute()).map((r) => String(r.key)));
  const replaced = under === null ? null : policySetting(under);
  const keptSettings = [...settings.keys()].filter((k) => present.has(k) && k !== replaced);
  const newSettings = [...settings.keys()].filter((k) => !present.has(k)).length;
  return { under, newSettings, keptSettings, renames };
}

/** A unit's ancestors, top first (the unit itself is the first of its subtree). */
async function above(db: AnyDb, unitId: string): Promise<string[]> {
  const path: string[] = [];
  let at = ((await db.selectFrom('org_units').select('parent_id').where('id', '=', unitId).executeTakeFirst()) as { parent_id: string | null } | undefined)?.parent_id ?? null;
  while (at !== null && !path.includes(at)) {
    path.unshift(at);
    at = ((await db.selectFrom('org_units').select('parent_id').where('id', '=', at).executeTakeFirst()) as { parent_id: string | null } | undefined)?.parent_id ?? null;
  }
  return path;
}

async function subtree(db: AnyDb, unitId: string): Promise<string[]> {
  const all = (await db.selectFrom('org_units').select(['id', 'parent_id']).execute()) as { id: string; parent_id: string | null }[];
  const ids = [unitId];
  for (let i = 0; i < ids.length; i++) for (const u of all) if (u.parent_id === ids[i]) ids.push(u.id);
  return ids;
}

/** How many rows each table gains: the county's, by the rules above (the move's own audit entry included). */
export function expectedGain(sourceCounts: Record<string, number>, merge: Merge): Record<string, number> {
  const gain = Object.fromEntries(Object.entries(sourceCounts).map(([t, n]) => [t, NOT_MOVED.has(t) ? 0 : n]));
  gain['hub_settings'] = merge.newSettings;
  gain['staff_audit'] = (gain['staff_audit'] ?? 0) + 1;
  return gain;
}

/** One row as it lands in the target: renumbered ids left out, the county's top placed under `under`. */
function placed(table: string, row: Record<string, unknown>, merge: Merge): Record<string, unknown> {
  const { under } = merge;
  const renumbered = RENUMBERED[table];
  if (renumbered !== undefined) delete row[renumbered];
  if (table === 'staff_users') row['username'] = merge.renames.get(String(row['username']).toLowerCase()) ?? row['username'];
  if (under === null) return row;
  if (table === 'org_units' && row['parent_id'] === null) row['parent_id'] = under;
  if (['stations', 'staff_users', 'county_programs', 'county_notices'].includes(table) && row['unit_id'] === null) row['unit_id'] = under;
  // The county's desk (a contact of neither a station nor a unit) is the county's: in the province it is `under`'s.
  if (table === 'notify_contacts' && row['unit_id'] === null && row['station_id'] === null) row['unit_id'] = under;
  return row;
}

/** Columns that name a staff user by id (migration 0020): staff_users are renumbered, so each takes the target's id. */
const STAFF_REFERENCES: Record<string, string> = { instructor_assignments: 'user_id', guidance_records: 'instructor_id' };
/** Rows that name an earlier row of their own table: copied oldest first (a correction after what it corrects). */
const OLDEST_FIRST: Record<string, string> = { guidance_records: 'created_at' };

/** Each county user's id in the target, found by their name after the move (staff_users is copied before). */
async function targetStaffIds(source: HubDb, target: AnyDb, merge: Merge): Promise<Map<number, number>> {
  const users = source.prepare('SELECT id, username FROM staff_users').all() as { id: number; username: string }[];
  const named = users.map((u) => ({ id: u.id, name: (merge.renames.get(u.username.toLowerCase()) ?? u.username).toLowerCase() }));
  const rows = named.length === 0 ? [] : ((await target.selectFrom('staff_users').select(['id', 'username']).where((eb) => eb(eb.fn('lower', ['username']), 'in', named.map((n) => n.name))).execute()) as { id: number; username: string }[]);
  const ids = new Map(rows.map((r) => [String(r.username).toLowerCase(), Number(r.id)]));
  return new Map(named.filter((n) => ids.has(n.name)).map((n) => [n.id, ids.get(n.name)!]));
}

async function copyTable(source: HubDb, target: AnyDb, table: string, merge: Merge): Promise<number> {
  const columns = (source.pragma(`table_info("${table}")`) as { name: string; pk: number }[]).map((c) => c.name);
  const batchRows = Math.max(1, Math.min(MAX_BATCH_ROWS, Math.floor(MAX_PARAMETERS / Math.max(columns.length, 1))));
  const sortedBy = RENUMBERED[table] ?? OLDEST_FIRST[table];
  const order = sortedBy === undefined ? '' : ` ORDER BY "${sortedBy}"`;
  const staffColumn = STAFF_REFERENCES[table];
  const staffIds = staffColumn === undefined ? null : await targetStaffIds(source, target, merge);
  let copied = 0;
  let batch: Record<string, unknown>[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await target.insertInto(table).values(batch).execute();
    copied += batch.length;
    batch = [];
  };
  // The copy is ours alone: iterating it while the batches go out keeps one batch in memory at a time.
  for (const row of source.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}"${order}`).iterate() as IterableIterator<Record<string, unknown>>) {
    if (staffColumn !== undefined && row[staffColumn] != null) row[staffColumn] = staffIds!.get(Number(row[staffColumn])) ?? null;
    batch.push(placed(table, row, merge));
    if (batch.length >= batchRows) await flush();
  }
  await flush();
  return copied;
}

async function writeSettings(source: HubDb, trx: AnyDb, merge: Merge, at: number): Promise<number> {
  let written = 0;
  const replaced = merge.under === null ? null : policySetting(merge.under);
  for (const [key, row] of settingsToWrite(source, merge.under, at)) {
    if (merge.keptSettings.includes(key)) continue;
    if (key === replaced) await trx.deleteFrom('hub_settings').where('key', '=', key).execute();
    await trx.insertInto('hub_settings').values({ key, ...row }).execute();
    written++;
  }
  return written;
}

/** Copies the county's tables in the given (dependency) order inside the move's transaction; returns the rows written. */
export async function mergeRows(source: HubDb, trx: AnyDb, ordered: readonly string[], merge: Merge, at: number, sourceFile: string): Promise<number> {
  let rows = 0;
  for (const table of ordered) {
    if (NOT_MOVED.has(table)) continue;
    rows += table === 'hub_settings' ? await writeSettings(source, trx, merge, at) : await copyTable(source, trx, table, merge);
  }
  // The province's hub processes may be running: what they keep of its units' downlinks is read again.
  await bumpDownlinkEpoch(trx as unknown as HubKysely);
  const stations = (source.prepare('SELECT count(*) AS n FROM stations').get() as { n: number }).n;
  const staff = (source.prepare('SELECT count(*) AS n FROM staff_users').get() as { n: number }).n;
  await trx.insertInto('staff_audit').values({ at, actor: 'cli', action: 'county_migrate', detail: JSON.stringify({ from: sourceFile, under: merge.under, stations, staff, rows, renamed: Object.fromEntries(merge.renames) }) }).execute();
  return rows;
}
