// Admin mode end to end: a real Chromium at 1920×1080 against a real agent on a real station database.
// Covered: the PIN pad and the forced PIN change, a keyboard-only walkthrough that schedules a weekly group
// viewing, the roster import with its per-row errors, member form and excusal, records with an attendance
// list, settings that reach the board, play now / preview / stop, device health, English, and the return
// to the PIN pad when the admin session expires.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { saveScreenshot } from '../../support/screenshots.ts';
import { waitFor } from '../../support/wait.ts';
import { at, createStation, tempDir } from '../../support/station-fixture.ts';
import type { RunningAgent } from '../../../agent/daemon.ts';
import { isoWeekday, localDateOf, localTimeOf, monthOf } from '../../../agent/clock/local-time.pure.ts';
import { openStationDatabase } from '../../../agent/store/database.ts';
import { ProgramStore } from '../../../agent/programs/program-store.ts';
import { CourseStore } from '../../../content/course-store.ts';
import { describeRule, occurrenceOn } from '../../../agent/programs/recurrence.pure.ts';
import { openCheckin, startSession, endSession } from '../../../agent/sessions/session-lifecycle.ts';
import { checkIn } from '../../../agent/attendance/checkin.ts';
import { SessionStore } from '../../../agent/sessions/session-store.ts';
import type { Weekday } from '../../../agent/programs/recurrence.pure.ts';
import { arrowTo, focusInside } from '../../support/remote.ts';
import { startAdminKiosk } from '../../support/admin-kiosk.ts';

/** A long walk through many screens with the remote, each step waited for: room for a machine busy with another run. */
const WALK_MS = 90_000;

const ZONE = 'Asia/Shanghai';
const MIN = 60_000;
const STATION_NAME = '测试村远教站点';
const COURSE_TITLE = '学习贯彻 第一讲';
const PAST_TITLE = '上月集中收看';
const NEW_PIN = '246810';
/** The factory PIN the station starts with, until the walkthrough changes it. */
const DEFAULT_PIN = '123456';
/** The PIN admin mode has now: the walkthrough sets NEW_PIN, the settings test changes it again. */
let adminPin = NEW_PIN;

let browser: Browser;
let agent: RunningAgent;
let dir: string;
/** Added to the agent's clock; the last test moves it past the admin session's idle limit. */
let skew = 0;
let pastMonth: string;

function previousMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

