// Make-up study (补学) and compliance ahead (达标进度) on the kiosk, in a real Chromium at 1280×720 against a real
// agent: the board's admin line says what the month still needs, the admin home says it above every tab, and the
// records tab's 未学习 view (reached with the remote) lists who has not studied yet and who made up.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { saveScreenshot } from '../../support/screenshots.ts';
import { waitFor } from '../../support/wait.ts';
import { arrowTo, focusOn, steerTo } from '../../support/remote.ts';
import { ZONE, at, createStation, tempDir, type Station } from '../../support/station-fixture.ts';
import type { RunningAgent } from '../../../agent/daemon.ts';
import { startAdminKiosk } from '../../support/admin-kiosk.ts';
import { localDateOf } from '../../../agent/clock/local-time.pure.ts';
import { occurrenceOn } from '../../../agent/programs/recurrence.pure.ts';
import { endSession, openCheckin, startSession } from '../../../agent/sessions/session-lifecycle.ts';
import { SessionStore } from '../../../agent/sessions/session-store.ts';
import { checkIn } from '../../../agent/attendance/checkin.ts';
import { writeSetting } from '../../../agent/settings/settings-store.ts';
import { POLICY_SETTING } from '../../../agent/uplink/uplink-settings.ts';
import type { Member } from '../../../agent/roster/member-store.ts';
import { ProgramStore } from '../../../agent/programs/program-store.ts';
import { isoWeekday } from '../../../agent/clock/local-time.pure.ts';
import { CourseStore } from '../../../content/course-store.ts';

const PIN = '246810';
const MIN = 60_000;
let browser: Browser;
let agent: RunningAgent;
let dir: string;

/** A group viewing of this month, already over: early on the 1st, so it is in the month whatever day the test runs. */
function showing(station: Station, input: { title: string; time: string; minutes: number; makeUp?: boolean; who: Member[] }): void {
  const date = `${localDateOf(Date.now(), ZONE).slice(0, 7)}-01`;
  const course = station.addCourse({ title: input.title, durationMs: input.minutes * MIN });
  const program = station.addProgram({ courseId: course.id, title: input.title, rule: { type: 'once', date, time: input.time }, makeUp: input.makeUp ?? false }, at(`${date} 00:00`));
  const occurrence = occurrenceOn(program.rule, ZONE, date)!;
  const session = openCheckin(station.db, program, occurrence, occurrence.startsAt - 10 * MIN);
  startSession(station.db, program, occurrence, occurrence.startsAt);
  for (const m of input.who) checkIn(station.db, { sessionId: session.id, by: { memberId: m.id }, method: 'tile', actor: 'kiosk', at: occurrence.startsAt + MIN });
  new SessionStore(station.db).recordPlayed(session.id, input.minutes * MIN);
  endSession(station.db, session.id, occurrence.startsAt + (input.minutes + 1) * MIN, 'player');
}

