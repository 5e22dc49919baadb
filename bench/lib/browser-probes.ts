// What the benchmarks watch inside the page, installed before any of the page's own scripts run
// (context.addInitScript) and read back from window.__yjBench. Times are the page's performance.now(), i.e.
// milliseconds since its navigation started, so no clock is compared across processes.
//
// Decision: the scripts are strings, not functions — playwright sends a function's source as the TypeScript
// transform left it, helper calls included, and those helpers do not exist in the page.
import type { Browser, BrowserContext, Page } from 'playwright-core';

export interface ProbeRecord {
  /** The 'first-paint' paint-timing entry. */
  firstPaint?: number;
  /** The frame after the watched element was in the DOM with its web fonts loaded. */
  readyPainted?: number;
  /** The first play() on a <video> element (video.js makes it once its source is set up). */
  playAt?: number;
  /** When the kiosk was asked to play: the OK press that skipped the title card (SKIP_TITLE_CARD). */
  requestAt?: number;
  /** The first video frame presented after that play(): requestVideoFrameCallback's expectedDisplayTime. */
  frameAt?: number;
}

/**
 * "Painted" for a page: the element matching `selector` is in the DOM, document.fonts.ready has resolved (the
 * kiosk's Chinese text is in its own web font), and one more frame has been produced after that — the second
 * rAF runs at the start of the frame after the one that drew it. The same criterion for the kiosk and the floor.
 */
export function paintProbe(selector: string): string {
  return `(() => {
    const probe = (window.__yjBench = window.__yjBench || {});
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (e.name === 'first-paint' && probe.firstPaint === undefined) probe.firstPaint = e.startTime;
      }).observe({ type: 'paint', buffered: true });
    } catch (e) { /* no paint timing: firstPaint stays undefined */ }
    let seen = false;
    const check = () => {
      if (seen || !document.querySelector(${JSON.stringify(selector)})) return;
      seen = true;
      document.fonts.ready.then(() => requestAnimationFrame(() => requestAnimationFrame(() => { probe.readyPainted = performance.now(); })));
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
    check();
  })();`;
}

/**
 * Time to first frame, the same way on every page: from the first play() on a <video> (patched on the
 * prototype, so the kiosk's video.js and a bare page are caught alike) to the first frame the compositor is
 * given after it (requestVideoFrameCallback, registered at that play()).
 */
export const FIRST_FRAME_PROBE = `(() => {
  const probe = (window.__yjBench = window.__yjBench || {});
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function () {
    if (probe.playAt === undefined && this instanceof HTMLVideoElement) {
      probe.playAt = performance.now();
      this.requestVideoFrameCallback((now, meta) => { probe.frameAt = meta.expectedDisplayTime; });
    }
    return play.apply(this, arguments);
  };
})();`;

/**
 * The kiosk shows a title card for 4 s before a showing (OK skips it). To time the player rather than that
 * deliberate pause, press OK (Enter, as the remote sends it) on every frame while the card is up. The player
 * cancels the key it acts on (preventDefault), so the press that skipped the card is known exactly: its time is
 * the room's play request (requestAt); presses before the player listened changed nothing.
 */
export const SKIP_TITLE_CARD = `(() => {
  const probe = (window.__yjBench = window.__yjBench || {});
  const tick = () => {
    if (probe.requestAt !== undefined) return;
    if (document.querySelector('[data-testid=title-card]')) {
      const at = performance.now();
      const handled = !window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
      if (handled) {
        probe.requestAt = at;
        return;
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

/**
 * Every <video> on the page plays at `rate` (loading a new source resets playbackRate to defaultPlaybackRate,
 * so both are set, on every load and play). Media events do not bubble, but window sees them while capturing.
 */
export function playbackRateScript(rate: number): string {
  return `(() => {
    const rate = ${JSON.stringify(rate)};
    const apply = (e) => {
      const v = e.target;
      if (!(v instanceof HTMLMediaElement)) return;
      if (v.defaultPlaybackRate !== rate) v.defaultPlaybackRate = rate;
      if (v.playbackRate !== rate) v.playbackRate = rate;
    };
    for (const type of ['loadstart', 'loadedmetadata', 'play', 'playing']) window.addEventListener(type, apply, true);
  })();`;
}

/** A fresh context (its own empty cache, as a freshly started kiosk has) at the kiosk's 1920×1080, probes installed. */
export async function probedContext(browser: Browser, scripts: string[]): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  for (const script of scripts) await context.addInitScript(script);
  return context;
}

export function readProbe(page: Page): Promise<ProbeRecord> {
  return page.evaluate('window.__yjBench || {}') as Promise<ProbeRecord>;
}

/**
 * Resolves with the value of `expression` (page JavaScript) once it is truthy, checked on every frame in the page
 * itself, so no round trip per check. Evaluated through DevTools as one expression: the kiosk's Content Security
 * Policy forbids eval, which Playwright's waitForFunction uses in the page.
 */
export async function waitInPage<T>(page: Page, expression: string, timeoutMs: number): Promise<T> {
  return (await page.evaluate(`new Promise((resolve, reject) => {
    const deadline = performance.now() + ${timeoutMs};
    const check = () => {
      let value;
      try { value = (${expression}); } catch (err) { value = undefined; }
      if (value) resolve(value);
      else if (performance.now() > deadline) reject(new Error(${JSON.stringify(`not true within ${timeoutMs} ms: ${expression}`)}));
      else requestAnimationFrame(check);
    };
    check();
  })`)) as T;
}

/** Resolves once the probe has `field`. */
export async function waitForProbe(page: Page, field: keyof ProbeRecord, timeoutMs: number): Promise<ProbeRecord> {
  await waitInPage(page, `!!window.__yjBench && window.__yjBench.${field} !== undefined`, timeoutMs);
  return readProbe(page);
}
