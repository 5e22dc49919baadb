// Remote help end to end: a real agent enrolled with a real hub on loopback, holding its live wait (GET /api/v1/wait).
// Staff ask over the hub's API; the command reaches the agent through the wait alone (its reports are held back an
// hour here, so no report's answer can bring it), is carried out and its result appears at the hub: a screenshot
// (real ffmpeg stands in for the kiosk's screen), a kiosk restart taken on by the real launcher relay, and the
// diagnostic bundle, downloaded by staff, without the member's name or phone.
import fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { enroll } from '../../../agent/uplink/enrollment.ts';
import { appendStationLog } from '../../../agent/stationlog/station-log.ts';
import { FfmpegRoomCamera } from '../../../agent/proof/ffmpeg-room-camera.ts';
import type { ProofPicture } from '../../../agent/proof/screen-capturer.ts';
import { relayCaptures } from '../../../kiosk/main/capture-relay.ts';
import { at, createStation, tempDir } from '../../support/station-fixture.ts';
import { waitFor } from '../../support/wait.ts';
import { call, registerStation, staffToken, startTestHub, type TestHub } from '../support/hub-fixture.ts';
import { launchBrowser } from '../../support/browser.ts';
import { saveScreenshot } from '../../support/screenshots.ts';

type Command = { id: string; kind: string; state: string; code: string | null; resultBytes: number | null };

const clock = at('2026-12-07 14:00');
let hub: TestHub;
let agent: RunningAgent;
let admin: string;
let stationId: string;
const dirs: string[] = [];
const screens: ProofPicture[] = [];
const camera = new FfmpegRoomCamera(['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=5']);

const ask = (kind: string) => call<Command>(`${hub.url}/api/county/stations/${stationId}/remote-help`, { token: admin, body: { kind } });
const stateOf = async (id: string) => (await call<{ commands: Command[] }>(`${hub.url}/api/county/stations/${stationId}/remote-help`, { token: admin })).body.commands.find((c) => c.id === id);

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock });
  admin = await staffToken(hub, 'admin', 'county_admin');
  const { id, code } = await registerStation(hub, admin, '红旗村党员活动室');
  stationId = id;
  const dir = tempDir('yj-remote-help-agent-');
  dirs.push(dir);
  const station = createStation({ dir });
  station.addMember({ name: '马桂兰', phone: '13699001122' });
  appendStationLog(station.db, { type: 'checkin', actor: 'kiosk', at: clock, message: '马桂兰 签到，电话 13699001122' });
  await enroll(station.db, { hubUrl: hub.url, code, now: () => clock });
  station.close();
  agent = await startDaemon({
    dataDir: dir,
    port: 0,
    logLevel: 'error',
    now: () => clock,
    // No heartbeat and no settled report within the test: only the live wait can bring a command.
    uplink: { monotonic: () => clock, settleMs: 3_600_000, heartbeatIntervalMs: 3_600_000, backoffBaseMs: 20, backoffMaxMs: 100 },
    screenCapturer: {
      capture: async () => {
        const picture = await camera.photograph();
        screens.push(picture);
        return picture;
      },
    },
  });
  // The start's one report has gone out (and its answer brought the downlink as it stands).
  await waitFor(() => agent.ctx.uplink.status().lastSuccessAt !== null, 30_000, 'the start’s report');
}, 90_000);

afterAll(async () => {
  await agent?.stop();
  await hub?.stop();
  for (const d of [...dirs, hub.dataDir]) fs.rmSync(d, { recursive: true, force: true, maxRetries: 20, retryDelay: 200 });
});

