// Staff see and act on their unit's subtree only (issue 16), over real HTTP with real stations: a township
// viewer sees its own stations and gets the answer for an unknown station for any other; a county administrator
// manages users, units and stations below it and nothing above or beside it; a program a township administrator
// sends reaches that township's stations only, through the downlink; a hub-wide staff member sees everything as
// before; and every refusal changes nothing.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { enroll } from '../../../agent/uplink/enrollment.ts';
import { ProgramStore } from '../../../agent/programs/program-store.ts';
import { listNotices } from '../../../agent/notices/notice-store.ts';
import { readSetting } from '../../../agent/settings/settings-store.ts';
import { POLICY_SETTING as COUNTY_POLICY_SETTING } from '../../../agent/uplink/uplink-settings.ts';
import { at, createStation, tempDir } from '../../support/station-fixture.ts';
import { call, hubRows, staffToken, startTestHub, type TestHub } from '../support/hub-fixture.ts';
import type { StaffRole } from '../../../county/store/staff-store.ts';

const clock = at('2026-12-07 09:00');
const PASSWORD = 'correct-horse-9';
let hub: TestHub;
let root: string;
const dirs: string[] = [];
const running: RunningAgent[] = [];
const ids: Record<string, string> = {};

/** A staff member of a unit, logged in over HTTP. */
async function unitStaff(username: string, role: StaffRole, unitId: string | null): Promise<string> {
  await hub.ctx.auth.addUser({ username, role, password: PASSWORD, unitId }, clock, 'test');
  const r = await call<{ token: string }>(`${hub.url}/api/county/login`, { body: { username, password: PASSWORD } });
  expect(r.status).toBe(200);
  return r.body.token;
}

async function addStation(token: string, name: string, unitId?: string | null): Promise<{ id: string; code: string }> {
  const r = await call<{ station: { id: string }; enrollment: { code: string } }>(`${hub.url}/api/county/stations`, { token, body: { name, ...(unitId === undefined ? {} : { unitId }) } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.station.id, code: r.body.enrollment.code };
}

async function agentFor(code: string): Promise<RunningAgent> {
  const dir = tempDir('yj-agent-');
  dirs.push(dir);
  const s = createStation({ dir });
  await enroll(s.db, { hubUrl: hub.url, code, now: () => clock });
  s.close();
  const agent = await startDaemon({ dataDir: dir, port: 0, now: () => clock, uplink: { monotonic: () => clock, settleMs: 5, backoffBaseMs: 20, backoffMaxMs: 100 } });
  running.push(agent);
  return agent;
}

async function exchange(agent: RunningAgent): Promise<void> {
  agent.ctx.uplink.heartbeat();
  expect((await agent.ctx.uplink.flush()).failure).toBeNull();
}

const countyPrograms = (agent: RunningAgent) =>
  new ProgramStore(agent.ctx.db)
    .listActive()
    .filter((p) => p.origin === 'county')
    .map((p) => p.title)
    .sort();

/** Everything a refused request could have changed. */
async function records(): Promise<unknown> {
  const tables = ['org_units', 'staff_users', 'stations', 'county_programs', 'county_notices', 'hub_settings', 'enrollment_codes', 'pin_reset_codes'];
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await hubRows(hub.dataDir, `SELECT * FROM ${t} ORDER BY 1`)])));
}

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock });
  root = await staffToken(hub, 'root', 'county_admin');
  // 哈密市 › 伊州区 › 城北街道 / 东郊街道, and 巴里坤县 beside 伊州区.
  for (const unit of [
    { id: '650500', level: 'city', name: '哈密市' },
    { id: '650502', level: 'county', name: '伊州区', parentId: '650500' },
    { id: 'chengbei', level: 'township', name: '城北街道', parentId: '650502' },
    { id: 'dongjiao', level: 'township', name: '东郊街道', parentId: '650502' },
    { id: '650521', level: 'county', name: '巴里坤县', parentId: '650500' },
  ]) {
    expect((await call(`${hub.url}/api/county/units`, { token: root, body: unit })).status).toBe(201);
  }
  const qianjin = await addStation(root, '前进村', 'chengbei');
  const dongfeng = await addStation(root, '东风村', 'dongjiao');
  const top = await addStation(root, '市委党校');
  Object.assign(ids, { qianjin: qianjin.id, dongfeng: dongfeng.id, top: top.id, qianjinCode: qianjin.code, dongfengCode: dongfeng.code });
});

