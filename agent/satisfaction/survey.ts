// The satisfaction survey of a group viewing (满意度测评): opened on the screen when the viewing ends, one
// anonymous answer per person present, closed by the screen or by its deadline; closing fixes the counts and
// queues them for the county once, in the same transaction.
import { createHmac, randomBytes } from 'node:crypto';
import { inTransaction, type Db } from '../store/database.ts';
import { SessionStore, type Session } from '../sessions/session-store.ts';
import { AttendanceStore } from '../attendance/attendance-store.ts';
import { MemberStore } from '../roster/member-store.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { enqueueOutbox } from '../outbox/outbox-store.ts';
import { CodedError } from '../../common/coded-error.pure.ts';
import { SatisfactionStore, type Survey } from './satisfaction-store.ts';
import { satisfactionFigures, type SatisfactionAnswer, type SatisfactionFigures } from './satisfaction.pure.ts';
import type { StationRefusals } from '../../protocol/refusals/station-refusals.pure.ts';

/**
 * Decision — a survey closes by itself this long after it opened, whether or not a screen still shows it (a
 * kiosk that crashed or was switched off must not leave it open, nor its card salt on disk). The screen
 * closes it much sooner (its countdown); this bounds the rest.
 */
export const SURVEY_OPEN_LIMIT_MS = 15 * 60_000;

/**
 * Decision — a group viewing nobody asked about yet (the kiosk was restarting, or the administrator stopped it
 * from the admin screen) is still asked this long after it ended; later the room has left.
 */
export const SURVEY_DUE_AFTER_END_MS = 5 * 60_000;

export type SatisfactionErrorCode =
  | 'session_not_found'
  | 'not_group_viewing'
  | 'session_not_ended'
  | 'nobody_present'
  | 'survey_not_found'
  | 'survey_closed'
  | 'survey_full'
  | 'card_unknown'
  | 'card_not_present'
  | 'already_answered';

export class SatisfactionError<C extends SatisfactionErrorCode = SatisfactionErrorCode> extends CodedError<C, StationRefusals[C]> {
  override name = 'SatisfactionError';

  constructor(code: C, params: StationRefusals[C]) {
    super(code, params);
  }
}

export interface SurveyView {
  sessionId: number;
  title: string;
  date: string;
  state: 'open' | 'closed';
  openedAt: number;
  closesBy: number;
  closedAt: number | null;
  /** People checked in (members and guests): at most one answer each. */
  present: number;
  figures: SatisfactionFigures;
}

export function surveyView(db: Db, session: Session, survey: Survey): SurveyView {
  return {
    sessionId: session.id,
    title: session.title,
    date: session.occurrenceDate,
    state: survey.closedAt === null ? 'open' : 'closed',
    openedAt: survey.openedAt,
    closesBy: survey.closesBy,
    closedAt: survey.closedAt,
    present: survey.present ?? presentAt(db, session.id),
    figures: satisfactionFigures(new SatisfactionStore(db).counts(session.id)),
  };
}

/** The survey as it stands, or null when the session never had one. */
export function readSurvey(db: Db, sessionId: number): SurveyView | null {
  const session = requireSession(db, sessionId);
  const survey = new SatisfactionStore(db).get(sessionId);
  return survey ? surveyView(db, session, survey) : null;
}

/** Opens the survey of an ended group viewing with someone present; opening it again changes nothing. */
export function openSurvey(db: Db, sessionId: number, at: number): SurveyView {
  return inTransaction(db, () => {
    const session = requireSession(db, sessionId);
    const store = new SatisfactionStore(db);
    const existing = store.get(sessionId);
    if (existing) return surveyView(db, session, closeIfOverdue(db, session, existing, at));
    if (session.status !== 'ended' || session.startedAt === null) {
      throw new SatisfactionError('session_not_ended', { title: session.title });
    }
    if (presentAt(db, sessionId) === 0) throw new SatisfactionError('nobody_present', { title: session.title });
    const survey = store.open(sessionId, at, at + SURVEY_OPEN_LIMIT_MS, randomBytes(32));
    appendStationLog(db, { type: 'session', actor: 'kiosk', at, message: `满意度测评开始：${session.title}`, detail: { sessionId } });
    return surveyView(db, session, survey);
  });
}

export interface AnswerRequest {
  sessionId: number;
  answer: SatisfactionAnswer;
  /** A card tapped to answer: answers once for its holder, who must have checked in; who it was is not kept. */
  cardUid?: string;
  at: number;
}

