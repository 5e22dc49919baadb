// The door's check-in to a branch activity (支部活动) in a real Chromium against a real agent over HTTP: the board
// goes to it when the administrator opens it; members check in by the remote (a tile) and by a card reader's
// burst, a guest by the dialog; a reload returns there; closing returns the board, and a check-in after the close
// is refused and changes nothing; the activity's record lists who came.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../support/browser.ts';
import { showAt } from '../../support/layout-problems.ts';
import { createStation, tempDir, ZONE } from '../../support/station-fixture.ts';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { DEFAULT_ADMIN_PIN } from '../../../agent/admin/admin-auth.ts';
import { localDateOf } from '../../../agent/clock/local-time.pure.ts';
import { saveScreenshot } from '../../support/screenshots.ts';
import { busyPage, swipeCard } from '../../support/card-reader.ts';
import { steerTo } from '../../support/remote.ts';
import { openStationDatabase } from '../../../agent/store/database.ts';
import { closeActivityCheckin, openActivityCheckin } from '../../../agent/activities/activity-register.ts';

const CARD = '0077665544';
const TOPIC = '学习党章 对照检查';
const PIN = '240815';

let browser: Browser;
let agent: RunningAgent;
let dir: string;
let token: string;
let activityId: number;
let page: Page;

async function call<B>(method: string, path: string, body?: unknown, auth?: string): Promise<{ status: number; body: B }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (auth) headers.authorization = `Bearer ${auth}`;
  const res = await fetch(agent.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as B };
}

interface RecordBody {
  figures: { registered: number; attendedRegistered: number; guests: number };
  checkins: { name: string; method: string; memberId: number | null }[];
}
const record = async () => (await call<RecordBody>('GET', `api/admin/activities/${activityId}`, undefined, token)).body;
const screenOf = (p: Page) => p.evaluate(() => {
  const s = document.querySelector('[data-screen]');
  return { screen: s?.getAttribute('data-screen') ?? null, activity: document.querySelector('[data-testid=checkin]')?.getAttribute('data-activity') ?? null };
});
const toastText = (p: Page) => p.evaluate(() => document.querySelector('[data-testid=toast]')?.textContent ?? '');
const fig = (p: Page, id: string) => p.evaluate((i) => document.querySelector(`[data-testid=${i}]`)?.textContent ?? null, id);

