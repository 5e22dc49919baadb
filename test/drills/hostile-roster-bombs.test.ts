// Roster bombs through the real HTTP API of a real agent: 100,000 identical CSV rows, a 100,000-row XLSX, XLSX
// sheets that inflate past the cap (declared honestly, declared falsely, and deferred to a data descriptor). Each
// is refused with a Chinese-first message that says what to fix, changes nothing, and never holds the agent's event
// loop over 100 ms (a probe preloaded into the agent measures it) — nor does a legitimate import of a roster at the
// cap; the check-in list stays bounded by the roster cap.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ADMIN_PIN } from '../../agent/admin/admin-auth.ts';
import { MAX_ROSTER_MEMBERS, MAX_XLSX_INFLATED_BYTES } from '../../agent/roster/roster-limits.pure.ts';
import { REPO, killStartedAgents, startAgent, stopAgent, withStationDb, type AgentProcess } from '../support/agent-process.ts';
import { recordDrill } from '../support/drill-log.ts';
import { refusalText } from '../../kiosk/ui/src/i18n/refusals.ts';
import type { RefusalBody } from '../../protocol/refusals/refusal.pure.ts';

const PROBE = pathToFileURL(path.join(REPO, 'test/support/loop-probe.mjs')).href;
/** What "never blocked" means here: the agent's loop busy at most this long between two 10 ms ticks. */
const MAX_BUSY_MS = 100;

let dir: string;
let probeFile: string;
let agent: AgentProcess;
let token: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanjiao-roster-bombs-'));
  probeFile = path.join(dir, 'loop.jsonl');
  fs.mkdirSync(agentTmp());
  agent = await startAgent(path.join(dir, 'data'), { env: agentEnv() });
  const login = await fetch(`${agent.url}/api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pin: DEFAULT_ADMIN_PIN }) });
  expect(login.status).toBe(200);
  token = ((await login.json()) as { token: string }).token;
  const changed = await fetch(`${agent.url}/api/admin/pin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ currentPin: DEFAULT_ADMIN_PIN, newPin: '240815' }),
  });
  expect(changed.status).toBe(200);
}, 120_000);

/** What the drill tried and the longest the agent's loop was held, for the drills' ledger. */
const refusals: string[] = [];
let worstBusyMs = 0;

