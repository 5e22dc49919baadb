// A finished viewing's sign-in sheet and the monthly report's list of excused members name people in the
// roster's order (设置 › 名单排序: 姓氏笔画 by default), not in the code points' order; the finished sheet keeps
// the order it was fixed in when the setting changes later (a sheet already printed never reorders), and a
// list fixed before the upgrade takes the setting the station had. Real SQLite, real HTTP, real CSV exports.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { MemberStore } from '../../../agent/roster/member-store.ts';
import { openStationDatabase } from '../../../agent/store/database.ts';
import { createStation, tempDir } from '../../support/station-fixture.ts';
import { replaceDefaultPin } from '../../support/admin-pin.ts';
import { block, csvBlocks, records } from '../exports/export-support.ts';
import { runViewing } from './history-fixture.ts';
import { cli } from '../exports/export-support.ts';
import { migrate } from '../../../common/schema-migrations.ts';
import { migrations } from '../../../agent/store/migrations/index.ts';

/** Takes a station's database back to what schema `version` had: later tables dropped, later columns too. */
function asSchema(db: Database.Database, version: number): void {
  const then = new Database(':memory:');
  migrate(then, migrations, () => 'too new', version);
  const columnsOf = (d: Database.Database, table: string) => (d.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);
  const tablesOf = (d: Database.Database) => (d.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[]).map((t) => t.name);
  const kept = new Set(tablesOf(then));
  db.pragma('foreign_keys = OFF');
  for (const table of tablesOf(db)) {
    if (!kept.has(table)) {
      db.exec(`DROP TABLE "${table}"`);
      continue;
    }
    const had = new Set(columnsOf(then, table));
    for (const column of columnsOf(db, table)) if (!had.has(column)) db.exec(`ALTER TABLE "${table}" DROP COLUMN "${column}"`);
  }
  db.pragma(`user_version = ${version}`);
  then.close();
}

// Code points: 丁 4E01, 安 5B89, 张 5F20, 李 674E, 王 738B, 陈 9648 — strokes: 丁 2, 王 4, 安 6, 陈 李 张 7.
const NAMES = ['张三', '李四', '王五', '陈静', '丁一', '安娜'];
const BY_CODE_POINTS = ['丁一', '安娜', '张三', '李四', '王五', '陈静'];
const BY_STROKES = ['丁一', '王五', '安娜', '陈静', '李四', '张三'];
const BY_PINYIN = ['安娜', '陈静', '丁一', '李四', '王五', '张三'];

let dir: string;
let agent: RunningAgent;
let token: string;
let sessionId: number;

async function get(route: string): Promise<Response> {
  return fetch(new URL(route, agent.url), { headers: { authorization: `Bearer ${token}` } });
}

async function sheetNames(): Promise<string[]> {
  const res = await get(`/api/admin/exports/signin-sheet?session=${sessionId}&format=csv`);
  expect(res.status).toBe(200);
  return records(block(csvBlocks(Buffer.from(await res.arrayBuffer())), '在册党员签到')).map((r) => r['姓名']!).filter((n) => n !== '');
}

async function excusedNames(): Promise<{ api: string[]; csv: string[] }> {
  const report = (await (await get('/api/admin/reports/month/2026-11')).json()) as { excusedMembers: { name: string }[] };
  const res = await get('/api/admin/exports/month-report?month=2026-11&format=csv');
  expect(res.status).toBe(200);
  const csv = records(block(csvBlocks(Buffer.from(await res.arrayBuffer())), '请假党员')).map((r) => r['姓名']!);
  return { api: report.excusedMembers.map((m) => m.name), csv };
}

beforeAll(async () => {
  dir = tempDir('yj-finished-order-');
  const station = createStation({ dir });
  const members = NAMES.map((name) => station.addMember({ name, branch: '第一党支部' }));
  // Code-point order is the fixed list's storage order (MemberStore.list): a test that must be able to fail.
  expect(new MemberStore(station.db).list().map((m) => m.name)).toEqual(BY_CODE_POINTS);
  sessionId = runViewing(station.db, station, '2026-11-10', '19:30', members.slice(0, 2)).id;
  // Four of them excused in November; the list on the report is theirs.
  const store = new MemberStore(station.db);
  for (const m of members) if (!['张三', '李四'].includes(m.name)) store.setExcused(m.id, '2026-11', '外出务工', Date.now());
  station.close();
  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'error' });
  token = await replaceDefaultPin(agent.url, '246810');
}, 60_000);

afterAll(async () => {
  await agent?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('names in the records of a finished viewing', () => {
  it('lists the finished sheet and the excused members by 姓氏笔画, and keeps the sheet fixed when the setting changes', async () => {
    expect(await sheetNames()).toEqual(BY_STROKES);
    const excusedByStrokes = BY_STROKES.filter((n) => !['张三', '李四'].includes(n));
    expect(await excusedNames()).toEqual({ api: excusedByStrokes, csv: excusedByStrokes });
    // The CLI's roster list follows the same order.
    const listed = await cli(dir, 'roster', 'list', '--json');
    expect((JSON.parse(listed.out) as { name: string }[]).map((m) => m.name)).toEqual(BY_STROKES);

    const put = await fetch(new URL('/api/admin/settings', agent.url), {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ nameOrder: 'pinyin' }),
    });
    expect(put.status).toBe(200);
    // The sheet was fixed when the viewing ended, in the order of that day.
    expect(await sheetNames()).toEqual(BY_STROKES);
    // The report is made afresh each time and follows the setting, as the roster list does.
    const excusedByPinyin = BY_PINYIN.filter((n) => !['张三', '李四'].includes(n));
    expect(await excusedNames()).toEqual({ api: excusedByPinyin, csv: excusedByPinyin });
  });
});

describe('lists fixed before the upgrade', () => {
  it('take the name order the station had at the upgrade', () => {
    const old = tempDir('yj-order-upgrade-');
    try {
      const station = createStation({ dir: old });
      const members = NAMES.map((name) => station.addMember({ name }));
      const id = runViewing(station.db, station, '2026-11-10', '19:30', members.slice(0, 1)).id;
      station.settings({ nameOrder: 'pinyin' });
      // As a database of schema 8 had it: no order kept with the list, and nothing a later schema added (the
      // upgrade adds it again). Worked out from the migrations themselves, so a new one needs no change here.
      asSchema(station.db, 8);
      station.close();
      const db = openStationDatabase(old);
      const row = db.prepare('SELECT name_order FROM session_rosters WHERE session_id = ?').get(id) as { name_order: string };
      db.close();
      expect(row.name_order).toBe('pinyin');
      const raw = new Database(path.join(old, 'station.sqlite'), { readonly: true });
      expect(raw.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(9);
      raw.close();
    } finally {
      fs.rmSync(old, { recursive: true, force: true });
    }
  });
});
