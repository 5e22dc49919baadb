// A USB card reader (a keyboard that types a card's number and Enter in one burst) in browser tests.
import type { Page } from 'playwright-core';

/**
 * A USB card reader as Chromium sees one: real key events, each carrying its own timestamp 3 ms after the
 * last (as a device's events do), then Enter — all sent at once, as a device sends them without waiting for
 * the page. page.keyboard.type's own pace drifts to 40 ms a key on a busy machine, and awaiting each event
 * let the screen's 100 ms release timer fire between two keys of one card; with the timestamps given and
 * nothing awaited in between, a slow test run cannot turn a reader's burst into typing.
 */
export async function swipeCard(page: Page, uid: string, gapMs = 3): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const t0 = Date.now() / 1000;
  let n = 0;
  const sent: Promise<unknown>[] = [];
  const press = (key: string, code: string, keyCode: number, text: string) => {
    const at = t0 + (n++ * gapMs) / 1000;
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key, code, windowsVirtualKeyCode: keyCode, text, unmodifiedText: text, timestamp: at }));
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, code, windowsVirtualKeyCode: keyCode, timestamp: at + 0.001 }));
  };
  for (const c of uid) press(c, /\d/.test(c) ? `Digit${c}` : `Key${c.toUpperCase()}`, c.toUpperCase().charCodeAt(0), c);
  press('Enter', 'Enter', 13, '\r');
  await Promise.all(sent);
  await cdp.detach();
}
