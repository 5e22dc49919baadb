// Drill: counties join a province's PostgreSQL one after another (issue 16) — `county migrate --under` into a
// database that already holds the province's units, its staff and their audit, then another county's records.
// Every table holds what it held plus what came, each county's figures are its unit's afterwards, a staff name
// that is already taken is refused with the target left as it was, a county's staff see only their county over
// HTTP, and a county's program reaches only its own stations through the downlink the stations receive. Every
// county has programs and notices from before hub migration 0017 (keyed `cp-1`, `cn-1` on each hub): they take new
// ids in the province and keep their keys, so every station receives the very downlink it had (same version), and
// a key the province already sends where the county's stations would get it is refused.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type Output } from '../../cli/main.ts';
import { enroll } from '../../agent/uplink/enrollment.ts';
import { drainOutbox } from '../../agent/uplink/uplink-client.ts';
import { queueMonthSummaries } from '../../agent/uplink/month-summary.ts';
import { resendSince } from '../../agent/uplink/resend.ts';
import { COUNTY_PROGRAMS_SETTING, DOWNLINK_VERSION_SETTING } from '../../agent/uplink/uplink-settings.ts';
import { readSetting, writeStationSettings } from '../../agent/settings/settings-store.ts';
import { MAX_REPORT_BYTES } from '../../protocol/wire.pure.ts';
import type { CountyRule } from '../../protocol/recurrence-rule.pure.ts';
import type { Downlink } from '../../protocol/downlink.pure.ts';
import { hubTooNew, openHubDatabase } from '../../county/store/database.ts';
import { sqliteHubDatabase, type HubDatabase } from '../../county/store/hub-database.ts';
import { openPostgresHub } from '../../county/store/postgres/open.ts';
import { hubContext } from '../../county/hub-context.ts';
import { hubFigures, hubSnapshot, type HubSnapshot } from '../../county/backup/hub-snapshot.ts';
import { createStation, tempDir, type Station as TestStation } from '../support/station-fixture.ts';
import { call, holdViewing, registerStation, staffToken, startTestHub } from '../county/support/hub-fixture.ts';
import { freshPostgresDatabase, postgresClusterUrl } from '../support/postgres-database.ts';
import { recordDrill } from '../support/drill-log.ts';

