// Days of a station's life while its link to the county is down, lived through the agent's own modules
// with an injected clock, so the outbox fills exactly as a real agent fills it: the terminal switched on in
// the morning and off at night (each day a new run), a health sample every minute (rolled up into
// 15-minute 'health' aggregates), a heartbeat every 5 minutes with the month summary re-queued when its
// figures change (the agent coalesces a run's queued heartbeats to its latest), a weekly group viewing
// with check-ins, playback reports and its 'session' report, the station log behind all of it, courseware
// received now and then, and the hub-unreachable alert.
import { DateTime } from 'luxon';
import type { Db } from '../../agent/store/database.ts';
import { StationEvents } from '../../agent/events.ts';
import { AlertCenter } from '../../agent/alerts/alert-center.ts';
import { appendStationLog } from '../../agent/stationlog/station-log.ts';
import { HealthStore } from '../../agent/health/health-store.ts';
import { HeartbeatRecorder } from '../../agent/uplink/heartbeat.ts';
import { queueMonthSummaries } from '../../agent/uplink/month-summary.ts';
import { HEARTBEAT_INTERVAL_MS } from '../../protocol/wire.pure.ts';
import { ProgramStore, type Program } from '../../agent/programs/program-store.ts';
import { occurrenceOn } from '../../agent/programs/recurrence.pure.ts';
import { endSession, openCheckin, startSession } from '../../agent/sessions/session-lifecycle.ts';
import { SessionStore } from '../../agent/sessions/session-store.ts';
import { appendPlayback } from '../../agent/sessions/playback-log.ts';
import { checkIn } from '../../agent/attendance/checkin.ts';
import { mirrorContentLog, recordPlayed } from '../../agent/library/library-records.ts';
import { appendContentLog } from '../../content/content-log.ts';
import { readStationSettings } from '../../agent/settings/settings-store.ts';
import type { HealthSample } from '../../agent/health/health-sample.ts';

const MINUTE = 60_000;
const VIEWING_MS = 45 * MINUTE;

export interface OfflineDaysOptions {
  days: number;
  /** The present: the days are the `days` local days before today. */
  now: number;
  memberIds: readonly number[];
  courseId: number;
  rand: () => number;
}

export interface OfflineDays {
  /** Heartbeats beaten (most are coalesced away in the outbox). */
  heartbeats: number;
  healthSamples: number;
  viewings: number;
  checkins: number;
}

/** A weekly group viewing on Wednesday evenings, as a station typically schedules its 集中收看. */
export function addWeeklyViewing(db: Db, courseId: number, createdAt: number): Program {
  return new ProgramStore(db).add(
    {
      courseId,
      title: '每周集中收看',
      kind: 'group_viewing',
      rule: { type: 'weekly', days: [3], time: '19:30' },
      checkinOpensBeforeMin: 15,
      checkinClosesAfterMin: 30,
      notes: null,
      origin: 'station',
    },
    createdAt,
  );
}

function sample(at: number, rand: () => number, bootAt: number): HealthSample {
  return {
    at,
    cpuLoadPct: 3 + rand() * 20,
    memTotalBytes: 4 * 1024 ** 3,
    memAvailableBytes: (1.5 + rand()) * 1024 ** 3,
    diskFreeBytes: 40e9 - rand() * 1e8,
    diskTotalBytes: 64e9,
    cpuTempC: null,
    uptimeSeconds: (at - bootAt) / 1000,
    hubReachable: false,
    hubLatencyMs: null,
    problems: [],
    kiosk: { connected: true, screen: 'board', width: 1920, height: 1080, visible: true },
  };
}

/** One viewing: check-in opens, members arrive, the course plays to its end, the session is judged and reported. */
function holdViewing(db: Db, program: Program, date: string, options: OfflineDaysOptions): number {
  const { rand } = options;
  const zone = readStationSettings(db).timeZone;
  const occurrence = occurrenceOn(program.rule, zone, date);
  if (!occurrence) return 0;
  const session = openCheckin(db, program, occurrence, occurrence.startsAt - 15 * MINUTE);
  let checkins = 0;
  const share = 0.6 + rand() * 0.3;
  for (const memberId of options.memberIds) {
    if (rand() >= share) continue;
    // Most arrive in the quarter hour before the start, a few late.
    const at = occurrence.startsAt - 15 * MINUTE + Math.floor(rand() * 25 * MINUTE);
    checkIn(db, { sessionId: session.id, by: { memberId }, method: rand() < 0.8 ? 'tile' : 'search', actor: 'kiosk', at });
    checkins++;
  }
  const started = startSession(db, program, occurrence, occurrence.startsAt).session;
  const sessions = new SessionStore(db);
  appendPlayback(db, { sessionId: started.id, courseId: options.courseId, event: 'start', at: occurrence.startsAt, positionMs: 0, detail: null });
  appendPlayback(db, { sessionId: started.id, courseId: options.courseId, event: 'first_frame', at: occurrence.startsAt + 1_500, positionMs: 0, detail: null });
  for (let played = 5 * MINUTE; played < VIEWING_MS; played += 5 * MINUTE) {
    appendPlayback(db, { sessionId: started.id, courseId: options.courseId, event: 'progress', at: occurrence.startsAt + played, positionMs: played, detail: null });
    sessions.recordPlayed(started.id, played);
  }
  const endAt = occurrence.startsAt + VIEWING_MS;
  // What POST /api/playback does with the player's 'end' report.
  db.transaction(() => {
    appendPlayback(db, { sessionId: started.id, courseId: options.courseId, event: 'end', at: endAt, positionMs: VIEWING_MS, detail: null });
    sessions.recordPlayed(started.id, VIEWING_MS);
    recordPlayed(db, { courseId: options.courseId, sessionId: started.id, playedMs: VIEWING_MS, at: endAt });
  })();
  endSession(db, started.id, endAt, 'player', 'kiosk');
  return checkins;
}

