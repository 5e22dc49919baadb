// 支部活动 in a real Chromium against a real agent on a real station database, driven with the remote's keys only
// (arrows, OK, Back) at 1280×720: an activity entered on the screen, its check-in opened, members checked in by
// their names and a guest, photos from a (fake-mounted, real-folder) USB stick with a non-image refused, the
// 三会一课 rhythm shown, and the record withdrawn — it stays, marked.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { saveScreenshot } from '../../support/screenshots.ts';
import { waitFor } from '../../support/wait.ts';
import { createStation, tempDir } from '../../support/station-fixture.ts';
import { focusInside, steerTo } from '../../support/remote.ts';
import type { RunningAgent } from '../../../agent/daemon.ts';
import { ActivityStore } from '../../../agent/activities/activity-store.ts';
import { startAdminKiosk } from '../../support/admin-kiosk.ts';
import { FakeRemovableMedia } from '../../content/usb-fake-media.ts';
import { runOwnMediaFfmpeg } from '../../../content/ffmpeg.ts';

const PIN = '246810';
let browser: Browser;
let agent: RunningAgent;
let dir: string;
let page: Page;

beforeAll(async () => {
  dir = tempDir('yj-admin-activities-');
  const station = createStation({ dir });
  station.settings({ stationName: '红旗村党员活动室' });
  station.addMember({ name: '张三', category: 'full' });
  station.addMember({ name: '李四', category: 'probationary' });
  station.addMember({ name: '王五', category: 'full' });
  station.close();
  const stick = path.join(dir, 'stick');
  fs.mkdirSync(stick);
  await runOwnMediaFfmpeg(['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=s=800x600', '-frames:v', '1', path.join(stick, 'IMG_0001.jpg')]);
  fs.writeFileSync(path.join(stick, 'readme.jpg'), '不是照片');
  const media = new FakeRemovableMedia();
  await media.plug(stick, '活动照片');
  ({ agent, browser } = await startAdminKiosk({ dataDir: dir, removableMedia: media }, PIN));
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.setDefaultTimeout(15_000);
  await page.goto(agent.url);
  await page.click('[data-testid=go-admin]');
  await page.waitForSelector('[data-testid=admin-login]');
  await waitFor(() => page.evaluate(() => document.activeElement?.closest('[data-testid=pin-pad]') != null), 15_000, 'focus on the PIN pad');
  await page.keyboard.type(PIN);
  await page.click('[data-testid=pin-pad] .pin-keys > button:nth-child(12)');
  await page.waitForSelector('[data-testid=admin-main]');
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function press(selector: string): Promise<void> {
  await steerTo(page, selector);
  await page.keyboard.press('Enter');
}

const activities = () => new ActivityStore(agent.ctx.db);

describe('the branch activities tab', () => {
  it('enters an activity typed with the remote, refusing an empty topic first', async () => {
    await press('[data-testid=tab-activities]');
    await page.waitForSelector('[data-testid=activities-panel]');
    await page.waitForSelector('[data-testid=activities-rhythm]');
    expect(await page.textContent('[data-testid=rhythm-committee]')).toContain('支委会 0/1');
    await press('[data-testid=activity-add]');
    await focusInside(page, '[data-testid=activity-form]');
    await steerTo(page, '[data-testid=activity-host]');
    await page.keyboard.type('王书记');
    await press('[data-testid=activity-save]');
    await expect.poll(() => page.textContent('[data-testid=activity-problem]')).toContain('请填写地点、主持人和主题');
    expect(activities().between('2000-01-01', '2100-01-01')).toEqual([]);
    await steerTo(page, '[data-testid=activity-topic]');
    await page.keyboard.type('研究发展党员工作');
    await steerTo(page, '[data-testid=activity-minutes]');
    await page.keyboard.type('一、传达上级文件精神');
    await press('[data-testid=activity-save]');
    await page.waitForSelector('[data-testid=activity-row]');
    const [saved] = activities().between('2000-01-01', '2100-01-01');
    expect(saved).toMatchObject({ kind: 'committee', host: '王书记', topic: '研究发展党员工作', minutes: '一、传达上级文件精神', withdrawn: null });
    await expect.poll(() => page.textContent('[data-testid=rhythm-committee]')).toContain('支委会 1/1 已落实');
  });

  it('opens check-in, takes members by name and a guest, and closes it', async () => {
    await press('[data-testid=activity-open]');
    await page.waitForSelector('[data-testid=activity-detail]');
    await press('[data-testid=activity-checkin-open]');
    await page.waitForSelector('[data-testid=activity-checkin]');
    await press('[data-testid=activity-tile][data-member="1"]');
    await expect.poll(() => page.textContent('[data-testid=activity-figures]')).toContain('实到 1 人');
    await press('[data-testid=activity-tile][data-member="2"]');
    await press('[data-testid=activity-guest]');
    await focusInside(page, '[data-testid=activity-guest-dialog]');
    await steerTo(page, '[data-testid=activity-guest-name]');
    await page.keyboard.type('赵六');
    await press('[data-testid=activity-guest-ok]');
    await expect.poll(() => page.textContent('[data-testid=activity-figures]')).toContain('应到 3 人，实到 2 人，列席 1 人');
    await saveScreenshot(page, 'admin-activity-checkin-1280');
    await press('[data-testid=activity-checkin-close]');
    await page.waitForSelector('[data-testid=activity-attendees]');
    const a = activities().between('2000-01-01', '2100-01-01')[0]!;
    expect(a.checkinClosedAt).not.toBeNull();
    expect(activities().checkins(a.id).map((c) => c.guestName ?? c.memberId)).toEqual([1, 2, '赵六']);
  });

  it('imports photos from the USB stick, refusing the file that is not a photo, and shows the thumbnail', async () => {
    await press('[data-testid=activity-photos]');
    await focusInside(page, '[data-testid=activity-photo-dialog]');
    await page.waitForSelector('[data-testid=activity-volume]');
    await press('[data-testid=activity-volume]');
    await expect.poll(() => page.textContent('[data-testid=activity-photo-outcomes]')).toContain('导入 1 张照片');
    expect(await page.textContent('[data-testid=activity-photo-outcomes]')).toContain('readme.jpg 不是 JPEG 或 PNG 照片');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=activity-thumbnail]');
    expect(await page.$eval('[data-testid=activity-thumbnail]', (img) => (img as HTMLImageElement).naturalWidth)).toBe(320);
    await saveScreenshot(page, 'admin-activity-record-1280');
  });

  it('withdraws the record with a reason: it stays, marked, and no longer counts', async () => {
    await press('[data-testid=activity-withdraw]');
    await focusInside(page, '[data-testid=activity-withdraw-dialog]');
    await press('[data-testid=activity-withdraw-ok]');
    await expect.poll(() => page.textContent('[data-testid=activity-withdraw-problem]')).toContain('请写明撤销原因');
    await steerTo(page, '[data-testid=activity-reason]');
    await page.keyboard.type('日期登记错误');
    await press('[data-testid=activity-withdraw-ok]');
    await page.waitForSelector('[data-testid=activity-withdrawn]');
    expect(await page.textContent('[data-testid=activity-withdrawn]')).toContain('原因：日期登记错误');
    const a = activities().between('2000-01-01', '2100-01-01')[0]!;
    expect(a).toMatchObject({ topic: '研究发展党员工作', withdrawn: { reason: '日期登记错误' } });
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=activities-table]');
    expect(await page.textContent('[data-testid=activity-row]')).toContain('已撤销');
    await expect.poll(() => page.textContent('[data-testid=rhythm-committee]')).toContain('支委会 0/1');
    await saveScreenshot(page, 'admin-activities-1280');
  });
});
