// 设置 › 名单排序 over real HTTP against a real agent: 姓氏笔画 by default, full pinyin once the administrator
// chooses it, and back — the check-in tiles' order, the admin roster list and a session's sign-in sheet follow
// the setting (branches stay grouped); a bad value is refused and changes nothing.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { openCheckin } from '../../../agent/sessions/session-lifecycle.ts';
import { occurrenceOn } from '../../../agent/programs/recurrence.pure.ts';
import { at, createStation, tempDir, ZONE } from '../../support/station-fixture.ts';
import { replaceDefaultPin } from '../../support/admin-pin.ts';
import { block, csvBlocks, records } from '../exports/export-support.ts';

// 丁 2 strokes, 王 4, 安 6, then 陈 李 张 7 each (a tie broken by pinyin); in pinyin: an chen ding li wang zhang.
const NAMES = ['张三', '李四', '王五', '陈静', '丁一', '安娜'];
const BY_STROKES = ['丁一', '王五', '安娜', '陈静', '李四', '张三'];
const BY_PINYIN = ['安娜', '陈静', '丁一', '李四', '王五', '张三'];
// The check-in tiles are one list, not grouped by branch: 白 (5 strokes, bai) takes its place among the others.
const TILES_BY_STROKES = ['丁一', '王五', '白雪', '安娜', '陈静', '李四', '张三'];
const TILES_BY_PINYIN = ['安娜', '白雪', '陈静', '丁一', '李四', '王五', '张三'];

let dir: string;
let agent: RunningAgent;
let token: string;
let sessionId: number;

async function call<T>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T; bytes: Buffer }> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(new URL(route, agent.url), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const bytes = Buffer.from(await res.arrayBuffer());
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    // a CSV file
  }
  return { status: res.status, body: parsed as T, bytes };
}

async function orders(): Promise<{ tiles: string[]; roster: string[]; sheet: string[] }> {
  const tiles = (await call<{ members: { name: string; order: number }[] }>('GET', '/api/members/checkin-list')).body.members;
  const roster = (await call<{ members: { name: string; branch: string | null }[] }>('GET', '/api/admin/members')).body.members;
  const sheet = await call('GET', `/api/admin/exports/signin-sheet?session=${sessionId}&format=csv`);
  expect(sheet.status).toBe(200);
  return {
    tiles: [...tiles].sort((a, b) => a.order - b.order).map((m) => m.name),
    roster: roster.filter((m) => m.branch === '第一党支部').map((m) => m.name),
    sheet: records(block(csvBlocks(sheet.bytes), '在册党员签到')).filter((r) => r['所在支部'] === '第一党支部').map((r) => r['姓名']!),
  };
}

beforeAll(async () => {
  dir = tempDir('yj-name-order-');
  const station = createStation({ dir });
  for (const name of NAMES) station.addMember({ name });
  // In the roster list and the sheet a second branch stays a group of its own, after the first, whatever the order.
  station.addMember({ name: '白雪', branch: '第二党支部' });
  const program = station.addProgram({ rule: { type: 'once', date: '2026-11-10', time: '19:30' } }, at('2026-11-01 08:00'));
  const occurrence = occurrenceOn(program.rule, ZONE, '2026-11-10')!;
  sessionId = openCheckin(station.db, program, occurrence, occurrence.startsAt - 10 * 60_000).id;
  station.close();
  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'error' });
  token = await replaceDefaultPin(agent.url, '246810');
}, 60_000);

afterAll(async () => {
  await agent?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the name order setting', () => {
  it('orders tiles, roster and sign-in sheet by 姓氏笔画 until the administrator chooses pinyin, and back', async () => {
    expect((await call<{ nameOrder: string }>('GET', '/api/admin/settings')).body.nameOrder).toBe('strokes');
    expect(await orders()).toEqual({ tiles: TILES_BY_STROKES, roster: BY_STROKES, sheet: BY_STROKES });

    const saved = await call<{ nameOrder: string }>('PUT', '/api/admin/settings', { nameOrder: 'pinyin' });
    expect(saved.status).toBe(200);
    expect(saved.body.nameOrder).toBe('pinyin');
    expect(await orders()).toEqual({ tiles: TILES_BY_PINYIN, roster: BY_PINYIN, sheet: BY_PINYIN });
    const all = (await call<{ members: { name: string }[] }>('GET', '/api/admin/members')).body.members.map((m) => m.name);
    expect(all.at(-1)).toBe('白雪');

    expect((await call('PUT', '/api/admin/settings', { nameOrder: 'strokes' })).status).toBe(200);
    expect(await orders()).toEqual({ tiles: TILES_BY_STROKES, roster: BY_STROKES, sheet: BY_STROKES });
  });

  it('refuses an order it does not know, and keeps the one set', async () => {
    const refused = await call<{ error: { code: string } }>('PUT', '/api/admin/settings', { nameOrder: 'alphabet' });
    expect(refused.status).toBe(400);
    expect((await call<{ nameOrder: string }>('GET', '/api/admin/settings')).body.nameOrder).toBe('strokes');
  });
});
