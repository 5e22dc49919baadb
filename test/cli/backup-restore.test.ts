// `yuanjiao backup` and `yuanjiao restore` on a real agent: a backup taken while the agent takes check-ins
// holds every check-in acknowledged before it began, whole; one taken once they stop, restored into a fresh
// data directory, holds the same records; a restore is refused while the agent runs, and for a file of the
// wrong kind, of a newer schema or no database at all — changing nothing each time.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { main, type Output } from '../../cli/main.ts';
import { playNow } from '../../agent/schedule/manual-play.ts';
import { DATABASE_FILE, STATION_KIND, type Db } from '../../agent/store/database.ts';
import { openHubDatabase } from '../../county/store/database.ts';
import { BIN, REPO, checkin, integrityCheck, killStartedAgents, startAgent, stopAgent, withStationDb } from '../support/agent-process.ts';
import { createStation, tempDir } from '../support/station-fixture.ts';
import { waitFor } from '../support/wait.ts';

const dirs: string[] = [];
const dir = (prefix: string): string => {
  const d = tempDir(prefix);
  dirs.push(d);
  return d;
};
afterEach(() => killStartedAgents());
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Output = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await main(['node', 'yuanjiao', ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The compiled `yuanjiao` as a child process, as an administrator runs it beside the agent. */
function bin(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out, err })));
}

/** The records an inspection reads, in a comparable form. */
function records(db: Db): unknown {
  const all = (sql: string) => db.prepare(sql).all();
  return {
    members: all('SELECT * FROM members ORDER BY id'),
    sessions: all('SELECT * FROM sessions ORDER BY id'),
    attendance: all('SELECT * FROM attendance ORDER BY id'),
    stationLog: all('SELECT * FROM station_log ORDER BY id'),
    outbox: all('SELECT * FROM outbox ORDER BY seq'),
    settings: all('SELECT * FROM settings ORDER BY key'),
  };
}

function openFile(file: string): Db {
  return new Database(file, { readonly: true });
}

describe('yuanjiao backup while the agent runs', () => {
  it('holds every check-in acknowledged before it began; a later one restores into a fresh folder with equal records', { timeout: 180_000 }, async () => {
    const home = dir('yj-backup-live-');
    const station = createStation({ dir: home });
    for (let i = 1; i <= 60; i++) station.addMember({ name: `党员${String(i).padStart(3, '0')}` });
    const course = station.addCourse({ title: '备份演练课件' });
    const session = playNow(station.db, { courseId: course.id, kind: 'group_viewing', title: '集中收看（备份）', actor: 'test' }, Date.now());
    station.close();
    const agent = await startAgent(home);

    // Guests check in two at a time for as long as the backup runs beside them.
    const acknowledged: string[] = [];
    let backupDone = false;
    let n = 0;
    const worker = async (): Promise<void> => {
      while (!backupDone) {
        const name = `来宾${++n}`;
        const res = await checkin(agent, session.id, { guest: { name, category: 'employee' } });
        expect(res.status).toBe(201);
        acknowledged.push(name);
      }
    };
    const writing = Promise.all([worker(), worker()]);
    await waitFor(() => acknowledged.length >= 10, 30_000, 'the first check-ins');
    const during = path.join(home, 'during.sqlite');
    const beforeBackup = [...acknowledged];
    const first = await bin('backup', '--to', during, '--data', home);
    const whenDone = acknowledged.length;
    backupDone = true;
    await writing;
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/已备份 \/ backed up: .*during\.sqlite（[\d.]+ (KB|MB)/);
    expect(first.out).toContain('courseware files');
    expect(whenDone, 'check-ins acknowledged while the backup ran').toBeGreaterThan(beforeBackup.length);

    const copy = openFile(during);
    try {
      expect(integrityCheck(copy)).toBe('ok');
      const inBackup = new Set((copy.prepare('SELECT guest_name FROM attendance WHERE session_id = ?').all(session.id) as { guest_name: string }[]).map((r) => r.guest_name));
      expect(beforeBackup.filter((name) => !inBackup.has(name)), 'acknowledged before the backup began, missing from it').toEqual([]);
      expect(inBackup.size).toBeLessThanOrEqual(whenDone);
      // Each check-in in it whole: its station-log line came with it.
      const lines = (copy.prepare("SELECT count(*) AS n FROM station_log WHERE type = 'checkin'").get() as { n: number }).n;
      expect(lines).toBe(inBackup.size);
      // One self-contained file: no -wal needed beside it.
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    } finally {
      copy.close();
    }

    // Writes stopped, the agent still running: the default name, in the backups folder.
    const second = await bin('backup', '--data', home);
    expect(second.code, second.err).toBe(0);
    const backups = fs.readdirSync(path.join(home, 'backups'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/^station-\d{4}-\d{2}-\d{2}-\d{6}\.sqlite$/);
    const live = withStationDb(home, records);

    const fresh = dir('yj-restore-fresh-');
    const restored = await cli('restore', path.join(home, 'backups', backups[0]!), '--data', fresh);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toContain('已恢复 / restored');
    // The agent may add a line of its own meanwhile (a health bucket, say): the restored log and outbox are
    // the live ones up to the backup, everything else the same.
    const back = withStationDb(fresh, records) as Record<string, unknown[]>;
    const now = live as Record<string, unknown[]>;
    for (const table of ['members', 'sessions', 'attendance', 'settings']) expect(back[table], table).toEqual(now[table]);
    for (const table of ['stationLog', 'outbox']) expect(back[table], table).toEqual(now[table]!.slice(0, back[table]!.length));
    expect(back['attendance']).toHaveLength(acknowledged.length);
    expect((await stopAgent(agent, 'SIGTERM')).code).toBe(0);
  });
});