/**
 * Lives `days` days on the station's database. The caller opens it; this sets synchronous=OFF on that
 * connection, because filling a month is set-up (the agent's own commits are FULL) and 25,000 fsyncs would
 * take minutes.
 */
export function liveOfflineDays(db: Db, program: Program, options: OfflineDaysOptions): OfflineDays {
  db.pragma('synchronous = OFF');
  const { rand } = options;
  const zone = readStationSettings(db).timeZone;
  const alerts = new AlertCenter(db, new StationEvents());
  const health = new HealthStore(db);
  const result: OfflineDays = { heartbeats: 0, healthSamples: 0, viewings: 0, checkins: 0 };
  const today = DateTime.fromMillis(options.now, { zone }).startOf('day');
  let alerted = false;

  for (let d = options.days; d >= 1; d--) {
    const day = today.minus({ days: d });
    // Now and then nobody switches the terminal on.
    if (rand() < 0.04) continue;
    const on = day.set({ hour: 7, minute: 30 + Math.floor(rand() * 30) }).toMillis();
    const off = day.set({ hour: 21, minute: Math.floor(rand() * 45) }).toMillis();
    let clock = on;
    const recorder = new HeartbeatRecorder(db, { now: () => clock, monotonic: () => clock }, HEARTBEAT_INTERVAL_MS);
    appendStationLog(db, { type: 'station', actor: 'system', at: on, message: '远教代理启动', detail: { pid: 1000 + d } });
    const viewingAt = occurrenceOn(program.rule, zone, day.toISODate()!)?.startsAt ?? null;
    // Courseware comes in through the inbox on Mondays (the satellite receiver's weekly delivery).
    let courseArrives = day.weekday === 1 ? day.set({ hour: 10 }).toMillis() : null;

    for (let t = on; t <= off; t += MINUTE) {
      clock = t;
      health.record(sample(t, rand, on));
      result.healthSamples++;
      if ((t - on) % HEARTBEAT_INTERVAL_MS === 0) {
        // What UplinkService.heartbeat() does on each beat — except that the month summary is looked at
        // hourly, not every 5 minutes: it is queued only when its figures change, which here happens only
        // at a viewing, so the same summaries are queued at a twelfth of the cost (1.4 ms a look).
        recorder.beat();
        if ((t - on) % (12 * HEARTBEAT_INTERVAL_MS) === 0) queueMonthSummaries(db, t);
        result.heartbeats++;
      }
      if (!alerted && t - on >= 60 * MINUTE) {
        alerted = true;
        alerts.raise(
          {
            code: 'hub_unreachable',
            level: 'warning',
            message: '已超过 1 小时连不上县级管理平台，记录暂存在本机，恢复后自动上报',
            messageEn: 'The county hub has been unreachable for over 1 hours; records are kept here and sent once it is back',
          },
          t,
        );
      }
      if (courseArrives !== null && t >= courseArrives) {
        courseArrives = null;
        appendContentLog(
          db,
          { at: t, event: 'received', courseId: null, source: 'inbox', fileName: `课件-${day.toISODate()}.mp4`, bytes: 350_000_000, sha256: null, detail: { outcome: 'stored' } },
          mirrorContentLog(db, 'system'),
        );
      }
      if (viewingAt !== null && t <= viewingAt - 15 * MINUTE && t + MINUTE > viewingAt - 15 * MINUTE) {
        // The viewing's own instants are its own; the minute loop only decides when it happens in the day.
        result.checkins += holdViewing(db, program, day.toISODate()!, options);
        result.viewings++;
      }
    }
    appendStationLog(db, { type: 'station', actor: 'system', at: off, message: '远教代理停止' });
  }
  return result;
}
