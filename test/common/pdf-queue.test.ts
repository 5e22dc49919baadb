// The PDF renderer's queue with a real Chromium: one PDF at a time and a short line behind it; an export
// past the line is refused at once as busy (Chinese first, with when to come back) instead of queueing
// without end; a render that hangs is given up at its deadline with its Chromium closed, and the next one
// then renders. A server holds its Chromium between renders; a one-shot command does not.
import { afterEach, describe, expect, it } from 'vitest';
import { DocumentError } from '../../common/documents/document-error.ts';
import { MAX_PDF_RENDERING, MAX_PDF_WAITING, holdPdfBrowser, pdfBrowserState, pdfQueueState, renderPdf } from '../../common/documents/render-pdf.ts';

const PAGE = '<!doctype html><html><head><meta charset="utf-8"><style>@page { size: A4; }</style></head><body><h1>签到表</h1><p>sign-in sheet</p></body></html>';

type Outcome = { ok: true; bytes: Buffer } | { ok: false; err: unknown };
const settle = (p: Promise<Buffer>): Promise<Outcome> => p.then((bytes) => ({ ok: true as const, bytes }), (err: unknown) => ({ ok: false as const, err }));

/** The queue's largest figures while `work` runs, looked at on every turn of the event loop. */
async function watchQueue<T>(work: Promise<T>): Promise<{ result: T; peak: { rendering: number; waiting: number } }> {
  const peak = { rendering: 0, waiting: 0 };
  const look = () => {
    const s = pdfQueueState();
    peak.rendering = Math.max(peak.rendering, s.rendering);
    peak.waiting = Math.max(peak.waiting, s.waiting);
  };
  look();
  const timer = setInterval(look, 1);
  try {
    return { result: await work, peak };
  } finally {
    clearInterval(timer);
  }
}

afterEach(async () => {
  await expect.poll(() => pdfQueueState()).toEqual({ rendering: 0, waiting: 0 });
});

describe('the PDF queue', () => {
  it('renders one at a time with a short line behind it, and refuses the rest at once, saying when to come back', async () => {
    const asked = 12;
    // Held, as a server holds it: the five renders share one Chromium (the last test has one each).
    const letGo = holdPdfBrowser();
    const calls = Array.from({ length: asked }, () => settle(renderPdf(PAGE)));
    // Asked all at once: the line is full before the first Chromium has started.
    expect(pdfQueueState()).toEqual({ rendering: MAX_PDF_RENDERING, waiting: MAX_PDF_WAITING });
    const { result, peak } = await watchQueue(Promise.all(calls)).finally(letGo);
    expect(peak.rendering).toBeLessThanOrEqual(MAX_PDF_RENDERING);
    expect(peak.waiting).toBeLessThanOrEqual(MAX_PDF_WAITING);
    const done = result.filter((r) => r.ok);
    const refused = result.flatMap((r) => (r.ok ? [] : [r.err]));
    expect(done).toHaveLength(MAX_PDF_RENDERING + MAX_PDF_WAITING);
    for (const r of done) expect(r.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(refused).toHaveLength(asked - done.length);
    for (const err of refused) {
      expect(err).toBeInstanceOf(DocumentError);
      expect(err).toMatchObject({ code: 'pdf_busy', retryAfterMs: expect.any(Number) });
      expect((err as { retryAfterMs: number }).retryAfterMs).toBeGreaterThanOrEqual(1000);
      // Chinese first, then English, and the wait in both.
      expect((err as Error).message).toMatch(/^正在生成其他 PDF.*请 \d+ 秒后再试.* \/ busy rendering other PDFs.*try again in \d+ s/);
    }
    // Five PDFs one after another on a busy machine.
  }, 180_000);

  it('gives up a render that hangs at its deadline, closes its Chromium, and renders the next', async () => {
    // A page whose script never ends: Chromium never finishes loading it.
    const hanging = '<!doctype html><html><body><p>x</p><script>for (;;) {}</script></body></html>';
    const started = Date.now();
    const stuck = settle(renderPdf(hanging, { timeoutMs: 3_000 }));
    const next = settle(renderPdf(PAGE));
    const first = await stuck;
    expect(first.ok).toBe(false);
    expect((first as { err: unknown }).err).toMatchObject({ code: 'pdf_timeout', message: expect.stringMatching(/^生成 PDF 超过 3 秒仍未完成.* \/ the PDF took longer than 3 s/) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
    const second = await next;
    expect(second.ok).toBe(true);
    expect((second as { bytes: Buffer }).bytes.subarray(0, 5).toString()).toBe('%PDF-');
  }, 120_000);

  it('gives up a render whose deadline passes while Chromium is still starting, and frees its place', async () => {
    const early = await settle(renderPdf(PAGE, { timeoutMs: 1 }));
    expect(early).toMatchObject({ ok: false, err: { code: 'pdf_timeout' } });
    expect(pdfQueueState()).toEqual({ rendering: 0, waiting: 0 });
    const after = await settle(renderPdf(PAGE));
    expect(after.ok).toBe(true);
  }, 120_000);

  it('keeps one Chromium for the next PDF while a server holds it, closes it when idle or let go, and never keeps one that failed', async () => {
    // Nobody holds it (a one-shot command): each PDF starts and closes its own Chromium.
    const alone = pdfBrowserState().launches;
    expect((await settle(renderPdf(PAGE))).ok).toBe(true);
    expect((await settle(renderPdf(PAGE))).ok).toBe(true);
    expect(pdfBrowserState()).toEqual({ kept: false, launches: alone + 2 });

    const letGo = holdPdfBrowser();
    try {
      const before = pdfBrowserState().launches;
      for (let i = 0; i < 3; i++) expect((await settle(renderPdf(PAGE))).ok).toBe(true);
      expect(pdfBrowserState()).toEqual({ kept: true, launches: before + 1 });
      // A render that hangs takes the kept Chromium with it; the next starts a fresh one and renders.
      const hung = await settle(renderPdf('<!doctype html><html><body><script>for (;;) {}</script></body></html>', { timeoutMs: 3_000 }));
      expect(hung).toMatchObject({ ok: false, err: { code: 'pdf_timeout' } });
      expect(pdfBrowserState().kept).toBe(false);
      expect((await settle(renderPdf(PAGE))).ok).toBe(true);
      expect(pdfBrowserState()).toEqual({ kept: true, launches: before + 2 });
    } finally {
      await letGo();
    }
    // Let go: nothing is kept.
    expect(pdfBrowserState().kept).toBe(false);

    // Held, but idle past its while: closed, and the next PDF starts one again.
    const idleLetGo = holdPdfBrowser({ idleMs: 200 });
    try {
      expect((await settle(renderPdf(PAGE))).ok).toBe(true);
      await expect.poll(() => pdfBrowserState().kept).toBe(false);
    } finally {
      await idleLetGo();
    }
  }, 180_000);
});
