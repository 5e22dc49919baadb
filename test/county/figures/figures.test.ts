// The hub's pure figures, exhaustively: uptime from heartbeat runs, online rate, the weighted county
// participation rate, required viewings per grade and policy, each alert's threshold, and ranking order.
import { describe, expect, it } from 'vitest';
import { coveredMs, dailyUptime, mergeIntervals, uptimeShare, type UptimeSpan } from '../../../county/figures/uptime.pure.ts';
import { isOnline, onlineRate, ratio } from '../../../county/figures/online.pure.ts';
import { compliance, countyParticipation } from '../../../county/figures/participation.pure.ts';
import { requiredViewings } from '../../../protocol/site-grades.pure.ts';
import { diskFreeShare, stationAlerts, type StationAlertInput } from '../../../county/figures/alerts.pure.ts';
import { rankRows, type StationRow } from '../../../county/views/station-rows.ts';
import { daysEndingAt, monthPeriod, monthsEndingWith } from '../../../county/views/calendar.pure.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('uptime from heartbeat runs', () => {
  const span = (start: number, last: number, interval = 5 * MIN): UptimeSpan => ({ spanStart: start, lastAt: last, intervalMs: interval });

  it('covers each run from its start to one interval past its last heartbeat; gaps are downtime', () => {
    // Up 0–60 min (last heartbeat at 55), down, up 120–180 (last at 175).
    const spans = [span(0, 55 * MIN), span(120 * MIN, 175 * MIN)];
    expect(coveredMs(spans, 0, 180 * MIN)).toBe(120 * MIN);
    expect(uptimeShare(spans, 0, 240 * MIN)).toBe(0.5);
    expect(uptimeShare(spans, 60 * MIN, 120 * MIN)).toBe(0);
    expect(uptimeShare(spans, 0, 0)).toBeNull();
  });

  it('merges overlapping runs (a clock set back) instead of counting them twice', () => {
    expect(mergeIntervals([{ from: 10, to: 20 }, { from: 0, to: 15 }, { from: 30, to: 40 }, { from: 40, to: 50 }, { from: 5, to: 5 }])).toEqual([
      { from: 0, to: 20 },
      { from: 30, to: 50 },
    ]);
    expect(uptimeShare([span(0, 55 * MIN), span(30 * MIN, 55 * MIN)], 0, 60 * MIN)).toBe(1);
  });

  it('one heartbeat of a week-long run vouches for the whole week', () => {
    expect(uptimeShare([span(0, 7 * 24 * HOUR, HOUR)], 0, 7 * 24 * HOUR)).toBe(1);
  });

  it('gives days before enrollment and days to come no share at all, not 0', () => {
    const days = [
      { date: 'd1', from: 0, to: 24 * HOUR },
      { date: 'd2', from: 24 * HOUR, to: 48 * HOUR },
      { date: 'd3', from: 48 * HOUR, to: 72 * HOUR },
    ];
    const spans = [span(30 * HOUR, 36 * HOUR - 5 * MIN)];
    // Enrolled at the start of d2; now is noon of d2.
    expect(dailyUptime(spans, days, 36 * HOUR, 24 * HOUR)).toEqual([
      { date: 'd1', share: null },
      { date: 'd2', share: 0.5 },
      { date: 'd3', share: null },
    ]);
  });
});

describe('online and participation', () => {
  it('counts online within 15 minutes, over enrolled stations only', () => {
    expect(isOnline(1000, 1000 + 15 * MIN)).toBe(true);
    expect(isOnline(1000, 1001 + 15 * MIN)).toBe(false);
    expect(isOnline(null, 0)).toBe(false);
    expect(
      onlineRate(
        [
          { enrolledAt: 1, lastSeenAt: 100 * MIN },
          { enrolledAt: 1, lastSeenAt: 50 * MIN },
          { enrolledAt: 1, lastSeenAt: null },
          { enrolledAt: null, lastSeenAt: null },
        ],
        100 * MIN,
      ),
    ).toEqual({ enrolled: 3, online: 1, rate: 0.3333 });
    expect(onlineRate([], 0)).toEqual({ enrolled: 0, online: 0, rate: null });
  });

  it('weighs the county rate by members: Σ attended ÷ Σ registered, not the mean of the stations\' rates', () => {
    const p = countyParticipation([
      { registered: 80, attendedRegistered: 40 },
      { registered: 8, attendedRegistered: 8 },
    ]);
    expect(p).toEqual({ registered: 88, attendedRegistered: 48, rate: 0.5455 });
    expect(countyParticipation([])).toEqual({ registered: 0, attendedRegistered: 0, rate: null });
    expect(ratio(2, 3)).toBe(0.6667);
  });

  it('requires the stricter of the grade minimum and the county policy', () => {
    expect(requiredViewings('demonstration', null)).toBe(2);
    expect(requiredViewings('standard', null)).toBe(1);
    expect(requiredViewings('ordinary', 3)).toBe(3);
    expect(requiredViewings('demonstration', 1)).toBe(2);
    expect(compliance(1, 2)).toEqual({ held: 1, required: 2, compliant: false, shortBy: 1 });
    expect(compliance(3, 2)).toEqual({ held: 3, required: 2, compliant: true, shortBy: 0 });
  });
});

