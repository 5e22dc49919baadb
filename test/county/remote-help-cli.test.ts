// `yuanjiao county station help STATION screenshot|restart-kiosk|diagnostics` on the hub's SQLite file: a signed
// command recorded as asked by `cli`, the open one given again when asked twice; an unknown kind, an unknown or an
// unenrolled station is a message that changes nothing.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/station-fixture.ts';
import { cli } from '../agent/exports/export-support.ts';
import { hubRows } from './support/hub-fixture.ts';
import { withHub } from '../../county/cli.ts';
import { verifyCommand } from '../../protocol/remote-help.pure.ts';

const dir = tempDir('yj-hub-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const county = (...args: string[]) => cli(dir, 'county', ...args);

describe('remote help from the command line', () => {
  it('records a signed command asked by cli, and refuses what it cannot send', async () => {
    const added = await county('station', 'add', '前进村');
    const stationId = /站点编号 (st-[a-z0-9]+)/.exec(added.out)![1]!;
    const code = /加入码 \/ one-time code:\s+(\S+)/.exec(added.out)![1]!;
    for (const [args, exit, words] of [
      [[stationId, 'screenshot'], 1, '无法远程协助'],
      [['st-nothere', 'screenshot'], 1, '没有站点 st-nothere'],
      [[stationId, 'reboot'], 2, '未知的协助类型'],
      [[stationId, 'screenshot', '--wait', '0'], 2, '--wait'],
    ] as const) {
      const r = await county('station', 'help', ...args);
      expect([r.code, r.err]).toEqual([exit, expect.stringContaining(words)]);
    }
    expect(await hubRows(dir, 'SELECT id FROM remote_help_commands')).toEqual([]);

    const secret = await withHub({ data: dir }, async (ctx) => (await ctx.stations.redeemCode(code, ctx.now())).secret);
    const asked = await county('station', 'help', stationId, 'restart-kiosk');
    expect([asked.code, asked.err]).toEqual([0, '']);
    expect(asked.out).toMatch(/远程协助指令 [0-9a-f-]{36}（restart_kiosk）：等待站点接收/);
    expect((await county('station', 'help', stationId, 'restart-kiosk')).out).toBe(asked.out);
    const rows = await hubRows<{ id: string; issued_by: string; state: string }>(dir, 'SELECT id, issued_by, state FROM remote_help_commands');
    expect(rows.map((r) => [r.issued_by, r.state])).toEqual([['cli', 'requested']]);
    const pending = await withHub({ data: dir }, (ctx) => ctx.remoteHelp.pendingFor(stationId, ctx.now()));
    expect(pending.map((c) => [c.id, verifyCommand(secret, c)])).toEqual([[rows[0]!.id, true]]);
  });
});
