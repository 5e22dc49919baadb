// The kiosk's screen captured over the DevTools pipe of a real Chromium, started with the kiosk's own flags
// (headless here), as the station's launcher starts it.
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chromiumKioskArgs } from '../../../kiosk/main/launch-plan.pure.ts';
import { endKioskChromium } from '../../support/kiosk-chromium.ts';
import { spawnKiosk } from '../../../kiosk/main/launcher.ts';
import { CdpPipe } from '../../../agent/proof/cdp-pipe.ts';
import { DevToolsScreenCapturer } from '../../../agent/proof/devtools-capturer.ts';
import { jpegSize } from '../../../agent/proof/jpeg-fit.pure.ts';
import { CHROMIUM_PATH } from '../../support/browser.ts';

// Noise defeats JPEG: the first steps of the ladder do not fit 100 KB, so the capturer must step down.
const NOISY_PAGE = `<!doctype html><title>课程</title><body style="margin:0;overflow:hidden"><canvas id=c></canvas><script>
const el = document.getElementById('c'); el.width = 1920; el.height = 1080; const c = el.getContext('2d');
let s = 7; const r = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) & 255;
for (let y = 0; y < el.height; y += 5) for (let x = 0; x < el.width; x += 5) { c.fillStyle = 'rgb(' + r() + ',' + r() + ',' + r() + ')'; c.fillRect(x, y, 5, 5); }
document.title = 'ready';</script>`;
const CALM_PAGE = `<!doctype html><title>ready</title><body style="margin:0;background:#c00;color:#fff;font:80px sans-serif">党员教育 第一课</body>`;

let cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function serve(html: string): Promise<string> {
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => {
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

/** The kiosk's Chromium as the launcher starts it (spawnKiosk), headless here: its DevTools pipe is the launcher's. */
function launchKioskChromium(url: string): { child: ChildProcess; pipe: CdpPipe } {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'yj-kiosk-profile-'));
  const args = [...chromiumKioskArgs(url, profile), '--headless=new', '--no-sandbox', '--disable-gpu'];
  const { child, devtools } = spawnKiosk({ kind: 'chromium', command: CHROMIUM_PATH, args });
  cleanup.push(() => endKioskChromium(child, profile));
  if (!child || !devtools) throw new Error('spawnKiosk gave no DevTools pipe');
  return { child, pipe: new CdpPipe(devtools.toBrowser, devtools.fromBrowser) };
}

async function pageReady(pipe: CdpPipe): Promise<boolean> {
  const { targetInfos } = (await pipe.send('Target.getTargets')) as { targetInfos: { type: string; title: string }[] };
  return targetInfos.some((t) => t.type === 'page' && t.title === 'ready');
}

describe('DevToolsScreenCapturer on the kiosk Chromium the launcher started', () => {
  it('the launch plan asks for the DevTools pipe, never a port', () => {
    const args = chromiumKioskArgs('http://127.0.0.1:8720/', '/p');
    expect(args).toContain('--remote-debugging-pipe');
    expect(args.some((a) => a.startsWith('--remote-debugging-port'))).toBe(false);
  });

  it('captures the page as a 640-px JPEG of at most 100 KB', async () => {
    const url = await serve(CALM_PAGE);
    const { pipe } = launchKioskChromium(url);
    await expect.poll(() => pageReady(pipe), { timeout: 30_000 }).toBe(true);
    const picture = await new DevToolsScreenCapturer(pipe, url).capture();
    expect(picture.jpeg.length).toBeLessThanOrEqual(100 * 1024);
    expect(jpegSize(picture.jpeg)).toEqual({ width: picture.width, height: picture.height });
    // Scaled to 640 px wide, the screen's aspect ratio kept (headless Chromium's window is 800 × 600).
    expect(picture.width).toBe(640);
    expect(picture.height).toBe(480);
    expect(picture.jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  }, 60_000);

  it('steps quality and size down until a noisy screen fits', async () => {
    const url = await serve(NOISY_PAGE);
    const { pipe } = launchKioskChromium(url);
    await expect.poll(() => pageReady(pipe), { timeout: 30_000 }).toBe(true);
    // A TV's 1920 × 1080 screen full of detail.
    const { targetInfos } = (await pipe.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string }[] };
    const { sessionId } = await pipe.send('Target.attachToTarget', { targetId: targetInfos.find((t) => t.type === 'page')!.targetId, flatten: true });
    await pipe.send('Emulation.setDeviceMetricsOverride', { width: 1920, height: 1080, deviceScaleFactor: 1, mobile: false }, String(sessionId));
    // Busy screens fit 100 KB at the first step (~85 KB for this one); a 40 KB limit makes the ladder work.
    const limit = 40 * 1024;
    const picture = await new DevToolsScreenCapturer(pipe, url, limit).capture();
    expect(picture.jpeg.length).toBeLessThanOrEqual(limit);
    expect((await new DevToolsScreenCapturer(pipe, url).capture()).jpeg.length).toBeLessThanOrEqual(100 * 1024);
    expect(picture.width / picture.height).toBeCloseTo(16 / 9, 1);
    // The ladder's first step (640 px, quality 70) alone would not have fitted: the capturer stepped down.
    const first = await pipe.send('Page.captureScreenshot', { format: 'jpeg', quality: 70, clip: { x: 0, y: 0, width: 1920, height: 1080, scale: 1 / 3 } }, String(sessionId));
    expect(Buffer.from(String(first.data), 'base64').length).toBeGreaterThan(limit);
  }, 60_000);

  it('rejects (and does not hang) once Chromium is gone', async () => {
    const url = await serve(CALM_PAGE);
    const { child, pipe } = launchKioskChromium(url);
    await expect.poll(() => pageReady(pipe), { timeout: 30_000 }).toBe(true);
    child.kill('SIGKILL');
    await expect.poll(() => pipe.isOpen, { timeout: 10_000 }).toBe(false);
    await expect(new DevToolsScreenCapturer(pipe, url).capture()).rejects.toThrow(/调试管道已关闭/);
  }, 60_000);
});
