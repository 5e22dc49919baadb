// The thin shell around the document builders: reads what each record needs from its owner module and
// hands it to the pure builder. The figures come from monthlyReport and sessionFigures, never recomputed here.
import type { Db } from '../store/database.ts';
import { readStationSettings } from '../settings/settings-store.ts';
import { GRADE_MINIMUM_VIEWINGS } from '../settings/station-settings.pure.ts';
import { monthlyReport, withNamesInOrder } from '../reports/monthly-report.ts';
import { registeredOn, sessionFigures } from '../reports/participation.pure.ts';
import { SessionStore } from '../sessions/session-store.ts';
import { AttendanceStore } from '../attendance/attendance-store.ts';
import { MemberStore } from '../roster/member-store.ts';
import { SessionRosterStore } from '../roster/session-roster-store.ts';
import { nameOrderOf, orderLoadedRoster } from '../roster/roster-order.ts';
import { GUEST_CATEGORY_LABELS, MEMBER_CATEGORY_LABELS } from '../roster/categories.pure.ts';
import { queryStationLog } from '../stationlog/station-log.ts';
import { upcomingShowings } from '../programs/board.ts';
import { addDays, localDateOf, localDateTimeOf, localTimeOf, startOfLocalDay } from '../clock/local-time.pure.ts';
import { CONTENT_LOG_LABELS, queryContentLog } from '../../content/content-log.ts';
import { CourseStore } from '../../content/course-store.ts';
import { CONDITION_LABELS, EquipmentStore } from '../health/equipment-store.ts';
import { ExportError, noticeSpan, type ExportRequest } from './export-kinds.pure.ts';
import type { ExportDocument } from '../../common/documents/document.pure.ts';
import { monthReportDocument } from './documents/month-report.pure.ts';
import { signinSheetDocument } from './documents/signin-sheet.pure.ts';
import { viewingRecordDocument, type ViewingLine } from './documents/viewing-record.pure.ts';
import { contentLogDocument } from './documents/content-log.pure.ts';
import { stationLogDocument } from './documents/station-log.pure.ts';
import { equipmentDocument, type EquipmentItem } from './documents/equipment.pure.ts';
import { noticeDocument } from './documents/notice.pure.ts';
import { mobileLedgerDocument } from './documents/mobile-ledger.pure.ts';
import { FLOW_KIND_LABELS, MobileLedgerStore } from '../roster/mobile-ledger-store.ts';
import { loadActivitiesDocument, loadActivityRecordDocument } from './activity-loaders.ts';
import { weeklyReportDocument } from './documents/weekly-report.pure.ts';
import { roomRegisterDocument } from './documents/room-register.pure.ts';
import { composeWeek, WeeklyReportError } from '../weekly-report/weekly-report.ts';
import { roomRegister } from '../room-use/room-register.ts';
import { monthBounds } from '../clock/local-time.pure.ts';

export type DocumentRequest = Exclude<ExportRequest, { kind: 'xapi' }>;

/** Months 'YYYY-MM' that a date range touches, in order. */
export function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = from.slice(0, 7); m <= to.slice(0, 7); ) {
    months.push(m);
    const y = Number(m.slice(0, 4));
    const n = Number(m.slice(5, 7));
    m = n === 12 ? `${y + 1}-01` : `${y}-${String(n + 1).padStart(2, '0')}`;
  }
  return months;
}

/** The equipment register as its owner (agent/health/equipment-store.ts) keeps it; empty until something is registered. */
function equipmentItems(db: Db): EquipmentItem[] {
  return new EquipmentStore(db).list().map((e) => ({
    name: e.name,
    model: e.model,
    quantity: e.quantity,
    issuedOn: e.issuedOn,
    condition: CONDITION_LABELS[e.condition].zh,
    notes: e.notes,
  }));
}

/** The session a sign-in sheet is for, refused clearly when there is none or it is not a group viewing. */
export function sessionForSheet(db: Db, sessionId: number) {
  const session = new SessionStore(db).get(sessionId);
  if (!session) throw ExportError.of('session_not_found', { sessionId });
  if (session.kind !== 'group_viewing') throw ExportError.of('export_not_group_viewing', { sessionId });
  return session;
}

