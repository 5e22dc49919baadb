// Make-up study (补学) and compliance ahead (达标进度) on a real station database: a month of a demonstration site
// under a county policy of 120 minutes and fixed study days on the 5th and the 20th, followed day by day. A
// make-up showing counts its members for the month but never touches the original viewing's 应到/实到/rate, is
// not among the viewings held, and every record says 补学; the month's compliance says what is still needed.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { occurrenceOn } from '../../../agent/programs/recurrence.pure.ts';
import { endSession, openCheckin, startSession } from '../../../agent/sessions/session-lifecycle.ts';
import { SessionStore, type Session } from '../../../agent/sessions/session-store.ts';
import { checkIn } from '../../../agent/attendance/checkin.ts';
import { monthlyReport, type MonthlyReport } from '../../../agent/reports/monthly-report.ts';
import { monthSummary } from '../../../agent/uplink/month-summary.ts';
import { pendingOutbox } from '../../../agent/outbox/outbox-store.ts';
import { writeSetting } from '../../../agent/settings/settings-store.ts';
import { POLICY_SETTING } from '../../../agent/uplink/uplink-settings.ts';
import { complianceAhead } from '../../../agent/reports/compliance-ahead.pure.ts';
import { ZONE, at, createStation, type Station } from '../../support/station-fixture.ts';
import { HAS_PDFTOTEXT, NO_PDFTOTEXT_REASON, block, cli, csvBlocks, pdfText, records, reportJson } from '../exports/export-support.ts';
import type { Member } from '../../../agent/roster/member-store.ts';

const MIN = 60_000;
const MONTH = '2026-05';
let station: Station;
let members: Record<'zhang' | 'li' | 'wang' | 'zhao', Member>;

function showing(input: { title: string; date: string; minutes: number; makeUp?: boolean; who: Member[] }): Session {
  const course = station.addCourse({ title: input.title, durationMs: input.minutes * MIN });
  const program = station.addProgram({ courseId: course.id, title: input.title, rule: { type: 'once', date: input.date, time: '19:30' }, makeUp: input.makeUp ?? false }, at(`${input.date} 08:00`));
  const occurrence = occurrenceOn(program.rule, ZONE, input.date)!;
  const session = openCheckin(station.db, program, occurrence, occurrence.startsAt - 15 * MIN);
  startSession(station.db, program, occurrence, occurrence.startsAt);
  for (const m of input.who) checkIn(station.db, { sessionId: session.id, by: { memberId: m.id }, method: 'tile', actor: 'kiosk', at: occurrence.startsAt + MIN });
  new SessionStore(station.db).recordPlayed(session.id, input.minutes * MIN);
  return endSession(station.db, session.id, occurrence.startsAt + (input.minutes + 2) * MIN, 'player');
}

const report = (day: string): MonthlyReport => monthlyReport(station.db, MONTH, at(`${day} 12:00`));
const line = (r: MonthlyReport, id: number) => r.sessions.find((s) => s.id === id)!;

let regular: Session;
let makeUp: Session;
let fixedDay: Session;
const checkpoints: Record<string, MonthlyReport> = {};

beforeAll(() => {
  station = createStation();
  station.settings({ stationName: '补学测试站点', stationId: 'st-makeup', grade: 'demonstration', timeZone: ZONE });
  writeSetting(station.db, POLICY_SETTING, { minViewingsPerMonth: null, minMinutesPerMonth: 120, fixedStudyDays: [5, 20] }, 0);
  members = {
    zhang: station.addMember({ name: '张三' }),
    li: station.addMember({ name: '李四' }),
    wang: station.addMember({ name: '王五' }),
    zhao: station.addMember({ name: '赵六' }),
  };
  checkpoints['05-04'] = report('2026-05-04');
  checkpoints['05-06'] = report('2026-05-06');
  regular = showing({ title: '第一讲', date: '2026-05-10', minutes: 45, who: [members.zhang, members.li] });
  checkpoints['05-11'] = report('2026-05-11');
  makeUp = showing({ title: '第一讲（补学）', date: '2026-05-12', minutes: 45, makeUp: true, who: [members.wang] });
  checkpoints['05-13'] = report('2026-05-13');
  fixedDay = showing({ title: '第二讲', date: '2026-05-20', minutes: 80, who: [members.zhang] });
  checkpoints['05-21'] = report('2026-05-21');
  checkpoints['06-01'] = monthlyReport(station.db, MONTH, at('2026-06-01 09:00'));
});