afterAll(async () => {
  for (const a of running) await a.stop();
  await hub.stop();
  for (const d of [...dirs, hub.dataDir]) fs.rmSync(d, { recursive: true, force: true });
});

describe('a township viewer', () => {
  it('sees its own stations only, and any other station is answered as unknown', async () => {
    const viewer = await unitStaff('chengbei-viewer', 'viewer', 'chengbei');
    const list = await call<{ stations: { id: string }[] }>(`${hub.url}/api/county/stations`, { token: viewer });
    expect(list.body.stations.map((s) => s.id)).toEqual([ids.qianjin]);
    expect((await call(`${hub.url}/api/county/stations/${ids.qianjin}`, { token: viewer })).status).toBe(200);

    for (const path of ['', '/report.csv', '/mobile-ledger.csv']) {
      const other = await call<{ error: { code: string; params?: unknown; message?: string } }>(`${hub.url}/api/county/stations/${ids.dongfeng}${path}`, { token: viewer });
      const unknown = await call<{ error: { code: string; params?: unknown; message?: string } }>(`${hub.url}/api/county/stations/st-nosuch${path}`, { token: viewer });
      expect([other.status, other.body.error.code], path).toEqual([404, 'station_not_found']);
      // The same answer as for a station that does not exist, but for the id itself.
      expect(JSON.stringify(other.body).replaceAll(ids.dongfeng!, 'ID')).toBe(JSON.stringify(unknown.body).replaceAll('st-nosuch', 'ID'));
    }

    const units = await call<{ root: string; units: { id: string; subtreeStationCount: number }[] }>(`${hub.url}/api/county/units`, { token: viewer });
    expect(units.body).toEqual({ root: 'chengbei', units: [expect.objectContaining({ id: 'chengbei', level: 'township', parentId: '650502', stationCount: 1, subtreeStationCount: 1 })] });
    // Asking for a unit outside is as asking for one that does not exist.
    expect((await call<{ error: { code: string } }>(`${hub.url}/api/county/policy?unit=dongjiao`, { token: viewer })).body.error.code).toBe('unit_not_found');
  });
});

