// What is wrong with a kiosk screen as shown, for the screen-size tests: text cut off and anything a person can
// act on outside the overscan-safe area (test/kiosk/screen-sizes.test.ts, late-checkin-sizes.test.ts).
import type { Page } from 'playwright-core';
import { OVERSCAN_MARGIN, screenFit } from '../../kiosk/ui/src/screen-fit.ts';

/**
 * What is wrong with the screen as shown: text cut off (an ellipsis or a clipped box), and anything a person can
 * act on that lies outside the overscan-safe area without a list that scrolls it into view.
 */
export function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate((margin) => {
    const problems: string[] = [];
    const safe = { left: (innerWidth * margin) / 2 - 1, top: (innerHeight * margin) / 2 - 1, right: innerWidth * (1 - margin / 2) + 1, bottom: innerHeight * (1 - margin / 2) + 1 };
    const within = (r: DOMRect) => r.left >= safe.left && r.top >= safe.top && r.right <= safe.right && r.bottom <= safe.bottom;
    const label = (el: Element) => `<${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? ` ${el.getAttribute('data-testid')}` : ''}> “${(el.textContent ?? '').trim().slice(0, 24)}”`;
    for (const el of document.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])')) {
      if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: false })) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || within(r)) continue;
      // Outside the screen is fine only in a list that scrolls it into view, itself on the screen.
      let scroller: HTMLElement | null = el.parentElement;
      while (scroller && !(/(auto|scroll)/.test(getComputedStyle(scroller).overflowY) && scroller.scrollHeight > scroller.clientHeight)) scroller = scroller.parentElement;
      if (scroller && within(scroller.getBoundingClientRect())) continue;
      problems.push(`out of reach: ${label(el)} at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)} (screen ${innerWidth}×${innerHeight})`);
    }
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      if (el.children.length > 0 || !(el.textContent ?? '').trim() || !el.checkVisibility()) continue;
      const style = getComputedStyle(el);
      // Text for screen readers only (video.js's “Video Player is loading.” while the player waits, a busy
      // machine's case) is clipped to a 1 px box on purpose: no eye sees it, so nothing is cut off.
      const forScreenReaders = style.position === 'absolute' && el.clientWidth <= 1 && el.clientHeight <= 1 && (style.clip !== 'auto' || style.clipPath !== 'none');
      if (forScreenReaders) continue;
      const clips = style.textOverflow === 'ellipsis' || style.overflowX === 'hidden' || style.overflowX === 'clip';
      if (clips && el.scrollWidth > el.clientWidth + 1) problems.push(`cut off: ${label(el)} (${el.scrollWidth} px of text in ${el.clientWidth} px)`);
    }
    return problems;
  }, OVERSCAN_MARGIN);
}


/**
 * Shows the kiosk page on a screen of width × height and waits until the page has fitted itself to it. The
 * browser answers setViewportSize before the page's resize handler has run, so a check straight after it may
 * see the old zoom (a 3840×2160 screen laid out as the last one was; CI, 2026-12-06).
 */
export async function showAt(page: Page, width: number, height: number): Promise<void> {
  await page.setViewportSize({ width, height });
  const zoom = screenFit(width, height).zoom;
  // The style reads back rounded (0.506667 for 0.50666…), so compared to a few decimals.
  await page.waitForFunction(
    ([w, h, z]) => innerWidth === w && innerHeight === h && Math.abs(Number(document.documentElement.style.zoom) - z) < 1e-4,
    [width, height, zoom] as const,
    { timeout: 10_000 },
  );
}