describe('remote help reaches an online station through its live wait', () => {
  it('a screenshot asked at the hub is taken at the station and shown at the hub within seconds', async () => {
    const started = performance.now();
    const asked = await ask('screenshot');
    expect(asked.status).toBe(201);
    await expect.poll(async () => (await stateOf(asked.body.id))?.state, { timeout: 20_000 }).toBe('done');
    const seconds = (performance.now() - started) / 1000;
    console.log(`remote help: screenshot asked → stored at the hub in ${seconds.toFixed(2)} s`);
    const served = await fetch(`${hub.url}/api/county/stations/${stationId}/remote-help/${asked.body.id}/result`, { headers: { authorization: `Bearer ${admin}` } });
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await served.arrayBuffer()).equals(screens.at(-1)!.jpeg)).toBe(true);
  }, 40_000);

  it('a kiosk restart is taken on by the launcher’s relay, which then reopens the browser', async () => {
    let restarts = 0;
    // No screenshot is asked here: a capturer that would only fail stands for the browser.
    const noScreen = { capture: () => Promise.reject(new Error('no screen in this test')) };
    const relay = relayCaptures(agent.url, noScreen, { pollMs: 200, onRestart: () => void (restarts += 1) });
    try {
      const asked = await ask('restart_kiosk');
      await expect.poll(async () => (await stateOf(asked.body.id))?.state, { timeout: 20_000 }).toBe('done');
      expect(restarts).toBe(1);
    } finally {
      relay.stop();
    }
  }, 40_000);

  it('the diagnostic bundle downloads as gzip JSON without the member’s name or phone', async () => {
    const asked = await ask('diagnostics');
    await expect.poll(async () => (await stateOf(asked.body.id))?.state, { timeout: 20_000 }).toBe('done');
    const res = await fetch(`${hub.url}/api/county/stations/${stationId}/remote-help/${asked.body.id}/result`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="yuanjiao-diagnostics-.*\.json\.gz"/);
    const gzip = Buffer.from(await res.arrayBuffer());
    const text = gunzipSync(gzip).toString('utf8');
    console.log(`remote help: diagnostic bundle ${gzip.length} bytes gzip, ${Buffer.byteLength(text)} bytes JSON`);
    expect(text).not.toContain('马桂兰');
    expect(text).not.toContain('13699001122');
    expect(text).toContain('〔姓名〕 签到，电话 〔号码〕');
    expect((JSON.parse(text) as { settings: { stationId: string } }).settings.stationId).toBe(stationId);
  }, 40_000);

  it('the station page: 截屏 shows the screenshot, 收集诊断包 offers the bundle, and a viewer has no 重启屏幕', async () => {
    await staffToken(hub, 'viewer-wang', 'viewer');
    const browser = await launchBrowser();
    try {
      const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })).newPage();
      await page.goto(`${hub.url}/`);
      await page.fill('input[name=username]', 'viewer-wang');
      await page.fill('input[name=password]', 'correct-horse-9');
      await page.click('[data-testid=login-submit]');
      await page.waitForSelector('[data-testid=current-user]');
      await page.goto(`${hub.url}/#/stations/${stationId}`);
      await page.waitForSelector('button[data-testid=remote-help-screenshot]');
      expect(await page.locator('[data-testid=remote-help-restart_kiosk]').count()).toBe(0);
      // (The test's clock stands still, so rows are counted by kind rather than picked by their order.)
      const rows = (kind: string) => page.locator(`[data-testid=remote-help-row][data-kind=${kind}]`);
      const shots = await rows('screenshot').count();
      await page.click('button[data-testid=remote-help-screenshot]');
      await expect.poll(() => rows('screenshot').count()).toBe(shots + 1);
      // Each row's state follows the station (the page reloads while one is open) until its picture shows.
      await expect.poll(() => page.locator('[data-testid=remote-help-row][data-kind=screenshot][data-state=done] img').count(), { timeout: 20_000 }).toBe(shots + 1);
      await expect
        .poll(() => page.$$eval('[data-testid=remote-help-picture]', (imgs) => imgs.map((img) => (img as HTMLImageElement).naturalWidth)), { timeout: 10_000 })
        .toEqual(Array.from({ length: shots + 1 }, () => 640));
      expect(await rows('screenshot').first().innerText()).toContain('已完成');
      const bundles = await rows('diagnostics').count();
      await page.click('button[data-testid=remote-help-diagnostics]');
      await expect.poll(() => page.locator('[data-testid=remote-help-row][data-kind=diagnostics][data-state=done] [data-testid=remote-help-download]').count(), { timeout: 20_000 }).toBe(bundles + 1);
      expect(await page.locator('[data-testid=station-remote-help]').innerText()).toContain('远程协助');
      // A bundle of a few kilobytes says so, not "0 MB".
      expect(await rows('diagnostics').last().locator('[data-testid=remote-help-download]').innerText()).toMatch(/^下载诊断包（\d+ (KB|B)）$/);
      await page.locator('[data-testid=station-remote-help]').scrollIntoViewIfNeeded();
      await saveScreenshot(page, 'dashboard-remote-help');
    } finally {
      await browser.close();
    }
  }, 60_000);
});
