// The monthly report (月度报表): sessions held against what the grade and county require, and the rates.
import type { Db } from '../store/database.ts';
import { SessionStore } from '../sessions/session-store.ts';
import { AttendanceStore, type Attendance } from '../attendance/attendance-store.ts';
import { MemberStore } from '../roster/member-store.ts';
import { SessionRosterStore } from '../roster/session-roster-store.ts';
import { nameOrderOf, orderLoadedRoster } from '../roster/roster-order.ts';
import { readStationSettings } from '../settings/settings-store.ts';
import { requiredViewings, type SiteGrade } from '../settings/station-settings.pure.ts';
import { monthBounds } from '../clock/local-time.pure.ts';
import { monthFigures, sessionFigures, type CheckinRecord } from './participation.pure.ts';
import { GUEST_CATEGORIES, type GuestCategory } from '../roster/categories.pure.ts';
import { monthSatisfaction, type MonthlySatisfaction } from '../satisfaction/month-satisfaction.ts';
import { monthActivities, type MonthlyActivities } from '../activities/month-activities.ts';
import { localDateOf } from '../clock/local-time.pure.ts';
import { DateTime } from 'luxon';
import { monthCompliance, monthMakeUp, type MonthCompliance, type MonthMakeUp } from './month-make-up.ts';

export interface MonthlySessionLine {
  id: number;
  programTitle: string;
  date: string;
  scheduledStart: string;
  startedAt: string | null;
  endedAt: string | null;
  held: boolean;
  playedMinutes: number;
  registered: number;
  attendedRegistered: number;
  rate: number | null;
  late: number;
  guests: number;
  guestsByCategory: Record<GuestCategory, number>;
  /** A make-up showing (补学): not among the required viewings nor the study minutes; every check-in to it is 补学. */
  makeUp: boolean;
}

export interface MonthlyReport {
  month: string;
  station: { id: string; name: string; grade: SiteGrade; timeZone: string };
  registered: number;
  attendedRegistered: number;
  participationRate: number | null;
  excused: number;
  excusedMembers: { id: number; name: string; reason: string }[];
  sessionsHeld: number;
  sessionsRequired: number;
  compliant: boolean;
  /** Minutes of courseware played in the viewings that were held. */
  studyMinutes: number;
  guests: number;
  guestsByCategory: Record<GuestCategory, number>;
  sessions: MonthlySessionLine[];
  /** 满意度 of the month's group viewings: closed surveys only, the counts the county has too. */
  satisfaction: MonthlySatisfaction;
  /** 补学: the make-up showings, who studied through them, and who has not studied yet. */
  makeUp: MonthMakeUp;
  /** What the month still needs (or, once over, what it missed): viewings, minutes, fixed study days. */
  compliance: MonthCompliance;
  /** 支部活动 of the month (三会一课, 主题党日) and the rhythm as of its end: the second of the two records. */
  activities: MonthlyActivities;
  generatedAt: string;
}