export function loadDocument(db: Db, request: DocumentRequest, now: number): ExportDocument {
  const settings = readStationSettings(db);
  const zone = settings.timeZone;
  const station = { id: settings.stationId, name: settings.stationName };
  const generatedAt = localDateTimeOf(now, zone);
  const dayBounds = (from: string, to: string) => ({ since: startOfLocalDay(from, zone), until: startOfLocalDay(addDays(to, 1), zone) });

  switch (request.kind) {
    case 'month-report':
      return monthReportDocument({
        report: withNamesInOrder(db, monthlyReport(db, request.month, now)),
        generatedAt,
        gradeMinimum: GRADE_MINIMUM_VIEWINGS[settings.grade],
        policyMinimum: settings.policyMinViewingsPerMonth,
        minPlayShare: settings.minPlayShare,
      });

    case 'signin-sheet': {
      const session = sessionForSheet(db, request.sessionId);
      const members = new MemberStore(db);
      // A viewing not yet ended lists names in the station's order (设置 › 名单排序), within each branch; an
      // ended one lists the members fixed when it ended, named as they were then, in the order the station had
      // then — a later change of the setting never reorders a sheet already printed.
      const roster = orderLoadedRoster(members.list(), nameOrderOf(db));
      const byId = new Map(roster.map((m) => [m.id, m]));
      const rows = new AttendanceStore(db).forSession(session.id);
      const fixed = new SessionRosterStore(db);
      const expected = fixed.get(session.id);
      const { absentIds, ...figures } = sessionFigures(roster, session.occurrenceDate, rows, expected);
      const registered = expected ? orderLoadedRoster(expected, fixed.nameOrder(session.id) ?? nameOrderOf(db)) : registeredOn(roster, session.occurrenceDate);
      const registeredIds = new Set(registered.map((m) => m.id));
      const excused = members.excusedIn(session.occurrenceDate.slice(0, 7));
      const time = (at: number | null) => (at === null ? null : localTimeOf(at, zone));
      return signinSheetDocument({
        station,
        generatedAt,
        session: {
          id: session.id,
          title: session.title,
          date: session.occurrenceDate,
          scheduledTime: localTimeOf(session.scheduledStart, zone),
          startedTime: time(session.startedAt),
          endedTime: time(session.endedAt),
          playedMinutes: Math.round(session.playedMs / 6_000) / 10,
          held: session.held,
          tutor: session.tutor,
          operator: session.operator,
          makeUp: session.makeUp,
        },
        members: registered.map((m) => {
          const a = rows.find((r) => r.memberId === m.id);
          return {
            name: m.name,
            category: MEMBER_CATEGORY_LABELS[m.category].zh,
            branch: m.branch,
            checkedInAt: a ? localTimeOf(a.checkedInAt, zone) : null,
            late: a?.late ?? false,
            excusedReason: excused.get(m.id) ?? null,
          };
        }),
        // Everyone sessionFigures counts as a guest: check-ins that are not a registered member of that day.
        guests: rows
          .filter((a) => a.memberId === null || !registeredIds.has(a.memberId))
          .map((a) => {
            const member = a.memberId === null ? undefined : byId.get(a.memberId);
            return {
              name: member?.name ?? a.guestName ?? '',
              category: a.guestCategory ? GUEST_CATEGORY_LABELS[a.guestCategory].zh : member ? MEMBER_CATEGORY_LABELS[member.category].zh : '其他',
              checkedInAt: localTimeOf(a.checkedInAt, zone),
              late: a.late,
            };
          }),
        figures: { ...figures, absent: absentIds.length },
        lateGraceMinutes: settings.lateGraceMinutes,
      });
    }

    case 'viewing-record': {
      const sessions = new SessionStore(db);
      const lines: ViewingLine[] = monthsOf(request.from, request.to)
        .flatMap((month) => monthlyReport(db, month, now).sessions)
        .filter((l) => l.date >= request.from && l.date <= request.to)
        .map((l) => {
          const s = sessions.get(l.id);
          return { ...l, tutor: s?.tutor ?? null, operator: s?.operator ?? null };
        });
      return viewingRecordDocument({ station, generatedAt, from: request.from, to: request.to, lines, minPlayShare: settings.minPlayShare });
    }

    case 'content-log': {
      const titles = new Map(new CourseStore(db).list({ includeRemoved: true }).map((c) => [c.id, c.title]));
      const entries = queryContentLog(db, dayBounds(request.from, request.to));
      return contentLogDocument({
        station,
        generatedAt,
        from: request.from,
        to: request.to,
        lines: entries.map((e) => ({
          at: localDateTimeOf(e.at, zone),
          event: e.event,
          eventLabel: CONTENT_LOG_LABELS[e.event],
          courseTitle: e.courseId === null ? null : (titles.get(e.courseId) ?? null),
          source: e.source,
          fileName: e.fileName,
          bytes: e.bytes,
          sha256: e.sha256,
          detail: e.detail,
        })),
      });
    }

    case 'station-log': {
      // A year of a busy station stays far below this; the default page size of the admin screen would cut it.
      const entries = queryStationLog(db, { ...dayBounds(request.from, request.to), limit: 1_000_000 });
      return stationLogDocument({
        station,
        generatedAt,
        from: request.from,
        to: request.to,
        lines: entries.map((e) => ({ at: localDateTimeOf(e.at, zone), type: e.type, actor: e.actor, message: e.message })),
      });
    }

    case 'equipment':
      return equipmentDocument({ station, generatedAt, asOf: request.asOf, items: equipmentItems(db) });

    case 'mobile-ledger':
      return mobileLedgerDocument({
        station,
        generatedAt,
        year: request.year,
        lines: new MobileLedgerStore(db).list({ year: request.year }).map((e) => ({
          ...e,
          kindLabel: FLOW_KIND_LABELS[e.kind].zh,
          enteredAt: localDateTimeOf(e.enteredAt, zone),
        })),
      });

    case 'activities':
      return loadActivitiesDocument(db, { station, generatedAt, zone, from: request.from, to: request.to, today: localDateOf(now, zone) });

    case 'activity-record':
      return loadActivityRecordDocument(db, { station, generatedAt, zone, activityId: request.activityId });
    case 'weekly-report': {
      // On demand: an ended week not composed yet is composed now (once, as the schedule would), then printed frozen.
      let report;
      try {
        report = composeWeek(db, request.week, now, 'export');
      } catch (err) {
        if (err instanceof WeeklyReportError && err.code === 'week_not_ended') {
          throw ExportError.of('week_not_ended', { week: request.week });
        }
        throw err;
      }
      return weeklyReportDocument({
        snapshot: report.snapshot,
        remarks: report.remarks.map((r) => ({ at: localDateTimeOf(r.at, zone), actor: r.actor, text: r.text })),
        sent: report.sentAt === null ? null : { at: localDateTimeOf(report.sentAt, zone), how: report.sentBy ?? 'admin' },
        generatedAt,
      });
    }

    case 'room-register': {
      const b = monthBounds(request.month, zone);
      return roomRegisterDocument({ station, generatedAt, month: request.month, from: b.firstDay, to: b.lastDay, lines: roomRegister(db, b.firstDay, b.lastDay, now) });
    }

    case 'notice': {
      const span = noticeSpan(request.from, request.range);
      // From today the notice starts now (what already ended is not announced); a later start, at its midnight.
      const start = request.from === localDateOf(now, zone) ? now : startOfLocalDay(request.from, zone);
      const showings = upcomingShowings(db, start, span.days + 1).filter((s) => s.date >= span.from && s.date <= span.to);
      return noticeDocument({
        station,
        generatedAt,
        from: span.from,
        to: span.to,
        range: request.range,
        lines: showings.map((s) => ({
          date: s.date,
          time: s.time,
          title: s.title,
          groupViewing: s.kind === 'group_viewing',
          checkinOpens: s.kind === 'group_viewing' ? localTimeOf(s.checkinOpensAt, zone) : null,
          notes: s.notes,
        })),
      });
    }
  }
}
