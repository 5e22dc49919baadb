// The player end to end: a real agent on a temp station, real H.264/AAC media made with ffmpeg, a local HLS
// server that can be told to fail, and the kiosk in a real Chromium at 1920×1080. Programs start by
// themselves a few seconds after each test sets them up; each test has its own agent, so they run side by side.
import { describe, it } from 'vitest';
import { saveScreenshot } from '../../support/screenshots.ts';
import { pressAt } from '../../support/remote.ts';
import { swipeCard } from '../../support/card-reader.ts';
import { SessionStore } from '../../../agent/sessions/session-store.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { TITLE_CARD_MS } from '../../../kiosk/ui/src/screens/player/card-times.ts';
import { DEADLINE_MS, LONG_SEC, MEDIUM_SEC, SHORT_SEC, browser, cardSeen, checkIn, events, hls, longMp4, mediumMp4, recordTitleCard, refuseSoundBeforeGesture, scheduleShowing, screen, shortMp4, stats, textOf, usePlayerMedia, videoTime } from './player-showing.ts';

usePlayerMedia();

// Three groups of three, each group side by side: no more than three videos decode at once, so a small
// machine that is also running the rest of the suite keeps up, and the file still takes about a minute.
describe.concurrent('the player plays in Chromium', () => {
  it('starts a scheduled group viewing by itself: title card, the video plays with attendance in the corner, then the satisfaction question and the board', async ({ expect }) => {
    const show = await scheduleShowing(
      { title: '学习贯彻 第一讲', localPath: mediumMp4, streamUrl: null, durationMs: MEDIUM_SEC * 1000 },
      'group_viewing',
      { members: ['张三', '李四', '王五'], checkedIn: 1, beforeLoad: recordTitleCard },
    );
    try {
      const { page, agent } = show;
      const sessionId = show.session()!.id;
      await expect.poll(() => cardSeen(page).then((c) => c?.title), { timeout: DEADLINE_MS }).toBe('学习贯彻 第一讲');
      // For the eye (the card may already have given way on a busy machine).
      await saveScreenshot(page, 'player-title-card');
      const card = (await cardSeen(page))!;
      // The kind comes with the session, read as the card goes up.
      expect(card.text).toContain('集中收看');
      expect(card.skipFontPx).toBeGreaterThanOrEqual(32);

      // Nobody presses anything: the card gives way and the video really plays.
      await expect.poll(() => videoTime(page), { timeout: DEADLINE_MS }).toBeGreaterThan(1.5);
      expect(await page.locator('[data-testid=title-card]').count()).toBe(0);
      const corner = page.locator('[data-testid=attendance]');
      await expect.poll(() => textOf(page, '[data-testid=attendance]'), { timeout: DEADLINE_MS }).toContain('实到 1 / 应到 3');
      // A late arrival checks in at the door: the corner follows through the event stream.
      expect((await checkIn(agent, sessionId, 2)).status).toBe(201);
      await expect.poll(() => textOf(page, '[data-testid=attendance]'), { timeout: DEADLINE_MS }).toContain('实到 2 / 应到 3');
      expect(await corner.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(32);
      const s = await stats(page);
      expect(s).toMatchObject({ engine: 'html5', source: 'local', phase: 'playing' });
      await saveScreenshot(page, 'player-playing-attendance');

      // Back during a group viewing stops nothing; it says how to stop.
      await page.keyboard.press('Escape');
      await expect.poll(() => textOf(page, '[data-testid=toast]'), { timeout: DEADLINE_MS }).toContain('如需停止，请再按一次返回键进入管理');
      expect(await screen(page)).toBe('player');
      const before = await videoTime(page);
      await expect.poll(() => videoTime(page), { timeout: DEADLINE_MS }).toBeGreaterThan(before + 0.5);

      // At the end the room is asked its satisfaction (people were present); Back skips it and the board
      // returns; the agent has the proof of play.
      // The rest of the course first: the deadline counts from here, not from its start.
      await expect.poll(() => screen(page), { timeout: DEADLINE_MS + MEDIUM_SEC * 1000 }).toBe('satisfaction');
      await page.waitForSelector('[data-testid=satisfaction-question]', { timeout: DEADLINE_MS });
      await page.keyboard.press('Escape');
      await expect.poll(() => screen(page), { timeout: DEADLINE_MS }).toBe('board');
      await expect.poll(() => show.session()?.status, { timeout: DEADLINE_MS }).toBe('ended');
      const ended = show.session()!;
      expect(ended.playedMs).toBeGreaterThan((MEDIUM_SEC - 1.5) * 1000);
      expect(ended.playedMs).toBeLessThanOrEqual(MEDIUM_SEC * 1000 + 500);
      expect(ended.held).toBe(true);
      const log = show.log();
      expect(events(log)).toEqual(expect.arrayContaining(['start', 'first_frame', 'end']));
      expect(events(log).indexOf('start')).toBeLessThan(events(log).indexOf('first_frame'));
      expect(events(log).at(-1)).toBe('end');
      expect((log.at(-1)!.detail as { sharePlayed: number }).sharePlayed).toBeGreaterThan(0.75);
      const firstFrame = log.find((e) => e.event === 'first_frame')!.detail as { timeToFirstFrameMs: number; engine: string };
      expect(firstFrame.timeToFirstFrameMs).toBeGreaterThanOrEqual(0);
      expect(firstFrame.timeToFirstFrameMs).toBeLessThan(DEADLINE_MS);
      expect(firstFrame.engine).toBe('html5');
      const stationLog = queryStationLog(agent.ctx.db, {}).map((e) => e.message);
      expect(stationLog).toContain('播放结束：学习贯彻 第一讲（计为已组织收看）');
    } finally {
      await show.close();
    }
  }, 180_000);

  it('plays an HLS stream through hls.js (OK skips the title card) to the end', async ({ expect }) => {
    const show = await scheduleShowing({ title: '县级直播 党课', localPath: null, streamUrl: `${hls.base}/ok/index.m3u8`, durationMs: SHORT_SEC * 1000 }, 'background');
    try {
      const { page } = show;
      await expect.poll(() => textOf(page, '[data-testid=title-card-title]'), { timeout: DEADLINE_MS }).toBe('县级直播 党课');
      await page.keyboard.press('Enter');
      // Gone at once, well before the card's own timer would take it away.
      await expect.poll(() => page.locator('[data-testid=title-card]').count(), { timeout: TITLE_CARD_MS - 1_000 }).toBe(0);
      await expect.poll(() => videoTime(page), { timeout: DEADLINE_MS }).toBeGreaterThan(1);
      const s = (await stats(page))!;
      expect(s.engine).toBe('hls.js');
      expect(s.source).toBe('stream');
      expect(s.fragmentsLoaded).toBeGreaterThan(0);
      expect(s.bytesLoaded).toBeGreaterThan(0);
      expect(await page.getAttribute('[data-testid=player-host]', 'data-engine')).toBe('hls.js');
      // A background showing has no attendance to show.
      expect(await page.locator('[data-testid=attendance]').count()).toBe(0);

      await expect.poll(() => screen(page), { timeout: DEADLINE_MS }).toBe('board');
      await expect.poll(() => show.session()?.status, { timeout: DEADLINE_MS }).toBe('ended');
      expect(show.session()!.playedMs).toBeGreaterThan((SHORT_SEC - 1.5) * 1000);
      const log = show.log();
      expect(events(log)).toEqual(expect.arrayContaining(['start', 'first_frame', 'end']));
      const end = log.find((e) => e.event === 'end')!.detail as { engine: string; fragments: number };
      expect(end).toMatchObject({ engine: 'hls.js' });
      expect(end.fragments).toBeGreaterThanOrEqual(4);
    } finally {
      await show.close();
    }
  }, 120_000);

  it('opens admin on a second Back within 3 s during a group viewing (a later one is a first again), and leaving admin returns to the showing', async ({ expect }) => {
    const show = await scheduleShowing({ title: '长课件 管理', localPath: longMp4, streamUrl: null, durationMs: LONG_SEC * 1000 }, 'group_viewing', { members: ['张三'] });
    try {
      const { page } = show;
      await expect.poll(() => show.session()?.status, { timeout: DEADLINE_MS }).toBe('playing');
      await expect.poll(() => screen(page), { timeout: DEADLINE_MS }).toBe('player');
      await page.keyboard.press('Enter');
      await expect.poll(() => videoTime(page), { timeout: DEADLINE_MS }).toBeGreaterThan(0.5);
      // The presses are stamped when the remote pressed them, all in the past: what counts is the time between
      // them on the remote's clock, not how long the page or this test took between taking them.
      const first = Date.now() - 5_000;
      await pressAt(page, 'Escape', first);
      await expect.poll(() => textOf(page, '[data-testid=toast]'), { timeout: DEADLINE_MS }).toContain('再按一次返回键进入管理');
      expect(await screen(page)).toBe('player');
      // 3.5 s after the first: too late to be its second, so a first again. Its toast is drawn on the next frame,
      // which a busy machine may draw after the first press's toast has gone: waited for, not read at once.
      await pressAt(page, 'Escape', first + 3_500);
      expect(await screen(page)).toBe('player');
      await expect.poll(() => textOf(page, '[data-testid=toast]'), { timeout: DEADLINE_MS }).toContain('再按一次返回键进入管理');
      // 1 s after that one: its second.
      await pressAt(page, 'Escape', first + 4_500);
      await expect.poll(() => screen(page), { timeout: DEADLINE_MS }).toBe('admin');
      await expect.poll(() => page.locator('[data-testid=pin-pad]').count(), { timeout: DEADLINE_MS }).toBe(1);
      // The showing goes on at the agent while admin is open.
      expect(show.session()?.status).toBe('playing');
      await page.keyboard.press('Escape');
      await expect.poll(() => screen(page), { timeout: DEADLINE_MS }).toBe('player');
      await expect.poll(() => textOf(page, '[data-testid=title-card]'), { timeout: DEADLINE_MS }).toContain('长课件 管理');
      await page.keyboard.press('Enter');
      await expect.poll(() => videoTime(page), { timeout: DEADLINE_MS }).toBeGreaterThan(0.5);
    } finally {
      await show.close();
    }
  }, 120_000);

});

describe.concurrent('the player finds its place in Chromium', () => {
  it('picks up where the room is when the kiosk restarts during a showing', async ({ expect }) => {
    const show = await scheduleShowing({ title: '长课件 续播', localPath: longMp4, streamUrl: null, durationMs: LONG_SEC * 1000 }, 'background');
    try {
      const { page, agent } = show;
      // The room saw it begin: the screen reported its start.
      await expect.poll(() => show.log().some((e) => e.event === 'start'), { timeout: DEADLINE_MS }).toBe(true);
      // The kiosk goes away for a while; the showing carries on at the agent. Rather than wait 15 s, move the
      // screen's start back by that much, as if it had.
      await page.close();
      const sessionId = show.session()!.id;
      agent.ctx.db.prepare("UPDATE playback_log SET at = at - 15000 WHERE session_id = ? AND event = 'start'").run(sessionId);
      const began = show.log().find((e) => e.event === 'start')!;
      const again = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      show.page = again;
      await again.goto(agent.url);
      await expect.poll(() => textOf(again, '[data-testid=title-card]'), { timeout: DEADLINE_MS }).toContain('节目继续播放');
      await again.keyboard.press('Enter');
      await expect.poll(() => show.log().filter((e) => e.event === 'start').length, { timeout: DEADLINE_MS }).toBe(2);
      // It picked up where the room would be: 15 s on, plus however long the new screen took to come up.
      const resumed = show.log().filter((e) => e.event === 'start')[1]!;
      expect(resumed.positionMs).toBeGreaterThanOrEqual(15_000);
      expect(Math.abs(resumed.positionMs! - (resumed.at - began.at))).toBeLessThan(3_000);
      await expect.poll(() => videoTime(again), { timeout: DEADLINE_MS }).toBeGreaterThan(resumed.positionMs! / 1000);
    } finally {
      await show.close();
    }
  }, 120_000);

  it('follows a start it did not hear, late, and still shows the course from the top', async ({ expect }) => {
    // The room's check-in screen is up but its event stream is held back (a slow start-up, a dropped link):
    // program_starting goes out to nobody, and the kiosk must still catch up once the stream connects — from
    // the beginning, since the room never saw it begin, however long ago the agent started it.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // A longer lead than the others: the check-in screen must be up before the start, however busy the machine
    // (20 s was missed once by a page that took that long to load beside nine other showings in CI).
    const leadMs = 40_000;
    const show = await scheduleShowing({ title: '迟连 续看', localPath: shortMp4, streamUrl: null, durationMs: SHORT_SEC * 1000 }, 'group_viewing', {
      members: ['张三'],
      leadMs,
      beforeLoad: async (page) => {
        await page.route('**/api/events', async (route) => {
          await held;
          await route.continue();
        });
      },
    });
    try {
      const { page } = show;
      await expect.poll(() => screen(page), { timeout: leadMs }).toBe('checkin');
      // The start is up to the whole lead away.
      await expect.poll(() => show.session()?.status, { timeout: leadMs + DEADLINE_MS }).toBe('playing');
      expect(await screen(page)).toBe('checkin');
      // Longer ago than the whole course: rather than wait for it, move the agent's start back.
      show.agent.ctx.db.prepare('UPDATE sessions SET started_at = started_at - 20000 WHERE id = ?').run(show.session()!.id);
      release();
      await expect.poll(() => screen(page), { timeout: DEADLINE_MS }).toBe('player');
      await expect.poll(() => textOf(page, '[data-testid=title-card-title]'), { timeout: DEADLINE_MS }).toBe('迟连 续看');
      await page.keyboard.press('Enter');
      await expect.poll(() => show.log().find((e) => e.event === 'start')?.positionMs, { timeout: DEADLINE_MS }).toBe(0);
      await expect.poll(() => videoTime(page), { timeout: DEADLINE_MS }).toBeGreaterThan(1);
    } finally {
      release();
      await show.close();
    }
  }, 120_000);

  it('starts muted where the browser refuses sound, says so, and OK turns the sound on', async ({ expect }) => {
    const show = await scheduleShowing({ title: '静音起播 测试', localPath: longMp4, streamUrl: null, durationMs: LONG_SEC * 1000 }, 'background', {
      beforeLoad: refuseSoundBeforeGesture,
    });
    try {
      const { page } = show;
      // Nobody touches the remote: the card times out, play() with sound is refused, the video plays muted.
      await expect.poll(() => textOf(page, '[data-testid=player-muted]'), { timeout: DEADLINE_MS }).toContain('已静音播放，按【确定】键开启声音');
      expect((await stats(page))!.mutedByPolicy).toBe(true);
      expect(await page.$eval('[data-testid=player-host] video', (v) => (v as HTMLVideoElement).muted)).toBe(true);
      const at = await videoTime(page);
      await expect.poll(() => videoTime(page), { timeout: DEADLINE_MS }).toBeGreaterThan(at + 0.5);
      // OK is the gesture the browser waits for.
      await page.keyboard.press('Enter');
      await expect.poll(() => page.$eval('[data-testid=player-host] video', (v) => (v as HTMLVideoElement).muted), { timeout: DEADLINE_MS }).toBe(false);
      expect(await page.locator('[data-testid=player-muted]').count()).toBe(0);
      const later = await videoTime(page);
      await expect.poll(() => videoTime(page), { timeout: DEADLINE_MS }).toBeGreaterThan(later + 0.5);
      expect(show.log().find((e) => e.event === 'first_frame')?.detail).toMatchObject({ muted: true });
    } finally {
      await show.close();
    }
  }, 120_000);
});

describe.concurrent('the player survives failures in Chromium', () => {
  it('retries a segment that fails with back-off and plays on', async ({ expect }) => {
    // hls.js tries a segment three times itself; failing it three times makes the error fatal once, and the
    // player's own retry (after 1 s) then gets it.
    hls.flakyFailuresLeft = 3;
    const show = await scheduleShowing({ title: '网络不稳 测试课', localPath: null, streamUrl: `${hls.base}/flaky/index.m3u8`, durationMs: SHORT_SEC * 1000 }, 'background');
    try {
      const { page } = show;
      await expect.poll(() => page.locator('[data-testid=title-card]').isVisible(), { timeout: DEADLINE_MS }).toBe(true);
      await page.keyboard.press('Enter');
      // Played to the end after all: a player that gave up would stand on its error card instead.
      await expect.poll(() => screen(page), { timeout: DEADLINE_MS }).toBe('board');
      await expect.poll(() => show.session()?.status, { timeout: DEADLINE_MS }).toBe('ended');
      const log = show.log();
      const errors = log.filter((e) => e.event === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]!.detail).toMatchObject({ code: 'network', httpStatus: 500, recovery: 'retry', retryAttempt: 1, retryDelayMs: 1_000, source: 'stream', engine: 'hls.js' });
      const end = log.at(-1)!;
      expect(end.event).toBe('end');
      expect(end.positionMs).toBeGreaterThanOrEqual((SHORT_SEC - 1) * 1000);
      expect(show.session()!.playedMs).toBeGreaterThan((SHORT_SEC - 2) * 1000);
      expect(hls.requests.filter((r) => r === 'flaky/seg2.ts').length).toBeGreaterThanOrEqual(4);
      expect(hls.requests).toContain('flaky/seg3.ts');
      expect(events(log)).not.toContain('stall');
    } finally {
      await show.close();
    }
  }, 120_000);

  it('shows a Chinese error card naming the program when the stream is dead and there is no local copy, and logs it', async ({ expect }) => {
    const show = await scheduleShowing({ title: '停播的直播课', localPath: null, streamUrl: `${hls.base}/dead/index.m3u8`, durationMs: 60_000 }, 'background');
    try {
      const { page, agent } = show;
      const card = page.locator('[data-testid=error-card]');
      // Three retries (1 s, 2 s, 4 s) after hls.js's own, then it gives up.
      await expect.poll(() => card.isVisible(), { timeout: DEADLINE_MS }).toBe(true);
      const text = (await card.textContent())!;
      expect(text).toContain('节目《停播的直播课》无法播放');
      expect(text).toContain('网络连接中断');
      expect(await card.getAttribute('data-code')).toBe('network');
      expect(await page.locator('.error-card-problem').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(32);
      await saveScreenshot(page, 'player-error-card');

      const errors = show.log().filter((e) => e.event === 'error').map((e) => (e.detail as { recovery: string }).recovery);
      expect(errors).toEqual(['retry', 'retry', 'retry', 'give_up']);
      expect(queryStationLog(agent.ctx.db, {}).map((e) => e.message)).toContain('播放出错：停播的直播课');
      // The session stays open while the card stands, so the room can read it.
      expect(show.session()!.status).toBe('playing');

      // OK on the card's button goes back to the board and ends the session.
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('返回节目预告');
      await page.keyboard.press('Enter');
      await expect.poll(() => screen(page), { timeout: DEADLINE_MS }).toBe('board');
      await expect.poll(() => show.session()?.status, { timeout: DEADLINE_MS }).toBe('ended');
      expect(events(show.log()).at(-1)).toBe('end');
    } finally {
      await show.close();
    }
  }, 120_000);

  it('falls back to the local copy when the stream fails and the course has one', async ({ expect }) => {
    const show = await scheduleShowing({ title: '双路课件', localPath: shortMp4, streamUrl: `${hls.base}/dead/index.m3u8`, durationMs: SHORT_SEC * 1000 }, 'background');
    try {
      const { page } = show;
      await expect.poll(() => page.locator('[data-testid=title-card]').isVisible(), { timeout: DEADLINE_MS }).toBe(true);
      await page.keyboard.press('Enter');
      await expect.poll(async () => (await stats(page))?.source, { timeout: DEADLINE_MS }).toBe('local');
      await expect.poll(() => textOf(page, '[data-testid=player-banner]'), { timeout: DEADLINE_MS }).toContain('本机保存的课件');
      await expect.poll(() => videoTime(page), { timeout: DEADLINE_MS }).toBeGreaterThan(1);
      expect((await stats(page))!.engine).toBe('html5');
      expect(await page.locator('[data-testid=error-card]').count()).toBe(0);
      const recoveries = show.log().filter((e) => e.event === 'error').map((e) => (e.detail as { recovery: string }).recovery);
      expect(recoveries).toEqual(['retry', 'retry', 'retry', 'fallback_local']);
      await expect.poll(() => screen(page), { timeout: DEADLINE_MS }).toBe('board');
      await expect.poll(() => show.session()?.status, { timeout: DEADLINE_MS }).toBe('ended');
      expect(show.session()!.playedMs).toBeGreaterThan((SHORT_SEC - 1.5) * 1000);
    } finally {
      await show.close();
    }
  }, 120_000);
});

describe('late arrivals during a group viewing', () => {
  it('OK opens check-in over the playing video, a member checks in with the remote (迟到), Back returns to the video; a card is taken at any time', async ({ expect }) => {
    const show = await scheduleShowing({ title: '长课件 迟到', localPath: longMp4, streamUrl: null, durationMs: LONG_SEC * 1000 }, 'group_viewing', {
      members: ['张三', '李四', '王五'],
      cards: { 李四: '0099887766' },
      // No grace: whoever checks in after the start is late, as the sheet will say.
      lateGraceMinutes: 0,
    });
    try {
      const { page } = show;
      await expect.poll(() => videoTime(page), { timeout: DEADLINE_MS }).toBeGreaterThan(1);
      expect(await textOf(page, '[data-testid=attendance]')).toContain('迟到请按“确定”签到');
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid=late-checkin] [data-testid=tile]', { timeout: DEADLINE_MS });
      // The video goes on behind it.
      const under = await videoTime(page);
      await expect.poll(() => videoTime(page), { timeout: DEADLINE_MS }).toBeGreaterThan(under + 0.5);
      // The remote alone: the first name (王五, fewest strokes) has the focus; OK checks it in, and it is late.
      const first = await page.evaluate(() => document.activeElement?.getAttribute('data-name') ?? null);
      expect(first).toBe('王五');
      await page.keyboard.press('Enter');
      await expect.poll(() => textOf(page, '[data-testid=toast]'), { timeout: DEADLINE_MS }).toContain(`${first} 签到成功（迟到）`);
      await saveScreenshot(page, 'player-late-checkin');
      // Back closes the overlay; the showing goes on.
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('[data-testid=late-checkin]').count(), { timeout: DEADLINE_MS }).toBe(0);
      expect(await screen(page)).toBe('player');
      await expect.poll(() => textOf(page, '[data-testid=attendance]'), { timeout: DEADLINE_MS }).toContain('实到 1 / 应到 3');
      // A card while the video plays: checked in at once, nothing opens.
      await swipeCard(page, '0099887766');
      await expect.poll(() => textOf(page, '[data-testid=toast]'), { timeout: DEADLINE_MS }).toContain('李四 签到成功（迟到）');
      expect(await page.locator('[data-testid=late-checkin]').count()).toBe(0);
      await expect.poll(() => textOf(page, '[data-testid=attendance]'), { timeout: DEADLINE_MS }).toContain('实到 2 / 应到 3');
      const attendance = show.session() ? new SessionStore(show.agent.ctx.db).get(show.session()!.id) : null;
      expect(attendance?.status).toBe('playing');
    } finally {
      await show.close();
    }
  }, 120_000);
});