describe('alerts', () => {
  const base: StationAlertInput = {
    stationId: 'st-1',
    stationName: '红旗村',
    enrolledAt: 0,
    lastSeenAt: 100 * HOUR,
    now: 100 * HOUR,
    dayOfMonth: 19,
    sessionsHeldThisMonth: 0,
    diskFreeShare: 0.5,
    healthAt: 0,
    clockSkewMs: 0,
    weeklyReportMissing: null,
    standing: [],
  };
  const codes = (patch: Partial<StationAlertInput>) => stationAlerts({ ...base, ...patch }).map((a) => a.code);

  it('stays quiet for a healthy station before the 20th', () => {
    expect(codes({})).toEqual([]);
  });

  it('says offline after more than 24 hours without a word, or 24 hours after enrolling without any', () => {
    expect(codes({ now: 124 * HOUR })).toEqual([]);
    expect(codes({ now: 124 * HOUR + 1 })).toEqual(['offline']);
    expect(codes({ lastSeenAt: null, enrolledAt: 0, now: 24 * HOUR + 1 })).toEqual(['offline']);
    expect(codes({ enrolledAt: null, lastSeenAt: null, now: 1000 * HOUR })).toEqual([]);
  });

  it('says no group viewing from the 20th until one is held', () => {
    expect(codes({ dayOfMonth: 20 })).toEqual(['no_viewing_by_20th']);
    expect(codes({ dayOfMonth: 31, sessionsHeldThisMonth: 1 })).toEqual([]);
  });

  it('says the weekly report is missing for the last week past its deadline, since that deadline', () => {
    const missing = stationAlerts({ ...base, weeklyReportMissing: { week: '2026-W48', deadline: 77 } });
    expect(missing.map((a) => [a.code, a.level, a.since, a.message])).toEqual([['weekly_report_missing', 'warning', 77, '2026-W48 周的每周一报逾期未报送']]);
  });

  it('says disk low below 10 % free, or when the station raised it', () => {
    expect(codes({ diskFreeShare: 0.1 })).toEqual([]);
    expect(codes({ diskFreeShare: 0.099 })).toEqual(['disk_low']);
    expect(codes({ diskFreeShare: null, standing: [{ code: 'disk_low', level: 'warning', message: '磁盘不足', since: 5 }] })).toEqual(['disk_low']);
    expect(diskFreeShare({ diskFreeBytes: { min: 1, avg: 2, max: 3 }, diskTotalBytes: 10 })).toBe(0.1);
    expect(diskFreeShare({ diskFreeBytes: 5, diskTotalBytes: 10 })).toBe(0.5);
    expect(diskFreeShare({ diskTotalBytes: 10 })).toBeNull();
  });

  it('says clock skew beyond 10 minutes either way, and passes the station\'s other alerts through', () => {
    expect(codes({ clockSkewMs: 10 * MIN })).toEqual([]);
    expect(codes({ clockSkewMs: -10 * MIN - 1 })).toEqual(['clock_skew']);
    expect(stationAlerts({ ...base, clockSkewMs: 15 * MIN })[0]!.message).toContain('慢 15 分钟');
    expect(codes({ standing: [{ code: 'clock_untrusted', level: 'critical', message: '时钟不准', since: 1 }, { code: 'hub_unreachable', level: 'warning', message: null, since: 1 }] })).toEqual(['station_alert']);
  });
});

describe('ranking and calendar', () => {
  const row = (id: string, name: string, rate: number | null, uptime: number | null): StationRow => ({
    id,
    name,
    grade: 'standard',
    enrolledAt: 0,
    lastSeenAt: 0,
    online: true,
    uptime,
    sessionsHeld: 1,
    sessionsRequired: 1,
    compliant: true,
    registered: 10,
    attendedRegistered: 5,
    excused: 0,
    participationRate: rate,
    studyMinutes: 45,
    guests: 0,
    summaryReportedAt: 0,
    satisfactionShare: null,
    satisfactionAnswers: 0,
    alerts: 0,
    weeklyReportsMissing: 0,
  });

  it('sorts by the chosen figure either way, puts stations without it last, and breaks ties by name', () => {
    const rows = [row('a', '乙村', 0.5, 0.9), row('b', '甲村', null, 0.8), row('c', '丙村', 0.9, null), row('d', '丁村', 0.5, 0.7)];
    expect(rankRows(rows, 'participationRate', 'desc').map((r) => r.id)).toEqual(['c', 'd', 'a', 'b']);
    expect(rankRows(rows, 'participationRate', 'asc').map((r) => r.id)).toEqual(['d', 'a', 'c', 'b']);
    expect(rankRows(rows, 'uptime', 'asc').map((r) => r.id)).toEqual(['d', 'b', 'a', 'c']);
  });

  it('ranks by participation rate whatever the sort: equal rates share a place, no rate comes last', () => {
    const rows = [row('a', '乙村', 0.5, 0.9), row('b', '甲村', null, 0.8), row('c', '丙村', 0.9, null), row('d', '丁村', 0.5, 0.7), row('e', '戊村', null, 0.1)];
    const byRate = [['c', 1], ['d', 2], ['a', 2], ['b', 4], ['e', 4]];
    expect(rankRows(rows, 'participationRate', 'desc').map((r) => [r.id, r.rank])).toEqual(byRate);
    for (const sort of ['name', 'uptime', 'alerts'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const ranked = rankRows(rows, sort, order);
        expect(Object.fromEntries(ranked.map((r) => [r.id, r.rank]))).toEqual(Object.fromEntries(byRate));
      }
    }
  });

  it('knows months and days in the county\'s time zone', () => {
    const nov = monthPeriod('2026-11', 'Asia/Shanghai');
    expect([nov.firstDay, nov.lastDay, nov.to - nov.from]).toEqual(['2026-11-01', '2026-11-30', 30 * 24 * HOUR]);
    expect(new Date(nov.from).toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(monthsEndingWith('2026-02', 3)).toEqual(['2025-12', '2026-01', '2026-02']);
    const days = daysEndingAt(Date.UTC(2026, 10, 24, 17, 0), 2, 'Asia/Shanghai');
    expect(days.map((d) => d.date)).toEqual(['2026-11-24', '2026-11-25']);
  });
});
