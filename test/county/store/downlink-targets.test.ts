// Programs and notices aimed at some site grades or a list of stations within their unit (hub migration 0022), on
// SQLite and on PostgreSQL: each reaches only the stations it names, inside its unit's subtree only; an untargeted
// one still reaches every station; a downlink that does not say whose it is carries no targeted item; an edit may
// change or clear the target.
import { afterEach, describe, expect, it } from 'vitest';
import { OrgStore } from '../../../county/store/org-store.ts';
import { DownlinkStore, type CountyProgramInput } from '../../../county/store/downlink-store.ts';
import { hubDialects } from '../../support/postgres-database.ts';
import { openTestHubDatabase, type TestHubDatabase } from '../support/hub-database-fixture.ts';

const T = Date.UTC(2026, 11, 7, 2, 0, 0);
const TODAY = '2026-12-07';
const open: TestHubDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close()));
});

const program = (title: string): CountyProgramInput => ({
  title,
  kind: 'group_viewing',
  rule: { type: 'once', date: '2026-12-12', time: '09:30' },
  course: { title, streamUrl: 'https://live.example.gov.cn/a.m3u8', sha256: null, durationMs: null },
  checkinOpensBeforeMin: 15,
  checkinClosesAfterMin: 30,
  notes: null,
});

describe.each(hubDialects())('targets by grade and by station list on %s', (dialect) => {
  async function setUp() {
    const database = await openTestHubDatabase(dialect);
    open.push(database);
    const org = new OrgStore(database.kysely);
    await org.addUnit({ id: '650502', parentId: null, level: 'county', name: '伊州区' }, T);
    await org.addUnit({ id: 'chengbei', parentId: '650502', level: 'township', name: '城北街道' }, T);
    await org.addUnit({ id: 'dongjiao', parentId: '650502', level: 'township', name: '东郊街道' }, T);
    return { downlink: new DownlinkStore(database.kysely) };
  }
  const cb = ['650502', 'chengbei'];
  const dj = ['650502', 'dongjiao'];

  it('reach only the grades or stations named, within the unit', async () => {
    const { downlink } = await setUp();
    await downlink.addProgram(program('示范点专题'), T, '650502', { grades: ['demonstration'] });
    await downlink.addProgram(program('三站联学'), T, 'chengbei', { stationIds: ['st-a', 'st-b'] });
    await downlink.addProgram(program('全区冬训'), T, '650502');
    await downlink.addNotice({ text: '普通场所通知', until: null }, T, null, { grades: ['ordinary', 'standard'] });
    await downlink.addNotice({ text: '给 st-c 的通知', until: null }, T, null, { stationIds: ['st-c'] });

    const titles = async (path: string[], station?: { id: string; grade: string }) => {
      const d = await downlink.downlink(TODAY, [], path, station);
      return { programs: d.programs.map((p) => p.title), notices: d.notices.map((n) => n.text) };
    };
    expect(await titles(cb, { id: 'st-a', grade: 'demonstration' })).toEqual({ programs: ['示范点专题', '三站联学', '全区冬训'], notices: [] });
    expect(await titles(cb, { id: 'st-b', grade: 'ordinary' })).toEqual({ programs: ['三站联学', '全区冬训'], notices: ['普通场所通知'] });
    // st-a is named by a chengbei program: placed in dongjiao, it does not get it (the unit still bounds the reach).
    expect(await titles(dj, { id: 'st-a', grade: 'standard' })).toEqual({ programs: ['全区冬训'], notices: ['普通场所通知'] });
    expect(await titles([], { id: 'st-c', grade: 'demonstration' })).toEqual({ programs: [], notices: ['给 st-c 的通知'] });
    // Whose downlink it is unknown: only the untargeted items.
    expect(await titles(cb)).toEqual({ programs: ['全区冬训'], notices: [] });

    const listed = await downlink.listPrograms();
    expect(listed.map((p) => [p.title, p.grades ?? null, p.stationIds ?? null])).toEqual([
      ['示范点专题', ['demonstration'], null],
      ['三站联学', null, ['st-a', 'st-b']],
      ['全区冬训', null, null],
    ]);
    expect((await downlink.listNotices()).map((n) => [n.text, n.grades ?? null, n.stationIds ?? null])).toEqual([
      ['普通场所通知', ['ordinary', 'standard'], null],
      ['给 st-c 的通知', null, ['st-c']],
    ]);
  });

  it('change or clear a target on edit, and keep it when the edit does not say', async () => {
    const { downlink } = await setUp();
    const p = await downlink.addProgram(program('示范点专题'), T, '650502', { grades: ['demonstration'] });
    const n = await downlink.addNotice({ text: '通知', until: null }, T, '650502', { stationIds: ['st-a'] });
    await downlink.updateProgram(p.id, { ...program('示范点专题（改）') }, T + 1);
    expect((await downlink.getProgram(p.id))!.grades).toEqual(['demonstration']);
    await downlink.updateProgram(p.id, program('示范点专题（改）'), T + 2, undefined, { stationIds: ['st-b'] });
    const moved = (await downlink.getProgram(p.id))!;
    expect([moved.grades, moved.stationIds]).toEqual([undefined, ['st-b']]);
    await downlink.updateNotice(n.id, { text: '通知', until: null }, undefined, {});
    const cleared = (await downlink.getNotice(n.id))!;
    expect([cleared.grades, cleared.stationIds]).toEqual([undefined, undefined]);
    expect((await downlink.downlink(TODAY, [], cb, { id: 'st-z', grade: 'ordinary' })).notices.map((x) => x.text)).toEqual(['通知']);
  });
});
