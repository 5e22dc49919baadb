// The study tutor (学习辅导员) who leads a group viewing: the station's first tutor unless someone chooses
// another at the door or in admin mode. The name is written on the session when chosen and never looked up
// again, so a sign-in sheet already printed keeps its tutor whatever happens to the accounts later.
import type { Db } from '../store/database.ts';
import { AccountStore, type Account } from '../admin/account-store.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { SessionStore, type Session } from './session-store.ts';
import { CodedError } from '../../common/coded-error.pure.ts';
import type { StationRefusals } from '../../protocol/refusals/station-refusals.pure.ts';
import { correctedNote, guardIssuedMonth } from '../roster/issued-month-guard.ts';

export type SessionTutorErrorCode = 'session_not_found' | 'not_group_viewing' | 'session_ended' | 'not_a_tutor';

export class SessionTutorError<C extends SessionTutorErrorCode = SessionTutorErrorCode> extends CodedError<C, StationRefusals[C]> {
  override name = 'SessionTutorError';

  constructor(code: C, params: StationRefusals[C]) {
    super(code, params);
  }
}

/** Gives a group viewing without a tutor the station's first active tutor (none: it stays empty). */
export function assignDefaultTutor(db: Db, session: Session): void {
  if (session.kind !== 'group_viewing' || session.tutor !== null) return;
  const tutor = new AccountStore(db).firstTutor();
  if (tutor) new SessionStore(db).setStaff(session.id, { tutor: tutor.name, operator: session.operator });
}

export interface TutorChoiceOptions {
  /**
   * The administrator may also set the tutor of a viewing already over (in admin mode's session view); in a
   * month whose records were issued that asks first, as any change of issued records (roster/issued-month-guard.ts).
   */
  afterEnd?: { confirm: boolean };
}

/**
 * The tutor someone chose for a group viewing still at check-in or playing — or, by the administrator, of one
 * already over; the choice is in the station log.
 */
export function chooseTutor(db: Db, sessionId: number, accountId: number, actor: string, at: number, options: TutorChoiceOptions = {}): Session {
  return db.transaction(() => {
    const sessions = new SessionStore(db);
    const session = sessions.get(sessionId);
    if (!session) throw new SessionTutorError('session_not_found', { sessionId });
    if (session.kind !== 'group_viewing') throw new SessionTutorError('not_group_viewing', { title: session.title });
    const ended = session.status === 'ended';
    if (ended && !options.afterEnd) throw new SessionTutorError('session_ended', {});
    const tutor = new AccountStore(db).get(accountId);
    if (!tutor || !tutor.active || tutor.role !== 'tutor') throw new SessionTutorError('not_a_tutor', {});
    if (tutor.name === session.tutor) return session;
    const month = session.occurrenceDate.slice(0, 7);
    const corrected = ended && guardIssuedMonth(db, month, { what: TUTOR_CHANGE, confirm: options.afterEnd!.confirm });
    sessions.setStaff(session.id, { tutor: tutor.name, operator: session.operator });
    const was = ended && session.tutor !== null ? `，原为 ${session.tutor}` : '';
    appendStationLog(db, {
      type: 'session',
      actor,
      at,
      message: `学习辅导员：${tutor.name}（${session.title}${ended ? ` ${session.occurrenceDate}` : ''}${was}）${corrected ? correctedNote(month) : ''}`,
      detail: { sessionId: session.id, accountId, ...(ended ? { previous: session.tutor } : {}), ...(corrected ? { corrected: true } : {}) },
    });
    return sessions.get(session.id)!;
  })();
}

const TUTOR_CHANGE = 'tutor';

/** The tutors one may choose from: names only. */
export function tutorChoices(db: Db): Array<{ id: number; name: string }> {
  return new AccountStore(db)
    .listActive()
    .filter((a) => a.role === 'tutor')
    .map(({ id, name }) => ({ id, name }));
}

/**
 * A group viewing started in admin mode by an operator or the administrator: that person is its 操作员 on the
 * sign-in sheet (a tutor who opens one is its tutor, not its operator). Written once, like the tutor.
 */
export function withOperator(db: Db, session: Session, by: Account): Session {
  if (session.kind !== 'group_viewing' || by.role === 'tutor' || session.operator !== null) return session;
  const sessions = new SessionStore(db);
  sessions.setStaff(session.id, { tutor: session.tutor, operator: by.name });
  return sessions.get(session.id)!;
}
