// A county's 党建指导员 and 指导记录 join a province with `county migrate --under`: staff take new ids in the
// province, so each assignment and record follows its instructor by name (renamed ones too), and a correction
// arrives after the record it supersedes.
import fs from 'node:fs';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type Output } from '../../cli/main.ts';
import { withHub } from '../../county/cli.ts';
import { tempDir } from '../support/station-fixture.ts';
import { freshPostgresDatabase, postgresClusterUrl } from '../support/postgres-database.ts';

const AT = Date.UTC(2026, 11, 7, 2, 0, 0);
const dir = tempDir('yj-hub-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Output = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await main(['node', 'yuanjiao', ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function query(url: string, text: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

describe.runIf(postgresClusterUrl() !== null)('instructors moving into a province', () => {
  it('keeps each assignment and record with its instructor, though staff ids change', { timeout: 120_000 }, async () => {
    const url = await freshPostgresDatabase();
    expect((await cli('county', 'unit', 'add', '--db', url, '--id', 'gs', '--level', 'province', '--name', '甘肃省')).code).toBe(0);
    // The province's own staff take the first ids: the county's would clash with theirs.
    await withHub({ databaseUrl: url }, async (ctx) => {
      for (const username of ['sheng', 'sheng-2', 'sheng-3']) await ctx.auth.addUser({ username, role: 'county_admin', password: 'correct-horse-9' }, AT, 'cli');
    });
    const stationId = await withHub({ data: dir }, async (ctx) => {
      await ctx.auth.addUser({ username: 'admin', role: 'county_admin', password: 'correct-horse-9' }, AT, 'cli');
      const li = await ctx.auth.addUser({ username: 'li', role: 'instructor', password: 'correct-horse-9' }, AT, 'cli');
      const station = await ctx.stations.create({ name: '前进村', grade: 'standard' }, AT);
      await ctx.instructors.assign(station.id, li.id, AT, 'admin');
      const first = await ctx.instructors.add({ stationId: station.id, instructorId: li.id, visitedOn: '2026-12-03', kind: 'on_site', done: '检查', problems: '', followUp: '', author: 'li' }, AT);
      // Many corrections, so that id order and creation order differ.
      let last = first.id;
      for (let i = 1; i <= 6; i++) last = (await ctx.instructors.add({ stationId: station.id, instructorId: li.id, visitedOn: '2026-12-03', kind: 'on_site', done: `检查 ${i}`, problems: '', followUp: '', author: 'li' }, AT + i, last)).id;
      return station.id;
    });
    const moved = await cli('county', 'migrate', '--from', dir, '--to', url, '--under', 'gs', '--rename-staff', 'li=li-jia');
    expect(moved.code, moved.err).toBe(0);
    const [li] = await query(url, "SELECT id FROM staff_users WHERE username = 'li-jia'");
    expect(await query(url, `SELECT station_id, user_id FROM instructor_assignments`)).toEqual([{ station_id: stationId, user_id: li!['id'] }]);
    expect((await query(url, `SELECT DISTINCT instructor_id FROM guidance_records`)).map((r) => r['instructor_id'])).toEqual([li!['id']]);
    expect(await query(url, `SELECT count(*)::int AS n FROM guidance_records g WHERE NOT EXISTS (SELECT 1 FROM guidance_records c WHERE c.supersedes = g.id)`)).toEqual([{ n: 1 }]);
    const standing = await withHub({ databaseUrl: url }, (ctx) => ctx.instructors.counts('instructor', '2026-12-01', '2026-12-31', null));
    expect(standing).toEqual([{ key: 'li-jia', count: 1 }]);
  });
});
