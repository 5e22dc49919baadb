// 党建指导员 over the staff API (issue 17), on SQLite and (listed in HUB_ON_POSTGRES) PostgreSQL: a township's
// administrator assigns an instructor to a station of their subtree (never one outside it, never a non-instructor);
// the instructor then sees only that station everywhere the hub answers and acts on nothing else; guidance is
// logged, corrected only by a new record that supersedes the old (which stays), counted per month, and audited.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUnits, call, enrolledStation, hubRows, hubWrite, staffToken, startTestHub, TWO_TOWNSHIPS, unitStaffToken, type TestHub } from '../support/hub-fixture.ts';
import { at } from '../../support/station-fixture.ts';

const clock = at('2026-12-07 10:00');
let hub: TestHub;
let root: string;
let township: string;
let li: string;
let liId: number;
let inside: string;
let neighbour: string;
let outside: string;

type Refusal = { error: { code: string; params: Record<string, unknown> } };
type Guidance = { record: { id: string; stationId: string; instructor: string | null; supersedes: string | null; supersededBy: string | null; done: string; author: string } };

const login = async (username: string) => (await call<{ token: string }>(`${hub.url}/api/county/login`, { body: { username, password: 'correct-horse-9' } })).body.token;

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock });
  root = await staffToken(hub, 'root', 'county_admin');
  await addUnits(hub, root, TWO_TOWNSHIPS);
  township = await unitStaffToken(hub, 'cb-admin', 'county_admin', 'cb');
  // The township's administrator adds the instructor over the API, as the dashboard does.
  const added = await call<{ user: { id: number; role: string } }>(`${hub.url}/api/county/users`, { token: township, body: { username: 'li', role: 'instructor', password: 'correct-horse-9' } });
  expect(added.status).toBe(201);
  expect(added.body.user.role).toBe('instructor');
  liId = added.body.user.id;
  await hub.ctx.staff.update(liId, { mustChangePassword: false }, clock);
  li = await login('li');
  const enrolled = async (name: string, unitId: string) => (await enrolledStation(hub, root, name, unitId)).id;
  inside = await enrolled('前进村', 'cb');
  neighbour = await enrolled('红星村', 'cb');
  outside = await enrolled('东风村', 'db');
});

afterAll(async () => {
  await hub?.stop();
  if (hub) fs.rmSync(hub.dataDir, { recursive: true, force: true });
});

