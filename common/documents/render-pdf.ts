// PDF: the printable HTML rendered by a real Chromium (playwright-core), found on this terminal.
//
// Decisions: the page size, margins, header and page numbers come from the HTML's own @page rules
// (preferCSSPageSize), so the PDF and the kiosk's printout are the same pages. One Chromium at a time:
// a terminal is a small PC, and two exports at once should queue rather than race for its memory.
import fs from 'node:fs';
import path from 'node:path';
import { DocumentError } from './document-error.ts';

/** Names looked up on PATH after YUANJIAO_CHROMIUM and /usr/bin/chromium, in this order. */
export const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'] as const;
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export function noBrowserError(detail?: string): DocumentError {
  return new DocumentError(
    'no_browser',
    `找不到 Chromium 浏览器，无法生成 PDF${detail ? `（${detail}）` : ''}。请安装 chromium（apt-get install chromium），或用环境变量 YUANJIAO_CHROMIUM 指定浏览器；也可以导出 HTML 后在浏览器中打印`,
    `no Chromium found to render the PDF${detail ? ` (${detail})` : ''}: install chromium (apt-get install chromium) or set YUANJIAO_CHROMIUM; or export HTML and print it from a browser`,
  );
}

/**
 * The browser to render with: env YUANJIAO_CHROMIUM (which must then exist: a wrong setting is reported,
 * not silently replaced), else /usr/bin/chromium, else chromium, chromium-browser or google-chrome on PATH.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env, fixed: readonly string[] = ['/usr/bin/chromium']): string {
  const chosen = env.YUANJIAO_CHROMIUM;
  if (chosen) {
    if (executable(chosen)) return chosen;
    throw noBrowserError(`YUANJIAO_CHROMIUM=${chosen} 不存在或不可执行 / is missing or not executable`);
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

let queue: Promise<unknown> = Promise.resolve();

/** Renders printable HTML to PDF bytes; `executablePath` defaults to findChromium(). */
export function renderPdf(html: string, options: { executablePath?: string; timeoutMs?: number } = {}): Promise<Buffer> {
  const run = async (): Promise<Buffer> => {
    const executablePath = options.executablePath ?? findChromium();
    const timeout = options.timeoutMs ?? 60_000;
    // Loaded on the first PDF, not at start-up: playwright-core is ~45 MB of a small terminal's memory that
    // most days never needs it.
    const { chromium } = await import('playwright-core');
    let browser;
    try {
      browser = await chromium.launch({ executablePath, args: LAUNCH_ARGS, timeout });
    } catch (err) {
      throw new DocumentError('pdf_failed', `无法启动浏览器 ${executablePath} 生成 PDF：${(err as Error).message.split('\n')[0]}`, `could not start ${executablePath} to render the PDF`);
    }
    try {
      const page = await browser.newPage();
      page.setDefaultTimeout(timeout);
      // The page is complete in itself (font embedded): it has no reason to reach any network address.
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      // The embedded font must be in before the layout is printed, or Chinese falls back to boxes.
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      return await page.pdf({ preferCSSPageSize: true, printBackground: true, outline: false, tagged: true });
    } finally {
      await browser.close();
    }
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}
