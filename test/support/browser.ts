// Debian's Chromium driven by playwright-core, with the flags this closed-network machine needs.
//
// One Chromium per test worker and set of flags, shared by the files that worker runs one after another
// (vitest.config.ts runs them without isolation): starting Chromium costs a second of the machine's CPU and
// spawns half a dozen processes, and a run has dozens of browser files. What a file opens is its own: each
// file gets a handle whose close() closes the contexts and pages that file opened — their cookies, storage
// and service workers go with them — and leaves the browser to the next file. A file that needs a browser
// of its own (a crash, a flag no other file wants) still gets one through its flags.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { LAUNCH_ARGS } from '../../common/documents/chromium-launch.ts';

export const CHROMIUM_PATH = process.env.YUANJIAO_CHROMIUM ?? '/usr/bin/chromium';

/** The worker's browsers by their extra flags. */
const shared = new Map<string, Promise<Browser>>();

async function sharedBrowser(extraArgs: readonly string[]): Promise<Browser> {
  const key = extraArgs.join(' ');
  const running = shared.get(key);
  if (running) {
    const browser = await running.catch(() => null);
    if (browser?.isConnected()) return browser;
  }
  const starting = chromium.launch({ executablePath: CHROMIUM_PATH, args: [...LAUNCH_ARGS, ...extraArgs] });
  shared.set(key, starting);
  const browser = await starting;
  // A browser that crashed or was closed is started afresh by the next file that asks.
  browser.once('disconnected', () => {
    if (shared.get(key) === starting) shared.delete(key);
  });
  return browser;
}

/**
 * A browser for one test file: `extraArgs` adds flags a test needs, e.g. the kiosk's own
 * --autoplay-policy=no-user-gesture-required. Its close() closes what the file opened, not the browser.
 */
export async function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  const browser = await sharedBrowser(extraArgs);
  const opened = new Set<BrowserContext>();
  const track = (context: BrowserContext): void => {
    opened.add(context);
    context.once('close', () => opened.delete(context));
  };
  return new Proxy(browser, {
    get(target, property, receiver) {
      if (property === 'newContext') {
        return async (...args: Parameters<Browser['newContext']>): Promise<BrowserContext> => {
          const context = await target.newContext(...args);
          track(context);
          return context;
        };
      }
      if (property === 'newPage') {
        return async (...args: Parameters<Browser['newPage']>): Promise<Page> => {
          const page = await target.newPage(...args);
          track(page.context());
          return page;
        };
      }
      if (property === 'contexts') return () => [...opened];
      if (property === 'close') {
        return async (): Promise<void> => {
          await Promise.all([...opened].map((context) => context.close().catch(() => undefined)));
          opened.clear();
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
