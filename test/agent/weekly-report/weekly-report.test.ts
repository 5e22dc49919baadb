// The weekly report (每周一报) on a real station database: composed from the week's records with the figures the
// monthly report's functions give, frozen once composed, remarks appended, sent exactly once, and composed by
// the duty on Monday — or at the next start when the terminal was off — never twice.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
import { WeeklyReportBodySchema } from '../../../protocol/event-bodies.pure.ts';
import { MAX_EVENT_BYTES } from '../../../protocol/wire.pure.ts';
import { pendingOutbox } from '../../../agent/outbox/outbox-store.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { appendContentLog } from '../../../content/content-log.ts';
import { appendStationLog } from '../../../agent/stationlog/station-log.ts';
import { WeeklyReportStore } from '../../../agent/weekly-report/weekly-report-store.ts';
import { addRemark, composeWeek, latestRemark, sendWeek, WeeklyReportError } from '../../../agent/weekly-report/weekly-report.ts';
import { runWeeklyDuty } from '../../../agent/weekly-report/weekly-duty.ts';
import { WEEKLY_SECTIONS } from '../../../agent/weekly-report/weekly-sections.ts';
import { weekSpan } from '../../../common/iso-week.pure.ts';
import { recordActivity, withdrawActivity } from '../../../agent/activities/activity-register.ts';
import { roomRegister } from '../../../agent/room-use/room-register.ts';
import { at, ZONE, type Station } from '../../support/station-fixture.ts';
import { weekStation } from './weekly-fixture.ts';

let station: Station | undefined;
afterEach(() => {
  station?.close();
  if (station) fs.rmSync(station.dir, { recursive: true, force: true });
  station = undefined;
});

const MONDAY = at('2026-12-07 09:00');
const weeklyEvents = (s: Station) => pendingOutbox(s.db, 10_000).filter((e) => e.type === 'weekly_report');

