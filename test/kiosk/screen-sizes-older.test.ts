// Every screen fits every TV for older members' display settings (screen-sizes.test.ts has the five sizes at
// 100 %): 125 % text; 150 % text, and 150 % text in high contrast on a set-top box and a 1080p TV
// (test-artifacts/sizes-*-text125-*, sizes-*-text150-*, sizes-*-text150-contrast-*); and at 150 % on every 4:3 and
// 16:9 size, the check-in screen with its help line and the roster table with every name on one line.
import { beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait.ts';
import { changeSettings, check, DISPLAY_MODES, everyScreenAt, openAt, PIN, SIZES, useSizesKiosk } from './screen-sizes-kiosk.ts';

useSizesKiosk();

describe.each(DISPLAY_MODES)('the kiosk for older members: $name', ({ name, settings, sizes }) => {
  beforeAll(() => changeSettings(settings));
  describe.each(sizes)('at %i×%i', (width, height) => everyScreenAt(width, height, { name, textSize: String(settings.textSize) }));
});

/**
 * 150 % text at every 4:3 and 16:9 size: the check-in screen with its help line shown whole within the screen
 * (it was hidden at 150 % to make room), and the admin roster table with every name whole on one line.
 */
describe('150 % text at every size: the check-in screen and the roster table', () => {
  beforeAll(() => changeSettings({ textSize: 150, highContrast: false }));
  describe.each(SIZES.filter(([w]) => w < 3840))('at %i×%i', (width, height) => {
    const size = `text150-${width}x${height}`;
    it('check-in shows every name whole, its buttons and its help line on the screen', async () => {
      const page = await openAt(width, height, '150');
      try {
        await page.waitForSelector('[data-screen=checkin] [data-testid=tile]', { timeout: 20_000 });
        await check(page, `sizes-checkin-${size}-all`);
        // How to check in, below the buttons: shown whole and on the screen (it was hidden at 150 % for room).
        const help = await page.$eval('.checkin-help', (el) => {
          const r = el.getBoundingClientRect();
          const pad = document.querySelector('.checkin-actions')!.getBoundingClientRect();
          return { shown: el.checkVisibility() && r.height > 0, inside: r.top >= pad.bottom && r.bottom <= innerHeight * 0.975 + 1 && r.left >= 0 && r.right <= innerWidth, text: el.textContent };
        });
        expect(help).toEqual({ shown: true, inside: true, text: expect.stringContaining('刷卡即可签到') });
      } finally {
        await page.close();
      }
    });

    it('the roster table shows every name whole on one line', async () => {
      const page = await openAt(width, height, '150');
      try {
        await page.waitForSelector('[data-screen=checkin] [data-testid=tile]', { timeout: 20_000 });
        await page.keyboard.press('Escape');
        await page.click('[data-testid=go-admin]');
        await waitFor(() => page.evaluate(() => document.activeElement?.closest('[data-testid=pin-pad]') != null), 15_000, 'focus on the PIN pad');
        await page.keyboard.type(PIN);
        await page.keyboard.press('Enter');
        await page.waitForSelector('[data-testid=admin-main]', { timeout: 10_000 });
        await page.click('[data-testid=tab-roster]');
        await page.waitForSelector('[data-testid=member-row]');
        await check(page, `sizes-admin-roster-${size}`);
        // A name wrapped over two lines is a name a person misreads: each name cell is one line high.
        const wrapped = await page.$$eval('[data-testid=member-row]', (rows) =>
          rows
            .map((row) => row.querySelector('td') as HTMLElement)
            .filter((td) => {
              const range = document.createRange();
              range.selectNodeContents(td);
              return range.getClientRects().length > 1 || td.scrollWidth > td.clientWidth + 1;
            })
            .map((td) => td.textContent),
        );
        expect(wrapped).toEqual([]);
      } finally {
        await page.close();
      }
    });
  });
});
