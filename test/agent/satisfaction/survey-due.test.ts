// Which survey the screen should show now (GET /api/state's `survey`): the kiosk routes to it when it starts, so a
// restart mid-survey returns to the question, and a viewing the administrator stopped from the admin screen is
// still asked once the admin screen is left.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { closeSurvey, dueSurvey, openSurvey, SURVEY_DUE_AFTER_END_MS, SURVEY_OPEN_LIMIT_MS } from '../../../agent/satisfaction/survey.ts';
import { occurrenceOn } from '../../../agent/programs/recurrence.pure.ts';
import { endSession, openCheckin, startSession } from '../../../agent/sessions/session-lifecycle.ts';
import { SessionStore } from '../../../agent/sessions/session-store.ts';
import { checkIn } from '../../../agent/attendance/checkin.ts';
import { ZONE, at, tempDir } from '../../support/station-fixture.ts';
import { holdViewing, surveyStation, type SurveyStation } from './satisfaction-fixture.ts';

const MIN = 60_000;
let dir: string;
let s: SurveyStation;

function station(): SurveyStation {
  dir = tempDir('yj-survey-due-');
  s = surveyStation(dir);
  return s;
}

afterEach(() => {
  s?.station.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the survey due on the screen', () => {
  it('is a viewing that just ended with people present, until the room has had time to leave', () => {
    const { station: st, viewing } = station();
    const ended = viewing.endedAt!;
    expect(dueSurvey(st.db, ended + MIN)).toEqual({ sessionId: viewing.id, title: viewing.title });
    expect(dueSurvey(st.db, ended + SURVEY_DUE_AFTER_END_MS + 1)).toBeNull();
  });

  it('stays due while its survey is open (a kiosk restarted mid-survey returns to it), and not once closed', () => {
    const { station: st, viewing } = station();
    const opened = viewing.endedAt! + 4 * MIN;
    openSurvey(st.db, viewing.id, opened);
    // Past the window for an unasked viewing, but the open survey is still within its own time.
    expect(dueSurvey(st.db, opened + 10 * MIN)).toEqual({ sessionId: viewing.id, title: viewing.title });
    expect(dueSurvey(st.db, opened + SURVEY_OPEN_LIMIT_MS)).toBeNull();
    closeSurvey(st.db, viewing.id, opened + MIN);
    expect(dueSurvey(st.db, opened + 2 * MIN)).toBeNull();
  });

  it('is due after a viewing the administrator stopped early, not after one nobody attended', () => {
    const { station: st, program } = station();
    const date = '2026-10-17';
    const stopped = st.addProgram({ courseId: program.courseId, title: '中途停止的收看', rule: { type: 'once', date, time: '19:30' } }, at(`${date} 09:00`));
    const occurrence = occurrenceOn(stopped.rule, ZONE, date)!;
    openCheckin(st.db, stopped, occurrence, occurrence.startsAt - 15 * MIN);
    const sessionId = new SessionStore(st.db).findByOccurrence(stopped.id, date)!.id;
    checkIn(st.db, { sessionId, by: { memberId: 1 }, method: 'cli', actor: 'test', at: occurrence.startsAt - 5 * MIN });
    startSession(st.db, stopped, occurrence, occurrence.startsAt);
    const ended = endSession(st.db, sessionId, occurrence.startsAt + 10 * MIN, 'admin', 'admin');
    expect(dueSurvey(st.db, ended.endedAt! + MIN)).toEqual({ sessionId, title: '中途停止的收看' });

    const empty = st.addProgram({ courseId: program.courseId, title: '无人参加', rule: { type: 'once', date: '2026-10-18', time: '19:30' } }, at('2026-10-18 09:00'));
    const nobody = holdViewing(st.db, empty, '2026-10-18', []);
    expect(dueSurvey(st.db, nobody.endedAt! + MIN)).toBeNull();
  });
});