beforeAll(async () => {
  dir = tempDir('yj-admin-');
  const station = createStation({ dir });
  station.settings({ stationName: STATION_NAME });
  const zhang = station.addMember({ name: '张三', category: 'full' });
  const li = station.addMember({ name: '李四', category: 'probationary' });
  station.addMember({ name: '王五', category: 'full' });
  station.addMember({ name: '赵六', category: 'activist' });
  const course = station.addCourse({ title: COURSE_TITLE, series: '党的创新理论' });

  // Last month's group viewing on the 10th, run through the real session lifecycle: two members (one
  // late) and a guest checked in, the course played to the end.
  pastMonth = previousMonth(monthOf(localDateOf(Date.now(), ZONE)));
  const pastDate = `${pastMonth}-10`;
  const program = station.addProgram({ courseId: course.id, title: PAST_TITLE, rule: { type: 'once', date: pastDate, time: '19:30' } }, at(`${pastDate} 08:00`));
  const occurrence = occurrenceOn(program.rule, ZONE, pastDate)!;
  const db = station.db;
  const session = openCheckin(db, program, occurrence, occurrence.startsAt - 15 * MIN);
  checkIn(db, { sessionId: session.id, by: { memberId: zhang.id }, method: 'tile', actor: 'kiosk', at: occurrence.startsAt - 5 * MIN });
  checkIn(db, { sessionId: session.id, by: { guest: { name: '孙七', category: 'employee' } }, method: 'guest', actor: 'kiosk', at: occurrence.startsAt - 3 * MIN });
  startSession(db, program, occurrence, occurrence.startsAt);
  checkIn(db, { sessionId: session.id, by: { memberId: li.id }, method: 'search', actor: 'kiosk', at: occurrence.startsAt + 12 * MIN });
  new SessionStore(db).recordPlayed(session.id, course.durationMs!);
  endSession(db, session.id, occurrence.startsAt + 50 * MIN, 'player');
  station.close();

  ({ agent, browser } = await startAdminKiosk({ dataDir: dir, now: () => Date.now() + skew }));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function api<T>(route: string): Promise<T> {
  const res = await fetch(new URL(route, agent.url));
  return (await res.json()) as T;
}

async function openBoard(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  // Well inside the test's own 30 s, so a step that never happens is named in the failure.
  page.setDefaultTimeout(10_000);
  await page.goto(agent.url);
  await page.waitForSelector('[data-testid=station-name]', { timeout: 10_000 });
  return page;
}

const PIN_ZERO = '[data-testid=pin-pad] .pin-keys > button:nth-child(11)';
const PIN_OK = '[data-testid=pin-pad] .pin-keys > button:nth-child(12)';

/** The pad takes typed digits once it is listening; it is by the time the screen has put the focus on it. */
async function pinPadReady(page: Page): Promise<void> {
  await waitFor(() => page.evaluate(() => document.activeElement?.closest('[data-testid=pin-pad]') != null), 15_000, 'focus on the PIN pad');
}

/** Digits typed, then the remote walks to OK and presses it. */
async function enterPinByKeys(page: Page, pin: string): Promise<void> {
  await pinPadReady(page);
  await page.keyboard.type(pin);
  await arrowTo(page, 'ArrowDown', PIN_ZERO);
  await arrowTo(page, 'ArrowRight', PIN_OK);
  await page.keyboard.press('Enter');
}

/** For the tests that are not about the keyboard: into admin mode with the PIN set by the walkthrough. */
async function loginAdmin(page: Page): Promise<void> {
  await page.click('[data-testid=go-admin]');
  await page.waitForSelector('[data-testid=admin-login]');
  await pinPadReady(page);
  await page.keyboard.type(adminPin);
  await page.click(PIN_OK);
  await page.waitForSelector('[data-testid=admin-main]', { timeout: 10_000 });
}

async function text(page: Page, selector: string): Promise<string> {
  return (await page.textContent(selector)) ?? '';
}

describe('admin mode in Chromium', () => {
  it('refuses a wrong PIN and says how many tries are left before a wait', async () => {
    const page = await openBoard();
    await page.click('[data-testid=go-admin]');
    await saveScreenshot(page, 'admin-pin-pad');
    await enterPinByKeys(page, '000000');
    await expect.poll(() => text(page, '[data-testid=pin-error]'), { timeout: 10_000 }).toContain('PIN 错误，还可立即重试 4 次');
    expect(await page.$('[data-testid=admin-main]')).toBeNull();
    await saveScreenshot(page, 'admin-pin-wrong');
    // Back leaves the PIN pad for the board.
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=station-name]');
    await page.close();
  });

  it('after five wrong PINs counts the wait down on the pad and holds OK, then lets the right PIN in: never a lock', async () => {
    // Wrong PINs until the agent asks for a wait (the test before left one).
    for (let i = 0; i < 5; i++) {
      const res = await fetch(new URL('/api/admin/login', agent.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pin: '000000' }) });
      if (((await res.json()) as { error: { retryAfterMs?: number } }).error.retryAfterMs !== undefined) break;
    }
    const page = await openBoard();
    await page.click('[data-testid=go-admin]');
    await enterPinByKeys(page, '000000');
    await page.waitForSelector('[data-testid=pin-error][data-waiting]');
    expect(await text(page, '[data-testid=pin-error]')).toMatch(/^PIN 错误(次数过多)?，请 \d 秒后再试$/);
    await saveScreenshot(page, 'admin-pin-wait');
    // OK during the wait sends nothing: the countdown stays, no other answer replaces it.
    await page.keyboard.type(DEFAULT_PIN);
    await page.keyboard.press('Enter');
    expect(await page.$('[data-testid=change-pin]')).toBeNull();
    for (let i = 0; i < DEFAULT_PIN.length; i++) await page.keyboard.press('Backspace');
    // The wait ends by itself (seconds, not minutes), and the right PIN goes in.
    await page.waitForSelector('[data-testid=pin-error]:not([data-waiting])', { timeout: 15_000 });
    await page.keyboard.type(DEFAULT_PIN);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=change-pin]', { timeout: 10_000 });
    await page.close();
  });

  it('walks through with the keyboard alone: forced PIN change, a weekly group viewing with its preview, exit, and the board shows it', async () => {
    const page = await openBoard();
    await arrowTo(page, 'ArrowRight', '[data-testid=go-admin]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=admin-login]');

    await enterPinByKeys(page, '123456');
    await page.waitForSelector('[data-testid=change-pin][data-step=new]', { timeout: 10_000 });
    await saveScreenshot(page, 'admin-forced-change');

    // A PIN of one repeated digit, and the default one: refused as first typed, with the agent's reason.
    await enterPinByKeys(page, '111111');
    await expect.poll(() => text(page, '[data-testid=change-pin-notice]'), { timeout: 10_000 }).toContain('PIN 不能全是同一个数字');
    expect(await page.getAttribute('[data-testid=change-pin]', 'data-step')).toBe('new');
    await enterPinByKeys(page, '123456');
    await expect.poll(() => text(page, '[data-testid=change-pin-notice]'), { timeout: 10_000 }).toContain('不能使用默认 PIN');
    expect(await page.getAttribute('[data-testid=change-pin]', 'data-step')).toBe('new');
    await saveScreenshot(page, 'admin-forced-change-refused');

    // Two different entries are caught before the agent is asked.
    await enterPinByKeys(page, NEW_PIN);
    await page.waitForSelector('[data-testid=change-pin][data-step=confirm]');
    await enterPinByKeys(page, '135790');
    await expect.poll(() => text(page, '[data-testid=change-pin-notice]')).toContain('两次输入的新 PIN 不一致');

    await enterPinByKeys(page, NEW_PIN);
    await page.waitForSelector('[data-testid=change-pin][data-step=confirm]');
    await enterPinByKeys(page, NEW_PIN);
    await page.waitForSelector('[data-testid=admin-main]', { timeout: 10_000 });
    expect((await api<{ adminPinMustChange: boolean }>('/api/state')).adminPinMustChange).toBe(false);

    // The schedule tab is open and focused; into the content and on to "add program".
    await waitFor(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'tab-schedule'), 15_000, 'focus on the schedule tab');
    await arrowTo(page, 'ArrowRight', '[data-testid=add-program]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=program-form]');
    await waitFor(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'program-course'), 15_000, 'focus on the course');
    await expect.poll(() => text(page, '[data-testid=program-course]')).toContain(COURSE_TITLE);
    // A weekly rule without a day yet: the preview shows the agent's own objection.
    await expect.poll(() => text(page, '[data-testid=preview-problem]')).toContain('每周重复至少要选一天');

    await arrowTo(page, 'ArrowDown', '[data-testid=program-title]');
    await page.keyboard.type('每周理论学习');

    // Two days that are neither today nor tomorrow, so no check-in window opens while the tests run.
    const today = isoWeekday(localDateOf(Date.now(), ZONE));
    const days = [((today + 1) % 7) + 1, ((today + 3) % 7) + 1].sort((a, b) => a - b) as Weekday[];
    await arrowTo(page, 'ArrowDown', '[data-testid^=weekday-]');
    await arrowTo(page, 'ArrowLeft', '[data-testid=weekday-1]');
    await arrowTo(page, 'ArrowRight', `[data-testid=weekday-${days[0]}]`);
    await page.keyboard.press('Enter');
    await arrowTo(page, 'ArrowRight', `[data-testid=weekday-${days[1]}]`);
    await page.keyboard.press('Enter');
    expect(await page.getAttribute(`[data-testid=weekday-${days[0]}]`, 'aria-pressed')).toBe('true');

    // Down lands in the time row (on the field or its clock button, depending on where the focus came from).
    await arrowTo(page, 'ArrowDown', '[data-testid=rule-time], [data-testid=rule-time-pick]');
    await arrowTo(page, 'ArrowLeft', '[data-testid=rule-time]');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('19:30');

    const rule = { type: 'weekly' as const, days, time: '19:30' };
    await expect.poll(() => text(page, '[data-testid=preview-rule]')).toBe(describeRule(rule, 'zh-CN'));
    const occurrences = await page.$$eval('[data-testid=preview-occurrence]', (items) => items.map((i) => i.textContent ?? ''));
    expect(occurrences).toHaveLength(5);
    for (const o of occurrences) expect(o).toContain('19:30');
    await saveScreenshot(page, 'admin-program-form');

    await arrowTo(page, 'ArrowDown', '[data-testid=program-save], [data-testid=program-cancel]');
    await arrowTo(page, 'ArrowLeft', '[data-testid=program-save]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=schedule-tab]', { timeout: 10_000 });
    await expect.poll(() => text(page, '[data-testid=program-list]')).toContain('每周理论学习');
    expect(await text(page, '[data-testid=program-list]')).toContain(describeRule(rule, 'zh-CN'));

    // The week view holds both showings of the coming seven days: this week's, then (▶) next week's.
    const itemsShown = () => page.$$eval('[data-testid=week-item]', (items) => items.filter((i) => i.textContent?.includes('每周理论学习')).length);
    await expect.poll(itemsShown).toBeGreaterThanOrEqual(days.filter((d) => d > today).length);
    const thisWeek = await itemsShown();
    const thisWeekLabel = await text(page, '[data-testid=week-label]');
    await arrowTo(page, 'ArrowLeft', '[data-testid=next-week]');
    await page.keyboard.press('Enter');
    await expect.poll(() => text(page, '[data-testid=week-label]')).not.toBe(thisWeekLabel);
    await expect.poll(async () => thisWeek + (await itemsShown())).toBeGreaterThanOrEqual(2);
    await saveScreenshot(page, 'admin-schedule');

    // Back: the focus returns to the tabs, then admin mode closes and the board is back.
    await page.keyboard.press('Escape');
    await waitFor(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'tab-schedule'), 15_000, 'focus back on the tab');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=station-name]');

    const board = await api<{ showings: { title: string; time: string; date: string; kind: string }[] }>('/api/board?days=8');
    const ours = board.showings.filter((s) => s.title === '每周理论学习');
    expect(ours.length).toBeGreaterThanOrEqual(2);
    for (const s of ours) {
      expect(s.time).toBe('19:30');
      expect(s.kind).toBe('group_viewing');
      expect(days).toContain(isoWeekday(s.date));
    }
    await expect.poll(() => text(page, '[data-testid=schedule]')).toContain('每周理论学习');
    // Leaving admin mode logged out: the admin API refuses again.
    const res = await fetch(new URL('/api/admin/settings', agent.url));
    expect(res.status).toBe(401);
    await page.close();
  }, WALK_MS);

  it('shows a month of records: viewings held, the monthly rate, and a session’s attendance list; and the station log', async () => {
    const page = await openBoard();
    await loginAdmin(page);
    await page.click('[data-testid=tab-records]');
    await page.waitForSelector('[data-testid=records-tab]');
    await page.click('[data-testid=prev-month]');
    await expect.poll(() => text(page, '[data-testid=session-table]'), { timeout: 10_000 }).toContain(PAST_TITLE);
    expect(await text(page, '[data-testid=sessions-held]')).toBe('1 / 应 1 次');
    // 张三 and 李四 of the three registered members (赵六 is an activist, 孙七 a guest).
    expect(await text(page, '[data-testid=month-rate]')).toBe('66.7%');
    await saveScreenshot(page, 'admin-records');

    // The session row opens with OK, like every other control.
    await page.focus('[data-testid=session-row]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=attendee-table]', { timeout: 10_000 });
    await focusInside(page, '[data-testid=attendance-dialog]');
    const rows = await page.$$eval('[data-testid=attendee-row]', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(rows.map((r) => r[0])).toEqual(['张三', '孙七', '李四']);
    expect(rows[0]).toEqual(['张三', '正式党员', '19:25', '—', '点名单']);
    expect(rows[1]![1]).toContain('职工/群众');
    expect(rows[2]).toEqual(['李四', '预备党员', '19:42', '迟到', '查找姓名']);
    await saveScreenshot(page, 'admin-attendance');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=attendance-dialog]', { state: 'detached' });

    await page.click('[data-testid=show-log]');
    await expect.poll(() => text(page, '[data-testid=station-log]'), { timeout: 10_000 }).toContain('李四 签到（迟到）');
    await saveScreenshot(page, 'admin-log');
    await page.close();
  });

  it('imports a roster file: a bad one shows each row’s error and writes nothing, skipping writes the good rows, a good one imports', async () => {
    const page = await openBoard();
    await loginAdmin(page);
    await page.click('[data-testid=tab-roster]');
    await page.waitForSelector('[data-testid=roster-table]');
    await page.click('[data-testid=open-import]');
    await page.waitForSelector('[data-testid=roster-import]');
    const before = agent.ctx.db.prepare('SELECT count(*) AS n FROM members').get() as { n: number };

    const choose = async (name: string, csv: string) => {
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-testid=choose-file]')]);
      await chooser.setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      await expect.poll(() => text(page, '[data-testid=import-file-name]')).toContain(name);
    };
    const bad = ['姓名,性别,类别,所在支部,手机号', '钱八,男,正式党员,第一党支部,13800000001', ',女,正式党员,第一党支部,', '吴九,男,群众演员,第二党支部,', '郑十,女,预备党员,第二党支部,12345'].join('\n');
    await choose('bad-roster.csv', bad);
    await page.click('[data-testid=start-import]');
    await page.waitForSelector('[data-testid=import-result][data-written=false]', { timeout: 10_000 });
    const errors = await page.$$eval('[data-testid=import-error]', (items) => items.map((i) => i.textContent ?? ''));
    expect(errors.some((e) => e.startsWith('第 3 行'))).toBe(true);
    expect(errors.some((e) => e.startsWith('第 4 行') && e.includes('群众演员'))).toBe(true);
    expect(errors.some((e) => e.startsWith('第 5 行'))).toBe(true);
    expect(errors.every((e) => !e.startsWith('第 2 行'))).toBe(true);
    expect(await text(page, '[data-testid=import-result]')).toContain('有 3 行有误，未导入任何数据');
    expect((agent.ctx.db.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n).toBe(before.n);
    await saveScreenshot(page, 'admin-roster-import-errors');

    // The same file with "skip invalid rows": the one good row goes in, the errors are still listed.
    await page.click('[data-testid=skip-invalid]');
    expect(await page.getAttribute('[data-testid=skip-invalid]', 'aria-pressed')).toBe('true');
    await page.click('[data-testid=start-import]');
    await page.waitForSelector('[data-testid=import-result][data-written=true]', { timeout: 10_000 });
    expect(await text(page, '[data-testid=import-result]')).toContain('新增 1 人');
    expect(await page.$$eval('[data-testid=import-error]', (items) => items.length)).toBe(3);

    const good = ['姓名,性别,类别,所在支部,手机号', '冯一,女,正式党员,第二党支部,13900000002', '陈二,男,入党积极分子,第二党支部,'].join('\n');
    await choose('good-roster.csv', good);
    await page.click('[data-testid=start-import]');
    await expect.poll(() => text(page, '[data-testid=import-result]'), { timeout: 10_000 }).toContain('新增 2 人，更新 0 人，未变 0 人');
    const names = (agent.ctx.db.prepare('SELECT name FROM members ORDER BY id').all() as { name: string }[]).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['钱八', '冯一', '陈二']));
    expect(names).toHaveLength(before.n + 3);

    await page.keyboard.press('Escape');
    await expect.poll(() => text(page, '[data-testid=roster-table]')).toContain('冯一');
    expect(await text(page, '[data-testid=roster-table]')).toContain('入党积极分子');
    await saveScreenshot(page, 'admin-roster');
    await page.close();
  });

  it('adds a member with the form (category from a list, start date from the calendar) and excuses them for the month', async () => {
    const page = await openBoard();
    await loginAdmin(page);
    await page.click('[data-testid=tab-roster]');
    await page.click('[data-testid=add-member]');
    await focusInside(page, '[data-testid=member-form]');
    await page.fill('[data-testid=member-name]', '周十一');
    await page.click('[data-testid=member-category]');
    await page.getByRole('dialog').getByRole('button', { name: '预备党员' }).click();
    await expect.poll(() => text(page, '[data-testid=member-category]')).toContain('预备党员');
    await page.fill('[data-testid=member-phone]', '13700000003');
    await page.click('[data-testid=member-from-pick]');
    await focusInside(page, '[data-testid=calendar]');
    const today = localDateOf(Date.now() + skew, ZONE);
    await saveScreenshot(page, 'admin-calendar');
    await page.click(`[data-testid=calendar] [aria-label="${today}"]`);
    expect(await page.inputValue('[data-testid=member-from]')).toBe(today);
    await saveScreenshot(page, 'admin-member-form');
    await page.click('[data-testid=member-save]');
    await page.waitForSelector('[data-testid=roster-table]');
    const row = page.locator('[data-testid=member-row]', { hasText: '周十一' });
    await expect.poll(() => row.textContent()).toContain('预备党员');
    const saved = agent.ctx.db.prepare('SELECT id, category, phone, active_from FROM members WHERE name = ?').get('周十一') as { id: number; category: string; phone: string; active_from: string };
    expect(saved).toMatchObject({ category: 'probationary', phone: '13700000003', active_from: today });

    // A phone number the agent refuses keeps the form open with its reason.
    await row.getByRole('button', { name: '编辑' }).click();
    await focusInside(page, '[data-testid=member-form]');
    await page.fill('[data-testid=member-phone]', '12345');
    await page.click('[data-testid=member-save]');
    await expect.poll(() => text(page, '[data-testid=member-problem]')).toContain('phone');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=roster-table]');

    await row.getByTestId('excuse-member').click();
    await focusInside(page, '[data-testid=excusal-dialog]');
    await expect.poll(() => text(page, '[data-testid=excusal-state]')).toContain('月未请假');
    await page.fill('[data-testid=excusal-reason]', '外出务工');
    await saveScreenshot(page, 'admin-excusal');
    await page.getByRole('button', { name: '登记请假' }).click();
    await page.waitForSelector('[data-testid=excusal-dialog]', { state: 'detached' });
    const excusal = agent.ctx.db.prepare('SELECT month, reason FROM member_excusals WHERE member_id = ?').get(saved.id);
    expect(excusal).toEqual({ month: today.slice(0, 7), reason: '外出务工' });
    await expect.poll(() => row.textContent()).toContain('本月请假');
    await page.close();
  });

  it('changes the PIN from the settings: the current PIN first (a wrong one is refused), then the new one twice', async () => {
    const page = await openBoard();
    await loginAdmin(page);
    await page.click('[data-testid=tab-settings]');
    await page.click('[data-testid=change-pin-button]');
    await page.waitForSelector('[data-testid=change-pin][data-step=current]');
    const step = async (pin: string, next: string) => {
      await pinPadReady(page);
      await page.keyboard.type(pin);
      await page.click(PIN_OK);
      await page.waitForSelector(`[data-testid=change-pin][data-step=${next}]`);
    };
    await step('000000', 'new');
    await step('975318', 'confirm');
    await pinPadReady(page);
    await page.keyboard.type('975318');
    await page.click(PIN_OK);
    // The wrong current PIN is only found out when the agent is asked: back to the first step, with its reason.
    await expect.poll(() => text(page, '[data-testid=change-pin-notice]'), { timeout: 10_000 }).toContain('PIN 错误');
    expect(await page.getAttribute('[data-testid=change-pin]', 'data-step')).toBe('current');
    await saveScreenshot(page, 'admin-settings-pin');

    await step(adminPin, 'new');
    await step('975318', 'confirm');
    await pinPadReady(page);
    await page.keyboard.type('975318');
    await page.click(PIN_OK);
    await page.waitForSelector('[data-testid=settings-tab]', { timeout: 10_000 });
    adminPin = '975318';
    const login = await fetch(new URL('/api/admin/login', agent.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pin: adminPin }) });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    await fetch(new URL('/api/admin/logout', agent.url), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    await page.close();
  });

  it('saves settings the board shows at once: the station name and a notice', async () => {
    const page = await openBoard();
    await loginAdmin(page);
    await page.click('[data-testid=tab-settings]');
    await page.waitForSelector('[data-testid=setting-name]');
    await page.fill('[data-testid=setting-name]', '红旗村党员活动室');
    await page.$eval('.adm-content', (el) => el.scrollTo(0, 0));
    await saveScreenshot(page, 'admin-settings');
    await page.click('[data-testid=settings-save]');
    await expect.poll(async () => (await api<{ station: { name: string } }>('/api/state')).station.name).toBe('红旗村党员活动室');

    await page.fill('[data-testid=notice-text]', '本周五下午召开支部党员大会');
    await page.click('[data-testid=notice-publish]');
    await expect.poll(() => text(page, '[data-testid=notices]')).toContain('本周五下午召开支部党员大会');
    await saveScreenshot(page, 'admin-settings-notices');

    await page.click('[data-testid=tab-exit]');
    await expect.poll(() => text(page, '[data-testid=station-name]')).toBe('红旗村党员活动室');
    await expect.poll(() => text(page, '.notices')).toContain('本周五下午召开支部党员大会');
    await page.close();
  });

  it('shows device health from the agent', async () => {
    const page = await openBoard();
    await loginAdmin(page);
    await page.click('[data-testid=tab-device]');
    await page.waitForSelector('[data-testid=device-figures]', { timeout: 10_000 });
    expect(await text(page, '[data-testid=disk-free]')).toMatch(/可用 [\d.]+ (KB|MB|GB|TB)/);
    expect(await text(page, '[data-testid=outbox]')).toMatch(/\d+ 条/);
    expect(await text(page, '[data-testid=no-alerts]')).toContain('当前没有告警');
    await saveScreenshot(page, 'admin-device');
    await page.close();
  });

  it('lists the library, stops a running session from the list, previews a course, and plays one now', async () => {
    let page = await openBoard();
    await loginAdmin(page);
    await page.click('[data-testid=tab-library]');
    await expect.poll(() => text(page, '[data-testid=course-table]'), { timeout: 10_000 }).toContain(COURSE_TITLE);
    expect(await text(page, '[data-testid=course-table]')).toContain('45 分钟');
    expect(await text(page, '[data-testid=live-none]')).toContain('当前没有');

    // A group viewing opens its check-in while admin mode is open, committed by another process as the
    // CLI would: the list of running sessions picks it up. It starts in an hour, well after these tests.
    const db = openStationDatabase(dir);
    let sessionId: number;
    try {
      const now = Date.now() + skew;
      const start = Math.ceil((now + 60 * MIN) / MIN) * MIN;
      const course = new CourseStore(db).list().find((c) => c.title === COURSE_TITLE)!;
      const program = new ProgramStore(db).add(
        { courseId: course.id, title: '临时集中收看', kind: 'group_viewing', rule: { type: 'once', date: localDateOf(start, ZONE), time: localTimeOf(start, ZONE) }, checkinOpensBeforeMin: 90, checkinClosesAfterMin: 30 },
        now,
      );
      sessionId = openCheckin(db, program, occurrenceOn(program.rule, ZONE, localDateOf(start, ZONE))!, now).id;
    } finally {
      db.close();
    }
    await expect.poll(() => text(page, '[data-testid=live-list]'), { timeout: 10_000 }).toContain('临时集中收看');
    await saveScreenshot(page, 'admin-library');
    await page.click('[data-testid=stop-session]');
    await page.click('[data-testid=confirm-ok]');
    await page.waitForSelector('[data-testid=live-none]', { timeout: 10_000 });
    expect((await api<{ session: { status: string } }>(`/api/sessions/${sessionId}`)).session.status).toBe('ended');

    // A preview plays on this screen only: the player opens and the agent records no session.
    const sessionsBefore = agent.ctx.db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number };
    await page.click('[data-testid=play-course]');
    await page.waitForSelector('[data-testid=play-dialog]');
    await page.click('[data-testid=play-preview]');
    await page.waitForSelector('[data-screen=player]');
    expect(agent.ctx.db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual(sessionsBefore);
    await page.close();

    // Play now: the agent starts a session and the room's screen switches to the player.
    page = await openBoard();
    await loginAdmin(page);
    await page.click('[data-testid=tab-library]');
    await page.click('[data-testid=play-course]');
    await page.waitForSelector('[data-testid=play-dialog]');
    await page.click('[data-testid=play-background]');
    await page.waitForSelector('[data-screen=player]', { timeout: 10_000 });
    const live = await api<{ sessions: { session: { id: number; title: string; status: string; kind: string } }[] }>('/api/sessions/live');
    const started = live.sessions.find((v) => v.session.title === COURSE_TITLE && v.session.status === 'playing');
    expect(started?.session.kind).toBe('background');
    // Leaving admin mode for the player logged out.
    expect((await fetch(new URL('/api/admin/settings', agent.url))).status).toBe(401);

    // Stop it again so the next tests find the board, not the player.
    const login = await fetch(new URL('/api/admin/login', agent.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pin: adminPin }) });
    const { token } = (await login.json()) as { token: string };
    const stop = await fetch(new URL(`/api/admin/sessions/${started!.session.id}/stop`, agent.url), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(stop.status).toBe(200);
    await fetch(new URL('/api/admin/logout', agent.url), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    await page.waitForSelector('[data-testid=station-name]', { timeout: 10_000 });
    await page.close();
  }, WALK_MS);

  it('立即播放 as 集中收看 opens the door first; 立即开始 there starts the showing', async () => {
    const page = await openBoard();
    await loginAdmin(page);
    await page.click('[data-testid=tab-library]');
    await page.click('[data-testid=play-course]');
    await page.waitForSelector('[data-testid=play-dialog]');
    await page.click('[data-testid=play-group]');
    await page.waitForSelector('[data-screen=checkin] [data-testid=start-now]', { timeout: 10_000 });
    expect(await text(page, '[data-testid=checkin-title]')).toBe(COURSE_TITLE);
    await saveScreenshot(page, 'checkin-start-now');
    await page.click('[data-testid=start-now]');
    await page.waitForSelector('[data-screen=player]', { timeout: 10_000 });
    const live = await api<{ sessions: { session: { id: number; title: string; status: string; kind: string } }[] }>('/api/sessions/live');
    const started = live.sessions.find((v) => v.session.title === COURSE_TITLE && v.session.status === 'playing')!;
    expect(started.session.kind).toBe('group_viewing');
    // Stop it so the next tests find the board.
    const login = await fetch(new URL('/api/admin/login', agent.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pin: adminPin }) });
    const { token } = (await login.json()) as { token: string };
    const stop = await fetch(new URL(`/api/admin/sessions/${started.session.id}/stop`, agent.url), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(stop.status).toBe(200);
    await fetch(new URL('/api/admin/logout', agent.url), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    await page.close();
  });

  it('edits a program’s time, then deletes it only after asking, and it leaves the board', async () => {
    const page = await openBoard();
    await loginAdmin(page);
    await page.waitForSelector('[data-testid=program-row]');
    const row = page.locator('[data-testid=program-row]', { hasText: '每周理论学习' });

    await row.getByRole('button', { name: '编辑' }).click();
    await focusInside(page, '[data-testid=program-form]');
    expect(await page.inputValue('[data-testid=program-title]')).toBe('每周理论学习');
    expect(await page.inputValue('[data-testid=rule-time]')).toBe('19:30');
    // The clock picker: hour, then minute.
    await page.click('[data-testid=rule-time-pick]');
    await focusInside(page, '[data-testid=clock]');
    await page.locator('[data-testid=clock-hours]').getByRole('button', { name: '20', exact: true }).click();
    await page.locator('[data-testid=clock-minutes]').getByRole('button', { name: '00', exact: true }).click();
    expect(await page.inputValue('[data-testid=rule-time]')).toBe('20:00');
    await page.click('[data-testid=program-save]');
    await expect.poll(() => text(page, '[data-testid=program-list]')).toContain('20:00');
    const edited = (await api<{ showings: { title: string; time: string }[] }>('/api/board?days=8')).showings.filter((s) => s.title === '每周理论学习');
    expect(edited.length).toBeGreaterThanOrEqual(2);
    expect(edited.every((s) => s.time === '20:00')).toBe(true);

    await row.getByRole('button', { name: '删除' }).click();
    await focusInside(page, '[data-testid=confirm]');
    // Cancel first: nothing happens.
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=confirm]', { state: 'detached' });
    expect(await text(page, '[data-testid=program-list]')).toContain('每周理论学习');

    await row.getByRole('button', { name: '删除' }).click();
    await page.click('[data-testid=confirm-ok]');
    await expect.poll(() => text(page, '[data-testid=program-list]')).not.toContain('每周理论学习');
    const board = await api<{ showings: { title: string }[] }>('/api/board?days=8');
    expect(board.showings.map((s) => s.title)).not.toContain('每周理论学习');
    await page.close();
  });

  it('speaks English when the screen was switched to English in admin, on every screen, and back', async () => {
    const page = await openBoard();
    await loginAdmin(page);
    await page.click('[data-testid=tab-language]');
    await expect.poll(() => text(page, '[data-testid=tab-exit]')).toBe('Exit');
    // The board and the PIN pad follow.
    await page.click('[data-testid=tab-exit]');
    await expect.poll(() => text(page, '[data-testid=go-admin]')).toBe('Admin');
    await page.click('[data-testid=go-admin]');
    await expect.poll(() => text(page, '[data-testid=admin-login]')).toContain('Enter the admin PIN');
    await pinPadReady(page);
    await page.keyboard.type(adminPin);
    await page.click(PIN_OK);
    await page.waitForSelector('[data-testid=admin-main]', { timeout: 10_000 });
    const tabs = await page.$$eval('[role=tab]', (els) => els.map((e) => e.textContent));
    expect(tabs).toEqual(['Schedule', 'Library', 'Roster', 'Activities', 'Records', 'Device', 'Settings', 'Accounts']);
    await page.click('[data-testid=tab-records]');
    await page.click('[data-testid=prev-month]');
    await expect.poll(() => text(page, '[data-testid=month-figures]'), { timeout: 10_000 }).toContain('1 of 1 required');
    await saveScreenshot(page, 'admin-english');
    await page.click('[data-testid=tab-language]');
    await expect.poll(() => text(page, '[data-testid=tab-exit]')).toBe('退出');
    await page.close();
  });

  it('returns to the PIN pad when the agent has let the admin session expire', async () => {
    const page = await openBoard();
    await loginAdmin(page);
    // Sixteen idle minutes on the agent's clock: past the 15-minute limit.
    skew += 16 * MIN;
    await page.click('[data-testid=tab-roster]');
    await page.waitForSelector('[data-testid=admin-login]', { timeout: 10_000 });
    expect(await text(page, '[data-testid=admin-notice]')).toContain('管理会话已超时');
    await saveScreenshot(page, 'admin-expired');
    await page.close();
  });
});