describe('a county administrator', () => {
  it('manages users, units and stations of its subtree only, and every refusal changes nothing', async () => {
    const admin = await unitStaff('yizhou-admin', 'county_admin', '650502');
    const before = await records();
    const refusals: [string, string | undefined, unknown, number, string][] = [
      ['/api/county/users', 'POST', { username: 'balikun', role: 'viewer', password: PASSWORD, unitId: '650521' }, 404, 'unit_not_found'],
      ['/api/county/users', 'POST', { username: 'cityman', role: 'county_admin', password: PASSWORD, unitId: '650500' }, 404, 'unit_not_found'],
      ['/api/county/users', 'POST', { username: 'topman', role: 'county_admin', password: PASSWORD, unitId: null }, 403, 'forbidden'],
      ['/api/county/units', 'POST', { id: 'sanbao', level: 'township', name: '三堡乡', parentId: '650521' }, 404, 'unit_not_found'],
      ['/api/county/units', 'POST', { id: 'hami2', level: 'county', name: '新区', parentId: null }, 403, 'forbidden'],
      ['/api/county/units/650521', 'PUT', { name: '巴里坤哈萨克自治县' }, 404, 'unit_not_found'],
      ['/api/county/units/650502/retire', 'POST', undefined, 403, 'forbidden'],
      [`/api/county/stations/${ids.top}`, 'PUT', { unitId: 'chengbei' }, 404, 'station_not_found'],
      [`/api/county/stations/${ids.qianjin}`, 'PUT', { unitId: '650521' }, 404, 'unit_not_found'],
      [`/api/county/stations/${ids.qianjin}`, 'PUT', { unitId: null }, 403, 'forbidden'],
      [`/api/county/stations/${ids.qianjin}`, 'PUT', { latitude: 42.8 }, 400, 'invalid_unit'],
      [`/api/county/stations/${ids.top}/enrollment-code`, 'POST', undefined, 404, 'station_not_found'],
      [`/api/county/stations/${ids.top}/pin-reset-code`, 'POST', undefined, 404, 'station_not_found'],
      [`/api/county/stations/${ids.top}`, 'PATCH', { name: '改名' }, 404, 'station_not_found'],
      ['/api/county/stations', 'POST', { name: '巴里坤某村', unitId: '650521' }, 404, 'unit_not_found'],
      ['/api/county/policy?unit=650500', 'PUT', { minViewingsPerMonth: 4, minMinutesPerMonth: null, fixedStudyDays: [] }, 404, 'unit_not_found'],
    ];
    for (const [path, method, body, status, code] of refusals) {
      const r = await call<{ error: { code: string } }>(`${hub.url}${path}`, { token: admin, method: method ?? 'POST', body: body ?? (method === 'POST' ? {} : undefined) });
      expect([r.status, r.body.error?.code], `${method} ${path}`).toEqual([status, code]);
    }
    const rootUser = (await hub.ctx.staff.findByName('root'))!;
    const patchRoot = await call<{ error: { code: string } }>(`${hub.url}/api/county/users/${rootUser.id}`, { token: admin, method: 'PATCH', body: { disabled: true } });
    expect([patchRoot.status, patchRoot.body.error.code]).toEqual([404, 'user_not_found']);
    expect(await records()).toEqual(before);

    // Within its subtree: a unit under its own by default, a user there, a station placed and moved.
    const unit = await call<{ unit: { parentId: string } }>(`${hub.url}/api/county/units`, { token: admin, body: { id: 'xinshi', level: 'township', name: '新市区街道' } });
    expect([unit.status, unit.body.unit.parentId]).toEqual([201, '650502']);
    const user = await call<{ user: { unitId: string } }>(`${hub.url}/api/county/users`, { token: admin, body: { username: 'xinshi-viewer', role: 'viewer', password: PASSWORD, unitId: 'xinshi' } });
    expect([user.status, user.body.user.unitId]).toEqual([201, 'xinshi']);
    const users = await call<{ users: { username: string; unitId: string }[] }>(`${hub.url}/api/county/users`, { token: admin });
    expect(users.body.users.map((u) => u.username).sort()).toEqual(['chengbei-viewer', 'xinshi-viewer', 'yizhou-admin']);
    const station = await addStation(admin, '新市区社区');
    expect(await hubRows<{ unit_id: string }>(hub.dataDir, 'SELECT unit_id FROM stations WHERE id = ?', station.id)).toEqual([{ unit_id: '650502' }]);
    const moved = await call<{ place: unknown }>(`${hub.url}/api/county/stations/${station.id}`, { token: admin, method: 'PUT', body: { unitId: 'xinshi', latitude: 42.83, longitude: 93.51 } });
    expect(moved.body).toEqual({ place: { stationId: station.id, unitId: 'xinshi', latitude: 42.83, longitude: 93.51 } });
    const audit = await call<{ entries: { action: string }[] }>(`${hub.url}/api/county/audit`, { token: admin });
    expect(audit.body.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['unit_add', 'user_add', 'station_add', 'station_place']));
    // Not the hub-wide administrator's own setting up of 巴里坤县.
    expect(JSON.stringify(audit.body.entries)).not.toContain('650521');
  });
});