const dirs: string[] = [];
const dir = (prefix: string): string => {
  const d = tempDir(prefix);
  dirs.push(d);
  return d;
};
const opened: TestStation[] = [];
const notes: string[] = [];
let checked = 0;
let refused = 0;
afterAll(() => {
  for (const s of opened) s.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  if (checked + refused > 0) recordDrill({ name: 'counties join a province', faults: refused, acknowledged: checked, stored: checked, notes });
});

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Output = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await main(['node', 'yuanjiao', ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const DAY = 86_400_000;
const AT = Date.now();
const DRAIN = { batchSize: 50, maxBatchBytes: MAX_REPORT_BYTES / 2, requestTimeoutMs: 15_000 };

interface County {
  dataDir: string;
  stationIds: string[];
  stations: TestStation[];
  /** What the county's hub sends its stations (none of them under a unit), as they last received it. */
  downlink: Downlink;
}

const TODAY = new Date(AT).toISOString().slice(0, 10);

/**
 * A county's SQLite hub: its staff, enrolled stations that held viewings this month and last, maybe a program and a
 * notice made before migration 0017 (keyed `cp-<id>`, `cn-<id>` as 0017 leaves them) and one made after it.
 */
async function county(staff: readonly [string, 'county_admin' | 'viewer'][], names: readonly string[], program?: string): Promise<County> {
  const dataDir = dir('yj-join-county-');
  const hub = await startTestHub({ dataDir });
  try {
    const tokens = [];
    for (const [name, role] of staff) tokens.push(await staffToken(hub, name, role));
    if (program !== undefined) {
      const rule: CountyRule = { type: 'weekly', days: [3], time: '19:30' };
      const input = { title: program, kind: 'group_viewing', rule, course: { title: program, streamUrl: 'https://live.example.cn/county/live.m3u8', sha256: null, durationMs: null }, checkinOpensBeforeMin: 30, checkinClosesAfterMin: 30, notes: null } as const;
      const old = await hub.ctx.downlink.addProgram(input, AT);
      const oldNotice = await hub.ctx.downlink.addNotice({ text: `${program}：请提前签到`, until: null }, AT);
      await hub.ctx.database.kysely.updateTable('county_programs').set({ station_key: `cp-${old.id}` }).where('id', '=', old.id).execute();
      await hub.ctx.database.kysely.updateTable('county_notices').set({ station_key: `cn-${oldNotice.id}` }).where('id', '=', oldNotice.id).execute();
      await hub.ctx.downlink.addProgram({ ...input, title: `${program}（回放）` }, AT);
      await hub.ctx.downlink.addNotice({ text: `${program}：回放已上线`, until: null }, AT);
    }
    const stationIds: string[] = [];
    const stations: TestStation[] = [];
    for (const name of names) {
      const { id, code } = await registerStation(hub, tokens[0]!, name);
      stationIds.push(id);
      const station = createStation({ dir: dir('yj-join-station-') });
      opened.push(station);
      stations.push(station);
      const course = station.addCourse({ title: '学习课件' });
      const members = [1, 2, 3, 4].map((n) => station.addMember({ name: `${name}党员${n}` }).id);
      await enroll(station.db, { hubUrl: hub.url, code });
      holdViewing(station.db, { at: AT - 35 * DAY, courseId: course.id, title: '上月学习', memberIds: members.slice(0, 3) });
      holdViewing(station.db, { at: AT - 3_600_000, courseId: course.id, title: '本月学习', memberIds: members.slice(0, names.indexOf(name) + 1) });
      queueMonthSummaries(station.db, AT);
      expect((await drainOutbox(station.db, { now: Date.now, options: DRAIN })).failure).toBeNull();
    }
    return { dataDir, stationIds, stations, downlink: await hub.ctx.downlink.downlink(TODAY) };
  } finally {
    await hub.stop();
  }
}

async function withPostgres<T>(url: string, read: (db: HubDatabase) => Promise<T>): Promise<T> {
  const db = await openPostgresHub(url, hubTooNew);
  try {
    return await read(db);
  } finally {
    await db.close();
  }
}

async function sqliteFigures(dataDir: string): Promise<unknown> {
  const db = openHubDatabase(dataDir);
  const database = sqliteHubDatabase(db);
  try {
    return await hubFigures(database, AT);
  } finally {
    await database.close();
    db.close();
  }
}

const snapshot = (url: string): Promise<HubSnapshot> => withPostgres(url, (db) => hubSnapshot(db, AT));
const unitFigures = (url: string, unit: string): Promise<unknown> => withPostgres(url, (db) => hubFigures(db, AT, undefined, unit));

async function query(url: string, text: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

/** What the province's hub sends a station of `unit` (a county unit right under the province). */
const provinceDownlink = (url: string, unit: string): Promise<Downlink> => withPostgres(url, (db) => hubContext(db).downlink.downlink(TODAY, [], ['gs', unit]));
const keysOf = (d: Downlink): string[] => [...d.programs.map((p) => p.id), ...d.notices.map((n) => n.id)];

describe.runIf(postgresClusterUrl() !== null)('counties join a province with county migrate --under', () => {
  it('merges counties beside the province\'s own records, keeping the keys stations know programs and notices by, refusing a taken staff name until renamed', { timeout: 420_000 }, async () => {
    // The province, as its staff made it: units through the CLI (each audited), one province-wide staff member.
    const url = await freshPostgresDatabase();
    for (const args of [
      ['--id', 'gs', '--level', 'province', '--name', '甘肃省'],
      ['--id', 'gs-a', '--level', 'county', '--name', '甲县', '--parent', 'gs'],
      ['--id', 'gs-b', '--level', 'county', '--name', '乙县', '--parent', 'gs'],
      ['--id', 'gs-c', '--level', 'county', '--name', '丙县', '--parent', 'gs'],
    ]) {
      const r = await cli('county', 'unit', 'add', '--db', url, ...args);
      expect([r.code, r.err]).toEqual([0, '']);
    }
    await withPostgres(url, async (db) => {
      await hubContext(db).auth.addUser({ username: 'sheng', role: 'county_admin', password: 'correct-horse-9' }, AT, 'cli');
    });
    const province = await snapshot(url);
    expect(province.counts['staff_audit']).toBeGreaterThanOrEqual(3);

    const a = await county([['admin', 'county_admin'], ['a-viewer', 'viewer']], ['红旗村', '向阳社区'], '甲县专题直播');
    const b = await county([['admin', 'county_admin'], ['b-viewer', 'viewer']], ['东风村', '胜利社区'], '乙县专题直播');
    // Both counties' stations know their county's older program as `cp-1` and its notice as `cn-1`, each their own.
    expect(keysOf(a.downlink).filter((k) => /^c[pn]-1$/.test(k))).toEqual(['cp-1', 'cn-1']);
    expect(keysOf(b.downlink).filter((k) => /^c[pn]-1$/.test(k))).toEqual(['cp-1', 'cn-1']);
    const mapsOf = (c: County) => c.stations.map((s) => readSetting<Record<string, number>>(s.db, COUNTY_PROGRAMS_SETTING));
    const versionsOf = (c: County) => c.stations.map((s) => readSetting<string>(s.db, DOWNLINK_VERSION_SETTING));
    const [aPrograms, bPrograms] = [mapsOf(a), mapsOf(b)];
    for (const map of [...aPrograms, ...bPrograms]) expect(Object.keys(map ?? {})).toHaveLength(2);
    const [aVersions, bVersions] = [versionsOf(a), versionsOf(b)];
    expect(aVersions).toEqual(a.stations.map(() => a.downlink.version));
    const aBefore = await sqliteFigures(a.dataDir);
    const bBefore = await sqliteFigures(b.dataDir);
    const aSource = (await (async () => {
      const db = openHubDatabase(a.dataDir);
      const database = sqliteHubDatabase(db);
      try {
        return await hubSnapshot(database, AT);
      } finally {
        await database.close();
        db.close();
      }
    })()).counts;

    // County A joins under its county unit: every table holds what it held plus what came.
    const joinedA = await cli('county', 'migrate', '--from', a.dataDir, '--to', url, '--under', 'gs-a');
    expect(joinedA.code, joinedA.err).toBe(0);
    expect(joinedA.out).toContain('请他们重新登录');
    const afterA = await snapshot(url);
    for (const [table, n] of Object.entries(afterA.counts)) {
      const moved = ['staff_sessions', 'login_throttle'].includes(table) ? 0 : table === 'staff_audit' ? aSource[table]! + 1 : table === 'hub_settings' ? 1 : aSource[table]!;
      expect(n, table).toBe(province.counts[table]! + moved);
    }
    expect(await unitFigures(url, 'gs-a')).toEqual(aBefore);
    expect(await provinceDownlink(url, 'gs-a')).toEqual(a.downlink);
    const staff = await query(url, 'SELECT username, unit_id FROM staff_users ORDER BY username');
    expect(staff).toEqual([
      { username: 'a-viewer', unit_id: 'gs-a' },
      { username: 'admin', unit_id: 'gs-a' },
      { username: 'sheng', unit_id: null },
    ]);
    expect(await query(url, "SELECT key FROM hub_settings ORDER BY key")).toEqual([{ key: 'policy:gs-a' }]);
    expect(await query(url, "SELECT count(*)::int AS n FROM staff_audit WHERE action = 'county_migrate'")).toEqual([{ n: 1 }]);
    checked += Object.values(aSource).reduce((x, y) => x + y, 0);

    // County B has an `admin` too: refused, naming it; nothing of B arrived.
    const clash = await cli('county', 'migrate', '--from', b.dataDir, '--to', url, '--under', 'gs-b');
    expect(clash.code).toBe(1);
    expect(clash.err).toContain('已有这些用户名：admin');
    expect(clash.err).toContain('--rename-staff');
    expect(clash.err).toContain('未做任何改动');
    expect(await snapshot(url)).toEqual(afterA);
    refused++;

    // B under A's unit: refused (the unit already holds A's stations).
    const occupied = await cli('county', 'migrate', '--from', b.dataDir, '--to', url, '--under', 'gs-a');
    expect(occupied.code).toBe(1);
    expect(occupied.err).toContain('之下已有站点');
    expect(await snapshot(url)).toEqual(afterA);
    refused++;

    // A rename of a user B does not have: refused. Then B's admin moves as admin-b, and B joins; B's file unchanged.
    const noSuchUser = await cli('county', 'migrate', '--from', b.dataDir, '--to', url, '--under', 'gs-b', '--rename-staff', 'nobody=x-b');
    expect(noSuchUser.code).toBe(1);
    expect(noSuchUser.err).toContain('县级平台没有用户「nobody」');
    expect(await snapshot(url)).toEqual(afterA);
    refused++;
    const bBytes = fs.readFileSync(path.join(b.dataDir, 'county.sqlite'));
    const joinedB = await cli('county', 'migrate', '--from', b.dataDir, '--to', url, '--under', 'gs-b', '--rename-staff', 'admin=admin-b');
    expect(joinedB.out).toContain('用户 admin 搬来后名为 admin-b');
    expect(fs.readFileSync(path.join(b.dataDir, 'county.sqlite')).equals(bBytes)).toBe(true);
    expect(joinedB.code, joinedB.err).toBe(0);
    expect(await unitFigures(url, 'gs-a')).toEqual(aBefore);
    expect(await unitFigures(url, 'gs-b')).toEqual(bBefore);
    expect(await query(url, "SELECT key FROM hub_settings ORDER BY key")).toEqual([{ key: 'policy:gs-a' }, { key: 'policy:gs-b' }]);
    // Both counties' programs and notices: new ids, the keys the stations know, each county's on its own unit.
    for (const table of ['county_programs', 'county_notices']) {
      const rows = await query(url, `SELECT id, station_key, unit_id FROM ${table} ORDER BY id`);
      expect(new Set(rows.map((r) => String(r['id']))).size, table).toBe(4);
      expect(rows.map((r) => [r['station_key'], r['unit_id']]), table).toEqual(
        [a.downlink, b.downlink].flatMap((d, i) => (table === 'county_programs' ? d.programs : d.notices).map((p) => [p.id, i === 0 ? 'gs-a' : 'gs-b'])),
      );
    }
    // Each station gets exactly what its county sent it: the same keys, and the same version, so nothing to apply.
    expect(await provinceDownlink(url, 'gs-a')).toEqual(a.downlink);
    expect(await provinceDownlink(url, 'gs-b')).toEqual(b.downlink);
    const placed = await query(url, 'SELECT id, unit_id FROM stations ORDER BY id');
    expect(await query(url, 'SELECT username, unit_id FROM staff_users ORDER BY username')).toEqual([
      { username: 'a-viewer', unit_id: 'gs-a' },
      { username: 'admin', unit_id: 'gs-a' },
      { username: 'admin-b', unit_id: 'gs-b' },
      { username: 'b-viewer', unit_id: 'gs-b' },
      { username: 'sheng', unit_id: null },
    ]);
    expect(placed).toEqual([...a.stationIds.map((id) => ({ id, unit_id: 'gs-a' })), ...b.stationIds.map((id) => ({ id, unit_id: 'gs-b' }))].sort((x, y) => x.id.localeCompare(y.id)));

    // The hub on the province's database: A's viewer sees A's stations only, the province's staff all four.
    const hub = await startTestHub({ dataDir: dir('yj-join-hub-'), databaseUrl: url });
    try {
      const seen = async (username: string): Promise<string[]> => {
        const login = await call<{ token: string }>(`${hub.url}/api/county/login`, { body: { username, password: 'correct-horse-9' } });
        expect(login.status, username).toBe(200);
        const list = await call<{ stations: { id: string }[] }>(`${hub.url}/api/county/stations`, { token: login.body.token });
        return list.body.stations.map((s) => s.id).sort();
      };
      expect(await seen('a-viewer')).toEqual([...a.stationIds].sort());
      expect(await seen('admin-b')).toEqual([...b.stationIds].sort());
      expect(await seen('sheng')).toEqual([...a.stationIds, ...b.stationIds].sort());

      // Every station now reports to the province's hub (`uplink resend`); each county's programs reach its stations only.
      for (const station of [...a.stations, ...b.stations]) {
        writeStationSettings(station.db, { hubUrl: hub.url }, Date.now());
        resendSince(station.db, AT - 40 * DAY, { now: Date.now(), label: 'test' });
        expect((await drainOutbox(station.db, { now: Date.now, options: DRAIN })).failure).toBeNull();
      }
      // The same keys, mapped to the same programs of the station's own, the same downlink version: nothing cancelled
      // and added again, nothing applied at all.
      expect(mapsOf(a)).toEqual(aPrograms);
      expect(mapsOf(b)).toEqual(bPrograms);
      expect(versionsOf(a)).toEqual(aVersions);
      expect(versionsOf(b)).toEqual(bVersions);
      for (const [c, county] of [a, b].entries()) {
        for (const station of county.stations) expect(Object.keys(readSetting<Record<string, number>>(station.db, COUNTY_PROGRAMS_SETTING) ?? {}).sort(), `county ${c}`).toEqual(county.downlink.programs.map((p) => p.id).sort());
      }
    } finally {
      await hub.stop();
    }
    // County C brings `cp-1` and `cn-1` too. A province-wide notice keyed `cn-1` (a province hub that was a county's
    // before 0017) would reach C's stations beside C's own: refused, naming it, nothing moved.
    const c = await county([['c-admin', 'county_admin']], ['新生村'], '丙县专题直播');
    await query(url, "INSERT INTO county_notices (text, until, created_at, station_key) VALUES ('全省通知', NULL, 0, 'cn-1')");
    const before = await snapshot(url);
    const clashC = await cli('county', 'migrate', '--from', c.dataDir, '--to', url, '--under', 'gs-c');
    expect(clashC.code).toBe(1);
    expect(clashC.err).toContain('已有站点编号相同的通知 / notices：cn-1');
    expect(clashC.err).toContain('未做任何改动');
    expect(await snapshot(url)).toEqual(before);
    refused++;
    // Once the province's notice is withdrawn, C joins: three counties' `cp-1`, each reaching its own stations.
    await query(url, "UPDATE county_notices SET removed_at = 1 WHERE station_key = 'cn-1' AND unit_id IS NULL");
    const joinedC = await cli('county', 'migrate', '--from', c.dataDir, '--to', url, '--under', 'gs-c');
    expect(joinedC.code, joinedC.err).toBe(0);
    expect(await provinceDownlink(url, 'gs-c')).toEqual(c.downlink);
    expect(await provinceDownlink(url, 'gs-a')).toEqual(a.downlink);
    expect(await query(url, "SELECT unit_id FROM county_programs WHERE station_key = 'cp-1' ORDER BY unit_id")).toEqual([{ unit_id: 'gs-a' }, { unit_id: 'gs-b' }, { unit_id: 'gs-c' }]);

    // What the stations sent again was stored once: the figures did not move.
    expect(await unitFigures(url, 'gs-b')).toEqual(bBefore);
    notes.push(`two counties joined a province holding ${province.counts['staff_audit']} audit rows; a taken staff name refused, then joined after renaming`);
  });
});