afterAll(async () => {
  if (refusals.length > 0) {
    const line = `${refusals.length} bombs refused (${refusals.join(', ')}); the agent's loop held at most ${worstBusyMs} ms; nothing changed by any of them`;
    console.log(`roster bombs: ${line}`);
    recordDrill({ name: 'hostile: roster bombs', faults: refusals.length, acknowledged: 0, stored: 0, notes: [line] });
  }
  if (agent?.alive()) await stopAgent(agent, 'SIGTERM');
  killStartedAgents();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The agent's temporary folder (TMPDIR), to see that a bomb leaves nothing behind in it. */
const agentTmp = () => path.join(dir, 'tmp');
const agentEnv = () => ({ NODE_OPTIONS: `--import ${PROBE}`, LOOP_PROBE_FILE: probeFile, TMPDIR: agentTmp() });

interface ProbeLine {
  at: number;
  lateMs: number;
  busyMs: number;
}

function probeLines(): ProbeLine[] {
  if (!fs.existsSync(probeFile)) return [];
  return fs
    .readFileSync(probeFile, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ProbeLine);
}

/** Runs an upload and returns its answer with the probe's windows that cover it (waiting for the window after it). */
async function measured<T>(upload: () => Promise<T>): Promise<{ answer: T; windows: ProbeLine[] }> {
  // The agent has settled from its start (it loads its schema compiler after the first answer): a quiet window.
  await expect.poll(() => probeLines().at(-1)?.busyMs ?? Infinity).toBeLessThan(50);
  const from = Date.now();
  const answer = await upload();
  const to = Date.now();
  // The window that holds the answer's end is written within a quarter second after it.
  await expect.poll(() => probeLines().some((l) => l.at > to + 250)).toBe(true);
  return { answer, windows: probeLines().filter((l) => l.at >= from && l.at <= to + 500) };
}

async function importFile(bytes: Buffer, fileName: string): Promise<{ status: number; text: string; body: Record<string, unknown> }> {
  const res = await fetch(`${agent.url}/api/admin/roster/import?fileName=${encodeURIComponent(fileName)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${token}` },
    body: new Uint8Array(bytes),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as Record<string, unknown> };
}

function snapshot(): unknown {
  return withStationDb(path.join(dir, 'data'), (db) => ({
    members: db.prepare('SELECT * FROM members ORDER BY id').all(),
    log: db.prepare('SELECT COUNT(*) AS n FROM station_log').get(),
    outbox: db.prepare('SELECT COUNT(*) AS n FROM outbox').get(),
  }));
}

// ---------------------------------------------------------------------------------------------
// A minimal XLSX written by hand, so a test can give a sheet any size and declare any size for it.

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const PARTS: Record<string, string> = {
  '[Content_Types].xml': `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
  '_rels/.rels': `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  'xl/workbook.xml': `${XML}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  'xl/_rels/workbook.xml.rels': `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
};

const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const SHEET_HEAD = `${XML}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">${inline('A1', '姓名')}${inline('B1', '类别')}</row>`;
const SHEET_TAIL = '</sheetData></worksheet>';
/** Blank rows (no cells): nothing a reader counts as a member, so only the inflated size can stop this sheet. */
const BLANK_ROWS = Buffer.from('<row r="3"/>'.repeat(80_000));

interface ZipPart {
  name: string;
  /** The deflated bytes. */
  data: Buffer;
  crc: number;
  /** What the local header says the part inflates to. */
  declaredSize: number;
  /** Sizes left to a data descriptor after the data (flag bit 3), as streaming zip writers do. */
  descriptor?: boolean;
}

function deflated(name: string, text: string): ZipPart {
  const raw = Buffer.from(text);
  return { name, data: zlib.deflateRawSync(raw), crc: zlib.crc32(raw), declaredSize: raw.length };
}

/** A sheet of `inflatedBytes` (header row, a member, then blank rows), deflated as it is made: never whole in memory. */
function bigSheet(inflatedBytes: number): ZipPart {
  const head = Buffer.from(`${SHEET_HEAD}<row r="2">${inline('A2', '张三')}${inline('B2', '正式党员')}</row>`);
  const tail = Buffer.from(SHEET_TAIL);
  const deflate = zlib.deflateRawSync;
  const chunks: Buffer[] = [head];
  let size = head.length + tail.length;
  while (size + BLANK_ROWS.length <= inflatedBytes) {
    chunks.push(BLANK_ROWS);
    size += BLANK_ROWS.length;
  }
  chunks.push(tail);
  // One deflate over a list of the same buffer: zlib sees the repeats, the output is a few hundred kilobytes.
  const raw = Buffer.concat(chunks);
  return { name: 'xl/worksheets/sheet1.xml', data: deflate(raw, { level: 9 }), crc: zlib.crc32(raw), declaredSize: raw.length };
}

function zip(parts: readonly ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const flags = 0x0800 | (part.descriptor ? 0x08 : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(part.descriptor ? 0 : part.crc, 14);
    local.writeUInt32LE(part.descriptor ? 0 : part.data.length, 18);
    local.writeUInt32LE(part.descriptor ? 0 : part.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const descriptor = Buffer.alloc(part.descriptor ? 16 : 0);
    if (part.descriptor) {
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(part.crc, 4);
      descriptor.writeUInt32LE(part.data.length, 8);
      descriptor.writeUInt32LE(part.declaredSize >>> 0, 12);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(part.crc, 16);
    central.writeUInt32LE(part.data.length, 20);
    central.writeUInt32LE(part.declaredSize >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, part.data, descriptor);
    centrals.push(central, name);
    offset += local.length + name.length + part.data.length + descriptor.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function handMadeXlsx(sheet: ZipPart): Buffer {
  return zip([...Object.entries(PARTS).map(([name, text]) => deflated(name, text)), sheet]);
}

// ---------------------------------------------------------------------------------------------

function expectRefused(reply: { status: number; text: string; body: Record<string, unknown> }, code: string): string {
  expect(reply.status, reply.text.slice(0, 500)).toBe(400);
  const error = reply.body.error as RefusalBody['error'];
  expect(error.code).toBe(code);
  // As data, said by the kiosk's catalogue: Chinese first, then English; and small.
  expect(error.message).toBeUndefined();
  const zh = refusalText(error, 'zh-CN');
  const en = refusalText(error, 'en');
  expect(zh).toMatch(/\p{Script=Han}/u);
  expect(en).toMatch(/^[\x20-\x7e]+$/);
  expect(reply.text.length).toBeLessThan(2_000);
  refusals.push(code);
  return `${zh} / ${en}`;
}

function expectNeverBlocked(windows: readonly ProbeLine[]): void {
  expect(windows.length).toBeGreaterThan(0);
  const worst = Math.max(...windows.map((w) => w.busyMs));
  worstBusyMs = Math.max(worstBusyMs, Math.round(worst));
  expect(worst, `the agent's loop was busy ${worst} ms in one stretch: ${JSON.stringify(windows)}`).toBeLessThanOrEqual(MAX_BUSY_MS);
}

describe('roster bombs against a running agent', () => {
  it('a hand-made XLSX of normal size imports (the bombs below differ from it only in size)', async () => {
    const ok = await importFile(handMadeXlsx(deflated('xl/worksheets/sheet1.xml', `${SHEET_HEAD}<row r="2">${inline('A2', '李四')}${inline('B2', '预备党员')}</row>${SHEET_TAIL}`)), 'ok.xlsx');
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ written: true, created: 1, format: 'xlsx' });
  });

  it('imports a roster at the cap (4,999 rows beside the one member above) and again, never holding the loop: read, checked and written off it', async () => {
    const rows = Array.from({ length: MAX_ROSTER_MEMBERS - 1 }, (_, i) => `党员${i},正式党员,第${i % 20}支部,C${i},1${3_800_000_000 + i}`);
    const csv = Buffer.from(`姓名,类别,所在支部,卡号,手机号\r\n${rows.join('\r\n')}\r\n`);
    const first = await measured(() => importFile(csv, 'full.csv'));
    expect(first.answer.status, first.answer.text.slice(0, 500)).toBe(200);
    expect(first.answer.body).toMatchObject({ written: true, created: MAX_ROSTER_MEMBERS - 1 });
    expectNeverBlocked(first.windows);
    const again = await measured(() => importFile(csv, 'full.csv'));
    expect(again.answer.body).toMatchObject({ written: true, created: 0, unchanged: MAX_ROSTER_MEMBERS - 1 });
    expectNeverBlocked(again.windows);
  }, 120_000);

  it('refuses 100,000 identical CSV rows at the row cap, in a small answer, changing nothing and never holding the loop', async () => {
    const before = snapshot();
    const csv = Buffer.from(`姓名,类别\r\n${'张三,正式党员\r\n'.repeat(100_000)}`);
    const { answer, windows } = await measured(() => importFile(csv, 'bomb.csv'));
    const message = expectRefused(answer, 'too_many_rows');
    expect(message).toContain('5,000');
    expect(snapshot()).toEqual(before);
    expectNeverBlocked(windows);
  });

  it('refuses a 100,000-row XLSX made by exceljs at the row cap, never holding the loop', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名册');
    sheet.addRow(['姓名', '类别', '所在支部']);
    for (let i = 0; i < 100_000; i++) sheet.addRow([`党员${i}`, '正式党员', '第一支部']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const before = snapshot();
    const { answer, windows } = await measured(() => importFile(bytes, 'bomb.xlsx'));
    expectRefused(answer, 'too_many_rows');
    expect(snapshot()).toEqual(before);
    expectNeverBlocked(windows);
    // The sheet exceljs's streaming reader spooled to a temporary file went with the reader's worker.
    await expect.poll(() => fs.readdirSync(agentTmp())).toEqual([]);
  }, 120_000);

  const inflating = MAX_XLSX_INFLATED_BYTES + 8 * 1024 * 1024;
  it.each([
    ['declares its size honestly', (s: ZipPart): ZipPart => s],
    ['declares a small size and inflates past it', (s: ZipPart): ZipPart => ({ ...s, declaredSize: 4_096 })],
    ['leaves its size to a data descriptor', (s: ZipPart): ZipPart => ({ ...s, descriptor: true })],
  ])('refuses an XLSX whose sheet inflates past the cap and %s, never holding the loop', async (_how, shape) => {
    const bytes = handMadeXlsx(shape(bigSheet(inflating)));
    expect(bytes.length).toBeLessThan(1024 * 1024);
    const before = snapshot();
    const { answer, windows } = await measured(() => importFile(bytes, 'bomb.xlsx'));
    const code = (answer.body.error as { code?: string } | undefined)?.code;
    // A lie about the size is caught as damage at the declared size, the others at the cap; never read whole.
    expectRefused(answer, code === 'unreadable_file' ? 'unreadable_file' : 'file_too_large');
    expect(snapshot()).toEqual(before);
    expectNeverBlocked(windows);
  });

  it('keeps the unauthenticated check-in list to the roster cap and to what a tile shows', async () => {
    // The roster is at the cap; 50 more written straight into the database, as an old import could, outgrow it.
    await stopAgent(agent, 'SIGTERM');
    withStationDb(path.join(dir, 'data'), (db) => {
      const insert = db.prepare(`INSERT INTO members (name, gender, category, branch, card_uid, phone, created_at, updated_at) VALUES (?, NULL, 'full', '第一支部', ?, '13800000000', 0, 0)`);
      db.transaction(() => {
        for (let i = 0; i < 50; i++) insert.run(`旧党员${i}`, `OLD${i}`);
      })();
    });
    agent = await startAgent(path.join(dir, 'data'), { env: agentEnv() });
    // The first door opening loads the pinyin dictionary (a module, evaluated at once); each opening after it is
    // what the bound is about.
    expect((await fetch(`${agent.url}/api/members/checkin-list`)).status).toBe(200);
    const { answer, windows } = await measured(async () => {
      const res = await fetch(`${agent.url}/api/members/checkin-list`);
      return { status: res.status, text: await res.text() };
    });
    expect(answer.status).toBe(200);
    const members = (JSON.parse(answer.text) as { members: Record<string, unknown>[] }).members;
    expect(members).toHaveLength(MAX_ROSTER_MEMBERS);
    expect(Object.keys(members[0]!).sort()).toEqual(['alternates', 'branch', 'category', 'id', 'initials', 'name', 'order', 'pinyin', 'registered']);
    expect(answer.text.length).toBeLessThan(MAX_ROSTER_MEMBERS * 200);
    // Working out 5,000 names' pinyin is done in slices, not in one hold of the loop.
    expectNeverBlocked(windows);

    // And the import that would add to it is refused whole (admin sessions end with the agent: log in again).
    const login = await fetch(`${agent.url}/api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pin: '240815' }) });
    expect(login.status).toBe(200);
    token = ((await login.json()) as { token: string }).token;
    const before = snapshot();
    const more = await importFile(Buffer.from('姓名,类别\r\n新党员,正式党员\r\n'), 'more.csv');
    expectRefused(more, 'roster_full');
    expect(snapshot()).toEqual(before);
  }, 120_000);
});
