// Debian's Chromium driven by playwright-core, with the flags this closed-network machine needs.
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.YUANJIAO_CHROMIUM ?? '/usr/bin/chromium';

/** `extraArgs` adds flags a test needs, e.g. the kiosk's own --autoplay-policy=no-user-gesture-required. */
export function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', ...extraArgs],
  });
}