export function monthlyReport(db: Db, month: string, now: number): MonthlyReport {
  const settings = readStationSettings(db);
  const zone = settings.timeZone;
  const bounds = monthBounds(month, zone);
  const members = new MemberStore(db);
  const roster = members.list();
  const byId = new Map(roster.map((m) => [m.id, m]));
  const sessions = new SessionStore(db)
    .between(bounds.from, bounds.to)
    .filter((s) => s.kind === 'group_viewing' && s.startedAt !== null);
  const attendance = new AttendanceStore(db).forSessions(sessions.map((s) => s.id));
  const bySession = new Map<number, Attendance[]>();
  for (const a of attendance) bySession.set(a.sessionId, [...(bySession.get(a.sessionId) ?? []), a]);
  // Ended viewings count the members fixed when they ended; one still running, the roster of its date.
  const fixed = new SessionRosterStore(db);
  const expected = new Map(sessions.map((s) => [s.id, fixed.get(s.id)]));
  const records = (id: number): CheckinRecord[] =>
    (bySession.get(id) ?? []).map((a) => ({ memberId: a.memberId, guestCategory: a.guestCategory, late: a.late }));

  const lines: MonthlySessionLine[] = sessions.map((s) => {
    const f = sessionFigures(roster, s.occurrenceDate, records(s.id), expected.get(s.id));
    return {
      id: s.id,
      programTitle: s.title,
      date: s.occurrenceDate,
      scheduledStart: iso(s.scheduledStart, zone)!,
      startedAt: iso(s.startedAt, zone),
      endedAt: iso(s.endedAt, zone),
      held: s.held,
      playedMinutes: Math.round(s.playedMs / 6_000) / 10,
      registered: f.registered,
      attendedRegistered: f.attendedRegistered,
      rate: f.rate,
      late: f.late,
      guests: f.guests,
      guestsByCategory: f.guestsByCategory,
      makeUp: s.makeUp,
    };
  });

  const excused = members.excusedIn(month);
  const m = monthFigures(
    roster,
    bounds,
    sessions.map((s) => ({ date: s.occurrenceDate, checkins: records(s.id), expectedIds: expected.get(s.id)?.map((m) => m.id), makeUp: s.makeUp })),
    new Set(excused.keys()),
  );
  const guestsByCategory = lines.reduce(
    (acc, l) => {
      for (const [k, v] of Object.entries(l.guestsByCategory)) acc[k as GuestCategory] += v;
      return acc;
    },
    Object.fromEntries(GUEST_CATEGORIES.map((c) => [c, 0])) as Record<GuestCategory, number>,
  );
  // A make-up showing repeats the month's study for those who missed it: it is not one of the viewings required.
  const counted = lines.filter((l) => l.held && !l.makeUp);
  const sessionsHeld = counted.length;
  const sessionsRequired = requiredViewings(settings);
  const studyMinutes = Math.round(counted.reduce((a, l) => a + l.playedMinutes, 0) * 10) / 10;
  return {
    month,
    station: { id: settings.stationId, name: settings.stationName, grade: settings.grade, timeZone: zone },
    registered: m.registered,
    attendedRegistered: m.attendedRegistered,
    participationRate: m.participationRate,
    excused: m.excused,
    excusedMembers: m.excusedIds.map((id) => ({ id, name: byId.get(id)?.name ?? `#${id}`, reason: excused.get(id) ?? '' })),
    sessionsHeld,
    sessionsRequired,
    compliant: sessionsHeld >= sessionsRequired,
    studyMinutes,
    guests: lines.reduce((a, l) => a + l.guests, 0),
    guestsByCategory,
    sessions: lines,
    satisfaction: monthSatisfaction(db, sessions),
    makeUp: monthMakeUp(lines, m, (id) => byId.get(id)?.name ?? `#${id}`),
    compliance: monthCompliance(db, month, { now, zone, required: sessionsRequired, lines, studyMinutes }),
    activities: monthActivities(db, month, localDateOf(now, zone)),
    generatedAt: iso(now, zone)!,
  };
}

/**
 * The report with its list of names (the excused members) in the station's name order (设置 › 名单排序), as
 * every list of names it shows or prints; after loadNameOrder(). The figures keep roster order: they only count.
 */
export function withNamesInOrder(db: Db, report: MonthlyReport): MonthlyReport {
  const order = nameOrderOf(db);
  return {
    ...report,
    excusedMembers: orderLoadedRoster(report.excusedMembers, order),
    makeUp: { ...report.makeUp, members: orderLoadedRoster(report.makeUp.members, order), notStudied: orderLoadedRoster(report.makeUp.notStudied, order) },
  };
}

function iso(at: number | null, zone: string): string | null {
  return at === null ? null : DateTime.fromMillis(at, { zone }).toISO({ suppressMilliseconds: true });
}
