// The words for why a document (a PDF) could not be made — no browser, one that would not start, the line of PDFs
// full, one taking too long (common/documents/render-pdf.ts) — in Chinese and English: the one place they are
// written. The station's and the county's exports both meet them; the dashboard shows the half in its language,
// the CLIs both on one line, and the renderer keeps both on its DocumentError for its logs. Pure, and free of
// typebox, so a screen's bundle may run it.
import type { Bilingual } from './bilingual.pure.ts';
import type { RefusalCatalogue } from './refusal.pure.ts';

export type DocumentRefusals = {
  /** setting: the browser YUANJIAO_CHROMIUM names, missing or not executable ('' when it names none). */
  no_browser: { setting: string };
  /** browser: the executable that would not start; detail: the first line of its complaint. */
  pdf_failed: { browser: string; detail: string };
  /** inLine: the PDFs being made or waiting; seconds: when to try again. */
  pdf_busy: { inLine: number; seconds: number };
  pdf_timeout: { seconds: number };
};

export type DocumentRefusalCode = keyof DocumentRefusals;

export const DOCUMENT_TEXTS: { readonly [C in DocumentRefusalCode]: (params: DocumentRefusals[C]) => Bilingual } = {
  no_browser: ({ setting }) => ({
    zh: `找不到 Chromium 浏览器，无法生成 PDF${setting ? `（YUANJIAO_CHROMIUM=${setting} 不存在或不可执行）` : ''}。请安装 chromium（apt-get install chromium），或用环境变量 YUANJIAO_CHROMIUM 指定浏览器；也可以导出 HTML 后在浏览器中打印`,
    en: `no Chromium found to render the PDF${setting ? ` (YUANJIAO_CHROMIUM=${setting} is missing or not executable)` : ''}: install chromium (apt-get install chromium) or set YUANJIAO_CHROMIUM; or export HTML and print it from a browser`,
  }),
  pdf_failed: ({ browser, detail }) => ({ zh: `无法启动浏览器 ${browser} 生成 PDF：${detail}`, en: `could not start ${browser} to render the PDF` }),
  pdf_busy: ({ inLine, seconds }) => ({
    zh: `正在生成其他 PDF（已有 ${inLine} 份在生成或排队），请 ${seconds} 秒后再试；也可以导出 HTML 或 Excel`,
    en: `busy rendering other PDFs (${inLine} being made or waiting): try again in ${seconds} s, or export HTML or XLSX`,
  }),
  pdf_timeout: ({ seconds }) => ({
    zh: `生成 PDF 超过 ${seconds} 秒仍未完成，已放弃；请稍后再试，或缩短时间范围，或导出 HTML 后在浏览器中打印`,
    en: `the PDF took longer than ${seconds} s and was given up: try again later, a shorter period, or export HTML and print it`,
  }),
};

/** The renderer's refusals as a reader's catalogue: `say` picks a language (a screen) or both (the CLI). */
export function documentCatalogue(say: (text: Bilingual) => string): RefusalCatalogue<DocumentRefusals> {
  const texts = DOCUMENT_TEXTS as unknown as Record<string, (params: unknown) => Bilingual>;
  return Object.fromEntries(Object.entries(texts).map(([code, text]) => [code, (params: unknown) => say(text(params))])) as unknown as RefusalCatalogue<DocumentRefusals>;
}
