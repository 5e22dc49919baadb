import { describe, it, expect, afterEach, vi } from 'vitest';
import { createStation, at, type Station } from '../../support/station-fixture.ts';
import { Scheduler, HUB_SKEW_SETTING } from '../../../agent/schedule/scheduler.ts';
import { StationEvents, type StationEvent } from '../../../agent/events.ts';
import { AlertCenter } from '../../../agent/alerts/alert-center.ts';
import { SessionStore } from '../../../agent/sessions/session-store.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { writeSetting } from '../../../agent/settings/settings-store.ts';
import { checkIn } from '../../../agent/attendance/checkin.ts';
import { localDateOf, localTimeOf } from '../../../agent/clock/local-time.pure.ts';

let station: Station;
let scheduler: Scheduler | undefined;

function setup(): { scheduler: Scheduler; events: StationEvent[]; alerts: AlertCenter } {
  station = createStation();
  const bus = new StationEvents();
  const events: StationEvent[] = [];
  bus.subscribe((e) => events.push(e));
  const alerts = new AlertCenter(station.db, bus);
  scheduler = new Scheduler({ db: station.db, events: bus, alerts, now: () => { throw new Error('tests pass the time explicitly'); } });
  return { scheduler, events, alerts };
}

afterEach(async () => {
  // A test that sets the clock gives it back even when it fails: the worker runs other files after this one.
  vi.useRealTimers();
  await scheduler?.stop();
  scheduler = undefined;
  station?.close();
});

const START = '2026-12-05 19:30';

