// The admin export API over real HTTP on 127.0.0.1 against a real agent: admin-only, the file with its
// Chinese name (RFC 5987), the kiosk's printable page, saving on the terminal without replacing, and the
// copy onto a USB stick (a folder presented through the daemon's removable-media interface).
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { DEFAULT_ADMIN_PIN } from '../../../agent/admin/admin-auth.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import type { MonthlyReport } from '../../../agent/reports/monthly-report.ts';
import { tempDir } from '../../support/station-fixture.ts';
import { FakeRemovableMedia } from '../../content/usb-fake-media.ts';
import { MONTH, STATION_NAME, createExportStation } from './export-fixture.ts';
import { block, csvBlocks, percent } from './export-support.ts';
import { refusalText } from '../../../kiosk/ui/src/i18n/refusals.ts';
import type { RefusalBody } from '../../../protocol/refusals/refusal.pure.ts';

let dir: string;
let stick: string;
let agent: RunningAgent;
let media: FakeRemovableMedia;
let token: string;

async function call(method: string, route: string, body?: unknown, auth = true): Promise<Response> {
  const headers: Record<string, string> = {};
  if (auth) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(new URL(route, agent.url), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

beforeAll(async () => {
  dir = tempDir('yj-export-api-');
  stick = tempDir('yj-stick-');
  createExportStation(dir).station.close();
  media = new FakeRemovableMedia();
  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'error', removableMedia: media });
  const login = (await (await fetch(new URL('/api/admin/login', agent.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pin: DEFAULT_ADMIN_PIN }) })).json()) as { token: string };
  token = login.token;
  expect((await call('POST', '/api/admin/pin', { currentPin: DEFAULT_ADMIN_PIN, newPin: '246810' })).status).toBe(200);
}, 60_000);

afterAll(async () => {
  await agent?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(stick, { recursive: true, force: true });
});

