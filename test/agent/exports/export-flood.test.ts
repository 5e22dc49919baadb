// A flood of PDF exports at a real agent over HTTP on 127.0.0.1 (the admin screen's "save as PDF" pressed
// again and again, or a page that asks in a loop): the renderer's queue never holds more than its bound, the
// exports past it are refused at once with 429 and when to come back (Chinese first), a refused export
// writes no file and no station-log line, and every accepted one completes as a real PDF.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { DEFAULT_ADMIN_PIN } from '../../../agent/admin/admin-auth.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { MAX_PDF_RENDERING, MAX_PDF_WAITING, pdfQueueState } from '../../../common/documents/render-pdf.ts';
import { tempDir } from '../../support/station-fixture.ts';
import { MONTH, createExportStation } from './export-fixture.ts';
import { refusalText } from '../../../kiosk/ui/src/i18n/refusals.ts';

let dir: string;
let agent: RunningAgent;
let token: string;

beforeAll(async () => {
  dir = tempDir('yj-export-flood-');
  createExportStation(dir).station.close();
  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'silent' });
  const login = await fetch(new URL('/api/admin/login', agent.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pin: DEFAULT_ADMIN_PIN }) });
  token = ((await login.json()) as { token: string }).token;
  const pin = await fetch(new URL('/api/admin/pin', agent.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ currentPin: DEFAULT_ADMIN_PIN, newPin: '246810' }),
  });
  expect(pin.status).toBe(200);
}, 60_000);

afterAll(async () => {
  await agent?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a flood of PDF exports', () => {
  it('keeps the queue within its bound, refuses the rest clearly and changes nothing for them, and completes the accepted', async () => {
    const exportLines = () => queryStationLog(agent.ctx.db, {}).filter((e) => e.message.startsWith('导出记录')).length;
    const linesBefore = exportLines();
    const peak = { rendering: 0, waiting: 0 };
    const watch = setInterval(() => {
      const s = pdfQueueState();
      peak.rendering = Math.max(peak.rendering, s.rendering);
      peak.waiting = Math.max(peak.waiting, s.waiting);
    }, 1);
    const asked = 16;
    let answers: { status: number; body: Record<string, unknown> }[];
    try {
      answers = await Promise.all(
        Array.from({ length: asked }, async () => {
          const res = await fetch(new URL('/api/admin/exports/month-report/save', agent.url), {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ format: 'pdf', month: MONTH }),
          });
          return { status: res.status, body: (await res.json()) as Record<string, unknown> };
        }),
      );
    } finally {
      clearInterval(watch);
    }
    expect(peak.rendering).toBeLessThanOrEqual(MAX_PDF_RENDERING);
    expect(peak.waiting).toBeLessThanOrEqual(MAX_PDF_WAITING);

    const accepted = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status !== 201);
    // Every answer is one or the other; the requests came faster than one PDF is made, so some were refused.
    expect(accepted.length + refused.length).toBe(asked);
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const r of refused) {
      expect(r.status).toBe(429);
      const error = r.body.error as { code: string; params: { inLine: number; seconds: number }; message?: string; retryAfterMs: number };
      expect(error.code).toBe('pdf_busy');
      expect(error.retryAfterMs).toBeGreaterThanOrEqual(1000);
      // Its values cross the wire, no words; the kiosk words them.
      expect(error.message).toBeUndefined();
      expect(refusalText(error, 'zh-CN')).toMatch(/^正在生成其他 PDF.*请 \d+ 秒后再试/);
      expect(refusalText(error, 'en')).toMatch(/^busy rendering other PDFs/);
    }
    // The accepted ones are real PDFs on the terminal; the refused left neither a file nor a log line.
    const files = fs.readdirSync(path.join(dir, 'exports')).filter((f) => f.endsWith('.pdf'));
    expect(files).toHaveLength(accepted.length);
    for (const f of files) expect(fs.readFileSync(path.join(dir, 'exports', f)).subarray(0, 5).toString()).toBe('%PDF-');
    expect(exportLines() - linesBefore).toBe(accepted.length);
    expect(pdfQueueState()).toEqual({ rendering: 0, waiting: 0 });
    console.log(`export flood: ${asked} PDF exports at once → ${accepted.length} made, ${refused.length} refused (429); queue peak ${peak.rendering} rendering + ${peak.waiting} waiting`);
    // Up to five PDFs one after another on a busy machine.
  }, 180_000);
});
