// A flood of PDF downloads at a real hub over HTTP on 127.0.0.1 (a staff member's page asking again and
// again): the hub renders one PDF at a time with a short line behind it, and answers the rest at once with
// 429 and when to come back, Chinese first; the accepted downloads are real PDFs.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PDF_RENDERING, MAX_PDF_WAITING, pdfQueueState } from '../../../common/documents/render-pdf.ts';
import { staffToken, startTestHub, type TestHub } from '../support/hub-fixture.ts';
import { hubRefusalText } from '../../../cli/hub-refusal-texts.ts';
import type { RefusalParams } from '../../../protocol/refusals/refusal.pure.ts';

let hub: TestHub;
let token: string;

beforeAll(async () => {
  hub = await startTestHub();
  token = await staffToken(hub, 'viewer1', 'viewer');
}, 60_000);

afterAll(async () => {
  await hub?.stop();
  if (hub) fs.rmSync(hub.dataDir, { recursive: true, force: true });
});

describe('a flood of PDF downloads at the hub', () => {
  it('renders within the queue’s bound and refuses the rest with 429 and when to come back', async () => {
    const peak = { rendering: 0, waiting: 0 };
    const watch = setInterval(() => {
      const s = pdfQueueState();
      peak.rendering = Math.max(peak.rendering, s.rendering);
      peak.waiting = Math.max(peak.waiting, s.waiting);
    }, 1);
    let answers: { status: number; bytes: Buffer; retryAfterMs?: number; message?: string; code?: string; params?: RefusalParams }[];
    try {
      answers = await Promise.all(
        Array.from({ length: 12 }, async () => {
          const res = await fetch(new URL('/api/county/export/monthly.pdf', hub.url), { headers: { authorization: `Bearer ${token}` } });
          const bytes = Buffer.from(await res.arrayBuffer());
          if (res.status === 200) return { status: 200, bytes };
          const error = (JSON.parse(bytes.toString()) as { error: { code: string; params: RefusalParams; message?: string; retryAfterMs?: number } }).error;
          return { status: res.status, bytes, ...error };
        }),
      );
    } finally {
      clearInterval(watch);
    }
    expect(peak.rendering).toBeLessThanOrEqual(MAX_PDF_RENDERING);
    expect(peak.waiting).toBeLessThanOrEqual(MAX_PDF_WAITING);
    const ok = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status !== 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const a of ok) expect(a.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    for (const a of refused) {
      expect(a).toMatchObject({ status: 429, code: 'pdf_busy' });
      expect(a.retryAfterMs).toBeGreaterThanOrEqual(1000);
      // As data: the dashboard and the CLI word it (the CLI's words here), never the hub.
      expect(a.message).toBeUndefined();
      expect(a.params).toEqual({ inLine: expect.any(Number), seconds: a.retryAfterMs! / 1000 });
      expect(hubRefusalText({ code: a.code!, params: a.params! })).toMatch(/^正在生成其他 PDF.*请 \d+ 秒后再试.* \/ busy rendering other PDFs/);
    }
  }, 180_000);
});
