// The TV remote in browser tests: arrow keys until the focus lands where a person would steer it.
import type { Page } from 'playwright-core';
import { waitFor } from './wait.ts';

export type ArrowKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight';

/** What has the focus, for a failure message a person can act on. */
export function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return '(nothing)';
    return `<${el.tagName.toLowerCase()} ${el.getAttribute('data-testid') ?? ''}> ${(el.textContent || (el as HTMLInputElement).value || '').trim().slice(0, 40)}`;
  });
}

/**
 * Where the focus rests once the screen has settled, and whether that matches `selector`. Screens move the
 * focus by themselves a frame or a fetch after they render (the first volume of a USB list, a form's first
 * field); a key pressed in between would carry it past the target, so the focus must hold still first.
 */
function settledFocus(page: Page, selector: string): Promise<{ on: boolean; where: string }> {
  return page.evaluate(async (sel) => {
    const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 60));
    let before: Element | null = null;
    for (let i = 0; i < 20; i++) {
      before = document.activeElement;
      await frame();
      await frame();
      await pause();
      if (document.activeElement === before) break;
    }
    const el = document.activeElement as HTMLElement | null;
    const where = !el || el === document.body
      ? '(nothing)'
      : `<${el.tagName.toLowerCase()} ${el.getAttribute('data-testid') ?? ''}> ${(el.textContent || (el as HTMLInputElement).value || '').trim().slice(0, 40)}`;
    return { on: el?.matches(sel) ?? false, where };
  }, selector);
}

/** Presses one arrow until the focus is on `selector`, as a person with a remote would; fails if it never gets there. */
export async function arrowTo(page: Page, key: ArrowKey, selector: string, max = 30): Promise<void> {
  const trail: string[] = [];
  for (let i = 0; i <= max; i++) {
    const { on, where } = await settledFocus(page, selector);
    if (on) return;
    trail.push(where);
    if (i < max) await page.keyboard.press(key);
  }
  throw new Error(`${max} × ${key} never reached ${selector}; the focus went ${[...new Set(trail)].join(' → ')}`);
}

/**
 * A form or dialog puts the focus on its first control once it has mounted, and only then listens for
 * Back; keys typed or pressed before that would land elsewhere, so wait for it as a person's eyes would.
 */
export async function focusInside(page: Page, selector: string, timeoutMs = 15_000): Promise<void> {
  await waitFor(() => page.evaluate((sel) => document.activeElement?.closest(sel) != null, selector), timeoutMs, `focus inside ${selector}`);
}

/** Waits for the focus to be on `selector` itself. */
export async function focusOn(page: Page, selector: string, timeoutMs = 10_000): Promise<void> {
  try {
    await waitFor(() => page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector), timeoutMs, `focus on ${selector}`);
  } catch (err) {
    throw new Error(`${(err as Error).message} (it is on ${await focused(page)})`);
  }
}

/**
 * Steers the focus to `selector` with arrow keys only, as a person looking at the screen would: to the target's
 * row first, then along it; the other way when one no longer moves the ring.
 */
export async function steerTo(page: Page, selector: string, max = 40): Promise<void> {
  const trail: string[] = [];
  for (let i = 0; i <= max; i++) {
    const { on, where } = await settledFocus(page, selector);
    if (on) return;
    trail.push(where);
    if (i === max) break;
    const keys = await page.evaluate((sel) => {
      const target = document.querySelector(sel)?.getBoundingClientRect();
      const here = (document.activeElement ?? document.body).getBoundingClientRect();
      if (!target) return [];
      const dx = target.left + target.width / 2 - (here.left + here.width / 2);
      const dy = target.top + target.height / 2 - (here.top + here.height / 2);
      const horizontal = dx > 0 ? 'ArrowRight' : 'ArrowLeft';
      const vertical = dy > 0 ? 'ArrowDown' : 'ArrowUp';
      // A direction in which the target lies no further than the ring's own size is not worth a press.
      const ways = [vertical, horizontal].filter((k) => (k === horizontal ? Math.abs(dx) > here.width / 2 : Math.abs(dy) > here.height / 2));
      // The target's row first, then along it, as screens are laid out in rows.
      return ways;
    }, selector);
    if (keys.length === 0) throw new Error(`${selector} is not on the screen; the focus is on ${where}`);
    const before = where;
    await page.keyboard.press(keys[0]!);
    if (keys[1] && (await settledFocus(page, selector)).where === before) await page.keyboard.press(keys[1]);
  }
  throw new Error(`${max} arrows never reached ${selector}; the focus went ${[...new Set(trail)].join(' → ')}`);
}

const KEY_CODES: Record<string, { code: string; keyCode: number }> = {
  Escape: { code: 'Escape', keyCode: 27 },
  Enter: { code: 'Enter', keyCode: 13 },
};

/**
 * A remote's key pressed at `pressedAtMs` (epoch ms, never in the future: as the system stamps a key it saw): for
 * a test about the time between two presses, which must not be what this test process or the page took between
 * sending them. Resolves once the page has handled the key.
 */
export async function pressAt(page: Page, key: keyof typeof KEY_CODES, pressedAtMs: number): Promise<void> {
  if (pressedAtMs > Date.now()) throw new Error(`a key pressed in the future (${pressedAtMs - Date.now()} ms from now)`);
  const { code, keyCode } = KEY_CODES[key]!;
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key, code, windowsVirtualKeyCode: keyCode, timestamp: pressedAtMs / 1000 });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, code, windowsVirtualKeyCode: keyCode, timestamp: pressedAtMs / 1000 });
  } finally {
    await cdp.detach();
  }
}