describe('composing a week', () => {
  it('takes the week’s viewings, courseware, uptime and alerts, and nothing from the week after', () => {
    ({ station } = weekStation());
    const report = composeWeek(station.db, '2026-W49', MONDAY, 'test');
    const s = report.snapshot;
    expect([s.week, s.from, s.to, s.station.name, s.composedAt]).toEqual(['2026-W49', '2026-11-30', '2026-12-06', '红旗村党员活动室', '2026-12-07 09:00']);
    expect(s.sections.map((x) => x.id)).toEqual(['viewings', 'activities', 'courseware', 'uptime', 'problems']);
    const section = (id: string) => s.sections.find((x) => x.id === id)!;
    expect(s.headline).toEqual({ viewings: 2, viewingsHeld: 2, participationRate: 0.6667, coursewareReceived: 1, uptime: 0.0714, alerts: 1 });

    const viewings = section('viewings');
    expect(viewings.rows).toEqual([
      { date: '2026-12-02', time: '19:30', title: '十二月第一次集中收看', held: '是', playedMinutes: 45, registered: 3, attendedRegistered: 2, rate: 0.6667, guests: 1 },
      { date: '2026-12-05', time: '09:00', title: '十二月第二次集中收看', held: '是', playedMinutes: 45, registered: 3, attendedRegistered: 1, rate: 0.3333, guests: 0 },
    ]);
    expect(Object.fromEntries(viewings.figures.map((f) => [f.key, f.value]))).toEqual({ viewings: 2, viewingsHeld: 2, registered: 3, attendedRegistered: 2, participationRate: 0.6667, guests: 1 });
    expect(section('courseware').rows).toEqual([
      { at: '2026-12-01 10:00', eventLabel: '接收', title: '学习贯彻全会精神', source: 'satellite' },
      { at: '2026-12-01 10:05', eventLabel: '入库', title: '学习贯彻全会精神', source: 'satellite' },
    ]);
    expect(Object.fromEntries(section('uptime').figures.map((f) => [f.key, f.value]))).toEqual({ uptime: 0.0714, runningHours: 12, hubReachable: 0.8333, starts: 1 });
    expect(section('problems').rows).toEqual([
      { at: '2026-12-03 09:00', state: '告警', message: '磁盘空间不足' },
      { at: '2026-12-03 11:00', state: '恢复', message: '已恢复：磁盘空间不足' },
    ]);
    expect(queryStationLog(station.db, { type: 'station' }).map((e) => e.message)).toContain('每周一报已生成：2026-W49（2026-11-30 至 2026-12-06）');
  });

  it('refuses a week that has not ended, and a week that is not one, composing nothing', () => {
    ({ station } = weekStation());
    expect(() => composeWeek(station!.db, '2026-W50', MONDAY, 'test')).toThrow(expect.objectContaining({ code: 'week_not_ended', params: { week: '2026-W50' } }));
    expect(() => composeWeek(station!.db, '2026-W54', MONDAY, 'test')).toThrow(WeeklyReportError);
    expect(() => composeWeek(station!.db, '2025-W53', MONDAY, 'test')).toThrow(expect.objectContaining({ code: 'invalid_week' }));
    expect(new WeeklyReportStore(station.db).list()).toEqual([]);
  });

  it('keeps its figures frozen when the records of the week change afterwards', () => {
    ({ station } = weekStation());
    const first = composeWeek(station.db, '2026-W49', MONDAY, 'test');
    // Later: a course logged into the week, an alert, a new station name.
    appendContentLog(station.db, { at: at('2026-12-04 10:00'), event: 'received', source: 'usb', fileName: 'late.mp4' });
    appendStationLog(station.db, { type: 'alert', actor: 'system', at: at('2026-12-04 10:00'), message: '时钟偏差过大', detail: { code: 'clock_skew', level: 'warning' } });
    station.settings({ stationName: '红旗村新活动室' });
    // The week composed afresh would now say otherwise …
    const fresh = WEEKLY_SECTIONS.map((x) => x.compose(station!.db, weekSpan('2026-W49', ZONE), ZONE));
    expect(fresh[2]!.figures.find((f) => f.key === 'coursewareReceived')!.value).toBe(2);
    // … but the week stays as it was composed, however it is asked for.
    const again = composeWeek(station.db, '2026-W49', MONDAY + 3_600_000, 'test');
    expect(again.snapshot).toEqual(first.snapshot);
    expect(again.composedAt).toBe(MONDAY);
    expect(new WeeklyReportStore(station.db).get('2026-W49')!.snapshot.station.name).toBe('红旗村党员活动室');
    // And the database itself refuses to change it.
    expect(() => station!.db.prepare("UPDATE weekly_reports SET snapshot = '{}' WHERE week = '2026-W49'").run()).toThrow(/frozen/);
    expect(() => station!.db.prepare("DELETE FROM weekly_reports WHERE week = '2026-W49'").run()).toThrow(/append-only/);
  });
});