export function answerSurvey(db: Db, request: AnswerRequest): SurveyView {
  return inTransaction(db, () => {
    const { session, survey } = requireOpenSurvey(db, request.sessionId, request.at);
    const store = new SatisfactionStore(db);
    const present = presentAt(db, session.id);
    if (satisfactionFigures(store.counts(session.id)).answers >= present) {
      throw new SatisfactionError('survey_full', { present });
    }
    if (request.cardUid !== undefined) {
      const member = new MemberStore(db).findByCardUid(request.cardUid);
      if (!member) throw new SatisfactionError('card_unknown', { cardUid: request.cardUid.trim() });
      if (!new AttendanceStore(db).findMember(session.id, member.id)) {
        throw new SatisfactionError('card_not_present', {});
      }
      // The member, not the card: one person with two cards still answers once.
      const mark = createHmac('sha256', store.salt(session.id)!).update(`member:${member.id}`).digest();
      if (!store.markCard(session.id, mark)) throw new SatisfactionError('already_answered', {});
    }
    store.addAnswer(session.id, request.answer, request.at);
    return surveyView(db, session, survey);
  });
}

/** Closes the survey (idempotent): the counts are final and go to the county once. */
export function closeSurvey(db: Db, sessionId: number, at: number, actor = 'kiosk'): SurveyView {
  return inTransaction(db, () => {
    const session = requireSession(db, sessionId);
    const survey = new SatisfactionStore(db).get(sessionId);
    if (!survey) throw new SatisfactionError('survey_not_found', { title: session.title });
    return surveyView(db, session, close(db, session, survey, at, actor));
  });
}

/**
 * The survey the screen should show now, if any (GET /api/state): an open one — so a kiosk restarted
 * mid-survey returns to it — or a just-ended group viewing with someone present that was never asked.
 */
export function dueSurvey(db: Db, now: number): { sessionId: number; title: string } | null {
  const candidates = new SatisfactionStore(db).dueCandidates(now, now - SURVEY_DUE_AFTER_END_MS);
  const due = candidates.find((c) => c.opened || presentAt(db, c.sessionId) > 0);
  return due ? { sessionId: due.sessionId, title: due.title } : null;
}

/** Closes every survey past its deadline (the daemon's poll); returns the sessions closed. */
export function closeOverdueSurveys(db: Db, now: number): number[] {
  const due = new SatisfactionStore(db).overdue(now);
  for (const id of due) closeSurvey(db, id, now, 'system');
  return due;
}

function close(db: Db, session: Session, survey: Survey, at: number, actor: string): Survey {
  const store = new SatisfactionStore(db);
  const present = presentAt(db, session.id);
  if (!store.close(session.id, at, present)) return survey;
  const f = satisfactionFigures(store.counts(session.id));
  enqueueOutbox(db, 'satisfaction', at, {
    sessionId: session.id,
    date: session.occurrenceDate,
    present,
    satisfied: f.satisfied,
    basicallySatisfied: f.basicallySatisfied,
    dissatisfied: f.dissatisfied,
    closedAt: at,
  });
  appendStationLog(db, {
    type: 'session',
    actor,
    at,
    message: `满意度测评结束：${session.title}，满意 ${f.satisfied}、基本满意 ${f.basicallySatisfied}、不满意 ${f.dissatisfied}（${f.answers}/${present} 人评价）`,
    detail: { sessionId: session.id, ...f, present },
  });
  return store.get(session.id)!;
}

function closeIfOverdue(db: Db, session: Session, survey: Survey, at: number): Survey {
  return survey.closedAt === null && survey.closesBy <= at ? close(db, session, survey, at, 'system') : survey;
}

function requireSession(db: Db, sessionId: number): Session {
  const session = new SessionStore(db).get(sessionId);
  if (!session) throw new SatisfactionError('session_not_found', { sessionId });
  if (session.kind !== 'group_viewing') throw new SatisfactionError('not_group_viewing', { title: session.title });
  return session;
}

function requireOpenSurvey(db: Db, sessionId: number, at: number): { session: Session; survey: Survey } {
  const session = requireSession(db, sessionId);
  const found = new SatisfactionStore(db).get(sessionId);
  if (!found) throw new SatisfactionError('survey_not_found', { title: session.title });
  // One past its deadline is closed in all but the row (the daemon's next poll closes it; a refusal writes nothing).
  if (found.closedAt !== null || found.closesBy <= at) throw new SatisfactionError('survey_closed', {});
  return { session, survey: found };
}

/** People checked in (members and guests, undone check-ins left out). */
function presentAt(db: Db, sessionId: number): number {
  return new AttendanceStore(db).forSession(sessionId).length;
}