describe('scheduler reconcile', () => {
  it('opens check-in, starts and closes check-in at their times, each once', () => {
    const { scheduler, events } = setup();
    const program = station.addProgram({ rule: { type: 'once', date: '2026-12-05', time: '19:30' } }, at('2026-12-01 09:00'));

    expect(scheduler.reconcile(at('2026-12-05 19:14'))).toEqual([]);
    expect(scheduler.reconcile(at('2026-12-05 19:15')).map((a) => a.action)).toEqual(['checkin_open']);
    const session = new SessionStore(station.db).findByOccurrence(program.id, '2026-12-05')!;
    expect(session).toMatchObject({ status: 'checkin', scheduledStart: at(START), checkinOpensAt: at('2026-12-05 19:15'), checkinClosesAt: at('2026-12-05 20:00') });
    expect(scheduler.reconcile(at('2026-12-05 19:20'))).toEqual([]);

    const started = scheduler.reconcile(at(START));
    expect(started.map((a) => a.action)).toEqual(['start']);
    expect(new SessionStore(station.db).get(session.id)).toMatchObject({ status: 'playing', startedAt: at(START), lateStartMs: 0 });
    expect(events.filter((e) => e.type === 'program_starting')).toHaveLength(1);

    expect(scheduler.reconcile(at('2026-12-05 20:00')).map((a) => a.action)).toEqual(['checkin_close']);
    expect(scheduler.reconcile(at('2026-12-05 20:01'))).toEqual([]);
    expect(events.filter((e) => e.type === 'checkin_window').map((e) => (e as { state: string }).state)).toEqual(['open', 'closed']);
  });

  it('starts late after a restart inside the window and logs how late', () => {
    const { scheduler } = setup();
    const program = station.addProgram({ rule: { type: 'monthly', day: 5, time: '19:30' } }, at('2026-11-20 09:00'));
    const fired = scheduler.reconcile(at('2026-12-05 19:37'));
    expect(fired.map((a) => a.action)).toEqual(['checkin_open', 'start']);
    const session = new SessionStore(station.db).findByOccurrence(program.id, '2026-12-05')!;
    expect(session.lateStartMs).toBe(7 * 60_000);
    expect(queryStationLog(station.db, { type: 'schedule' }).map((e) => e.message)).toContain(`节目晚开始 7 分钟：${program.title}`);
  });

  it('logs a showing missed while the terminal was off, without creating a session, once', () => {
    const { scheduler } = setup();
    const program = station.addProgram({ rule: { type: 'monthly', day: 5, time: '19:30' } }, at('2026-11-20 09:00'));
    const fired = scheduler.reconcile(at('2026-12-06 08:00'));
    expect(fired.map((a) => [a.action, a.occurrenceDate])).toEqual([['missed', '2026-12-05']]);
    expect(new SessionStore(station.db).findByOccurrence(program.id, '2026-12-05')).toBeUndefined();
    expect(queryStationLog(station.db, { type: 'schedule' }).some((e) => e.message.includes('节目未能播放'))).toBe(true);
    expect(scheduler.reconcile(at('2026-12-06 08:01'))).toEqual([]);
  });

  it('does not call a showing missed when its window had closed before the program was created', () => {
    const { scheduler } = setup();
    station.addProgram({ rule: { type: 'monthly', day: 5, time: '19:30' } }, at('2026-12-05 21:00'));
    expect(scheduler.reconcile(at('2026-12-06 08:00'))).toEqual([]);
  });

  it('starts nothing and raises an alert while the clock is before the build date, and clears it when fixed', () => {
    const { scheduler, alerts, events } = setup();
    station.addProgram({ rule: { type: 'daily', time: '08:00' } }, at('2026-12-05 07:00'));
    expect(scheduler.reconcile(at('2009-01-01 08:05'))).toEqual([]);
    expect(alerts.list().map((a) => a.code)).toEqual(['clock_untrusted']);
    expect(queryStationLog(station.db, { type: 'alert' })).toHaveLength(1);
    // A standing alert is not logged again.
    scheduler.reconcile(at('2009-01-01 08:06'));
    expect(queryStationLog(station.db, { type: 'alert' })).toHaveLength(1);
    const fired = scheduler.reconcile(at('2026-12-05 08:05'));
    expect(fired.map((a) => a.action)).toEqual(['checkin_open', 'start']);
    expect(alerts.list()).toEqual([]);
    expect(events.some((e) => e.type === 'alert_cleared')).toBe(true);
  });

  it('starts nothing while the clock is far from the county hub', () => {
    const { scheduler, alerts } = setup();
    station.addProgram({ rule: { type: 'daily', time: '08:00' } }, at('2026-11-01 00:00'));
    writeSetting(station.db, HUB_SKEW_SETTING, 3 * 3600_000, 0);
    expect(scheduler.reconcile(at('2026-12-05 08:05'))).toEqual([]);
    expect(alerts.list()[0]?.message).toContain('县级管理平台');
  });

  it('ends a showing nobody reported the end of, and judges it held from what was played', () => {
    const { scheduler } = setup();
    const course = station.addCourse({ durationMs: 10 * 60_000 });
    const member = station.addMember({ name: '张三' });
    const program = station.addProgram({ courseId: course.id, rule: { type: 'once', date: '2026-12-05', time: '19:30' } }, at('2026-12-01 09:00'));
    scheduler.reconcile(at('2026-12-05 19:15'));
    const sessions = new SessionStore(station.db);
    const session = sessions.findByOccurrence(program.id, '2026-12-05')!;
    checkIn(station.db, { sessionId: session.id, by: { memberId: member.id }, method: 'tile', actor: 'test', at: at('2026-12-05 19:20') });
    scheduler.reconcile(at(START));
    sessions.recordPlayed(session.id, 9 * 60_000);
    scheduler.reconcile(at('2026-12-05 19:55')); // start + 10 min + 15 min grace = 19:55, not yet past
    expect(sessions.get(session.id)!.status).toBe('playing');
    scheduler.reconcile(at('2026-12-05 19:56'));
    expect(sessions.get(session.id)).toMatchObject({ status: 'ended', held: true, endedAt: at('2026-12-05 19:56') });
  });

  it('sets exact timers for the instants due within the horizon and fires one with node-cron', async () => {
    const { scheduler, events } = setup();
    // A real node-cron timer for a whole minute, with no check-in lead so start is the first instant. The clock
    // is set 2 s before that minute — Date only, moving on with real time: node-cron's timeouts stay real — so
    // the test waits two seconds, not whatever was left of the real minute (up to 60 s of a CI worker).
    const next = Math.ceil((Date.now() + 1) / 60_000) * 60_000;
    vi.useFakeTimers({ toFake: ['Date'], now: next - 2_000, shouldAdvanceTime: true });
    const now = Date.now();
    station.settings({ timeZone: 'Asia/Shanghai' });
    const program = station.addProgram(
      { kind: 'background', rule: { type: 'once', date: localDateOf(next, 'Asia/Shanghai'), time: localTimeOf(next, 'Asia/Shanghai') }, checkinOpensBeforeMin: 0 },
      now,
    );
    const live = new Scheduler({ db: station.db, events: (scheduler as unknown as { deps: { events: StationEvents } }).deps.events, alerts: new AlertCenter(station.db, new StationEvents()) });
    try {
      live.replan(now);
      expect(live.plannedInstants()).toContain(next);
      const deadline = next + 5_000;
      while (!events.some((e) => e.type === 'program_starting') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const session = new SessionStore(station.db).findByOccurrence(program.id, localDateOf(next, 'Asia/Shanghai'));
      expect(session?.status).toBe('playing');
      // Fired by the timer, within a second of the scheduled instant.
      expect(Math.abs(session!.startedAt! - next)).toBeLessThan(1_000);
    } finally {
      await live.stop();
    }
  }, 75_000);
});
