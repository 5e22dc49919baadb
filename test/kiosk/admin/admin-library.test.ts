// The library tab end to end: a real Chromium at 1920×1080 against a real agent whose USB stick is a temp
// folder (the daemon's removableMedia option — the one fake, for what this machine cannot have). By keyboard
// alone: open the stick, tick a good MP4 and an MPEG-2, import them, watch the progress reach 100 % and
// "可以安全拔出U盘", find the MPEG-2 waiting to convert while a group viewing is open and ready after it;
// the stick is unchanged. Then a URL import of an HLS stream, and the receive/store/play log.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../support/browser.ts';
import { saveScreenshot } from '../../support/screenshots.ts';
import { waitFor } from '../../support/wait.ts';
import { createStation, tempDir } from '../../support/station-fixture.ts';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { DEFAULT_ADMIN_PIN } from '../../../agent/admin/admin-auth.ts';
import { localDateOf, localTimeOf } from '../../../agent/clock/local-time.pure.ts';
import { openStationDatabase } from '../../../agent/store/database.ts';
import { ProgramStore } from '../../../agent/programs/program-store.ts';
import { occurrenceOn } from '../../../agent/programs/recurrence.pure.ts';
import { endSession, openCheckin } from '../../../agent/sessions/session-lifecycle.ts';
import { CourseStore } from '../../../content/course-store.ts';
import { makeMedia } from '../../content/media-fixtures.ts';
import { FakeRemovableMedia, snapshotFolder } from '../../content/usb-fake-media.ts';
import { arrowTo, focusOn } from '../../support/remote.ts';

const ZONE = 'Asia/Shanghai';
const PIN = '246810';
const GOOD = '第一讲 党章学习.mp4';
const LEGACY = '老课件/第二讲 党史.mpg';

let browser: Browser;
let agent: RunningAgent;
let dir: string;
let stick: string;
let server: http.Server;
let base: string;

