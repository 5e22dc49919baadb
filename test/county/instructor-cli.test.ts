// `yuanjiao county station instructor ID --user NAME | --none` on the hub's SQLite file: the station's instructor
// from now with the one before ended and kept, audited; a user who is not an instructor, or an unknown station,
// is a message that changes nothing.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/station-fixture.ts';
import { cli } from '../agent/exports/export-support.ts';
import { hubRows } from './support/hub-fixture.ts';
import { withHub } from '../../county/cli.ts';

const dir = tempDir('yj-hub-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const county = (...args: string[]) => cli(dir, 'county', ...args);

describe('instructors from the command line', () => {
  it('assigns, replaces and ends a station’s instructor, refusing what is not one', async () => {
    const added = await county('station', 'add', '前进村');
    const stationId = /站点编号 (st-[a-z0-9]+)/.exec(added.out)![1]!;
    await withHub({ data: dir }, async (ctx) => {
      for (const [username, role] of [['li', 'instructor'], ['wang', 'instructor'], ['zhao', 'viewer']] as const) await ctx.auth.addUser({ username, role, password: 'correct-horse-9' }, ctx.now(), 'test');
    });
    const assigned = await county('station', 'instructor', stationId, '--user', 'li');
    expect([assigned.code, assigned.err, assigned.out]).toEqual([0, '', `前进村 的党建指导员：li / instructor of 前进村: li`]);
    expect((await county('station', 'instructor', stationId, '--user', 'wang')).code).toBe(0);

    const before = await hubRows(dir, 'SELECT * FROM instructor_assignments ORDER BY from_at, id');
    for (const [args, code, words] of [
      [[stationId, '--user', 'zhao'], 1, 'zhao 不是可在此站点任命的党建指导员'],
      [['st-nothere', '--user', 'li'], 1, '没有站点 st-nothere'],
      [[stationId], 2, '--user NAME 或 --none'],
    ] as const) {
      const r = await county('station', 'instructor', ...args);
      expect([r.code, r.err]).toEqual([code, expect.stringContaining(words)]);
    }
    expect(await hubRows(dir, 'SELECT * FROM instructor_assignments ORDER BY from_at, id')).toEqual(before);

    expect((await county('station', 'instructor', stationId, '--none')).out).toContain('已不配党建指导员');
    const rows = await hubRows<{ current: number }>(dir, 'SELECT user_id, until_at IS NULL AS current, assigned_by FROM instructor_assignments ORDER BY from_at, id');
    expect(rows.map((r) => Number(r.current))).toEqual([0, 0]);
    const audit = await hubRows<{ detail: string }>(dir, "SELECT actor, detail FROM staff_audit WHERE action = 'instructor_assign' ORDER BY id");
    expect(audit.map((a) => (JSON.parse(a.detail) as { username: string | null }).username)).toEqual(['li', 'wang', null]);
  });
});
