// Admin mode's way in and its keyboard walk, end to end: a real Chromium at 1920×1080 against a real agent on a
// real station database (admin-station.ts). Covered: the PIN pad, its wait after wrong PINs and the forced PIN
// change, a keyboard-only walkthrough that schedules a weekly group viewing, editing and deleting it, changing
// the PIN from the settings, English, and the return to the PIN pad when the admin session expires. The tests run
// in order: the walkthrough sets the PIN the later ones use. admin-station.test.ts has the other tabs.
import { describe, expect, it } from 'vitest';
import { saveScreenshot } from '../../support/screenshots.ts';
import { waitFor } from '../../support/wait.ts';
import { ZONE } from '../../support/station-fixture.ts';
import { isoWeekday, localDateOf } from '../../../agent/clock/local-time.pure.ts';
import { describeRule } from '../../../agent/programs/recurrence.pure.ts';
import type { Weekday } from '../../../agent/programs/recurrence.pure.ts';
import { arrowTo, focusInside } from '../../support/remote.ts';
import { agentJson, COURSE_TITLE, DEFAULT_PIN, enterPinByKeys, loginAdmin, MIN, NEW_PIN, openBoard, PIN_OK, pinPadReady, text, useAdminStation, WALK_MS } from './admin-station.ts';

const station = useAdminStation();
/** The PIN admin mode has now: the walkthrough sets NEW_PIN, the settings test changes it again. */
let adminPin = NEW_PIN;

describe('admin mode in Chromium', () => {
  it('refuses a wrong PIN and says how many tries are left before a wait', async () => {
    const page = await openBoard(station);
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
      const res = await fetch(new URL('/api/admin/login', station.agent.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pin: '000000' }) });
      if (((await res.json()) as { error: { retryAfterMs?: number } }).error.retryAfterMs !== undefined) break;
    }
    const page = await openBoard(station);
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
    const page = await openBoard(station);
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
    expect((await agentJson<{ adminPinMustChange: boolean }>(station, '/api/state')).adminPinMustChange).toBe(false);

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

    const board = await agentJson<{ showings: { title: string; time: string; date: string; kind: string }[] }>(station, '/api/board?days=8');
    const ours = board.showings.filter((s) => s.title === '每周理论学习');
    expect(ours.length).toBeGreaterThanOrEqual(2);
    for (const s of ours) {
      expect(s.time).toBe('19:30');
      expect(s.kind).toBe('group_viewing');
      expect(days).toContain(isoWeekday(s.date));
    }
    await expect.poll(() => text(page, '[data-testid=schedule]')).toContain('每周理论学习');
    // Leaving admin mode logged out: the admin API refuses again.
    const res = await fetch(new URL('/api/admin/settings', station.agent.url));
    expect(res.status).toBe(401);
    await page.close();
  }, WALK_MS);

  it('edits a program’s time, then deletes it only after asking, and it leaves the board', async () => {
    const page = await openBoard(station);
    await loginAdmin(page, adminPin);
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
    const edited = (await agentJson<{ showings: { title: string; time: string }[] }>(station, '/api/board?days=8')).showings.filter((s) => s.title === '每周理论学习');
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
    const board = await agentJson<{ showings: { title: string }[] }>(station, '/api/board?days=8');
    expect(board.showings.map((s) => s.title)).not.toContain('每周理论学习');
    await page.close();
  });

  it('changes the PIN from the settings: the current PIN first (a wrong one is refused), then the new one twice', async () => {
    const page = await openBoard(station);
    await loginAdmin(page, adminPin);
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
    const login = await fetch(new URL('/api/admin/login', station.agent.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pin: adminPin }) });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    await fetch(new URL('/api/admin/logout', station.agent.url), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    await page.close();
  });

  it('speaks English when the screen was switched to English in admin, on every screen, and back', async () => {
    const page = await openBoard(station);
    await loginAdmin(page, adminPin);
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
    const page = await openBoard(station);
    await loginAdmin(page, adminPin);
    // Sixteen idle minutes on the agent's clock: past the 15-minute limit.
    station.skew += 16 * MIN;
    const backToPad = page.waitForSelector('[data-testid=admin-login]', { timeout: 15_000 });
    // A tab's first request meets the refusal; the screen's own next request may meet it first, and the tab is
    // then gone from under the click: either way the pad must come back.
    void page.click('[data-testid=tab-roster]', { timeout: 15_000 }).catch(() => undefined);
    await backToPad;
    expect(await text(page, '[data-testid=admin-notice]')).toContain('管理会话已超时');
    await saveScreenshot(page, 'admin-expired');
    await page.close();
  });
});
