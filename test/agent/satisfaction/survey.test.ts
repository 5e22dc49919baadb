// Satisfaction after a group viewing (满意度): a real agent over HTTP on a real station database. One anonymous
// answer per person present, a card answers once for its holder without anything kept of who, the counts are
// final when the survey closes and travel to the county once, and the monthly report, its exports and
// `yuanjiao report month --json` show the share against 90 %.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { Compile } from 'typebox/compile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { pendingOutbox } from '../../../agent/outbox/outbox-store.ts';
import { closeOverdueSurveys, SURVEY_OPEN_LIMIT_MS, type SurveyView } from '../../../agent/satisfaction/survey.ts';
import { SatisfactionBodySchema } from '../../../protocol/event-bodies.pure.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { tempDir } from '../../support/station-fixture.ts';
import { HAS_PDFTOTEXT, block, cli, csvBlocks, pdfText, records, reportJson } from '../exports/export-support.ts';
import { holdViewing, surveyStation } from './satisfaction-fixture.ts';
import { stationRefusalText } from '../../../cli/station-refusal-texts.ts';

let agent: RunningAgent;
let dir: string;
let sessionId: number;
let cards: { present: [string, string]; absent: string };
let secondViewing: number;

async function call<T>(method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(new URL(url, agent.url), {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}
type Refusal = { error: { code: string; params: Record<string, string | number>; message?: string } };
const answer = (id: number, body: unknown) => call<{ survey: SurveyView } & Refusal>('POST', `/api/sessions/${id}/satisfaction/answers`, body);
const satisfactionEvents = () => pendingOutbox(agent.ctx.db, 1000).filter((e) => e.type === 'satisfaction');
const answerRows = () => agent.ctx.db.prepare('SELECT * FROM satisfaction_answers ORDER BY id').all() as Record<string, unknown>[];

beforeAll(async () => {
  dir = tempDir('yj-satisfaction-');
  const s = surveyStation(dir);
  sessionId = s.viewing.id;
  cards = s.cards;
  // A second viewing the same month whose survey the screen never closes: its deadline does.
  const later = s.station.addProgram({ courseId: s.program.courseId, title: '十月集中收看（二）', rule: { type: 'once', date: '2026-10-24', time: '19:30' } }, s.program.createdAt);
  secondViewing = holdViewing(s.station.db, later, '2026-10-24', [{ memberId: 1 }]).id;
  s.station.close();
  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'silent' });
});