afterAll(() => {
  station.close();
  fs.rmSync(station.dir, { recursive: true, force: true });
});

describe('a make-up showing (补学)', () => {
  it('counts its members for the month, but never changes the original viewing’s 应到, 实到 or rate', () => {
    const before = checkpoints['05-11']!;
    const after = checkpoints['05-13']!;
    expect(line(before, regular.id)).toMatchObject({ registered: 4, attendedRegistered: 2, rate: 0.5, makeUp: false });
    expect(line(after, regular.id)).toEqual(line(before, regular.id));
    // Its own figures are its own.
    expect(line(after, makeUp.id)).toMatchObject({ registered: 4, attendedRegistered: 1, rate: 0.25, makeUp: true, held: true });
    // The month: 张三, 李四, and 王五 through 补学, of four.
    expect([before.attendedRegistered, before.participationRate]).toEqual([2, 0.5]);
    expect([after.registered, after.attendedRegistered, after.participationRate]).toEqual([4, 3, 0.75]);
    expect(after.makeUp.members.map((m) => m.name)).toEqual(['王五']);
    expect(after.makeUp.notStudied.map((m) => m.name)).toEqual(['赵六']);
    expect(after.makeUp.showings).toEqual([{ id: makeUp.id, programTitle: '第一讲（补学）', date: '2026-05-12', attendedRegistered: 1, registered: 4, held: true }]);
  });

  it('its end is logged as a make-up showing, not as a viewing held', () => {
    const lines = station.db.prepare("SELECT message FROM station_log WHERE type = 'session' ORDER BY id").all() as { message: string }[];
    expect(lines.map((l) => l.message)).toEqual(['播放结束：第一讲（计为已组织收看）', '播放结束：第一讲（补学）（补学场次，不计入应组织次数）', '播放结束：第二讲（计为已组织收看）']);
  });

  it('is not among the viewings held nor the study minutes', () => {
    expect([checkpoints['05-11']!.sessionsHeld, checkpoints['05-11']!.studyMinutes]).toEqual([1, 45]);
    expect([checkpoints['05-13']!.sessionsHeld, checkpoints['05-13']!.studyMinutes]).toEqual([1, 45]);
    expect([checkpoints['05-21']!.sessionsHeld, checkpoints['05-21']!.studyMinutes]).toEqual([2, 125]);
  });

  it('travels to the county marked: its session event says makeUp, a regular one does not; the month summary counts 补学', () => {
    const sessions = pendingOutbox(station.db, 1000).filter((e) => e.type === 'session').map((e) => e.body as { sessionId: number; makeUp?: boolean });
    expect(sessions.find((b) => b.sessionId === makeUp.id)?.makeUp).toBe(true);
    expect(sessions.find((b) => b.sessionId === regular.id)).not.toHaveProperty('makeUp');
    const summary = monthSummary(station.db, MONTH, at('2026-05-21 12:00'));
    expect(summary).toMatchObject({ attendedRegistered: 3, makeUpAttended: 1, notStudied: 1, sessionsHeld: 2 });
    expect(summary.compliance).toEqual({
      state: 'running',
      viewingsStillNeeded: 0,
      minutesRequired: 120,
      minutesStillNeeded: 0,
      fixedStudyDays: ['2026-05-05', '2026-05-20'],
      missedFixedDays: ['2026-05-05'],
      met: false,
    });
  });
});

