// Programs and notices aimed by site grade or at a list of stations, over the staff API and the stations' own
// signed reports (issue 17): each reaches only the stations it names; a township administrator can name only its
// own stations (another's is answered as unknown); grades and a list at once are refused as a code; and every
// refusal changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualStation } from '../../../scripts/simulate-county.ts';
import type { Downlink } from '../../../protocol/downlink.pure.ts';
import type { Grade } from '../../../protocol/site-grades.pure.ts';
import { at } from '../../support/station-fixture.ts';
import { call, hubRows, staffToken, startTestHub, type TestHub } from '../support/hub-fixture.ts';

const clock = at('2026-12-07 09:00');
let hub: TestHub;
let admin: string;
let township: string;
const st: Record<string, VirtualStation> = {};

async function station(name: string, grade: Grade, unitId: string | null): Promise<VirtualStation> {
  const r = await call<{ enrollment: { code: string } }>(`${hub.url}/api/county/stations`, { token: admin, body: { name, grade, unitId } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return VirtualStation.enroll(hub.url, r.body.enrollment.code, () => clock);
}

async function downlinkOf(s: VirtualStation): Promise<{ programs: string[]; notices: string[] }> {
  const r = await s.sendRaw(JSON.stringify({ events: [] }));
  expect(r.status).toBe(200);
  const d = (r.body as { downlink: Downlink }).downlink;
  return { programs: d.programs.map((p) => p.title), notices: d.notices.map((n) => n.text) };
}

const program = (title: string, extra: Record<string, unknown>) => ({
  title,
  kind: 'group_viewing',
  rule: { type: 'once', date: '2026-12-12', time: '09:30' },
  course: { title, streamUrl: 'https://live.example.gov.cn/a.m3u8', sha256: null, durationMs: null },
  ...extra,
});

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock });
  admin = await staffToken(hub, 'admin', 'county_admin');
  await hub.ctx.org.addUnit({ id: '650502', parentId: null, level: 'county', name: '伊州区' }, clock);
  await hub.ctx.org.addUnit({ id: 'chengbei', parentId: '650502', level: 'township', name: '城北街道' }, clock);
  await hub.ctx.org.addUnit({ id: 'dongjiao', parentId: '650502', level: 'township', name: '东郊街道' }, clock);
  await hub.ctx.auth.addUser({ username: 'cb-admin', role: 'county_admin', password: 'correct-horse-9', unitId: 'chengbei' }, clock, 'test');
  township = (await call<{ token: string }>(`${hub.url}/api/county/login`, { body: { username: 'cb-admin', password: 'correct-horse-9' } })).body.token;
  st.demo = await station('城北示范点', 'demonstration', 'chengbei');
  st.plain = await station('城北普通点', 'ordinary', 'chengbei');
  st.east = await station('东郊示范点', 'demonstration', 'dongjiao');
});

afterAll(async () => {
  await hub.stop();
});

describe('targets over HTTP', () => {
  it('reach the grades and the stations named, nothing else', async () => {
    const a = await call<{ program: { grades: string[] } }>(`${hub.url}/api/county/programs`, { token: admin, body: program('示范点专题', { unitId: '650502', grades: ['demonstration'] }) });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(a.body.program.grades).toEqual(['demonstration']);
    const n = await call<{ notice: { stationIds: string[] } }>(`${hub.url}/api/county/notices`, { token: township, body: { text: '请普通点今晚开机', stationIds: [st.plain!.stationId] } });
    expect(n.status, JSON.stringify(n.body)).toBe(201);
    expect(n.body.notice.stationIds).toEqual([st.plain!.stationId]);

    expect(await downlinkOf(st.demo!)).toEqual({ programs: ['示范点专题'], notices: [] });
    expect(await downlinkOf(st.plain!)).toEqual({ programs: [], notices: ['请普通点今晚开机'] });
    expect(await downlinkOf(st.east!)).toEqual({ programs: ['示范点专题'], notices: [] });

    // The township's list of programs shows the target as saved.
    const listed = await call<{ notices: { text: string; stationIds?: string[] }[] }>(`${hub.url}/api/county/notices`, { token: township });
    expect(listed.body.notices.map((x) => [x.text, x.stationIds])).toEqual([['请普通点今晚开机', [st.plain!.stationId]]]);
  });

  it('refuse a station outside the subtree and grades with a list, changing nothing', async () => {
    const before = await hubRows(hub.dataDir, 'SELECT * FROM county_notices ORDER BY id');
    const outside = await call<{ error: { code: string; params: unknown } }>(`${hub.url}/api/county/notices`, { token: township, body: { text: '越界', stationIds: [st.east!.stationId] } });
    expect([outside.status, outside.body.error.code, outside.body.error.params]).toEqual([404, 'station_not_found', { stationId: st.east!.stationId }]);
    const both = await call<{ error: { code: string; params: unknown } }>(`${hub.url}/api/county/notices`, { token: admin, body: { text: '两样', grades: ['standard'], stationIds: [st.east!.stationId] } });
    expect([both.status, both.body.error.code, both.body.error.params]).toEqual([400, 'invalid_target', { problem: 'grades_and_stations' }]);
    const badGrade = await call<{ error: { code: string } }>(`${hub.url}/api/county/notices`, { token: admin, body: { text: '类别', grades: ['gold'] } });
    expect([badGrade.status, badGrade.body.error.code]).toEqual([400, 'invalid_request']);
    expect(await hubRows(hub.dataDir, 'SELECT * FROM county_notices ORDER BY id')).toEqual(before);
  });

  it('an edit states the target again: omitted, it reaches the whole unit', async () => {
    const listed = await call<{ notices: { id: number }[] }>(`${hub.url}/api/county/notices`, { token: township });
    const id = listed.body.notices[0]!.id;
    const edited = await call<{ notice: { stationIds?: string[]; grades?: string[] } }>(`${hub.url}/api/county/notices/${id}`, { method: 'PUT', token: township, body: { text: '请各点今晚开机', grades: ['demonstration'] } });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect([edited.body.notice.grades, edited.body.notice.stationIds]).toEqual([['demonstration'], undefined]);
    expect((await downlinkOf(st.demo!)).notices).toEqual(['请各点今晚开机']);
    expect((await downlinkOf(st.plain!)).notices).toEqual([]);
    const whole = await call(`${hub.url}/api/county/notices/${id}`, { method: 'PUT', token: township, body: { text: '请各点今晚开机' } });
    expect(whole.status).toBe(200);
    expect((await downlinkOf(st.plain!)).notices).toEqual(['请各点今晚开机']);
    expect((await downlinkOf(st.east!)).notices).toEqual([]);
  });
});