beforeAll(async () => {
  dir = tempDir('yj-admin-library-');
  stick = tempDir('yj-admin-library-stick-');
  await Promise.all([makeMedia(path.join(stick, GOOD), 'mp4', 3), makeMedia(path.join(stick, ...LEGACY.split('/')), 'mpeg2', 3)]);
  fs.writeFileSync(path.join(stick, '课件说明.txt'), '本U盘内为党员教育课件');

  server = http.createServer((req, res) => {
    if (req.url === '/live/county.m3u8') {
      res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' }).end('#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6.0,\na.ts\n#EXTINF:6.0,\nb.ts\n');
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const station = createStation({ dir });
  station.settings({ stationName: '课件导入测试站点' });
  station.close();
  const media = new FakeRemovableMedia();
  await media.plug(stick, '党员教育U盘');
  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'error', removableMedia: media });
  // The default PIN must be changed at the first login; that walk is admin.test.ts's, not this file's.
  const login = (await (await fetch(new URL('/api/admin/login', agent.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pin: DEFAULT_ADMIN_PIN }) })).json()) as { token: string };
  const changed = await fetch(new URL('/api/admin/pin', agent.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}` },
    body: JSON.stringify({ currentPin: DEFAULT_ADMIN_PIN, newPin: PIN }),
  });
  expect(changed.status).toBe(200);
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  if (stick) fs.rmSync(stick, { recursive: true, force: true });
});

async function text(page: Page, selector: string): Promise<string> {
  return (await page.textContent(selector)) ?? '';
}

/** Into admin mode by keys alone: 管理, the PIN typed, OK on the pad. */
async function adminByKeys(page: Page): Promise<void> {
  await arrowTo(page, 'ArrowRight', '[data-testid=go-admin]');
  await page.keyboard.press('Enter');
  await waitFor(() => page.evaluate(() => document.activeElement?.closest('[data-testid=pin-pad]') != null), 15_000, 'focus on the PIN pad');
  await page.keyboard.type(PIN);
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=admin-main]', { timeout: 10_000 });
  await focusOn(page, '[data-testid=tab-schedule]');
}

/** A group viewing whose check-in is open, committed by another process as the CLI would: conversions wait for it. */
function openGroupViewing(): number {
  const db = openStationDatabase(dir);
  try {
    const now = Date.now();
    const start = Math.ceil((now + 60 * 60_000) / 60_000) * 60_000;
    const course = new CourseStore(db).add({ title: '节目用课件', series: null, source: 'manual', localPath: null, streamUrl: `${base}/live/other.m3u8`, durationMs: null, sha256: null }, now);
    const program = new ProgramStore(db).add(
      { courseId: course.id, title: '本月集中收看', kind: 'group_viewing', rule: { type: 'once', date: localDateOf(start, ZONE), time: localTimeOf(start, ZONE) }, checkinOpensBeforeMin: 90, checkinClosesAfterMin: 30, notes: null, origin: 'station' },
      now,
    );
    return openCheckin(db, program, occurrenceOn(program.rule, ZONE, localDateOf(start, ZONE))!, now).id;
  } finally {
    db.close();
  }
}

function closeGroupViewing(sessionId: number): void {
  const db = openStationDatabase(dir);
  try {
    endSession(db, sessionId, Date.now(), 'admin', 'admin');
  } finally {
    db.close();
  }
}

describe('the library tab in Chromium', () => {
  it('imports two videos from a USB stick by keyboard, says when to unplug, and shows the MPEG-2 converting then ready', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.setDefaultTimeout(10_000);
    await page.goto(agent.url);
    await page.waitForSelector('[data-testid=station-name]');
    const before = snapshotFolder(stick);

    await adminByKeys(page);
    const sessionId = openGroupViewing();
    await arrowTo(page, 'ArrowDown', '[data-testid=tab-library]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=library-tab]');
    // The stick is announced on the course list.
    await expect.poll(() => text(page, '[data-testid=stick-banner]'), { timeout: 10_000 }).toContain('检测到U盘“党员教育U盘”');

    // Right from the tabs into the tab, then down to the banner's button, which opens the stick's videos.
    await arrowTo(page, 'ArrowRight', '[data-testid=library-view-courses]');
    await arrowTo(page, 'ArrowDown', '[data-testid=stick-open]');
    await page.keyboard.press('Enter');

    // The stick's videos, with size and length; the text file is not among them. Back returns to the sticks.
    await focusOn(page, '[data-testid=usb-file]');
    expect(await page.getAttribute('[data-testid=library-view-usb]', 'aria-pressed')).toBe('true');
    expect(await page.$$eval('[data-testid=usb-file]', (items) => items.map((i) => i.getAttribute('data-path')))).toEqual([GOOD, LEGACY]);
    const rows = await page.$$eval('[data-testid=usb-file]', (items) => items.map((i) => i.textContent ?? ''));
    expect(rows[0]).toMatch(/0:03/);
    expect(rows[0]).toContain('可直接播放');
    expect(rows[1]).toContain('导入后转码');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=usb-volume]');
    await arrowTo(page, 'ArrowDown', '[data-testid=usb-volume]');
    await page.keyboard.press('Enter');
    await focusOn(page, '[data-testid=usb-file]');

    // Tick both with OK, then down to the import button.
    await page.keyboard.press('Enter');
    await arrowTo(page, 'ArrowDown', `[data-testid=usb-file][data-path="${LEGACY}"]`);
    await page.keyboard.press('Enter');
    expect(await page.$$eval('[data-testid=usb-file]', (items) => items.map((i) => i.getAttribute('aria-checked')))).toEqual(['true', 'true']);
    await expect.poll(() => text(page, '[data-testid=usb-import-start]')).toContain('导入所选（2 个');
    await saveScreenshot(page, 'admin-library-usb-files');
    await arrowTo(page, 'ArrowDown', '[data-testid=usb-import-start]');
    await page.keyboard.press('Enter');

    await page.waitForSelector('[data-testid=usb-job][data-state=done]', { timeout: 20_000 });
    expect(await page.getAttribute('[data-testid=usb-progress]', 'aria-valuenow')).toBe('100');
    expect(await text(page, '[data-testid=usb-progress]')).toContain('100 %');
    expect(await text(page, '[data-testid=usb-safe]')).toContain('可以安全拔出U盘');
    expect(await page.$$eval('[data-testid=usb-result]', (items) => items.map((i) => `${i.getAttribute('data-outcome')} ${i.textContent}`))).toEqual([
      'stored 第一讲 党章学习.mp4已入库，可直接播放',
      'stored 第二讲 党史.mpg已入库，正在转码',
    ]);
    await focusOn(page, '[data-testid=usb-done]');
    await saveScreenshot(page, 'admin-library-usb-done');

    // Done: back on the course list, the MPEG-2 waits for the group viewing to end.
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=course-table]');
    const legacyRow = '[data-testid=course-row]:has-text("第二讲 党史")';
    await expect.poll(() => text(page, legacyRow), { timeout: 10_000 }).toContain('等待转码（集中收看结束后进行）');
    expect(await text(page, '[data-testid=course-row]:has-text("第一讲 党章学习")')).toContain('可播放');
    expect(await text(page, legacyRow)).toContain('U盘');
    expect(await text(page, '[data-testid=conversions-waiting]')).toContain('转码将在收看结束后继续');
    await saveScreenshot(page, 'admin-library-converting');

    closeGroupViewing(sessionId);
    await page.waitForSelector(`${legacyRow}[data-status=ready]`, { timeout: 30_000 });
    expect(await text(page, legacyRow)).toContain('可播放');
    await saveScreenshot(page, 'admin-library-ready');

    // The stick is exactly as it was: same files, sizes, times and contents.
    expect(snapshotFolder(stick)).toEqual(before);
    await page.close();
  }, 90_000);

  it('registers an HLS stream typed into 网址导入, and shows the receive/store/play log', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.setDefaultTimeout(10_000);
    await page.goto(agent.url);
    await page.waitForSelector('[data-testid=station-name]');
    await adminByKeys(page);
    await arrowTo(page, 'ArrowDown', '[data-testid=tab-library]');
    await page.keyboard.press('Enter');
    // The stick is still in (its banner below the view buttons); right from the tabs lands on the view buttons.
    await page.waitForSelector('[data-testid=stick-open]');
    await arrowTo(page, 'ArrowRight', '[data-testid=library-view-courses]');
    await arrowTo(page, 'ArrowRight', '[data-testid=library-view-url]');
    await page.keyboard.press('Enter');
    await arrowTo(page, 'ArrowDown', '[data-testid=url-input]');
    await page.keyboard.type(`${base}/live/county.m3u8`);
    await arrowTo(page, 'ArrowDown', '[data-testid=url-title]');
    await page.keyboard.type('县委组织部直播');
    await arrowTo(page, 'ArrowDown', '[data-testid=url-start]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=url-job][data-state=done]', { timeout: 15_000 });
    expect(await text(page, '[data-testid=url-result]')).toBe('县委组织部直播：已登记为直播课件');
    await saveScreenshot(page, 'admin-library-url');

    // A download the server refuses: the agent sends its code and values, the screen says them in Chinese.
    await arrowTo(page, 'ArrowUp', '[data-testid=url-input]');
    await page.keyboard.type(`${base}/gone.mp4`);
    await arrowTo(page, 'ArrowDown', '[data-testid=url-start]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=url-job][data-state=failed]', { timeout: 15_000 });
    expect(await text(page, '[data-testid=url-job][data-state=failed] [data-testid=url-result]')).toBe(`失败：服务器拒绝了下载：HTTP 404（找不到文件，请检查网址）${base}/gone.mp4`);

    await arrowTo(page, 'ArrowUp', '[data-testid^=library-view-]');
    await arrowTo(page, 'ArrowRight', '[data-testid=library-view-log]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=library-log-row]');
    const log = await page.$$eval('[data-testid=library-log-row]', (items) => items.map((i) => i.textContent ?? ''));
    expect(log.some((row) => row.includes('接收') && row.includes('第一讲 党章学习') && row.includes('U盘'))).toBe(true);
    expect(log.some((row) => row.includes('转换') && row.includes('第二讲 党史'))).toBe(true);
    expect(log.some((row) => row.includes('入库') && row.includes('县委组织部直播') && row.includes('直播课件'))).toBe(true);
    await saveScreenshot(page, 'admin-library-log');

    await arrowTo(page, 'ArrowLeft', '[data-testid=library-view-courses]');
    await page.keyboard.press('Enter');
    await expect.poll(() => text(page, '[data-testid=course-row]:has-text("县委组织部直播")')).toContain('直播');
    await page.close();
  }, 60_000);
});