describe('yuanjiao restore refuses', () => {
  it('while the agent runs, naming it; the database is unchanged and the agent keeps serving', { timeout: 120_000 }, async () => {
    const home = dir('yj-restore-running-');
    const station = createStation({ dir: home });
    station.addMember({ name: '张三' });
    station.close();
    expect((await cli('backup', '--data', home)).code).toBe(0);
    const backup = path.join(home, 'backups', fs.readdirSync(path.join(home, 'backups'))[0]!);
    const agent = await startAgent(home);
    const before = withStationDb(home, records);
    const refused = await bin('restore', backup, '--data', home);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`另一个远教代理（进程 ${agent.child.pid}）正在使用数据目录`);
    expect(refused.err).toContain('stop it before restoring');
    expect(refused.err).not.toMatch(/\n\s+at /);
    expect(withStationDb(home, records)).toEqual(before);
    expect(fs.readdirSync(home).filter((f) => f.includes('before-restore') || f.includes('restoring'))).toEqual([]);
    expect((await fetch(`${agent.url}/api/health`)).status).toBe(200);
    expect((await stopAgent(agent, 'SIGTERM')).code).toBe(0);
  });

  it('a hub backup, a newer schema or a file that is no database, and changes nothing', async () => {
    const home = dir('yj-restore-kind-');
    const station = createStation({ dir: home });
    station.addMember({ name: '李四' });
    station.close();
    const file = path.join(home, DATABASE_FILE);
    const bytes = fs.readFileSync(file);
    const listing = fs.readdirSync(home).sort();

    const hubDir = dir('yj-restore-hub-');
    openHubDatabase(hubDir).close();
    const hub = await cli('restore', path.join(hubDir, 'county.sqlite'), '--data', home);
    expect(hub.code).toBe(1);
    expect(hub.err).toContain('是县级平台数据库，不是站点数据库');

    const newer = path.join(dir('yj-restore-newer-'), 'newer.sqlite');
    fs.copyFileSync(file, newer);
    const db = new Database(newer);
    db.pragma(`user_version = ${STATION_KIND.knownVersion + 1}`);
    db.close();
    const tooNew = await cli('restore', newer, '--data', home);
    expect(tooNew.code).toBe(1);
    expect(tooNew.err).toContain(`数据库版本 ${STATION_KIND.knownVersion + 1} 比本程序支持的版本 ${STATION_KIND.knownVersion} 新`);

    const junk = path.join(path.dirname(newer), 'junk.sqlite');
    fs.writeFileSync(junk, 'not a database at all, just text that happens to be long enough to have a header'.repeat(100));
    const notDb = await cli('restore', junk, '--data', home);
    expect(notDb.code).toBe(1);
    expect(notDb.err).toContain('不是完好的 SQLite 数据库');

    for (const r of [hub, tooNew, notDb]) {
      expect(r.err).toContain('未做任何改动');
      expect(r.err).not.toMatch(/\n\s+at /);
    }
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(fs.readdirSync(home).sort()).toEqual(listing);
  });
});

describe('yuanjiao backup --keep N', () => {
  it('keeps the newest N dated backups, the new one always, and never a file named otherwise', async () => {
    const home = dir('yj-backup-keep-');
    createStation({ dir: home }).close();
    const folder = path.join(home, 'backups');
    fs.mkdirSync(folder);
    // Older dated backups, one far in the future (a clock once set forward), and a file of the administrator's.
    const old = ['station-2020-01-01-000000.sqlite', 'station-2020-01-02-000000.sqlite', 'station-2099-01-01-000000.sqlite', 'before-upgrade.sqlite'];
    for (const name of old) fs.writeFileSync(path.join(folder, name), 'x');
    const r = await cli('backup', '--keep', '2', '--data', home);
    expect(r.code, r.err).toBe(0);
    const left = fs.readdirSync(folder).sort();
    expect(left).toHaveLength(3);
    expect(left).toContain('before-upgrade.sqlite');
    expect(left).toContain('station-2099-01-01-000000.sqlite');
    expect(left.filter((n) => n.startsWith('station-20') && !n.startsWith('station-2099') && !n.startsWith('station-2020'))).toHaveLength(1);
    expect(r.out).toContain('station-2020-01-01-000000.sqlite');
    expect((await cli('backup', '--keep', '0', '--data', home)).code).toBe(2);
  });
});