describe('instructors over the staff API', () => {
  it('assigns within the subtree only, refuses a non-instructor, and keeps the history', async () => {
    const viewer = await hub.ctx.auth.addUser({ username: 'zhao', role: 'viewer', password: 'correct-horse-9', unitId: 'cb' }, clock, 'test');
    const before = await hubRows(hub.dataDir, 'SELECT id FROM instructor_assignments ORDER BY id');
    const refusals: [string, unknown, string, number, string][] = [
      [outside, { userId: liId }, township, 404, 'station_not_found'],
      [inside, { userId: viewer.id }, township, 409, 'not_an_instructor'],
      [inside, { userId: 999 }, township, 404, 'user_not_found'],
      [inside, { userId: liId }, li, 403, 'forbidden'],
    ];
    for (const [station, body, token, status, code] of refusals) {
      const r = await call<Refusal>(`${hub.url}/api/county/stations/${station}/instructor`, { method: 'PUT', token, body });
      expect([r.status, r.body.error.code]).toEqual([status, code]);
    }
    expect(await hubRows(hub.dataDir, 'SELECT id FROM instructor_assignments ORDER BY id')).toEqual(before);

    const assigned = await call<{ instructor: { username: string; fromAt: number; assignedBy: string } }>(`${hub.url}/api/county/stations/${inside}/instructor`, { method: 'PUT', token: township, body: { userId: liId } });
    expect(assigned.status).toBe(200);
    expect(assigned.body.instructor).toMatchObject({ username: 'li', fromAt: clock, assignedBy: 'cb-admin' });
    const page = await call<{ instructor: { username: string } | null; history: unknown[] }>(`${hub.url}/api/county/stations/${inside}/guidance`, { token: root });
    expect(page.body.instructor?.username).toBe('li');
    expect(page.body.history).toHaveLength(1);
    const audit = await call<{ entries: { action: string; detail: { stationId?: string; username?: string } }[] }>(`${hub.url}/api/county/audit`, { token: township });
    expect(audit.body.entries.find((e) => e.action === 'instructor_assign')?.detail).toMatchObject({ stationId: inside, username: 'li' });
  });

  it('shows an instructor their stations only, everywhere, and lets them act on nothing else', async () => {
    const stations = await call<{ stations: { id: string }[] }>(`${hub.url}/api/county/stations`, { token: li });
    expect(stations.body.stations.map((s) => s.id)).toEqual([inside]);
    const ranking = await call<{ rows: { id: string }[] }>(`${hub.url}/api/county/ranking`, { token: li });
    expect(ranking.body.rows.map((r) => r.id)).toEqual([inside]);
    const overview = await call<{ stations: { enrolled: number } }>(`${hub.url}/api/county/overview`, { token: li });
    expect(overview.status).toBe(200);
    expect(JSON.stringify(overview.body)).toContain('"enrolled":1');
    expect((await call(`${hub.url}/api/county/stations/${inside}`, { token: li })).status).toBe(200);
    for (const url of [`/api/county/stations/${neighbour}`, `/api/county/stations/${outside}/guidance`, `/api/county/stations/${neighbour}/report.csv`]) {
      const r = await call<Refusal>(`${hub.url}${url}`, { token: li });
      expect([url, r.status, r.body.error.code]).toEqual([url, 404, 'station_not_found']);
    }
    expect((await call<Refusal>(`${hub.url}/api/county/overview?unit=cb`, { token: li })).body.error.code).toBe('unit_not_found');
    const monthly = await call<string>(`${hub.url}/api/county/export/monthly.csv`, { token: li });
    expect(monthly.status).toBe(200);
    expect(monthly.body).toContain('前进村');
    expect(monthly.body).not.toContain('红星村');
    expect(monthly.body).not.toContain('东风村');
    expect((await call<{ units: unknown[] }>(`${hub.url}/api/county/units`, { token: li })).body.units).toEqual([]);
    // Alerts: only their station's, though every station raised one.
    for (const id of [inside, neighbour, outside]) {
      await hubWrite(hub.dataDir, "INSERT INTO station_alerts (station_id, code, state, level, message, since, at) VALUES (?, 'disk_low', 'raised', 'warning', '磁盘空间不足', ?, ?)", id, clock, clock);
    }
    const alerts = await call<{ alerts: { stationId: string }[] }>(`${hub.url}/api/county/alerts`, { token: li });
    expect(alerts.body.alerts.map((a) => a.stationId)).toEqual([inside]);
    const everyone = await call<{ alerts: { stationId: string }[] }>(`${hub.url}/api/county/alerts`, { token: root });
    expect(everyone.body.alerts.map((a) => a.stationId).sort()).toEqual([inside, neighbour, outside].sort());
    expect((await call<{ cases: unknown[] }>(`${hub.url}/api/county/alert-cases`, { token: li })).status).toBe(200);
    for (const [method, url, body] of [
      ['POST', '/api/county/stations', { name: '新站' }],
      ['POST', '/api/county/notices', { text: '通知' }],
      ['GET', '/api/county/users', undefined],
      ['GET', '/api/county/org/children', undefined],
      ['PUT', `/api/county/stations/${inside}/instructor`, { userId: null }],
    ] as const) {
      const r = await call<Refusal>(`${hub.url}${url}`, { method, token: li, body });
      expect([url, r.status]).toEqual([url, 403]);
    }
  });

  it('logs guidance, corrects it by superseding, counts the standing records and audits each', async () => {
    const bad: [unknown, number, string][] = [
      [{ visitedOn: '2026-12-08', kind: 'on_site', done: '明天的' }, 400, 'invalid_guidance'],
      [{ visitedOn: '2026-02-30', kind: 'on_site', done: '没有这天' }, 400, 'invalid_guidance'],
      [{ visitedOn: '2026-12-01', kind: 'party', done: '不认识的方式' }, 400, 'invalid_request'],
    ];
    for (const [body, status, code] of bad) {
      const r = await call<Refusal>(`${hub.url}/api/county/stations/${inside}/guidance`, { token: li, body });
      expect([r.status, r.body.error.code]).toEqual([status, code]);
    }
    const notHers = await call<Refusal>(`${hub.url}/api/county/stations/${neighbour}/guidance`, { token: li, body: { visitedOn: '2026-12-01', kind: 'on_site', done: '越界' } });
    expect([notHers.status, notHers.body.error.code]).toEqual([404, 'station_not_found']);
    expect(await hubRows(hub.dataDir, 'SELECT id FROM guidance_records')).toEqual([]);

    const first = await call<Guidance>(`${hub.url}/api/county/stations/${inside}/guidance`, {
      token: li,
      body: { visitedOn: '2026-12-03', kind: 'on_site', done: '检查收看记录', problems: '签到簿未及时填写', followUp: '下周复查' },
    });
    expect(first.status).toBe(201);
    expect(first.body.record).toMatchObject({ stationId: inside, instructor: 'li', author: 'li', supersedes: null });
    const own = await call<Guidance>(`${hub.url}/api/county/stations/${neighbour}/guidance`, { token: township, body: { visitedOn: '2026-12-04', kind: 'training', done: '集中培训站点管理员' } });
    expect(own.body.record).toMatchObject({ instructor: null, author: 'cb-admin' });

    const fixed = await call<Guidance>(`${hub.url}/api/county/guidance/${first.body.record.id}/correction`, { token: li, body: { visitedOn: '2026-12-03', kind: 'on_site', done: '检查收看记录和党员名册' } });
    expect(fixed.status).toBe(201);
    expect(fixed.body.record).toMatchObject({ supersedes: first.body.record.id, instructor: 'li' });
    const twice = await call<Refusal>(`${hub.url}/api/county/guidance/${first.body.record.id}/correction`, { token: township, body: { visitedOn: '2026-12-03', kind: 'on_site', done: 'x' } });
    expect([twice.status, twice.body.error.code]).toEqual([409, 'guidance_superseded']);
    const othersRecord = await call<Refusal>(`${hub.url}/api/county/guidance/${own.body.record.id}/correction`, { token: li, body: { visitedOn: '2026-12-03', kind: 'on_site', done: 'x' } });
    expect([othersRecord.status, othersRecord.body.error.code]).toEqual([404, 'guidance_record_not_found']);

    const page = await call<{ count: number; records: { done: string; supersededBy: string | null }[] }>(`${hub.url}/api/county/stations/${inside}/guidance?month=2026-12`, { token: li });
    expect(page.body.count).toBe(1);
    expect(page.body.records.map((r) => [r.done, r.supersededBy])).toEqual([
      ['检查收看记录和党员名册', null],
      ['检查收看记录', fixed.body.record.id],
    ]);
    const mine = await call<{ instructors: { username: string; count: number; stations: { id: string; name: string; count: number }[] }[]; records: unknown[] }>(`${hub.url}/api/county/instructors`, { token: li });
    expect(mine.body.instructors).toEqual([{ userId: liId, username: 'li', unitId: 'cb', count: 1, stations: [{ id: inside, name: '前进村', count: 1 }] }]);
    expect(mine.body.records).toHaveLength(2);
    const seen = await call<{ instructors: { username: string }[] }>(`${hub.url}/api/county/instructors`, { token: township });
    expect(seen.body.instructors.map((i) => i.username)).toEqual(['li']);
    // The unit's monthly table: the station's instructor and its standing records (the superseded one not counted).
    const csv = (await call<string>(`${hub.url}/api/county/export/monthly.csv?month=2026-12&unit=cb`, { token: root })).body;
    const section = csv.slice(csv.indexOf('党建指导员与指导记录'));
    expect(section.split(/\r?\n/).filter((l) => l.includes(inside) || l.includes(neighbour)).map((l) => l.split(',').slice(1)).sort()).toEqual([
      ['前进村', 'li', '1'],
      ['红星村', '未配备', '1'],
    ].sort());
    const actions = (await call<{ entries: { action: string }[] }>(`${hub.url}/api/county/audit`, { token: root })).body.entries.map((e) => e.action);
    expect(actions.filter((a) => a.startsWith('guidance_'))).toEqual(['guidance_correct', 'guidance_add', 'guidance_add']);
  });

  it('ends the stations of an instructor who becomes a viewer', async () => {
    expect((await call(`${hub.url}/api/county/users/${liId}`, { method: 'PATCH', token: root, body: { role: 'viewer' } })).status).toBe(200);
    const page = await call<{ instructor: unknown; history: { untilAt: number | null }[] }>(`${hub.url}/api/county/stations/${inside}/guidance`, { token: root });
    expect(page.body.instructor).toBeNull();
    expect(page.body.history.map((h) => h.untilAt)).toEqual([clock]);
  });
});
