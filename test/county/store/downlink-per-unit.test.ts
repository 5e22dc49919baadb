// What is sent down per unit of the org tree (hub migration 0015), on SQLite and on PostgreSQL: a station gets the
// hub-wide programs and notices and those of its unit's path (its unit and every ancestor), never a sibling's;
// the nearest unit's own policy, else the hub's; and a station under no unit gets exactly what it got before.
import { afterEach, describe, expect, it } from 'vitest';
import { OrgStore } from '../../../county/store/org-store.ts';
import { DownlinkStore, type CountyProgramInput } from '../../../county/store/downlink-store.ts';
import { DEFAULT_POLICY } from '../../../protocol/downlink.pure.ts';
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

describe.each(hubDialects())('programs, notices and policy per unit on %s', (dialect) => {
  async function setUp() {
    const database = await openTestHubDatabase(dialect);
    open.push(database);
    const org = new OrgStore(database.kysely);
    const downlink = new DownlinkStore(database.kysely);
    await org.addUnit({ id: '650502', parentId: null, level: 'county', name: '伊州区' }, T);
    await org.addUnit({ id: 'chengbei', parentId: '650502', level: 'township', name: '城北街道' }, T);
    await org.addUnit({ id: 'dongjiao', parentId: '650502', level: 'township', name: '东郊街道' }, T);
    return { org, downlink };
  }

  it('reach the unit path and the hub-wide ones only', async () => {
    const { downlink } = await setUp();
    const before = await downlink.downlink(TODAY);
    await downlink.addProgram(program('全区冬训'), T, '650502');
    await downlink.addProgram(program('城北专题'), T, 'chengbei');
    await downlink.addProgram(program('东郊专题'), T, 'dongjiao');
    await downlink.addNotice({ text: '城北通知', until: null }, T, 'chengbei');
    await downlink.addNotice({ text: '全平台通知', until: null }, T);

    const chengbei = await downlink.downlink(TODAY, [], ['650502', 'chengbei']);
    expect(chengbei.programs.map((p) => p.title)).toEqual(['全区冬训', '城北专题']);
    expect(chengbei.notices.map((n) => n.text)).toEqual(['城北通知', '全平台通知']);
    const dongjiao = await downlink.downlink(TODAY, [], ['650502', 'dongjiao']);
    expect(dongjiao.programs.map((p) => p.title)).toEqual(['全区冬训', '东郊专题']);
    expect(dongjiao.notices.map((n) => n.text)).toEqual(['全平台通知']);

    // A station under no unit: the hub-wide notice only, as on a county-only hub.
    const top = await downlink.downlink(TODAY);
    expect(top.programs).toEqual([]);
    expect(top.notices.map((n) => n.text)).toEqual(['全平台通知']);
    expect(before.programs).toEqual([]);

    // Staff of a subtree list only its programs.
    expect((await downlink.listPrograms(new Set(['chengbei']))).map((p) => [p.title, p.unitId])).toEqual([['城北专题', 'chengbei']]);
    expect((await downlink.listPrograms()).filter((p) => p.unitId === undefined)).toEqual([]);
    expect(await downlink.listPrograms(new Set())).toEqual([]);
    expect((await downlink.listPrograms()).length).toBe(3);
  });

  it('give each station the nearest unit policy, else the hub-wide one', async () => {
    const { downlink } = await setUp();
    await downlink.setPolicy({ ...DEFAULT_POLICY, minViewingsPerMonth: 2 }, T);
    await downlink.setPolicy({ ...DEFAULT_POLICY, minViewingsPerMonth: 3 }, T, '650502');
    await downlink.setPolicy({ ...DEFAULT_POLICY, minViewingsPerMonth: 5 }, T, 'chengbei');
    expect((await downlink.downlink(TODAY, [], ['650502', 'chengbei'])).policy.minViewingsPerMonth).toBe(5);
    expect((await downlink.downlink(TODAY, [], ['650502', 'dongjiao'])).policy.minViewingsPerMonth).toBe(3);
    expect((await downlink.downlink(TODAY)).policy.minViewingsPerMonth).toBe(2);
    expect((await downlink.policy()).minViewingsPerMonth).toBe(2);
  });
});
