// The stores main's round added in the old synchronous style, now on the query builder, behave the same on SQLite
// and PostgreSQL (each run on both when the run has a PostgreSQL cluster): branch activities (highest revision
// kept, a late older one changes nothing), weekly reports (the first received stands), room uses (a removal marks
// the use), and a make-up showing's and month summary's make-up figures read back as sent.
import { afterEach, describe, expect, it } from 'vitest';
import { StationStore } from '../../../county/store/station-store.ts';
import { ReportStore } from '../../../county/store/report-store.ts';
import { WeeklyReportHubStore } from '../../../county/store/weekly-report-store.ts';
import type { ActivityBody, RoomUseBody, WeeklyReportBody } from '../../../protocol/event-bodies.pure.ts';
import type { UplinkEvent } from '../../../protocol/wire.pure.ts';
import { hubDialects } from '../../support/postgres-database.ts';
import { openTestHubDatabase, type TestHubDatabase } from '../support/hub-database-fixture.ts';

const T = Date.UTC(2026, 11, 1, 1, 0, 0);
const MIN = 60_000;
const HASH = 'a'.repeat(64);

const open: TestHubDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close()));
});

function activity(revision: number, topic: string, withdrawn: ActivityBody['withdrawn'] = null): ActivityBody {
  return {
    activityId: 3, revision, kind: 'party_lesson', date: '2026-12-02', startTime: '09:30', place: '村委会', host: '张书记', topic,
    minutes: '学习了文件', branch: '第一支部', sessionId: null, registered: 20, attendedRegistered: 18, guests: 1, photoHashes: [HASH], withdrawn,
  };
}

function weeklyBody(remark: string): WeeklyReportBody {
  return {
    week: '2026-W49', from: '2026-11-30', to: '2026-12-06', composedAt: T + 6 * 86_400_000, sentAt: T + 6 * 86_400_000 + MIN, sentBy: 'admin', remark,
    viewingsHeld: 1, viewings: 2, participationRate: 0.75, coursewareReceived: 3, uptime: 0.987654321, alerts: 0,
    sections: [{ id: 'viewings', title: '集中收看', lines: ['12月2日 学习二十大精神'] }],
  };
}

function roomUse(useId: number, kind: RoomUseBody['kind'], reason: string | null = null): RoomUseBody {
  return { useId, kind, date: '2026-12-03', from: '14:00', to: '16:00', purpose: '支部委员会', organiser: '张书记', headcount: 7, reason, enteredBy: '管理员甲' };
}

const event = (id: string, type: string, at: number, body: object): UplinkEvent => ({ id, type, at, body: body as UplinkEvent['body'] });

describe.each(hubDialects())('activities, weekly reports, room uses and make-up figures on %s', (dialect) => {
  async function setUp() {
    const database = await openTestHubDatabase(dialect);
    open.push(database);
    const station = await new StationStore(database.kysely).create({ name: '前进村党员活动室', grade: 'standard' }, T - 86_400_000);
    return { reports: new ReportStore(database.kysely), weekly: new WeeklyReportHubStore(database.kysely), station };
  }

  it('keeps the highest revision of an activity; an older one arriving late changes nothing', async () => {
    const { reports, station } = await setUp();
    await reports.storeBatch(station.id, [event('ac-2', 'activity', T + 2 * MIN, activity(2, '第二版'))], T + 3 * MIN);
    await reports.storeBatch(station.id, [event('ac-1', 'activity', T + MIN, activity(1, '第一版'))], T + 4 * MIN);
    expect(await reports.activities(station.id, '2026-12-01', '2026-12-31')).toEqual([
      expect.objectContaining({ activityId: 3, revision: 2, topic: '第二版', photoHashes: [HASH], withdrawn: null, sessionId: null, reportedAt: T + 2 * MIN }),
    ]);
    const withdrawal = { at: T + 9 * MIN, by: '管理员甲', reason: '录入错误' };
    await reports.storeBatch(station.id, [event('ac-3', 'activity', T + 10 * MIN, activity(3, '第二版', withdrawal))], T + 11 * MIN);
    expect(await reports.activities(station.id, '2026-12-01', '2026-12-31')).toEqual([expect.objectContaining({ revision: 3, withdrawn: withdrawal })]);
    expect(await reports.activities(station.id, '2026-11-01', '2026-11-30')).toEqual([]);
  });

  it('keeps the first weekly report received for a week, and marks a removed room use', async () => {
    const { reports, weekly, station } = await setUp();
    const received = T + 7 * 86_400_000;
    await reports.storeBatch(station.id, [event('wr-1', 'weekly_report', T + 6 * 86_400_000, weeklyBody('第一份'))], received);
    await reports.storeBatch(station.id, [event('wr-2', 'weekly_report', T + 6 * 86_400_000 + 5 * MIN, weeklyBody('恢复备份后又发'))], received + MIN);
    expect(await weekly.ofStation(station.id)).toEqual([
      expect.objectContaining({ stationId: station.id, week: '2026-W49', remark: '第一份', uptime: 0.987654321, participationRate: 0.75, receivedAt: received, sections: weeklyBody('').sections }),
    ]);
    expect(await weekly.weeksByStation()).toEqual(new Map([[station.id, new Set(['2026-W49'])]]));

    await reports.storeBatch(station.id, [event('ru-1', 'room_use', T + MIN, roomUse(1, 'use')), event('ru-2', 'room_use', T + 2 * MIN, roomUse(2, 'use'))], T + 3 * MIN);
    await reports.storeBatch(station.id, [event('ru-3', 'room_use', T + 4 * MIN, roomUse(2, 'removal', '活动取消'))], T + 5 * MIN);
    expect(await weekly.roomUses(station.id, '2026-12-01', '2026-12-31')).toEqual([
      { useId: 1, date: '2026-12-03', from: '14:00', to: '16:00', purpose: '支部委员会', organiser: '张书记', headcount: 7, enteredBy: '管理员甲', removedAt: null, removalReason: null },
      { useId: 2, date: '2026-12-03', from: '14:00', to: '16:00', purpose: '支部委员会', organiser: '张书记', headcount: 7, enteredBy: '管理员甲', removedAt: T + 4 * MIN, removalReason: '活动取消' },
    ]);
  });

  it('reads back a make-up showing and the month summary’s make-up figures as the station sent them', async () => {
    const { reports, station } = await setUp();
    const showing = {
      sessionId: 9, programId: 1, title: '补学：学习二十大精神', date: '2026-12-04', scheduledStart: T, startedAt: T, endedAt: T + 45 * MIN,
      playedMs: 45 * MIN, held: true, registered: 30, attendedRegistered: 4, rate: null, guests: 0, makeUp: true,
    };
    const summary = { month: '2026-12', registered: 30, attendedRegistered: 25, excused: 1, participationRate: 0.86, sessionsHeld: 1, sessionsRequired: 1, studyMinutes: 45, guests: 0, makeUpAttended: 4, notStudied: 1 };
    await reports.storeBatch(station.id, [event('se-9', 'session', T + 50 * MIN, showing), event('ms-1', 'month_summary', T + 60 * MIN, summary)], T + 61 * MIN);
    expect(await reports.sessionReports(station.id, '2026-12-01', '2026-12-31')).toEqual([expect.objectContaining({ sessionId: 9, makeUp: true, held: true })]);
    expect(await reports.monthSummaries({ stationId: station.id })).toEqual([expect.objectContaining({ month: '2026-12', makeUpAttended: 4, notStudied: 1, compliance: null })]);
  });
});
