// The staff API over the org tree's keys and policies (issue 16), on SQLite and (listed in HUB_ON_POSTGRES) on
// PostgreSQL: programs and notices answer with the key stations know them by, which an edit keeps; a unit change
// that would bring one key twice to a station is refused (409 station_key_clash) and changes nothing; the policy
// answer names the unit whose own policy holds, and a scoped overview carries that policy, not the hub's; a
// station is moved only within the administrator's subtree, and the move is audited.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, hubRows, hubWrite, registerStation, staffToken, startTestHub, type TestHub } from '../support/hub-fixture.ts';
import { at } from '../../support/station-fixture.ts';

const NOW = at('2026-12-07 10:00');
let hub: TestHub;
let root: string;
let county: string;

const program = (title: string, unitId?: string | null) => ({
  title,
  kind: 'group_viewing',
  rule: { type: 'once', date: '2026-12-12', time: '09:30' },
  course: { title, streamUrl: 'https://live.example.cn/a.m3u8', sha256: null, durationMs: null },
  ...(unitId === undefined ? {} : { unitId }),
});
type ProgramAnswer = { program: { id: number; stationKey: string; stationProgramId: string; unitId?: string }; error: { code: string; params: unknown } };

beforeAll(async () => {
  hub = await startTestHub({ now: () => NOW });
  root = await staffToken(hub, 'root', 'county_admin');
  for (const unit of [
    { id: 'gs', level: 'province', name: '甘肃省' },
    { id: 'gs-a', level: 'county', name: '甲县', parentId: 'gs' },
    { id: 'gs-b', level: 'county', name: '乙县', parentId: 'gs' },
    { id: 'gs-a-1', level: 'township', name: '甲镇', parentId: 'gs-a' },
  ]) {
    expect((await call(`${hub.url}/api/county/units`, { token: root, body: unit })).status).toBe(201);
  }
  await hub.ctx.auth.addUser({ username: 'jia-admin', role: 'county_admin', password: 'correct-horse-9', unitId: 'gs-a' }, NOW, 'test');
  county = (await call<{ token: string }>(`${hub.url}/api/county/login`, { body: { username: 'jia-admin', password: 'correct-horse-9' } })).body.token;
});

afterAll(async () => {
  await hub?.stop();
  if (hub) fs.rmSync(hub.dataDir, { recursive: true, force: true });
});

