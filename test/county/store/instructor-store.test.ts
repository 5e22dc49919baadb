// 党建指导员 in the hub's store on SQLite and on PostgreSQL: an instructor is a staff user read back with the role
// 'instructor' (kept as a marked viewer, migration 0020); a station has one current instructor at a time and keeps
// every assignment with its from/until; 指导记录 are never changed — a correction is a new record, the old one is
// kept, only the standing record counts, and a record is corrected only once.
import { afterEach, describe, expect, it } from 'vitest';
import { StaffStore } from '../../../county/store/staff-store.ts';
import { StationStore } from '../../../county/store/station-store.ts';
import { InstructorStore } from '../../../county/store/instructor-store.ts';
import { HubError } from '../../../county/hub-error.ts';
import { hubDialects } from '../../support/postgres-database.ts';
import { openTestHubDatabase, type TestHubDatabase } from '../support/hub-database-fixture.ts';

const T = Date.UTC(2026, 11, 7, 2, 0, 0);
const H = 3_600_000;
const open: TestHubDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close()));
});

describe.each(hubDialects())('instructors on %s', (dialect) => {
  async function setUp() {
    const database = await openTestHubDatabase(dialect);
    open.push(database);
    const staff = new StaffStore(database.kysely);
    const stations = new StationStore(database.kysely);
    const store = new InstructorStore(database.kysely);
    const li = await staff.add({ username: 'li', role: 'instructor', passwordHash: 'x', mustChangePassword: false }, T);
    const wang = await staff.add({ username: 'wang', role: 'instructor', passwordHash: 'x', mustChangePassword: false }, T);
    const village = await stations.create({ name: '前进村', grade: 'standard' }, T);
    const school = await stations.create({ name: '第二中学', grade: 'ordinary' }, T);
    return { database, staff, store, li, wang, village: village.id, school: school.id };
  }

  it('reads an instructor back as one, and a role change as the new role', async () => {
    const { staff, li, database } = await setUp();
    expect(li.role).toBe('instructor');
    expect((await staff.findByName('LI'))?.role).toBe('instructor');
    // Kept as a marked viewer: the role column's CHECK knows two roles.
    const row = await database.kysely.selectFrom('staff_users').select(['role', 'instructor']).where('id', '=', li.id).executeTakeFirstOrThrow();
    expect({ role: row.role, instructor: Number(row.instructor) }).toEqual({ role: 'viewer', instructor: 1 });
    expect((await staff.update(li.id, { role: 'viewer' }, T + H)).role).toBe('viewer');
    expect((await staff.update(li.id, { role: 'instructor' }, T + 2 * H)).role).toBe('instructor');
  });

  it('gives a station one current instructor and keeps who had it from when until when', async () => {
    const { store, li, wang, village, school } = await setUp();
    expect(await store.current(village)).toBeNull();
    await store.assign(village, li.id, T, 'root');
    await store.assign(school, li.id, T, 'root');
    // Again the same: nothing changes.
    expect((await store.assign(village, li.id, T + H, 'root'))?.fromAt).toBe(T);
    expect(await store.stationsOf(li.id)).toEqual([village, school].sort());
    await store.assign(village, wang.id, T + 2 * H, 'cb-admin');
    expect((await store.current(village))?.username).toBe('wang');
    expect(await store.stationsOf(li.id)).toEqual([school]);
    expect((await store.history(village)).map((a) => [a.username, a.fromAt, a.untilAt, a.endedBy])).toEqual([
      ['wang', T + 2 * H, null, null],
      ['li', T, T + 2 * H, 'cb-admin'],
    ]);
    expect(await store.stationsOfEach([li.id, wang.id, 999])).toEqual(new Map([[li.id, [school]], [wang.id, [village]], [999, []]]));
    expect(await store.currentNames({ stations: [village, school] })).toEqual(new Map([[village, 'wang'], [school, 'li']]));
    await store.assign(village, null, T + 3 * H, 'root');
    expect(await store.current(village)).toBeNull();
    await store.endAllOf(li.id, T + 4 * H, 'root');
    expect(await store.stationsOf(li.id)).toEqual([]);
    expect((await store.history(village)).length).toBe(2);
  });

  it('keeps a corrected record, counts only the standing one, and corrects a record once', async () => {
    const { store, li, village, school } = await setUp();
    const base = { instructorId: li.id, kind: 'on_site' as const, problems: '签到簿未及时填写', followUp: '下月复查', author: 'li' };
    const first = await store.add({ ...base, stationId: village, visitedOn: '2026-12-03', done: '检查收看记录' }, T);
    await store.add({ ...base, stationId: school, visitedOn: '2026-12-05', kind: 'remote', done: '远程讲解课件下载' }, T);
    await store.add({ ...base, stationId: village, visitedOn: '2026-11-28', done: '上月的到站指导' }, T);
    const fixed = await store.add({ ...base, stationId: village, visitedOn: '2026-12-04', done: '检查收看记录和党员名册', author: 'root' }, T + H, first.id);
    expect(fixed.supersedes).toBe(first.id);
    const list = await store.stationRecords(village, '2026-12-01', '2026-12-31');
    expect(list.map((r) => [r.done, r.supersededBy])).toEqual([
      ['检查收看记录和党员名册', null],
      ['检查收看记录', fixed.id],
    ]);
    // The original is unchanged, word for word.
    expect(await store.record(first.id)).toMatchObject({ done: '检查收看记录', visitedOn: '2026-12-03', author: 'li', supersededBy: fixed.id });
    expect(await store.counts('station', '2026-12-01', '2026-12-31', null)).toEqual([
      { key: village, count: 1 },
      { key: school, count: 1 },
    ].sort((a, b) => a.key.localeCompare(b.key)));
    expect(await store.counts('instructor', '2026-12-01', '2026-12-31', { stations: [village] })).toEqual([{ key: 'li', count: 1 }]);
    expect(await store.counts('station', '2026-11-01', '2026-11-30', null)).toEqual([{ key: village, count: 1 }]);
    const again = await store.add({ ...base, stationId: village, visitedOn: '2026-12-04', done: '又一次' }, T + 2 * H, first.id).then(
      () => null,
      (e: unknown) => e,
    );
    expect(again).toBeInstanceOf(HubError);
    expect((again as HubError).code).toBe('guidance_superseded');
    // Two corrections of one record at once: one stands, the other is told the record was corrected.
    const other = await store.add({ ...base, stationId: school, visitedOn: '2026-12-06', done: '第二条' }, T);
    const race = await Promise.allSettled([1, 2].map((n) => store.add({ ...base, stationId: school, visitedOn: '2026-12-06', done: `更正 ${n}` }, T + n, other.id)));
    expect(race.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(((race.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as HubError).code).toBe('guidance_superseded');
    expect((await store.stationRecords(village, '2026-12-01', '2026-12-31')).length).toBe(2);
    expect((await store.instructorRecords(li.id, '2026-12-01', '2026-12-31')).length).toBe(5);
  });
});
