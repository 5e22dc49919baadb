// The weekly report's sections in order, each a loader (reads its owner modules) and a pure builder. The one
// list to extend (branch activities joined it after the merge of agent/activities/).
import type { Db } from '../store/database.ts';
import type { WeekSpan } from '../../common/iso-week.pure.ts';
import type { WeeklySection } from './weekly-report.pure.ts';
import { activitiesSection, coursewareSection, problemsSection, uptimeSection, viewingsSection, type AlertLine, type WeekViewing } from './weekly-sections.pure.ts';
import { ActivityStore } from '../activities/activity-store.ts';
import { activityFigures } from '../activities/activity-figures.ts';
import { ACTIVITY_KIND_LABELS } from '../../protocol/branch-rhythm.pure.ts';
import { SessionStore } from '../sessions/session-store.ts';
import { AttendanceStore } from '../attendance/attendance-store.ts';
import { MemberStore } from '../roster/member-store.ts';
import { SessionRosterStore } from '../roster/session-roster-store.ts';
import { monthFigures, sessionFigures, type CheckinRecord } from '../reports/participation.pure.ts';
import { localDateTimeOf, localTimeOf } from '../clock/local-time.pure.ts';
import { CONTENT_LOG_LABELS, queryContentLog } from '../../content/content-log.ts';
import { CourseStore } from '../../content/course-store.ts';
import { HealthStore } from '../health/health-store.ts';
import { queryStationLog } from '../stationlog/station-log.ts';

export interface WeeklySectionSource {
  id: string;
  compose(db: Db, span: WeekSpan, zone: string): WeeklySection;
}

/** Group viewings that started in the week, with the participation functions the monthly report uses. */
function viewings(db: Db, span: WeekSpan, zone: string): WeeklySection {
  const roster = new MemberStore(db).list();
  const sessions = new SessionStore(db).between(span.start, span.end).filter((s) => s.kind === 'group_viewing' && s.startedAt !== null);
  const attendance = new AttendanceStore(db).forSessions(sessions.map((s) => s.id));
  const fixed = new SessionRosterStore(db);
  const records = (id: number): CheckinRecord[] =>
    attendance.filter((a) => a.sessionId === id).map((a) => ({ memberId: a.memberId, guestCategory: a.guestCategory, late: a.late }));
  const lines: WeekViewing[] = sessions.map((s) => {
    const f = sessionFigures(roster, s.occurrenceDate, records(s.id), fixed.get(s.id));
    return {
      date: s.occurrenceDate,
      time: localTimeOf(s.startedAt ?? s.scheduledStart, zone),
      title: s.title,
      held: s.held,
      playedMinutes: Math.round(s.playedMs / 6_000) / 10,
      registered: f.registered,
      attendedRegistered: f.attendedRegistered,
      rate: f.rate,
      guests: f.guests,
    };
  });
  // The week's rate is the month's definition over the week's days; excusals are the month's and stay there.
  const week = monthFigures(
    roster,
    { firstDay: span.from, lastDay: span.to },
    sessions.map((s) => ({ date: s.occurrenceDate, checkins: records(s.id), expectedIds: fixed.get(s.id)?.map((m) => m.id) })),
    new Set(),
  );
  return viewingsSection(lines, week);
}

function courseware(db: Db, span: WeekSpan, zone: string): WeeklySection {
  const titles = new Map(new CourseStore(db).list({ includeRemoved: true }).map((c) => [c.id, c.title]));
  // Plays are in the viewings; the section is what arrived and what became of it.
  const entries = queryContentLog(db, { since: span.start, until: span.end }).filter((e) => e.event !== 'played');
  return coursewareSection(
    entries.map((e) => ({
      at: localDateTimeOf(e.at, zone),
      event: e.event,
      eventLabel: CONTENT_LOG_LABELS[e.event],
      title: e.courseId === null ? null : (titles.get(e.courseId) ?? null),
      source: e.source,
      fileName: e.fileName,
    })),
  );
}

function uptime(db: Db, span: WeekSpan): WeeklySection {
  const buckets = new HealthStore(db).aggregatesBetween(span.start, span.end);
  const starts = queryStationLog(db, { since: span.start, until: span.end, type: 'station', limit: 1_000_000 }).filter((e) => e.message === '远教代理启动').length;
  return uptimeSection({
    sampledMinutes: buckets.reduce((a, b) => a + b.samples, 0),
    weekMinutes: Math.round((span.end - span.start) / 60_000),
    hubChecks: buckets.reduce((a, b) => a + b.hubChecks, 0),
    hubReachable: buckets.reduce((a, b) => a + b.hubReachable, 0),
    starts,
  });
}

function problems(db: Db, span: WeekSpan, zone: string): WeeklySection {
  const alerts: AlertLine[] = queryStationLog(db, { since: span.start, until: span.end, type: 'alert', limit: 1_000_000 }).map((e) => ({
    at: localDateTimeOf(e.at, zone),
    message: e.message,
    state: (e.detail as { state?: string } | null)?.state === 'cleared' ? 'cleared' : 'raised',
  }));
  // A showing missed while the terminal was off is logged when it comes back, maybe after the week: look from the
  // week's start to now, and keep those scheduled in the week.
  const missed = queryStationLog(db, { since: span.start, type: 'schedule', limit: 1_000_000 }).filter((e) => {
    const at = (e.detail as { scheduledStart?: unknown } | null)?.scheduledStart;
    return e.message.startsWith('节目未能播放') && typeof at === 'number' && at >= span.start && at < span.end;
  }).length;
  return problemsSection(alerts, missed);
}

function activities(db: Db, span: WeekSpan): WeeklySection {
  return activitiesSection(
    new ActivityStore(db).between(span.from, span.to).map((a) => {
      const f = activityFigures(db, a);
      return {
        date: a.date,
        time: a.startTime,
        kindLabel: ACTIVITY_KIND_LABELS[a.kind].zh,
        topic: a.topic,
        host: a.host,
        registered: f.registered,
        attendedRegistered: f.attendedRegistered,
        guests: f.guests,
        withdrawn: a.withdrawn !== null,
      };
    }),
  );
}

export const WEEKLY_SECTIONS: readonly WeeklySectionSource[] = [
  { id: 'viewings', compose: viewings },
  { id: 'activities', compose: (db, span) => activities(db, span) },
  { id: 'courseware', compose: courseware },
  { id: 'uptime', compose: (db, span) => uptime(db, span) },
  { id: 'problems', compose: problems },
];
