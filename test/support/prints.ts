// The printer in browser tests: every frame's window.print() is recorded instead of printing. This machine
// has no printer, and a real print job in headless Chromium holds the page ("Page is already being printed")
// against the test's own page.pdf(). What the kiosk prints, and from which page, is what the tests check.
import type { Page } from 'playwright-core';

export interface PrintCall {
  /** The printed frame's address: the printable page itself, not the kiosk screen around it. */
  url: string;
  title: string;
  text: string;
}

/** Call before page.goto: from then on print() in any frame of the page is recorded on the top window. */
export async function recordPrints(page: Page): Promise<void> {
  // A string, not a function: playwright serialises functions as written, helpers of the test's transform included.
  await page.addInitScript(`(() => {
    window.print = () => {
      const top = window.top;
      top.__prints = [...(top.__prints ?? []), { url: location.href, title: document.title, text: document.body ? document.body.innerText : '' }];
    };
  })();`);
}

/** What was printed so far, oldest first. */
export async function printsOf(page: Page): Promise<PrintCall[]> {
  return (await page.evaluate(() => (window as unknown as { __prints?: PrintCall[] }).__prints ?? [])) as PrintCall[];
}