describe('remarks and sending', () => {
  it('appends remarks (the figures stay), sends the latest one once, then refuses more', () => {
    ({ station } = weekStation());
    const composed = composeWeek(station.db, '2026-W49', MONDAY, 'test');
    addRemark(station.db, '2026-W49', '  第二次收看因停电推迟半小时  ', MONDAY + 60_000, '管理员甲');
    const remarked = addRemark(station.db, '2026-W49', '已补充说明：推迟后正常收看', MONDAY + 120_000, '管理员甲');
    expect(remarked.remarks.map((r) => r.text)).toEqual(['第二次收看因停电推迟半小时', '已补充说明：推迟后正常收看']);
    expect(remarked.snapshot).toEqual(composed.snapshot);
    expect(() => station!.db.prepare('UPDATE weekly_report_remarks SET text = ? WHERE id = 1').run('改')).toThrow(/append-only/);
    for (const bad of ['', '   ', '长'.repeat(501)]) {
      expect(() => addRemark(station!.db, '2026-W49', bad, MONDAY, 'x')).toThrow(expect.objectContaining({ code: 'invalid_remark', params: { max: 500 } }));
    }
    expect(() => addRemark(station!.db, '2026-W48', '没有这一周', MONDAY, 'x')).toThrow(expect.objectContaining({ code: 'weekly_report_not_found' }));

    const first = sendWeek(station.db, '2026-W49', MONDAY + 180_000, 'admin', '管理员甲');
    const second = sendWeek(station.db, '2026-W49', MONDAY + 240_000, 'admin', '管理员甲');
    expect([first.sent, second.sent]).toEqual([true, false]);
    expect(second.report.sentAt).toBe(MONDAY + 180_000);
    const events = weeklyEvents(station);
    expect(events).toHaveLength(1);
    expect(events[0]!.id).toBe(first.report.eventId);
    const body = events[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({ week: '2026-W49', from: '2026-11-30', to: '2026-12-06', sentBy: 'admin', remark: '已补充说明：推迟后正常收看', viewings: 2, viewingsHeld: 2, participationRate: 0.6667, coursewareReceived: 1, uptime: 0.0714, alerts: 1 });
    expect(Compile(WeeklyReportBodySchema).Check(body)).toBe(true);
    expect(latestRemark(second.report)).toBe('已补充说明：推迟后正常收看');

    expect(() => addRemark(station!.db, '2026-W49', '报送后的备注', MONDAY + 300_000, 'x')).toThrow(expect.objectContaining({ code: 'weekly_report_sent' }));
    expect(() => station!.db.prepare("UPDATE weekly_reports SET sent_by = 'deadline' WHERE week = '2026-W49'").run()).toThrow(/final/);
  });
});

describe('the weekly duty', () => {
  it('composes last week on Monday after 00:15, once however often it runs, and not before', () => {
    ({ station } = weekStation()); // first ran in 2026-W49 (its first station-log line)
    expect(runWeeklyDuty(station.db, at('2026-12-07 00:10'))).toEqual({ composed: [], sent: [] });
    expect(runWeeklyDuty(station.db, at('2026-12-07 00:16'))).toEqual({ composed: ['2026-W49'], sent: [] });
    expect(runWeeklyDuty(station.db, at('2026-12-07 00:17'))).toEqual({ composed: [], sent: [] });
    expect(runWeeklyDuty(station.db, at('2026-12-08 10:00'))).toEqual({ composed: [], sent: [] });
    expect(new WeeklyReportStore(station.db).list().map((r) => [r.week, r.composedBy, r.composedAt])).toEqual([['2026-W49', 'schedule', at('2026-12-07 00:16')]]);
  });

  it('starts with the week the station first ran in: a week before it has nothing to report', () => {
    ({ station } = weekStation());
    // On the Tuesday of its first week nothing has ended yet.
    expect(runWeeklyDuty(station.db, at('2026-12-03 10:00'))).toEqual({ composed: [], sent: [] });
    expect(new WeeklyReportStore(station.db).list()).toEqual([]);
  });

  it('catches up at the next start the weeks the terminal was off for, each once, and gives a day to remark', () => {
    ({ station } = weekStation());
    appendStationLog(station.db, { type: 'station', actor: 'system', at: at('2026-11-09 08:00'), message: '远教代理启动' });
    expect(runWeeklyDuty(station.db, at('2026-11-16 09:00')).composed).toEqual(['2026-W46']); // then the terminal is off
    const back = runWeeklyDuty(station.db, at('2026-12-08 15:00'));
    expect(back.composed).toEqual(['2026-W47', '2026-W48', '2026-W49']);
    // W46 was seen in time and its deadline passed: it goes now, without a remark. The weeks just composed wait a day.
    expect(back.sent).toEqual(['2026-W46']);
    expect(runWeeklyDuty(station.db, at('2026-12-08 15:01'))).toEqual({ composed: [], sent: [] });
    expect(runWeeklyDuty(station.db, at('2026-12-09 14:59'))).toEqual({ composed: [], sent: [] });
    expect(runWeeklyDuty(station.db, at('2026-12-09 15:00'))).toEqual({ composed: [], sent: ['2026-W47', '2026-W48', '2026-W49'] });
    expect(weeklyEvents(station).map((e) => (e.body as { week: string }).week)).toEqual(['2026-W46', '2026-W47', '2026-W48', '2026-W49']);
    expect(weeklyEvents(station).every((e) => (e.body as { sentBy: string; remark: null }).sentBy === 'deadline')).toBe(true);
  });

  it('sends an unsent week by itself at its Wednesday-noon deadline, without a remark', () => {
    ({ station } = weekStation());
    expect(runWeeklyDuty(station.db, at('2026-12-07 08:00'))).toEqual({ composed: ['2026-W49'], sent: [] });
    expect(runWeeklyDuty(station.db, at('2026-12-09 11:59')).sent).toEqual([]);
    expect(weeklyEvents(station)).toEqual([]);
    expect(runWeeklyDuty(station.db, at('2026-12-09 12:00')).sent).toEqual(['2026-W49']);
    expect(runWeeklyDuty(station.db, at('2026-12-09 12:01')).sent).toEqual([]);
    expect(weeklyEvents(station).map((e) => e.body)).toEqual([expect.objectContaining({ week: '2026-W49', sentBy: 'deadline', remark: null })]);
    expect(new WeeklyReportStore(station.db).get('2026-W49')).toMatchObject({ sentBy: 'deadline', sentActor: 'system', sentAt: at('2026-12-09 12:00') });
  });
});

describe('the event of a busy week', () => {
  it('stays well inside the protocol’s limit per event, saying how many lines the station kept back', () => {
    ({ station } = weekStation());
    for (let i = 0; i < 300; i++) {
      appendStationLog(station.db, { type: 'alert', actor: 'system', at: at('2026-12-04 08:00') + i * 1000, message: `磁盘空间不足：第 ${i} 次，${'很长的说明'.repeat(60)}`, detail: { code: 'disk_low', level: 'warning' } });
    }
    composeWeek(station.db, '2026-W49', MONDAY, 'test');
    sendWeek(station.db, '2026-W49', MONDAY, 'admin', 'test');
    const event = weeklyEvents(station)[0]!;
    const body = event.body as { sections: { id: string; lines: string[] }[] };
    expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThan(MAX_EVENT_BYTES / 2);
    const problems = body.sections.find((s) => s.id === 'problems')!.lines;
    expect(problems).toHaveLength(40);
    // 2 figures and 302 rows: 39 lines kept, the 40th says how many are left.
    expect(problems.at(-1)).toBe('……另有 265 行，见站点的每周一报');
    expect(Compile(WeeklyReportBodySchema).Check(body)).toBe(true);
    // The station's own report keeps every row.
    expect(new WeeklyReportStore(station.db).get('2026-W49')!.snapshot.sections.find((s) => s.id === 'problems')!.rows).toHaveLength(302);
  });
});

describe('branch activities in the week', () => {
  it('lists the week’s 三会一课 with their attendance, a withdrawn one marked, and puts them in the room register', () => {
    ({ station } = weekStation());
    recordActivity(station.db, { kind: 'committee', date: '2026-12-03', startTime: '14:00', endTime: '15:30', place: '党员活动室', host: '张书记', topic: '研究年终总结' }, '管理员甲', at('2026-12-03 16:00'));
    const dropped = recordActivity(station.db, { kind: 'party_lesson', date: '2026-12-04', startTime: '09:00', place: '党员活动室', host: '李四', topic: '录错的党课' }, '管理员甲', at('2026-12-04 10:00'));
    withdrawActivity(station.db, dropped.id, '重复登记', '管理员甲', at('2026-12-04 11:00'));
    const s = composeWeek(station.db, '2026-W49', MONDAY, 'test').snapshot;
    const activities = s.sections.find((x) => x.id === 'activities')!;
    expect(Object.fromEntries(activities.figures.map((f) => [f.key, f.value]))).toEqual({ activities: 1, activityAttendance: 0 });
    expect(activities.rows.map((r) => [r['date'], r['kindLabel'], r['topic'], r['state']])).toEqual([
      ['2026-12-03', '支委会', '研究年终总结', ''],
      ['2026-12-04', '党课', '录错的党课', '已撤销'],
    ]);
    const register = roomRegister(station.db, '2026-12-03', '2026-12-04', MONDAY).filter((l) => l.source === 'activity');
    expect(register.map((l) => [l.date, l.from, l.to, l.purpose, l.organiser, l.removed?.reason ?? null])).toEqual([
      ['2026-12-03', '14:00', '15:30', '支委会：研究年终总结（党员活动室）', '张书记', null],
      ['2026-12-04', '09:00', '', '党课：录错的党课（党员活动室）', '李四', '重复登记'],
    ]);
  });
});