beforeAll(async () => {
  dir = tempDir('yj-activity-door-');
  const station = createStation({ dir });
  station.settings({ stationName: '红旗村党员活动室' });
  station.addMember({ name: '张三', category: 'full' });
  station.addMember({ name: '李四', category: 'full' });
  station.addMember({ name: '王五', category: 'full', cardUid: CARD });
  station.addMember({ name: '赵敏', category: 'probationary' });
  station.close();
  agent = await startDaemon({ dataDir: dir, port: 0 });
  // The first PIN must be changed before anything else is allowed.
  const first = (await call<{ token: string }>('POST', 'api/admin/login', { pin: DEFAULT_ADMIN_PIN })).body.token;
  expect((await call('POST', 'api/admin/pin', { currentPin: DEFAULT_ADMIN_PIN, newPin: PIN }, first)).status).toBe(200);
  token = (await call<{ token: string }>('POST', 'api/admin/login', { pin: PIN })).body.token;
  const entered = await call<{ activity: { id: number } }>(
    'POST',
    'api/admin/activities',
    { kind: 'committee', date: localDateOf(Date.now(), ZONE), startTime: '09:00', place: '党员活动室', host: '张三', topic: TOPIC },
    token,
  );
  expect(entered.status).toBe(201);
  activityId = entered.body.activity.id;
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("a branch activity's check-in at the door", () => {
  it('refuses a check-in before the administrator opens it, and the board stays', async () => {
    const refused = await call<{ error: { code: string } }>('POST', `api/activities/${activityId}/checkins`, { memberId: 1 });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('activity_checkin_not_open');
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.setDefaultTimeout(10_000);
    await page.goto(agent.url);
    await expect.poll(() => screenOf(page), { timeout: 15_000 }).toEqual({ screen: 'board', activity: null });
    expect((await record()).checkins).toEqual([]);
  });

  it('goes to the check-in screen, titled with the activity, when the administrator opens it', async () => {
    const opened = await call('POST', `api/admin/activities/${activityId}/checkin/open`, undefined, token);
    expect(opened.status).toBe(200);
    await expect.poll(() => screenOf(page), { timeout: 15_000 }).toEqual({ screen: 'checkin', activity: String(activityId) });
    await expect.poll(() => page.locator('[data-testid=tile]').count()).toBe(4);
    expect(await page.textContent('[data-testid=checkin-title]')).toContain(TOPIC);
    expect(await page.textContent('[data-testid=checkin-kind]')).toBe('支委会');
    expect(await page.textContent('[data-testid=checkin-status]')).toContain('正在签到');
    // 4 registered (the probationary member counts), nobody in yet; a viewing's own parts are not there.
    await expect.poll(() => fig(page, 'fig-registered')).toBe('4');
    expect(await fig(page, 'fig-present')).toBe('0');
    expect(await page.locator('[data-testid=start-now]').count()).toBe(0);
    expect(await page.locator('[data-testid=tutor-choice]').count()).toBe(0);
  });

  it('checks in a member with the remote, another by card, and a guest', async () => {
    // The remote: arrows to 李四's tile, OK.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('tile');
    await steerTo(page, '[data-testid=tile][data-name="李四"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => toastText(page)).toContain('李四 签到成功');
    await expect.poll(() => fig(page, 'fig-present')).toBe('1');

    // A card reader's burst, wherever the focus is.
    await swipeCard(page, CARD);
    await expect.poll(() => toastText(page)).toContain('王五 签到成功');
    await expect.poll(() => fig(page, 'fig-present')).toBe('2');
    // The same card again: "already", nothing added.
    await swipeCard(page, CARD);
    await expect.poll(() => toastText(page)).toContain('已于');
    expect((await record()).checkins.filter((c) => c.name === '王五')).toHaveLength(1);

    // A guest by the dialog, with the remote.
    await steerTo(page, '[data-testid=open-guest]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('guest-name');
    await page.keyboard.insertText('李老师');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-category'))).toBe('employee');
    await page.keyboard.press('Enter');
    await steerTo(page, '[data-testid=guest-submit]');
    await page.keyboard.press('Enter');
    await expect.poll(() => toastText(page)).toContain('李老师 签到成功');
    await expect.poll(() => fig(page, 'fig-guests')).toBe('1');
    await expect.poll(() => fig(page, 'fig-rate')).toBe('50.0%');

    const shot = await saveScreenshot(page, 'activity-checkin-1280x720');
    expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
    await showAt(page, 1920, 1080);
    const big = await saveScreenshot(page, 'activity-checkin-1920x1080');
    expect(fs.statSync(big).size).toBeGreaterThan(10_000);
  });

  it('reads a card whose burst the page was too busy to take in time as one card (2 s busy mid-card)', async () => {
    const before = (await record()).checkins;
    expect(await toastText(page)).not.toContain('已于');
    // The page handles the card's first four keys, then is busy for 2 s; the rest of the card, typed by the
    // reader 3 ms apart meanwhile, reaches it afterwards with those timestamps. Read on the page's own pace, the
    // first four digits would become typing and the rest an unknown card.
    await swipeCard(page, CARD, { interrupt: { afterKeys: 4, meanwhile: () => busyPage(page, 2_000) } });
    await expect.poll(() => toastText(page)).toContain('已于');
    expect(await toastText(page)).toContain('王五');
    expect(await page.inputValue('[data-testid=search]')).toBe('');
    expect((await record()).checkins).toEqual(before);
  });

  it('takes back the first digits of a card from the search when the rest was held up on its way (a loaded machine)', async () => {
    const before = (await record()).checkins;
    await expect.poll(() => toastText(page)).toBe('');
    // The page is free and lets the first four digits go as typing; the rest of the card, typed 3 ms after them,
    // comes only once they are in the search.
    await swipeCard(page, CARD, { interrupt: { afterKeys: 4, meanwhile: () => expect.poll(() => page.inputValue('[data-testid=search]')).toBe(CARD.slice(0, 4)) } });
    await expect.poll(() => toastText(page)).toContain('已于');
    expect(await toastText(page)).toContain('王五');
    await expect.poll(() => page.inputValue('[data-testid=search]')).toBe('');
    expect((await record()).checkins).toEqual(before);
  });

  it('returns to the activity after a reload, its check-ins still marked', async () => {
    await page.reload();
    await expect.poll(() => screenOf(page), { timeout: 15_000 }).toEqual({ screen: 'checkin', activity: String(activityId) });
    await expect.poll(() => page.locator('[data-testid=tile][data-checked=true]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')).sort())).toEqual(['李四', '王五'].sort());
    await expect.poll(() => fig(page, 'fig-present')).toBe('2');
    expect(await fig(page, 'fig-guests')).toBe('1');
  });

  it("takes the administrator's undo while open, and the screen follows", async () => {
    const added = await call<{ status: string; attendance: { id: number }; figures: { attendedRegistered: number } }>('POST', `api/activities/${activityId}/checkins`, { memberId: 1 });
    expect(added.status).toBe(201);
    expect(added.body.figures.attendedRegistered).toBe(3);
    await expect.poll(() => fig(page, 'fig-present')).toBe('3');
    // Undo is the administrator's: without a session it is refused and nothing changes.
    expect((await call('DELETE', `api/admin/activities/checkins/${added.body.attendance.id}`)).status).toBe(401);
    const undone = await call<{ figures: { attendedRegistered: number } }>('DELETE', `api/admin/activities/checkins/${added.body.attendance.id}`, undefined, token);
    expect(undone.status).toBe(200);
    expect(undone.body.figures.attendedRegistered).toBe(2);
    expect((await call('DELETE', `api/admin/activities/checkins/${added.body.attendance.id}`, undefined, token)).status).toBe(404);
    await expect.poll(() => fig(page, 'fig-present')).toBe('2');
    expect((await record()).checkins.map((c) => c.name)).toEqual(['李四', '王五', '李老师']);
  });

  it('leaves for the board when closed; a later check-in is refused and changes nothing', async () => {
    const closed = await call('POST', `api/admin/activities/${activityId}/checkin/close`, undefined, token);
    expect(closed.status).toBe(200);
    await expect.poll(() => screenOf(page), { timeout: 15_000 }).toEqual({ screen: 'board', activity: null });
    const before = await record();
    const refused = await call<{ error: { code: string } }>('POST', `api/activities/${activityId}/checkins`, { cardUid: CARD });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('activity_checkin_closed');
    const guest = await call<{ error: { code: string } }>('POST', `api/activities/${activityId}/checkins`, { guest: { name: '迟到者', category: 'employee' } });
    expect(guest.status).toBe(409);
    const after = await record();
    expect(after).toEqual(before);
    // The record shows who came, by what means.
    expect(after.checkins.map((c) => [c.name, c.method])).toEqual([
      ['李四', 'tile'],
      ['王五', 'card'],
      ['李老师', 'guest'],
    ]);
    expect(after.figures).toMatchObject({ registered: 4, attendedRegistered: 2, guests: 1 });
    // A restarted screen stays on the board.
    await page.reload();
    await expect.poll(() => screenOf(page), { timeout: 15_000 }).toEqual({ screen: 'board', activity: null });
  });
});

describe('an activity check-in opened from another process (the CLI)', () => {
  it('moves the board to it and back when closed, though the stream says only data_changed', async () => {
    const entered = await call<{ activity: { id: number } }>(
      'POST',
      'api/admin/activities',
      { kind: 'party_lesson', date: localDateOf(Date.now(), ZONE), startTime: '10:00', place: '党员活动室', host: '李四', topic: '专题党课' },
      token,
    );
    const id = entered.body.activity.id;
    await expect.poll(() => screenOf(page)).toEqual({ screen: 'board', activity: null });
    // As `yuanjiao activity checkin-open` does: its own connection to the station's database.
    const db = openStationDatabase(dir);
    try {
      openActivityCheckin(db, id, 'cli', Date.now());
      await expect.poll(() => screenOf(page), { timeout: 20_000 }).toEqual({ screen: 'checkin', activity: String(id) });
      expect(await page.textContent('[data-testid=checkin-kind]')).toBe('党课');
      closeActivityCheckin(db, id, 'cli', Date.now());
      await expect.poll(() => screenOf(page), { timeout: 20_000 }).toEqual({ screen: 'board', activity: null });
    } finally {
      db.close();
    }
  });
});