afterAll(async () => {
  await agent?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the satisfaction survey of a group viewing', () => {
  it('opens once the viewing has ended, with the people present as its cap', async () => {
    const opened = await call<{ survey: SurveyView }>('POST', `/api/sessions/${sessionId}/satisfaction`);
    expect(opened.status).toBe(200);
    expect(opened.body.survey).toMatchObject({ state: 'open', present: 3, figures: { answers: 0, share: null, meetsTarget: null } });
    // Opening again changes nothing.
    const again = await call<{ survey: SurveyView }>('POST', `/api/sessions/${sessionId}/satisfaction`);
    expect(again.body.survey.openedAt).toBe(opened.body.survey.openedAt);
    expect(queryStationLog(agent.ctx.db, {}).filter((l) => l.message.startsWith('满意度测评开始')).length).toBe(1);
  });

  it('takes one answer per person: by the remote, and by a card once for its holder, keeping nothing of who', async () => {
    const byRemote = await answer(sessionId, { answer: 'satisfied' });
    expect(byRemote.status).toBe(201);
    expect(byRemote.body.survey.figures.answers).toBe(1);

    const byCard = await answer(sessionId, { answer: 'basically_satisfied', cardUid: cards.present[0] });
    expect(byCard.status).toBe(201);
    const twice = await answer(sessionId, { answer: 'dissatisfied', cardUid: cards.present[0] });
    expect([twice.status, twice.body.error.code]).toEqual([409, 'already_answered']);
    expect(twice.body.error.params).toEqual({});
    expect(stationRefusalText(twice.body.error)).toMatch(/^此卡已评价过.* \/ /);
    const absent = await answer(sessionId, { answer: 'satisfied', cardUid: cards.absent });
    expect([absent.status, absent.body.error.code]).toEqual([409, 'card_not_present']);
    const unknown = await answer(sessionId, { answer: 'satisfied', cardUid: 'FFFF0000' });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'card_unknown']);
    expect(unknown.body.error.params).toEqual({ cardUid: 'FFFF0000' });
    const bad = await answer(sessionId, { answer: 'so-so' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_request']);
    expect(answerRows().length).toBe(2);

    // The answer rows hold no member and no card: only the session, the answer and when.
    expect(Object.keys(answerRows()[0]!).sort()).toEqual(['answer', 'answered_at', 'id', 'session_id']);
    // While open, the card mark is a keyed hash (not the card, not the member id).
    const marks = agent.ctx.db.prepare('SELECT mark FROM satisfaction_card_marks').all() as { mark: Buffer }[];
    expect(marks.length).toBe(1);
    expect(marks[0]!.mark.length).toBe(32);
    expect(marks[0]!.mark.toString('hex')).not.toContain(cards.present[0].toLowerCase());

    const third = await answer(sessionId, { answer: 'dissatisfied' });
    expect(third.body.survey.figures).toMatchObject({ answers: 3, satisfied: 1, basicallySatisfied: 1, dissatisfied: 1, share: 0.6667, meetsTarget: false });
    // Three present, three answers: the fourth is refused and changes nothing.
    const full = await answer(sessionId, { answer: 'satisfied', cardUid: cards.present[1] });
    expect([full.status, full.body.error.code]).toEqual([409, 'survey_full']);
    expect(answerRows().length).toBe(3);
    expect(satisfactionEvents()).toEqual([]);
  });

  it('keeps its answers append-only', () => {
    expect(() => agent.ctx.db.prepare("UPDATE satisfaction_answers SET answer = 'satisfied'").run()).toThrow(/append-only/);
    expect(() => agent.ctx.db.prepare('DELETE FROM satisfaction_answers').run()).toThrow(/append-only/);
  });

  it('closes once: the counts are final, the card marks and their salt are gone, the county gets one event', async () => {
    const closed = await call<{ survey: SurveyView }>('POST', `/api/sessions/${sessionId}/satisfaction/close`);
    expect(closed.body.survey).toMatchObject({ state: 'closed', present: 3 });
    expect((await call<{ survey: SurveyView }>('POST', `/api/sessions/${sessionId}/satisfaction/close`)).body.survey.state).toBe('closed');
    expect(agent.ctx.db.prepare('SELECT count(*) AS n FROM satisfaction_card_marks').get()).toEqual({ n: 0 });
    expect(agent.ctx.db.prepare('SELECT card_salt FROM satisfaction_surveys WHERE session_id = ?').get(sessionId)).toEqual({ card_salt: null });

    const events = satisfactionEvents();
    expect(events.length).toBe(1);
    expect(events[0]!.body).toMatchObject({ sessionId, date: '2026-10-10', present: 3, satisfied: 1, basicallySatisfied: 1, dissatisfied: 1 });
    expect(Compile(SatisfactionBodySchema).Check(events[0]!.body)).toBe(true);

    const late = await answer(sessionId, { answer: 'satisfied', cardUid: cards.present[1] });
    expect([late.status, late.body.error.code]).toEqual([409, 'survey_closed']);
    expect(answerRows().length).toBe(3);
    expect(satisfactionEvents().length).toBe(1);
  });

  it('refuses a survey for a viewing not yet ended, or with nobody present', async () => {
    const none = await call<Refusal>('GET', `/api/sessions/${secondViewing}/satisfaction`);
    expect([none.status, none.body.error.code]).toEqual([404, 'survey_not_found']);
    const missing = await call<Refusal>('POST', '/api/sessions/9999/satisfaction');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'session_not_found']);
  });

  it('closes a survey the screen left open at its deadline, by itself', async () => {
    expect((await call('POST', `/api/sessions/${secondViewing}/satisfaction`)).status).toBe(200);
    expect((await answer(secondViewing, { answer: 'satisfied' })).status).toBe(201);
    expect(closeOverdueSurveys(agent.ctx.db, Date.now())).toEqual([]);
    expect(closeOverdueSurveys(agent.ctx.db, Date.now() + SURVEY_OPEN_LIMIT_MS + 1_000)).toEqual([secondViewing]);
    expect(satisfactionEvents().map((e) => (e.body as { sessionId: number }).sessionId)).toEqual([sessionId, secondViewing]);
  });

  it('counts the month against 90 % in report month --json, and prints it in every export', async () => {
    const r = await reportJson(dir, '2026-10');
    expect(r.satisfaction).toMatchObject({ surveys: 2, answers: 4, satisfied: 2, basicallySatisfied: 1, dissatisfied: 1, share: 0.75, target: 0.9, meetsTarget: false });
    expect(r.satisfaction.sessions.map((l) => [l.sessionId, l.present, l.answers, l.share])).toEqual([
      [sessionId, 3, 3, 0.6667],
      [secondViewing, 1, 1, 1],
    ]);
    const text = await cli(dir, 'report', 'month', '2026-10');
    expect(text.out).toContain('满意度 75.0%（4 人评价，要求 ≥ 90%：未达到）');

    const out = tempDir('yj-satisfaction-out-');
    try {
      expect((await cli(dir, 'export', 'month-report', '--month', '2026-10', '--out', path.join(out, 'r.csv'))).code).toBe(0);
      const blocks = csvBlocks(fs.readFileSync(path.join(out, 'r.csv')));
      const rows = records(block(blocks, '满意度测评'));
      expect(rows.map((row) => [row['评价人数'], row['满意'], row['基本满意'], row['不满意'], row['满意度']])).toEqual([
        ['3', '1', '1', '1', '66.67%'],
        ['1', '1', '0', '0', '100%'],
        ['4', '2', '1', '1', '75%'],
      ]);

      expect((await cli(dir, 'export', 'month-report', '--month', '2026-10', '--out', path.join(out, 'r.xlsx'))).code).toBe(0);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(path.join(out, 'r.xlsx'));
      const cells: string[] = [];
      book.eachSheet((sheet) => sheet.eachRow((row) => cells.push(row.values.toString())));
      expect(cells.join('\n')).toContain('满意度测评');
      expect(cells.some((c) => c.includes('满意度') && c.includes('0.75'))).toBe(true);

      if (HAS_PDFTOTEXT) {
        expect((await cli(dir, 'export', 'month-report', '--month', '2026-10', '--out', path.join(out, 'r.pdf'))).code).toBe(0);
        const pdf = pdfText(path.join(out, 'r.pdf'));
        expect(pdf).toContain('满意度测评');
        expect(pdf).toMatch(/满意度\s+75(\.0)?%/);
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
