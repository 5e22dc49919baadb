// The kiosk's screen for the footprint benchmark: Debian's Chromium (headless here: the bench box has no
// display) with the kiosk's autoplay policy, opened on a running agent, and the checks that a course is
// really playing in it.
import { chromium, type Browser, type Page } from 'playwright-core';
import { readProcess } from './proc-sample.ts';
import { descendantsOf } from './proc-sample.ts';

export const CHROMIUM = process.env.YUANJIAO_CHROMIUM ?? '/usr/bin/chromium';

export interface KioskBrowser {
  browser: Browser;
  page: Page;
  /** The browser's main process (its renderers and GPU/utility processes are below it). */
  pid: number | null;
  close(): Promise<void>;
}

/** The Chromium process this bench process started last: a direct child whose name says so. */
function chromiumChild(before: ReadonlySet<number>): number | null {
  for (const pid of descendantsOf(process.pid)) {
    if (before.has(pid)) continue;
    const r = readProcess(pid);
    if (r && r.stat.ppid === process.pid && /chrom/i.test(r.stat.comm)) return pid;
  }
  return null;
}

export async function openKiosk(url: string): Promise<KioskBrowser> {
  const before = new Set(descendantsOf(process.pid));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // The kiosk's own flags (kiosk/main/launch-plan.pure.ts) that matter here, and what a root, display-less box needs.
    args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(url, { waitUntil: 'load' });
    return { browser, page, pid: chromiumChild(before), close: () => browser.close() };
  } catch (err) {
    await browser.close();
    throw err;
  }
}

/** Where the page's video is now, or null when there is none. */
export async function videoPosition(page: Page): Promise<{ seconds: number; paused: boolean } | null> {
  return page.evaluate(() => {
    const v = document.querySelector('video');
    return v ? { seconds: v.currentTime, paused: v.paused } : null;
  });
}

/** Waits until a video on the page has played past `seconds`; fails with where it was. */
export async function waitPlaying(page: Page, seconds = 1, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last: Awaited<ReturnType<typeof videoPosition>> = null;
  for (;;) {
    last = await videoPosition(page);
    if (last && !last.paused && last.seconds > seconds) return last.seconds;
    if (Date.now() > deadline) throw new Error(`the kiosk did not play the course within ${timeoutMs} ms (video: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