describe('keys, policies and station moves over the staff API', () => {
  it('answers with the station key, keeps it through an edit, and refuses a unit change that would send it twice', async () => {
    const a = await call<ProgramAnswer>(`${hub.url}/api/county/programs`, { token: county, body: program('甲县直播') });
    expect(a.status).toBe(201);
    expect(a.body.program.stationKey).toMatch(/^cp-[0-9a-f-]{36}$/);
    expect(a.body.program.stationProgramId).toBe(a.body.program.stationKey);
    expect(a.body.program.unitId).toBe('gs-a');
    const b = await call<ProgramAnswer>(`${hub.url}/api/county/programs`, { token: root, body: program('乙县直播', 'gs-b') });
    const edited = await call<ProgramAnswer>(`${hub.url}/api/county/programs/${a.body.program.id}`, { method: 'PUT', token: county, body: program('甲县直播（改）', 'gs-a-1') });
    expect([edited.status, edited.body.program.stationKey, edited.body.program.unitId]).toEqual([200, a.body.program.stationKey, 'gs-a-1']);

    // Two counties' programs from before migration 0017, both `cp-1`, as a merge into the province leaves them.
    await hubWrite(hub.dataDir, "UPDATE county_programs SET station_key = 'cp-1'");
    const before = await hubRows(hub.dataDir, 'SELECT id, title, unit_id, station_key FROM county_programs ORDER BY id');
    for (const unitId of ['gs', null, 'gs-a']) {
      const refused = await call<ProgramAnswer>(`${hub.url}/api/county/programs/${b.body.program.id}`, { method: 'PUT', token: root, body: program('乙县直播（改）', unitId) });
      expect([refused.status, refused.body.error]).toEqual([409, { code: 'station_key_clash', params: { key: 'cp-1' } }]);
    }
    expect(await hubRows(hub.dataDir, 'SELECT id, title, unit_id, station_key FROM county_programs ORDER BY id')).toEqual(before);
    const listed = await call<{ programs: { stationKey: string; title: string }[] }>(`${hub.url}/api/county/programs`, { token: county });
    expect(listed.body.programs.map((p) => [p.stationKey, p.title])).toEqual([['cp-1', '甲县直播（改）']]);
  });

  it("names the unit whose policy holds, and a scoped overview carries it instead of the hub's", async () => {
    const policy = { minViewingsPerMonth: 1, minMinutesPerMonth: null, fixedStudyDays: [] };
    expect((await call(`${hub.url}/api/county/policy`, { method: 'PUT', token: root, body: policy })).status).toBe(200);
    expect((await call(`${hub.url}/api/county/policy?unit=gs-a`, { method: 'PUT', token: root, body: { ...policy, minViewingsPerMonth: 3 } })).status).toBe(200);
    type PolicyAnswer = { policy: { minViewingsPerMonth: number }; from?: { unitId: string; name: string } };
    const own = await call<PolicyAnswer>(`${hub.url}/api/county/policy`, { token: county });
    expect([own.body.policy.minViewingsPerMonth, own.body.from]).toEqual([3, { unitId: 'gs-a', name: '甲县' }]);
    const below = await call<PolicyAnswer>(`${hub.url}/api/county/policy?unit=gs-a-1`, { token: county });
    expect([below.body.policy.minViewingsPerMonth, below.body.from]).toEqual([3, { unitId: 'gs-a', name: '甲县' }]);
    const beside = await call<PolicyAnswer>(`${hub.url}/api/county/policy?unit=gs-b`, { token: root });
    expect([beside.body.policy.minViewingsPerMonth, beside.body.from]).toEqual([1, undefined]);
    expect((await call(`${hub.url}/api/county/policy?unit=gs-b`, { token: county })).status).toBe(404);

    type OverviewAnswer = { policy: { minViewingsPerMonth: number }; requiredByGrade: Record<string, number> };
    const scoped = await call<OverviewAnswer>(`${hub.url}/api/county/overview`, { token: county });
    expect([scoped.body.policy.minViewingsPerMonth, scoped.body.requiredByGrade]).toEqual([3, { demonstration: 3, standard: 3, ordinary: 3 }]);
    const unitB = await call<OverviewAnswer>(`${hub.url}/api/county/overview?unit=gs-b`, { token: root });
    expect(unitB.body.policy.minViewingsPerMonth).toBe(1);
    const whole = await call<OverviewAnswer>(`${hub.url}/api/county/overview`, { token: root });
    expect([whole.body.policy.minViewingsPerMonth, whole.body.requiredByGrade]).toEqual([1, { demonstration: 2, standard: 1, ordinary: 1 }]);
  });

  it('moves a station within the administrator subtree only, audited', async () => {
    const { id } = await registerStation(hub, county, '红旗村');
    expect(await hubRows(hub.dataDir, 'SELECT unit_id FROM stations WHERE id = ?', id)).toEqual([{ unit_id: 'gs-a' }]);
    const moved = await call<{ place: { unitId: string } }>(`${hub.url}/api/county/stations/${id}`, { method: 'PUT', token: county, body: { unitId: 'gs-a-1' } });
    expect([moved.status, moved.body.place.unitId]).toEqual([200, 'gs-a-1']);
    for (const unitId of ['gs-b', 'gs', null]) {
      const refused = await call<{ error: { code: string } }>(`${hub.url}/api/county/stations/${id}`, { method: 'PUT', token: county, body: { unitId } });
      expect([refused.status, refused.body.error.code], String(unitId)).toEqual(unitId === null ? [403, 'forbidden'] : [404, 'unit_not_found']);
    }
    expect(await hubRows(hub.dataDir, 'SELECT unit_id FROM stations WHERE id = ?', id)).toEqual([{ unit_id: 'gs-a-1' }]);
    const audit = await hubRows<{ actor: string; detail: string }>(hub.dataDir, "SELECT actor, detail FROM staff_audit WHERE action = 'station_place'");
    expect(audit.map((r) => [r.actor, JSON.parse(r.detail)])).toEqual([['jia-admin', { stationId: id, unitId: 'gs-a-1' }]]);
  });
});
