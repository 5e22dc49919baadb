// `yuanjiao admin accounts list|add|remove` as an operator runs it: the built binary on a real station
// database, the PIN piped in with --pin-stdin (or refused without a terminal to type it on), weak and default
// PINs refused as on the screen, never the last administrator removed, every change in the station log as `cli`.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStationDatabase } from '../../agent/store/database.ts';
import { AdminAuth } from '../../agent/admin/admin-auth.ts';
import { queryStationLog } from '../../agent/stationlog/station-log.ts';
import { createStation, tempDir } from '../support/station-fixture.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
let dir: string;

function run(args: string[], stdin = ''): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO, 'bin/yuanjiao.js'), 'admin', 'accounts', ...args, '--data', dir], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(stdin);
  });
}

async function listed(): Promise<Array<{ name: string; role: string; active: boolean; mustChange: boolean }>> {
  const r = await run(['list', '--json']);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as Array<{ name: string; role: string; active: boolean; mustChange: boolean }>;
}

function withDb<T>(fn: (db: ReturnType<typeof openStationDatabase>) => T): T {
  const db = openStationDatabase(dir);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

beforeAll(() => {
  dir = tempDir('yj-accounts-cli-');
  createStation({ dir }).close();
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('yuanjiao admin accounts', () => {
  it('lists the station administrator of a new station', async () => {
    expect(await listed()).toEqual([{ id: expect.any(Number), name: '管理员', role: 'administrator', active: true, mustChange: true }]);
    const table = await run(['list']);
    expect(table.out).toContain('管理员');
    expect(table.out).toContain('首次登录须修改');
  }, 30_000);

  it('adds an account with a piped PIN, refusing default, weak and missing PINs and changing nothing then', async () => {
    for (const [pin, words] of [
      ['123456', '默认 PIN'],
      ['111111', '同一个数字'],
      ['234567', '连续数字'],
      ['12ab56', '6–8 位数字'],
    ] as const) {
      const r = await run(['add', '--name', '王辅导', '--role', 'tutor', '--pin-stdin'], `${pin}\n`);
      expect(r.code).toBe(2);
      expect(r.err).toContain(words);
    }
    const noPin = await run(['add', '--name', '王辅导', '--role', 'tutor']);
    expect(noPin.code).toBe(2);
    expect(noPin.err).toContain('--pin-stdin');
    const badRole = await run(['add', '--name', '王辅导', '--role', 'boss', '--pin-stdin'], '135792\n');
    expect(badRole.code).not.toBe(0);
    expect((await listed()).map((a) => a.name)).toEqual(['管理员']);

    const added = await run(['add', '--name', '王辅导', '--role', 'tutor', '--pin-stdin'], '135792\n');
    expect(added.err).toBe('');
    expect(added.code).toBe(0);
    expect(added.out).toContain('王辅导（辅导员');
    expect(await listed()).toContainEqual({ id: expect.any(Number), name: '王辅导', role: 'tutor', active: true, mustChange: false });
    // The PIN is the account's own: it logs in with it.
    withDb((db) => {
      const id = (db.prepare('SELECT id FROM admin_accounts WHERE name = ?').get('王辅导') as { id: number }).id;
      expect(new AdminAuth(db).login('135792', Date.now(), id).account.name).toBe('王辅导');
      expect(queryStationLog(db, { type: 'admin' }).find((e) => e.message.startsWith('新增账户：王辅导'))).toMatchObject({ actor: 'cli', message: '新增账户：王辅导（辅导员，PIN 在终端上设置）' });
    });

    const again = await run(['add', '--name', '王辅导', '--role', 'operator', '--pin-stdin'], '135792\n');
    expect(again.code).toBe(1);
    expect(again.err).toContain('已有名为“王辅导”的账户');
  }, 60_000);

  it('removes (deactivates) an account but never the last administrator', async () => {
    const last = await run(['remove', '管理员']);
    expect(last.code).toBe(1);
    expect(last.err).toContain('站点必须保留一个启用的管理员账户');
    expect((await listed()).find((a) => a.name === '管理员')?.active).toBe(true);

    const removed = await run(['remove', '王辅导']);
    expect(removed.code, removed.err).toBe(0);
    expect((await listed()).find((a) => a.name === '王辅导')?.active).toBe(false);
    withDb((db) => expect(queryStationLog(db, { type: 'admin' }).find((e) => e.message === '修改账户：王辅导（停用）')).toMatchObject({ actor: 'cli' }));

    const unknown = await run(['remove', '无此人']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('没有名为“无此人”的账户');
  }, 60_000);
});