beforeAll(async () => {
  dir = tempDir('yj-make-up-kiosk-');
  const station = createStation({ dir });
  station.settings({ stationName: '补学测试站点', grade: 'demonstration' });
  writeSetting(station.db, POLICY_SETTING, { minViewingsPerMonth: null, minMinutesPerMonth: 120, fixedStudyDays: [] }, 0);
  const zhang = station.addMember({ name: '张三' });
  const li = station.addMember({ name: '李四' });
  station.addMember({ name: '王五' });
  showing(station, { title: '第一讲', time: '00:05', minutes: 45, who: [zhang] });
  showing(station, { title: '第一讲（补学）', time: '02:00', minutes: 45, makeUp: true, who: [li] });
  station.close();
  ({ agent, browser } = await startAdminKiosk({ dataDir: dir }, PIN));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function openBoard(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.setDefaultTimeout(15_000);
  await page.goto(agent.url);
  await page.waitForSelector('[data-testid=station-name]');
  return page;
}

describe('compliance ahead on the kiosk', () => {
  it('the board’s admin line says what the month still needs; the make-up showing is not one of the viewings', async () => {
    const page = await openBoard();
    await expect.poll(() => page.textContent('[data-testid=board-admin-line]')).toBe('本月还需组织 1 次集中收看，已学习 45 / 120 分钟');
    expect(await page.getAttribute('[data-testid=board-admin-line]', 'data-short')).toBe('true');
    await saveScreenshot(page, 'board-admin-line-1280');
    await page.close();
  });

  it('the admin home says it too, with who has not studied; records › 未学习 lists them, reached with the remote', async () => {
    const page = await openBoard();
    await page.click('[data-testid=go-admin]');
    await page.waitForSelector('[data-testid=admin-login]');
    await waitFor(() => page.evaluate(() => document.activeElement?.closest('[data-testid=pin-pad]') != null), 15_000, 'focus on the PIN pad');
    await page.keyboard.type(PIN);
    await page.click('[data-testid=pin-pad] .pin-keys > button:nth-child(12)');
    await page.waitForSelector('[data-testid=admin-main]');
    await expect.poll(() => page.textContent('[data-testid=admin-compliance]')).toBe('本月还需组织 1 次集中收看，已学习 45 / 120 分钟；尚有 1 名党员本月未学习');

    // The remote: down the tab column to 记录, OK, into the panel, across to 未学习, OK.
    await arrowTo(page, 'ArrowDown', '[data-testid=tab-records]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=records-tab]');
    await steerTo(page, '[data-testid=show-not-studied]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=not-studied]');
    expect(await page.$$eval('[data-testid=not-studied-name]', (els) => els.map((e) => e.textContent))).toEqual(['王五']);
    expect(await page.$$eval('[data-testid=made-up-name]', (els) => els.map((e) => e.textContent?.trim()))).toEqual(['李四 补学']);
    expect(await page.textContent('[data-testid=records-compliance]')).toContain('本月还需组织 1 次集中收看');
    // The names are focusable: the remote reaches them.
    await steerTo(page, '[data-testid=not-studied-name]');
    await focusOn(page, '[data-testid=not-studied-name]');
    await saveScreenshot(page, 'admin-not-studied-1280');

    // Back to the report: the make-up showing is marked, its own rate beside the original's.
    await page.click('[data-testid=records-tab] .adm-toggle >> nth=0');
    await page.waitForSelector('[data-testid=session-table]');
    const rows = await page.$$eval('[data-testid=session-row]', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())));
    expect(rows.map((r) => [r[1], r[4], r[8]])).toEqual([
      ['第一讲', '1/3', '是'],
      ['第一讲（补学）补学', '1/3', '补学'],
    ]);
    // Its attendance list marks the member who made up; OK on the row opens it, as on the remote.
    await page.focus('[data-testid=session-row] >> nth=1');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=attendance-dialog] [data-testid=attendee-row]');
    expect(await page.$$eval('[data-testid=attendee-row]', (trs) => trs.map((tr) => tr.querySelector('td')?.textContent))).toEqual(['李四']);
    expect(await page.textContent('[data-testid=attendee-make-up]')).toBe('补学');
    await page.close();
  });

  it('the admin schedules a make-up showing with the program form, by the remote', async () => {
    const page = await openBoard();
    await page.click('[data-testid=go-admin]');
    await page.waitForSelector('[data-testid=admin-login]');
    await waitFor(() => page.evaluate(() => document.activeElement?.closest('[data-testid=pin-pad]') != null), 15_000, 'focus on the PIN pad');
    await page.keyboard.type(PIN);
    await page.click('[data-testid=pin-pad] .pin-keys > button:nth-child(12)');
    await page.waitForSelector('[data-testid=admin-main]');
    await focusOn(page, '[data-testid=tab-schedule]');
    await arrowTo(page, 'ArrowRight', '[data-testid=add-program]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=program-form]');
    await focusOn(page, '[data-testid=program-course]');
    await arrowTo(page, 'ArrowDown', '[data-testid=program-make-up] button');
    await arrowTo(page, 'ArrowRight', '[data-testid=program-make-up] button[data-value=make_up]');
    await page.keyboard.press('Enter');
    expect(await page.getAttribute('[data-testid=program-make-up] button[data-value=make_up]', 'aria-pressed')).toBe('true');
    // A day that is neither today nor tomorrow, so no check-in opens while the test runs.
    const day = ((isoWeekday(localDateOf(Date.now(), ZONE)) + 2) % 7) + 1;
    await arrowTo(page, 'ArrowDown', '[data-testid^=weekday-]');
    await arrowTo(page, 'ArrowLeft', '[data-testid=weekday-1]');
    await arrowTo(page, 'ArrowRight', `[data-testid=weekday-${day}]`);
    await page.keyboard.press('Enter');
    await saveScreenshot(page, 'admin-make-up-program-1280');
    await arrowTo(page, 'ArrowDown', '[data-testid=program-save], [data-testid=program-cancel]');
    await arrowTo(page, 'ArrowLeft', '[data-testid=program-save]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=program-make-up-tag]');
    const made = new ProgramStore(agent.ctx.db).listActive().filter((p) => p.rule.type === 'weekly');
    expect(made.map((p) => [p.makeUp, p.kind])).toEqual([[true, 'group_viewing']]);
    await page.close();
  });

  it('the board’s admin line follows the month: a viewing held while it shows changes what it says', async () => {
    const page = await openBoard();
    await expect.poll(() => page.textContent('[data-testid=board-admin-line]')).toBe('本月还需组织 1 次集中收看，已学习 45 / 120 分钟');
    // A second regular viewing of the month, recorded by the agent while the board shows (as its scheduler would).
    const db = agent.ctx.db;
    const date = `${localDateOf(Date.now(), ZONE).slice(0, 7)}-01`;
    const course = new CourseStore(db).add({ title: '第二讲', series: null, source: 'manual', localPath: `${dir}/second.mp4`, streamUrl: null, durationMs: 45 * MIN, sha256: null }, 0);
    const program = new ProgramStore(db).add({ courseId: course.id, kind: 'group_viewing', rule: { type: 'once', date, time: '04:00' }, checkinOpensBeforeMin: 15, checkinClosesAfterMin: 30 }, at(`${date} 00:00`));
    const occurrence = occurrenceOn(program.rule, ZONE, date)!;
    const session = openCheckin(db, program, occurrence, occurrence.startsAt - 10 * MIN);
    startSession(db, program, occurrence, occurrence.startsAt);
    checkIn(db, { sessionId: session.id, by: { memberId: 1 }, method: 'tile', actor: 'kiosk', at: occurrence.startsAt + MIN });
    new SessionStore(db).recordPlayed(session.id, 45 * MIN);
    endSession(db, session.id, occurrence.startsAt + 46 * MIN, 'player');
    agent.ctx.events.emit({ type: 'data_changed' });
    await expect.poll(() => page.textContent('[data-testid=board-admin-line]'), { timeout: 20_000 }).toBe('本月集中收看已达 2 / 2 次，已学习 90 / 120 分钟');
    expect(await page.getAttribute('[data-testid=board-admin-line]', 'data-short')).toBe('true');
    await page.close();
  });
});