describe('what a township administrator sends down', () => {
  it('reaches that township’s stations only; a hub-wide staff member sees everything as before', async () => {
    const qianjin = await agentFor(ids.qianjinCode!);
    const dongfeng = await agentFor(ids.dongfengCode!);
    const township = await unitStaff('chengbei-admin', 'county_admin', 'chengbei');
    const program = {
      title: '城北街道党课',
      kind: 'group_viewing',
      rule: { type: 'once', date: '2026-12-12', time: '09:30' },
      course: { title: '党课', streamUrl: 'https://live.example.gov.cn/chengbei.m3u8', sha256: null, durationMs: null },
    };
    const sent = await call<{ program: { unitId: string } }>(`${hub.url}/api/county/programs`, { token: township, body: program });
    expect([sent.status, sent.body.program.unitId]).toEqual([201, 'chengbei']);
    expect((await call(`${hub.url}/api/county/notices`, { token: township, body: { text: '城北街道通知' } })).status).toBe(201);
    expect((await call(`${hub.url}/api/county/programs`, { token: root, body: { ...program, title: '全市冬训' } })).status).toBe(201);

    await exchange(qianjin);
    await exchange(dongfeng);
    expect(countyPrograms(qianjin)).toEqual(['全市冬训', '城北街道党课']);
    expect(countyPrograms(dongfeng)).toEqual(['全市冬训']);
    expect(listNotices(qianjin.ctx.db).filter((n) => n.origin === 'county').map((n) => n.text)).toEqual(['城北街道通知']);
    expect(listNotices(dongfeng.ctx.db).filter((n) => n.origin === 'county')).toEqual([]);

    // Both stations enrolled: the township's monthly table has its own row only, the hub-wide one both.
    const login = await call<{ token: string }>(`${hub.url}/api/county/login`, { body: { username: 'chengbei-viewer', password: PASSWORD } });
    const monthly = await call<string>(`${hub.url}/api/county/export/monthly.csv`, { token: login.body.token });
    expect(monthly.status).toBe(200);
    expect(monthly.body).toContain('前进村');
    expect(monthly.body).not.toContain('东风村');
    const whole = await call<string>(`${hub.url}/api/county/export/monthly.csv`, { token: root });
    expect([whole.body.includes('前进村'), whole.body.includes('东风村')]).toEqual([true, true]);
    const ranking = await call<{ rows: { id: string }[] }>(`${hub.url}/api/county/ranking`, { token: login.body.token });
    expect(ranking.body.rows.map((r) => r.id)).toEqual([ids.qianjin]);

    // The township's own policy: its stations are judged by it (and get it), the others by the hub's.
    const policy = { minViewingsPerMonth: 7, minMinutesPerMonth: null, fixedStudyDays: [] };
    expect((await call(`${hub.url}/api/county/policy`, { token: township, method: 'PUT', body: policy })).status).toBe(200);
    // "No minimum" (null) stays null: a JSON body is not coerced (it once came back as 0 minutes).
    expect((await call<{ policy: unknown }>(`${hub.url}/api/county/policy`, { token: login.body.token })).body.policy).toMatchObject({ minViewingsPerMonth: 7, minMinutesPerMonth: null, fixedStudyDays: [] });
    expect((await call<{ policy: { minViewingsPerMonth: unknown } }>(`${hub.url}/api/county/policy`, { token: root })).body.policy.minViewingsPerMonth).toBeNull();
    const required = await call<{ rows: { id: string; sessionsRequired: number }[] }>(`${hub.url}/api/county/ranking`, { token: root });
    const requiredOf = (id: string) => required.body.rows.find((r) => r.id === id)!.sessionsRequired;
    expect(requiredOf(ids.qianjin!)).toBe(7);
    expect(requiredOf(ids.dongfeng!)).toBeLessThan(7);
    await exchange(qianjin);
    await exchange(dongfeng);
    expect(readSetting<{ minViewingsPerMonth: number }>(qianjin.ctx.db, COUNTY_POLICY_SETTING)?.minViewingsPerMonth).toBe(7);
    expect(readSetting<{ minViewingsPerMonth: number | null }>(dongfeng.ctx.db, COUNTY_POLICY_SETTING)?.minViewingsPerMonth ?? null).toBeNull();
    const overview = await call<{ stations: { total: number; enrolled: number } }>(`${hub.url}/api/county/overview`, { token: login.body.token });
    expect(overview.body.stations).toMatchObject({ total: 1, enrolled: 1 });
    expect((await call<{ stations: { total: number } }>(`${hub.url}/api/county/overview`, { token: root })).body.stations.total).toBeGreaterThanOrEqual(3);

    // The township sees and edits its own programs only.
    const mine = await call<{ programs: { title: string; id: number }[] }>(`${hub.url}/api/county/programs`, { token: township });
    expect(mine.body.programs.map((p) => p.title)).toEqual(['城北街道党课']);
    const all = await call<{ programs: { title: string; id: number }[] }>(`${hub.url}/api/county/programs`, { token: root });
    const cityWide = all.body.programs.find((p) => p.title === '全市冬训')!;
    const refused = await call<{ error: { code: string } }>(`${hub.url}/api/county/programs/${cityWide.id}`, { token: township, method: 'DELETE' });
    expect([refused.status, refused.body.error.code]).toEqual([404, 'program_not_found']);

    // Hub-wide staff: every station and program, as on a hub without a tree.
    const viewer = await staffToken(hub, 'city-viewer', 'viewer');
    const stations = await call<{ stations: { id: string }[] }>(`${hub.url}/api/county/stations`, { token: viewer });
    expect(stations.body.stations.map((s) => s.id)).toEqual(expect.arrayContaining([ids.qianjin, ids.dongfeng, ids.top]));
    expect((await call(`${hub.url}/api/county/stations/${ids.dongfeng}`, { token: viewer })).status).toBe(200);
    expect(all.body.programs.map((p) => p.title).sort()).toEqual(['全市冬训', '城北街道党课']);
  });
});
