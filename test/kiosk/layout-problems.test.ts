// The screen-size tests trust layoutProblems (test/support/layout-problems.ts) to see what a person would see
// as wrong: here it is shown a page with a name cut off by an ellipsis, a button off the screen, and
// screen-reader text clipped to 1 px the way video.js writes “Video Player is loading.” while it waits — the
// first two are problems, the last is not (CI, 2026-12-07: it failed a late check-in size on a busy machine).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { layoutProblems } from '../support/layout-problems.ts';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
});
afterAll(async () => {
  await browser?.close();
});

const SCREEN_READER_ONLY = 'position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);border:0;padding:0';

it('finds a name cut off and a button out of reach, and passes over text meant for screen readers only', async () => {
  await page.setContent(`<body style="margin:0">
    <div style="width:60px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap">欧阳建国第一党支部</div>
    <button style="position:absolute;left:1270px;top:700px">撤销</button>
    <div class="vjs-loading-spinner"><span style="${SCREEN_READER_ONLY}">Video Player is loading.</span></div>
  </body>`);
  const problems = await layoutProblems(page);
  expect(problems).toHaveLength(2);
  expect(problems[0]).toMatch(/^out of reach: <button> “撤销”/);
  expect(problems[1]).toMatch(/^cut off: <div> “欧阳建国第一党支部”/);
});

it('still finds a one-pixel box cut off when nothing marks it as hidden on purpose', async () => {
  await page.setContent(`<body><span style="display:inline-block;width:1px;height:1px;overflow:hidden;white-space:nowrap">第一党支部</span></body>`);
  expect(await layoutProblems(page)).toEqual([expect.stringMatching(/^cut off: <span> “第一党支部”/)]);
});
