// The headless Chromium's flags (common/documents/chromium-launch.ts) with the installed playwright-core and
// Chromium: our --disable-features replaces playwright-core's own list, so it must still hold all of it, and
// the omnibox popup's web pages, which a headless Chromium builds for every context, are not built.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { LAUNCH_ARGS, PLAYWRIGHT_DISABLED_FEATURES, UNSHOWN_FEATURES } from '../../common/documents/chromium-launch.ts';
import { CHROMIUM_PATH } from '../support/browser.ts';
import { descendantsOf, readProcess } from '../../bench/lib/proc-sample.ts';

/** This process's children that are Chromium main processes: their command lines, as playwright-core gave them. */
function chromiumChildren(): Map<number, string[]> {
  const found = new Map<number, string[]>();
  for (const pid of descendantsOf(process.pid)) {
    if (readProcess(pid)?.stat.ppid !== process.pid) continue;
    try {
      const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (args.some((a) => a.startsWith('--remote-debugging-pipe'))) found.set(pid, args);
    } catch {
      // Gone between the listing and the read.
    }
  }
  return found;
}

/** A Chromium started with `args`, and the command line its main process got. */
async function launchSeen(args: string[]): Promise<{ browser: Browser; commandLine: string[] }> {
  const before = new Set(chromiumChildren().keys());
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args });
  const started = [...chromiumChildren()].filter(([pid]) => !before.has(pid));
  expect(started, 'one new Chromium main process').toHaveLength(1);
  return { browser, commandLine: started[0]![1] };
}

/** The features the last --disable-features switches off: the one Chromium reads. */
const disabledBy = (commandLine: string[]): string[] =>
  (commandLine.findLast((a) => a.startsWith('--disable-features=')) ?? '--disable-features=').slice('--disable-features='.length).split(',').filter(Boolean);

/** The URLs of the browser's own UI pages (chrome://…top-chrome) once a context has a page. */
async function browserUiPages(browser: Browser): Promise<string[]> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.setContent('<p>页面</p>');
  const session = await browser.newBrowserCDPSession();
  const { targetInfos } = (await session.send('Target.getTargets', { filter: [{}] })) as { targetInfos: { type: string; url: string }[] };
  await session.detach();
  return targetInfos.filter((t) => t.type === 'browser_ui').map((t) => t.url);
}

const opened: Browser[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((b) => b.close()));
});

describe('the headless Chromium’s flags', () => {
  it('keep every feature playwright-core switches off, and switch off the omnibox popup’s pages', async () => {
    const bare = await launchSeen(['--no-sandbox', '--disable-gpu']);
    opened.push(bare.browser);
    const playwrights = disabledBy(bare.commandLine);
    expect(playwrights.length, 'playwright-core passes a --disable-features of its own').toBeGreaterThan(0);
    // A feature named here and not in PLAYWRIGHT_DISABLED_FEATURES came with a playwright-core upgrade: add it there.
    expect(playwrights.filter((f) => !(PLAYWRIGHT_DISABLED_FEATURES as readonly string[]).includes(f))).toEqual([]);

    const ours = await launchSeen([...LAUNCH_ARGS]);
    opened.push(ours.browser);
    expect(disabledBy(ours.commandLine)).toEqual(expect.arrayContaining([...playwrights, ...UNSHOWN_FEATURES]));
    expect((await browserUiPages(ours.browser)).filter((url) => url.includes('omnibox'))).toEqual([]);
  }, 60_000);
});
