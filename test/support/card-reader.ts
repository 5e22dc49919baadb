// A USB card reader (a keyboard that types a card's number and Enter in one burst) in browser tests.
import type { CDPSession, Page } from 'playwright-core';

export interface Swipe {
  /** Between two keys of the burst, as the reader types them (a few ms). */
  gapMs?: number;
  /**
   * Once the first `afterKeys` keys have reached the page, `meanwhile` runs (the page busy, or the rest of the
   * card held up on its way): the rest, typed by the reader right after them, reaches the page only afterwards,
   * stamped when it was typed.
   */
  interrupt?: { afterKeys: number; meanwhile: () => Promise<unknown> };
}

/** The page's main thread busy for `ms` (a busy loop in it): nothing on the page runs meanwhile. */
export function busyPage(page: Page, ms: number): Promise<void> {
  return page.evaluate((busyMs) => {
    const until = performance.now() + busyMs;
    while (performance.now() < until);
  }, ms);
}

/**
 * A USB card reader as Chromium sees one: real key events (CDP), each stamped with the time the reader typed
 * it — the burst just finished, a key every `gapMs`, then Enter — and sent at once, without waiting for the page
 * between keys (a device does not wait either). Stamps are never in the future, as a device's never are. How
 * fast this test process or the page runs does not change what the screen is told about the burst.
 */
export async function swipeCard(page: Page, uid: string, options: Swipe = {}): Promise<void> {
  const gapMs = options.gapMs ?? 3;
  const keys = [...uid].map((c) => ({ key: c, code: /\d/.test(c) ? `Digit${c}` : `Key${c.toUpperCase()}`, keyCode: c.toUpperCase().charCodeAt(0), text: c }));
  keys.push({ key: 'Enter', code: 'Enter', keyCode: 13, text: '\r' });
  // CDP's timestamps are seconds since the epoch; the last key was let go just now (a key is up 1 ms after down).
  const end = Date.now() / 1000;
  const stamped = keys.map((k, n) => ({ ...k, at: end - ((keys.length - 1 - n) * gapMs + 1) / 1000 }));
  const cdp = await page.context().newCDPSession(page);
  try {
    const split = options.interrupt?.afterKeys ?? stamped.length;
    await send(cdp, stamped.slice(0, split));
    await options.interrupt?.meanwhile();
    await send(cdp, stamped.slice(split));
  } finally {
    await cdp.detach();
  }
}

async function send(cdp: CDPSession, keys: readonly { key: string; code: string; keyCode: number; text: string; at: number }[]): Promise<void> {
  const sent: Promise<unknown>[] = [];
  for (const { key, code, keyCode, text, at } of keys) {
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key, code, windowsVirtualKeyCode: keyCode, text, unmodifiedText: text, timestamp: at }));
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, code, windowsVirtualKeyCode: keyCode, timestamp: at + 0.001 }));
  }
  await Promise.all(sent);
}
