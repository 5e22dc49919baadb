// applyDownlink on a real station database: county programs upserted through the county-id map, a program
// the administrator removed comes back, a rule the station cannot schedule is reported and skipped, county
// notices replace county notices only, the policy lands in the settings, and an unchanged version writes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { applyDownlink } from '../../../agent/uplink/downlink.ts';
import { downlinkVersion, DEFAULT_POLICY, type CountyProgram, type Downlink } from '../../../protocol/downlink.pure.ts';
import { ProgramStore } from '../../../agent/programs/program-store.ts';
import { addNotice, listNotices } from '../../../agent/notices/notice-store.ts';
import { readSetting, readStationSettings } from '../../../agent/settings/settings-store.ts';
import { COUNTY_PROGRAMS_SETTING } from '../../../agent/uplink/uplink-settings.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { createStation, type Station } from '../../support/station-fixture.ts';

const AT = Date.UTC(2026, 10, 24, 1, 0);
let station: Station;
afterEach(() => station?.close());

function downlink(content: Omit<Downlink, 'version'>): Downlink {
  return { version: downlinkVersion(content), ...content };
}

const live: CountyProgram = {
  id: 'cp-1',
  title: '冬训直播',
  kind: 'group_viewing',
  rule: { type: 'weekly', days: [6], time: '09:30' },
  checkinOpensBeforeMin: 20,
  checkinClosesAfterMin: 30,
  notes: null,
  course: { title: '冬训直播', streamUrl: 'https://live.example.gov.cn/a.m3u8', sha256: null, durationMs: null },
};

describe('applyDownlink', () => {
  it('upserts by county id, writes nothing for an unchanged version, and brings back a program removed at the station', () => {
    station = createStation();
    const db = station.db;
    const first = downlink({ programs: [live], notices: [], policy: DEFAULT_POLICY });
    expect(applyDownlink(db, first, AT)).toMatchObject({ applied: true, changed: true, programs: { added: 1, updated: 0, removed: 0, unresolved: [] } });
    const map = readSetting<Record<string, number>>(db, COUNTY_PROGRAMS_SETTING)!;
    const localId = map['cp-1']!;
    expect(new ProgramStore(db).get(localId)).toMatchObject({ origin: 'county', checkinOpensBeforeMin: 20 });

    const logs = queryStationLog(db).length;
    expect(applyDownlink(db, first, AT + 1)).toMatchObject({ applied: false, changed: false });
    expect(queryStationLog(db).length).toBe(logs);

    // Same program, new time: updated in place.
    const moved = downlink({ programs: [{ ...live, rule: { type: 'weekly', days: [6], time: '10:00' } }], notices: [], policy: DEFAULT_POLICY });
    expect(applyDownlink(db, moved, AT + 2).programs).toMatchObject({ added: 0, updated: 1 });
    expect(new ProgramStore(db).get(localId)!.rule).toEqual({ type: 'weekly', days: [6], time: '10:00' });

    // The administrator removed it; the county's next changed downlink brings it back as a new program.
    new ProgramStore(db).remove(localId, AT + 3);
    const again = downlink({ programs: [{ ...live, title: '冬训直播（第二期）' }], notices: [], policy: DEFAULT_POLICY });
    expect(applyDownlink(db, again, AT + 4).programs).toMatchObject({ added: 1 });
    expect(new ProgramStore(db).listActive().filter((p) => p.origin === 'county').map((p) => p.title)).toEqual(['冬训直播（第二期）']);

    // Gone from the county: off the schedule, kept in the table for past sessions.
    expect(applyDownlink(db, downlink({ programs: [], notices: [], policy: DEFAULT_POLICY }), AT + 5).programs).toMatchObject({ removed: 1 });
    expect(new ProgramStore(db).listActive().filter((p) => p.origin === 'county')).toEqual([]);
    expect(readSetting(db, COUNTY_PROGRAMS_SETTING)).toEqual({});
  });

  it('reports a program it cannot schedule and applies the rest; keeps station notices; sets the policy', () => {
    station = createStation();
    const db = station.db;
    addNotice(db, { text: '本站通知：周五打扫活动室', until: null }, AT);
    const impossible: CountyProgram = { ...live, id: 'cp-2', title: '无效日期', rule: { type: 'once', date: '2026-02-30', time: '09:30' } };
    const d = downlink({
      programs: [impossible, live],
      notices: [{ id: 'cn-1', text: '冬训通知', until: '2026-12-31' }],
      policy: { minViewingsPerMonth: 3, minMinutesPerMonth: null, fixedStudyDays: [5] },
    });
    const r = applyDownlink(db, d, AT);
    expect(r.programs.added).toBe(1);
    expect(r.programs.unresolved).toHaveLength(1);
    expect(r.programs.unresolved[0]).toMatchObject({ id: 'cp-2' });
    expect(r.programs.unresolved[0]).toMatchObject({ reason: 'invalid_rule', params: { problems: [expect.objectContaining({ problem: 'date' })] } });
    expect(listNotices(db).map((n) => [n.origin, n.text])).toEqual([
      ['station', '本站通知：周五打扫活动室'],
      ['county', '冬训通知'],
    ]);
    expect(readStationSettings(db).policyMinViewingsPerMonth).toBe(3);
    expect(queryStationLog(db).map((l) => l.message)).toContain('县级平台考核要求：每月至少集中收看 3 次，固定学习日每月 5 日');

    // An unresolved program keeps the version unapplied: the same downlink is tried again, and changes nothing twice.
    expect(applyDownlink(db, d, AT + 1)).toMatchObject({ applied: true, changed: false, programs: { added: 0, updated: 0 } });
    // A new county notice set replaces the county's notices only.
    applyDownlink(db, downlink({ programs: [], notices: [{ id: 'cn-2', text: '新通知', until: null }], policy: d.policy }), AT + 2);
    expect(listNotices(db).map((n) => n.text)).toEqual(['本站通知：周五打扫活动室', '新通知']);
  });
});