describe('compliance ahead (达标进度) through the month', () => {
  it('before anything: two viewings and 120 minutes still needed, both fixed days to come', () => {
    const c = checkpoints['05-04']!.compliance;
    expect(c.viewings).toEqual({ held: 0, required: 2, stillNeeded: 2 });
    expect(c.minutes).toEqual({ studied: 0, required: 120, stillNeeded: 120 });
    expect(c.fixedStudyDays).toEqual([{ date: '2026-05-05', state: 'coming' }, { date: '2026-05-20', state: 'coming' }]);
    expect(c.text).toBe('本月还需组织 2 次集中收看，已学习 0 / 120 分钟');
  });

  it('the 5th passed without a viewing: reported as missed', () => {
    const c = checkpoints['05-06']!.compliance;
    expect(c.missedFixedDays).toEqual(['2026-05-05']);
    expect(c.shortfalls).toEqual(['viewings', 'minutes', 'fixed_days']);
    expect(c.text).toBe('本月还需组织 2 次集中收看，已学习 0 / 120 分钟；固定学习日 5日 未组织收看');
  });

  it('after the first viewing, and unchanged by the make-up showing', () => {
    expect(checkpoints['05-11']!.compliance.text).toBe('本月还需组织 1 次集中收看，已学习 45 / 120 分钟；固定学习日 5日 未组织收看');
    expect(checkpoints['05-13']!.compliance.text).toBe(checkpoints['05-11']!.compliance.text);
  });

  it('a viewing on the 20th keeps that fixed day; viewings and minutes are met, the missed 5th still is not', () => {
    const c = checkpoints['05-21']!.compliance;
    expect(c.fixedStudyDays).toEqual([{ date: '2026-05-05', state: 'missed' }, { date: '2026-05-20', state: 'kept' }]);
    expect(c.shortfalls).toEqual(['fixed_days']);
    expect(c.met).toBe(false);
    expect(c.text).toBe('本月集中收看已达 2 / 2 次，已学习 125 / 120 分钟；固定学习日 5日 未组织收看');
  });

  it('once the month is over it is judged: not met, for the missed fixed day', () => {
    const c = checkpoints['06-01']!.compliance;
    expect(c.state).toBe('over');
    expect(c.text).toBe('本月未达标，已学习 125 / 120 分钟；固定学习日 5日 未组织收看');
  });

  it('a fixed study day the month does not have is not asked, and today is still open', () => {
    const c = complianceAhead({ month: '2026-06', today: '2026-06-05', requiredViewings: 1, heldViewingDates: [], studyMinutes: 0, minMinutesPerMonth: null, fixedStudyDays: [31, 5] });
    expect(c.fixedStudyDays).toEqual([{ date: '2026-06-05', state: 'today' }]);
    expect(c.minutes).toEqual({ studied: 0, required: null, stillNeeded: null });
    expect(c.shortfalls).toEqual(['viewings']);
  });
});

