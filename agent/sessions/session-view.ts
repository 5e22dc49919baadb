// A session as the room sees it: its state, the door's figures, and who is in.
import type { Db } from '../store/database.ts';
import type { Session } from './session-store.ts';
import { AttendanceStore } from '../attendance/attendance-store.ts';
import { checkinWindow, type CheckinWindow } from '../attendance/checkin-rules.pure.ts';
import { SessionRosterStore } from '../roster/session-roster-store.ts';
import { MemberStore } from '../roster/member-store.ts';
import { isRegisteredCategory, type GuestCategory, type MemberCategory } from '../roster/categories.pure.ts';
import { sessionFigures, type SessionFigures } from '../reports/participation.pure.ts';
import { playedShare } from './held.pure.ts';
import { lastPlayStart, type PlayStart } from './playback-log.ts';
import { ProgramStore } from '../programs/program-store.ts';

export interface AttendeeView {
  attendanceId: number;
  memberId: number | null;
  name: string;
  memberCategory: MemberCategory | null;
  guestCategory: GuestCategory | null;
  registered: boolean;
  checkedInAt: number;
  checkedOutAt: number | null;
  late: boolean;
  method: string;
}

export interface SessionView {
  session: Session;
  window: CheckinWindow;
  playedShare: number | null;
  /**
   * Where the screen last began showing it (null: the room has not seen it begin). A kiosk that comes back
   * during a showing picks up from here; one that never began it starts from the top, however late it is.
   */
  lastPlayStart: PlayStart | null;
  figures: Omit<SessionFigures, 'absentIds'>;
  attendees: AttendeeView[];
  /** A group viewing opened by "play now", still at check-in: the door may start it (立即开始). */
  startable: boolean;
}

export function sessionView(db: Db, session: Session, now: number): SessionView {
  const roster = new MemberStore(db).list();
  const byId = new Map(roster.map((m) => [m.id, m]));
  const rows = new AttendanceStore(db).forSession(session.id);
  const { absentIds: _absent, ...figures } = sessionFigures(roster, session.occurrenceDate, rows, new SessionRosterStore(db).get(session.id));
  return {
    session,
    window: checkinWindow(session, now),
    playedShare: playedShare(session.playedMs, session.courseDurationMs),
    lastPlayStart: lastPlayStart(db, session.id),
    figures,
    startable: session.status === 'checkin' && session.kind === 'group_viewing' && new ProgramStore(db).get(session.programId)?.origin === 'manual',
    attendees: rows.map((a) => {
      const member = a.memberId === null ? undefined : byId.get(a.memberId);
      return {
        attendanceId: a.id,
        memberId: a.memberId,
        name: member?.name ?? a.guestName ?? '',
        memberCategory: member?.category ?? null,
        guestCategory: a.guestCategory,
        registered: member !== undefined && isRegisteredCategory(member.category),
        checkedInAt: a.checkedInAt,
        checkedOutAt: a.checkedOutAt,
        late: a.late,
        method: a.method,
      };
    }),
  };
}
