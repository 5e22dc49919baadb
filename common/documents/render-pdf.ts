// PDF: the printable HTML rendered by a real Chromium (playwright-core), found on this terminal.
//
// Decisions: the page size, margins, header and page numbers come from the HTML's own @page rules
// (preferCSSPageSize), so the PDF and the kiosk's printout are the same pages. One Chromium at a time:
// a terminal is a small PC, and two exports at once should queue rather than race for its memory. The queue
// is short (MAX_PDF_WAITING): an export past it is told to come back (pdf_busy, with when) instead of
// piling Chromium launches up behind a page that asks again and again. A render that outlives its deadline
// is refused (pdf_timeout) and its Chromium closed, so one stuck document cannot hold the queue forever.
// A running server (the agent, the hub) keeps its Chromium up for a short while after a render (holdPdfBrowser):
// a records export prints several documents in a row, and starting Chromium is a second or two of a small PC's
// CPU each time. Each document still renders in a context of its own, and an idle Chromium is closed, so its
// memory is given back. A one-shot command holds nothing: its Chromium closes after its document, and the
// command ends.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { LAUNCH_ARGS } from './chromium-launch.ts';
import { DocumentError } from './document-error.ts';

/** Names looked up on PATH after YUANJIAO_CHROMIUM and /usr/bin/chromium, in this order. */
export const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'] as const;

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** setting: the browser YUANJIAO_CHROMIUM names, when it is missing or not executable. */
export function noBrowserError(setting = ''): DocumentError {
  return DocumentError.ofDocument('no_browser', { setting });
}

/**
 * The browser to render with: env YUANJIAO_CHROMIUM (which must then exist: a wrong setting is reported,
 * not silently replaced), else /usr/bin/chromium, else chromium, chromium-browser or google-chrome on PATH.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env, fixed: readonly string[] = ['/usr/bin/chromium']): string {
  const chosen = env.YUANJIAO_CHROMIUM;
  if (chosen) {
    if (executable(chosen)) return chosen;
    throw noBrowserError(chosen);
  }
  for (const file of fixed) if (executable(file)) return file;
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of CHROMIUM_NAMES) {
      const file = path.join(dir, name);
      if (executable(file)) return file;
    }
  }
  throw noBrowserError();
}

/** PDFs rendered at once: one Chromium on a small PC. */
export const MAX_PDF_RENDERING = 1;
/** PDFs that may wait their turn behind it; past this an export is refused as busy. */
export const MAX_PDF_WAITING = 4;
/** The longest a render may take, Chromium's start included, before it is given up. */
export const PDF_RENDER_TIMEOUT_MS = 60_000;
/** How long a Chromium being closed after a render is waited for before its place is given on. */
const CLOSE_WAIT_MS = 5_000;
/** How long a held Chromium waits for the next document before it is closed. */
export const PDF_BROWSER_IDLE_MS = 15_000;

/** Servers running in this process that keep the Chromium between renders (holdPdfBrowser). */
let holders = 0;
/** How long the kept Chromium waits for the next document: PDF_BROWSER_IDLE_MS unless a holder said otherwise. */
let idleMs = PDF_BROWSER_IDLE_MS;
/** Chromiums started for PDFs by this process: for tests, which check that a held one is used again. */
let launches = 0;
/** The Chromium kept between renders: which executable it is, and its idle timer. */
let kept: { executablePath: string; browser: Browser; idle: NodeJS.Timeout | undefined } | undefined;

/**
 * Keeps the PDF Chromium up between renders while the caller runs (a server, from its start); the returned
 * function lets go, and the last to let go closes it.
 */
export function holdPdfBrowser(options: { idleMs?: number } = {}): () => Promise<void> {
  holders += 1;
  if (options.idleMs !== undefined) idleMs = options.idleMs;
  let held = true;
  return async () => {
    if (!held) return;
    held = false;
    holders -= 1;
    if (holders === 0) {
      idleMs = PDF_BROWSER_IDLE_MS;
      await closeKeptBrowser();
    }
  };
}

/** Whether a Chromium is kept for the next PDF, and how many this process has started: for tests. */
export function pdfBrowserState(): { kept: boolean; launches: number } {
  return { kept: kept !== undefined, launches };
}

async function closeKeptBrowser(): Promise<void> {
  const closing = kept;
  kept = undefined;
  if (!closing) return;
  clearTimeout(closing.idle);
  await Promise.race([closing.browser.close().catch(() => undefined), delay(CLOSE_WAIT_MS)]);
}

/** A Chromium for the next render: the kept one when it is the same browser and still up, else a new one. */
async function browserFor(executablePath: string, timeout: number): Promise<Browser> {
  if (kept && kept.executablePath === executablePath && kept.browser.isConnected()) {
    clearTimeout(kept.idle);
    kept.idle = undefined;
    return kept.browser;
  }
  await closeKeptBrowser();
  // Loaded on the first PDF, not at start-up: playwright-core is ~45 MB of a small terminal's memory that
  // most days never needs it.
  const { chromium } = await import('playwright-core');
  launches += 1;
  return chromium.launch({ executablePath, args: [...LAUNCH_ARGS], timeout });
}