describe('the records say 补学 (report month --json, the viewing record book, the sign-in sheet, the monthly report)', () => {
  it('report month --json has the makeUp and compliance sections', async () => {
    const r = await reportJson(station.dir, MONTH);
    expect(r.makeUp.members.map((m) => m.name)).toEqual(['王五']);
    expect(r.makeUp.notStudied.map((m) => m.name)).toEqual(['赵六']);
    expect(r.sessions.map((s) => s.makeUp)).toEqual([false, true, false]);
    // The CLI runs now, long after May: the month is judged.
    expect(r.compliance).toMatchObject({ state: 'over', met: false, missedFixedDays: ['2026-05-05'], viewings: { held: 2, required: 2, stillNeeded: 0 } });
  });

  it('report not-studied lists who has not studied yet', async () => {
    const r = await cli(station.dir, 'report', 'not-studied', '--month', MONTH, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ month: MONTH, notStudied: [{ name: '赵六' }], makeUp: [{ name: '王五' }] });
  });

  it('the viewing record book and the monthly report mark the make-up showing; the monthly report lists 补学 and 尚未学习', async () => {
    const out = `${station.dir}/out`;
    fs.mkdirSync(out, { recursive: true });
    const book = await cli(station.dir, 'export', 'viewing-record', '--from', '2026-05-01', '--to', '2026-05-31', '--format', 'csv', '--out', `${out}/book.csv`);
    expect(book.code).toBe(0);
    const all = records(block(csvBlocks(fs.readFileSync(`${out}/book.csv`)), '收看记录'));
    // The totals line counts the held viewings, the make-up showing not among them.
    expect(all.find((v) => v['日期'] === '合计')?.['是否计入']).toBe('计入 2 场');
    const viewings = all.filter((v) => v['日期'] !== '合计');
    expect(viewings.map((v) => [v['节目'], v['补学'], v['应到'], v['实到']])).toEqual([
      ['第一讲', '', '4', '2'],
      ['第一讲（补学）', '补学', '4', '1'],
      ['第二讲', '', '4', '1'],
    ]);
    const month = await cli(station.dir, 'export', 'month-report', '--month', MONTH, '--format', 'csv', '--out', `${out}/month.csv`);
    expect(month.code).toBe(0);
    const blocks = csvBlocks(fs.readFileSync(`${out}/month.csv`));
    expect(records(block(blocks, '补学党员'))).toEqual([{ 姓名: '王五', 备注: '补学' }]);
    expect(records(block(blocks, '本月尚未学习的在册党员'))).toEqual([{ 姓名: '赵六' }]);
    const summary = new Map(block(blocks, '概要').rows.slice(1).map((r) => [r[0]!, r[1]!]));
    expect(summary.get('达标进度')).toBe('本月未达标，已学习 125 / 120 分钟；固定学习日 5日 未组织收看');
    expect(summary.get('未组织收看的固定学习日')).toBe('2026-05-05');
  });

  it.skipIf(!HAS_PDFTOTEXT)(HAS_PDFTOTEXT ? 'the monthly report’s PDF and XLSX carry the 补学 and 尚未学习 lists too' : `make-up PDF — ${NO_PDFTOTEXT_REASON}`, async () => {
    const out = `${station.dir}/out`;
    fs.mkdirSync(out, { recursive: true });
    expect((await cli(station.dir, 'export', 'month-report', '--month', MONTH, '--format', 'pdf', '--out', `${out}/month.pdf`)).code).toBe(0);
    const text = pdfText(`${out}/month.pdf`);
    expect(text).toContain('补学党员');
    expect(text).toContain('本月尚未学习的在册党员');
    // The summary's sentence wraps in its cell beside the next figure: read it without the layout's spaces and breaks.
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('达标进度本月未达标，已学习125/120分钟；固定学习日5日');
    expect(flat).toContain('补学党员姓名备注王五补学本月尚未学习的在册党员姓名赵六');
    expect((await cli(station.dir, 'export', 'month-report', '--month', MONTH, '--format', 'xlsx', '--out', `${out}/month.xlsx`)).code).toBe(0);
    expect(fs.readFileSync(`${out}/month.xlsx`).subarray(0, 2).toString()).toBe('PK');
  });

  it('the make-up showing’s sign-in sheet marks each member present 补学', async () => {
    const out = `${station.dir}/out`;
    const r = await cli(station.dir, 'export', 'signin-sheet', '--session', String(makeUp.id), '--format', 'csv', '--out', `${out}/sheet.csv`);
    expect(r.code).toBe(0);
    const rows = records(block(csvBlocks(fs.readFileSync(`${out}/sheet.csv`)), '在册党员签到'));
    expect(rows.filter((m) => m['备注'] === '补学').map((m) => m['姓名'])).toEqual(['王五']);
    expect(rows.filter((m) => m['出席情况'] === '缺席').length).toBe(3);
  });
});

describe('the original is untouched by a make-up showing on the roster of another day', () => {
  it('fixedDay keeps its own figures', () => {
    expect(line(checkpoints['05-21']!, fixedDay.id)).toMatchObject({ registered: 4, attendedRegistered: 1, rate: 0.25, makeUp: false });
  });
});

describe('yuanjiao program add --make-up', () => {
  it('schedules a make-up showing like any program, and refuses one that is background play', async () => {
    const course = station.addCourse({ title: '补学课件' });
    const added = await cli(station.dir, 'program', 'add', '--course', String(course.id), '--time', '19:30', '--once', '2099-05-28', '--make-up');
    expect(added.code).toBe(0);
    expect(added.out).toContain('已新增补学节目');
    const list = await cli(station.dir, 'program', 'list', '--all', '--json');
    const programs = JSON.parse(list.out) as { courseId: number; makeUp: boolean }[];
    expect(programs.find((p) => p.courseId === course.id)?.makeUp).toBe(true);
    const refused = await cli(station.dir, 'program', 'add', '--course', String(course.id), '--time', '19:30', '--once', '2099-05-29', '--make-up', '--kind', 'background');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('补学只能是集中收看');
    expect((JSON.parse((await cli(station.dir, 'program', 'list', '--all', '--json')).out) as unknown[]).length).toBe(programs.length);
  });
});