describe('GET /api/admin/exports/:kind', () => {
  it('is admin-only: without a session it refuses and produces nothing', async () => {
    const res = await call('GET', `/api/admin/exports/month-report?month=${MONTH}&format=csv`, undefined, false);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-disposition')).toBeNull();
  });

  it('sends the CSV with its Chinese file name (RFC 5987), and the figures of the API’s own monthly report', async () => {
    const res = await call('GET', `/api/admin/exports/month-report?month=${MONTH}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const disposition = res.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="month-report-2026-05\.csv"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe(`${STATION_NAME}-月度参学情况报表-2026-05.csv`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const report = (await (await call('GET', `/api/admin/reports/month/${MONTH}`)).json()) as MonthlyReport;
    const summary = new Map(block(csvBlocks(bytes), '概要').rows.slice(1).map((r) => [r[0]!, r[1]!]));
    expect(percent(summary.get('月参学率')!)).toBeCloseTo(report.participationRate!, 10);
    expect(Number(summary.get('来宾（人次）'))).toBe(report.guests);
  });

  it('sends an XLSX a reader opens, and a PDF rendered by Chromium', async () => {
    const xlsx = await call('GET', `/api/admin/exports/viewing-record?month=${MONTH}&format=xlsx`);
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    expect(book.getWorksheet('收看记录')!.getRow(6).getCell(7).type).toBe(ExcelJS.ValueType.Number);
    const pdf = await call('GET', `/api/admin/exports/signin-sheet?session=1&format=pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('answers a wrong kind, format or session with the right status and a Chinese-first message', async () => {
    const kind = await call('GET', '/api/admin/exports/minutes?format=csv');
    expect(kind.status).toBe(400);
    // Its code and values cross the wire, no words; the kiosk words them.
    const kindError = ((await kind.json()) as RefusalBody).error;
    expect(kindError).toMatchObject({ code: 'unknown_kind', params: { kind: 'minutes' } });
    expect(kindError.message).toBeUndefined();
    expect(refusalText(kindError, 'zh-CN')).toContain('未知的导出类别');
    const format = await call('GET', `/api/admin/exports/month-report?month=${MONTH}&format=docx`);
    expect(format.status).toBe(400);
    const formatError = ((await format.json()) as RefusalBody).error;
    expect(formatError).toMatchObject({ code: 'unknown_format', params: { format: 'docx', formats: ['pdf', 'csv', 'xlsx', 'html'] } });
    expect(refusalText(formatError, 'zh-CN')).toBe('未知格式 “docx”，可用：pdf、csv、xlsx、html');
    expect(refusalText(formatError, 'en')).toBe('unknown format "docx"; use pdf, csv, xlsx, html');
    const print = await call('GET', '/api/admin/exports/xapi/print');
    expect(print.status).toBe(400);
    expect(refusalText(((await print.json()) as RefusalBody).error, 'zh-CN')).toBe('xAPI 学习记录不能打印');
    const session = await call('GET', '/api/admin/exports/signin-sheet?session=999&format=csv');
    expect(session.status).toBe(404);
    expect(((await session.json()) as { error: { code: string } }).error.code).toBe('session_not_found');
  });
});

describe('GET /api/admin/exports/:kind/print', () => {
  it('gives the kiosk the printable page, with the font from the agent’s own /fonts/ instead of embedded', async () => {
    const res = await call('GET', `/api/admin/exports/month-report/print?month=${MONTH}`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as { title: string; fileName: string; html: string };
    expect(page.title).toBe('月度参学情况报表');
    expect(page.html).toContain(`${agent.url}fonts/noto-sans-sc-chinese-simplified-400-normal.woff2`);
    expect(page.html).not.toContain('data:font/woff2');
    expect(page.html).toContain(STATION_NAME);
    const font = await fetch(new URL('/fonts/noto-sans-sc-chinese-simplified-700-normal.woff2', agent.url));
    expect(font.status).toBe(200);
  });
});

describe('POST /api/admin/exports/:kind/save and /api/admin/exports/copy', () => {
  let saved: { path: string; dir: string; fileName: string; bytes: number };

  it('saves into <data>/exports and never over an earlier file', async () => {
    const first = await call('POST', '/api/admin/exports/month-report/save', { format: 'xlsx', month: MONTH });
    expect(first.status).toBe(201);
    saved = (await first.json()) as typeof saved;
    expect(saved.dir).toBe(path.join(dir, 'exports'));
    expect(saved.path).toBe(path.join(dir, 'exports', `${STATION_NAME}-月度参学情况报表-2026-05.xlsx`));
    expect(fs.statSync(saved.path).size).toBe(saved.bytes);
    const second = (await (await call('POST', '/api/admin/exports/month-report/save', { format: 'xlsx', month: MONTH })).json()) as typeof saved;
    expect(second.path).toBe(path.join(dir, 'exports', `${STATION_NAME}-月度参学情况报表-2026-05 (2).xlsx`));
    expect(fs.existsSync(saved.path)).toBe(true);
    expect(queryStationLog(agent.ctx.db, { type: 'station' }).at(-1)).toMatchObject({ actor: '管理员', message: expect.stringContaining('(2).xlsx') });
  });

  it('refuses a format the body schema does not know, before doing any work', async () => {
    const res = await call('POST', '/api/admin/exports/month-report/save', { format: 'docx', month: MONTH });
    expect(res.status).toBe(400);
  });

  it('copies a saved export onto a plugged-in USB stick, into its own folder, and refuses what it must', async () => {
    const volumeId = await media.plug(stick, 'KINGSTON');
    const res = await call('POST', '/api/admin/exports/copy', { fileName: saved.fileName, volumeId });
    expect(res.status).toBe(201);
    const copied = ((await res.json()) as { path: string }).path;
    expect(copied).toBe(path.join(stick, '远教记录导出', saved.fileName));
    expect(fs.readFileSync(copied).equals(fs.readFileSync(saved.path))).toBe(true);
    // Again: beside the first copy, not over it.
    const again = (await (await call('POST', '/api/admin/exports/copy', { fileName: saved.fileName, volumeId })).json()) as { path: string };
    expect(path.basename(again.path)).toMatch(/ \(2\)\.xlsx$/);

    expect((await call('POST', '/api/admin/exports/copy', { fileName: '../station.db', volumeId })).status).toBe(400);
    expect((await call('POST', '/api/admin/exports/copy', { fileName: 'nothing.csv', volumeId })).status).toBe(404);
    await media.unplug(volumeId);
    const gone = await call('POST', '/api/admin/exports/copy', { fileName: saved.fileName, volumeId });
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { error: { code: string } }).error.code).toBe('volume_not_found');
  });
});