/** After a render that went well: the Chromium is kept for the next while a server holds it, else closed. */
async function afterRender(browser: Browser, executablePath: string): Promise<void> {
  if (holders > 0 && browser.isConnected()) {
    const idle = setTimeout(() => void (kept?.browser === browser ? closeKeptBrowser() : undefined), idleMs);
    idle.unref();
    kept = { executablePath, browser, idle };
    return;
  }
  if (kept?.browser === browser) kept = undefined;
  await Promise.race([browser.close().catch(() => undefined), delay(CLOSE_WAIT_MS)]);
}

let rendering = 0;
const waiting: (() => void)[] = [];
/** A render's usual length, learned from the last ones: what a refused export is told to wait. */
let typicalMs = 5_000;

/** How many PDFs render now and how many wait: for tests and a status line. */
export function pdfQueueState(): { rendering: number; waiting: number } {
  return { rendering, waiting: waiting.length };
}

function busyError(): DocumentError<'pdf_busy'> & { retryAfterMs: number } {
  // A place in the line frees when the render under way ends: about one render's time.
  const retryAfterMs = Math.max(1_000, Math.ceil(typicalMs / 1_000) * 1_000);
  const seconds = retryAfterMs / 1_000;
  return Object.assign(
    DocumentError.ofDocument('pdf_busy', { inLine: rendering + waiting.length, seconds }),
    { retryAfterMs },
  );
}

async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (rendering >= MAX_PDF_RENDERING) {
    if (waiting.length >= MAX_PDF_WAITING) throw busyError();
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    rendering += 1;
  }
  try {
    return await work();
  } finally {
    // The turn passes straight to the next in line, or is given back.
    const next = waiting.shift();
    if (next) next();
    else rendering -= 1;
  }
}

/** Renders printable HTML to PDF bytes; `executablePath` defaults to findChromium(). Refused when the queue is full. */
export function renderPdf(html: string, options: { executablePath?: string; timeoutMs?: number } = {}): Promise<Buffer> {
  return inTurn(() => renderWithDeadline(html, options.executablePath ?? findChromium(), options.timeoutMs ?? PDF_RENDER_TIMEOUT_MS));
}

async function renderWithDeadline(html: string, executablePath: string, timeout: number): Promise<Buffer> {
  const started = performance.now();
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(
        DocumentError.ofDocument('pdf_timeout', { seconds: Math.round(timeout / 1000) }),
      );
    }, timeout);
  });
  const render = async (): Promise<Buffer> => {
    try {
      browser = await browserFor(executablePath, timeout);
    } catch (err) {
      throw DocumentError.ofDocument('pdf_failed', { browser: executablePath, detail: (err as Error).message.split('\n')[0] ?? '' });
    }
    // Given up while Chromium was starting: close it now it is up.
    if (timedOut) throw new Error('given up');
    // A context of its own: nothing of one document (storage, a script's state) is there for the next.
    context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    // The page is complete in itself (font embedded): it has no reason to reach any network address.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    // The embedded font must be in before the layout is printed, or Chinese falls back to boxes. A string, run
    // in the page: this module is Node code and has no DOM types (docs/architecture.md, "Boundaries").
    await page.evaluate('document.fonts.ready.then(() => undefined)');
    return await page.pdf({ preferCSSPageSize: true, printBackground: true, outline: false, tagged: true });
  };
  const rendered = render();
  // The loser of the race below must not end as an unhandled rejection.
  rendered.catch(() => undefined);
  let ok = false;
  try {
    const bytes = await Promise.race([rendered, deadline]);
    typicalMs = Math.round(typicalMs * 0.7 + (performance.now() - started) * 0.3);
    ok = true;
    return bytes;
  } finally {
    clearTimeout(timer);
    // A render given up in Chromium's start closes it once it is up; the next in line waits for the close
    // (bounded), so no two Chromiums run at once however a render ended.
    if (timedOut && !browser) await Promise.race([rendered.catch(() => undefined), delay(CLOSE_WAIT_MS)]);
    const used = browser as Browser | undefined;
    if (used && ok) {
      await Promise.race([context?.close().catch(() => undefined), delay(CLOSE_WAIT_MS)]);
      await afterRender(used, executablePath);
    } else if (used) {
      // A render that failed or hung leaves nothing behind: its Chromium goes, kept or not.
      if (kept?.browser === used) {
        clearTimeout(kept.idle);
        kept = undefined;
      }
      await Promise.race([used.close().catch(() => undefined), delay(CLOSE_WAIT_MS)]);
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
