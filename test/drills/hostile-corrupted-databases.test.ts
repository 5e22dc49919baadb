// Drill: a damaged database stops the start — the agent's and the hub's — with one bilingual message naming the file,
// the newest backup and the commands that recover, exit code 65 (the units' RestartPreventExitStatus), and no
// stack trace; a restore from the listed backup then starts as before. Run as an operator would: the compiled
// program in a child process.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../agent/store/database.ts';
import { HUB_DATABASE_FILE, openHubDatabase } from '../../county/store/database.ts';
import { DAMAGED_DATABASE_EXIT_CODE } from '../../common/database-check.ts';
import { main, type Output } from '../../cli/main.ts';
import { BIN, REPO, killStartedAgents, startAgent, stopAgent, withStationDb } from '../support/agent-process.ts';
import { createStation, tempDir } from '../support/station-fixture.ts';
import { recordDrill } from '../support/drill-log.ts';
import { waitFor } from '../support/wait.ts';

const dirs: string[] = [];
/** The damaged files tried, for the drills' ledger. */
const tried: string[] = [];
afterEach(() => killStartedAgents());
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  if (tried.length > 0) {
    const line = `${tried.length} damaged databases (${tried.join('; ')}): each start refused with the recovery named, exit ${DAMAGED_DATABASE_EXIT_CODE}, no stack trace; restored from the backup and started`;
    console.log(`corrupted databases: ${line}`);
    recordDrill({ name: 'hostile: corrupted databases', faults: tried.length, acknowledged: 0, stored: 0, notes: [line] });
  }
});

const MEMBERS = 400;

function quiet(): Output & { text: () => string } {
  const lines: string[] = [];
  return { out: (t) => lines.push(t), err: (t) => lines.push(t), text: () => lines.join('\n') };
}

/** A station with a roster big enough to span many pages, closed cleanly (no -wal left), and one backup of it. */
async function stationWithBackup(): Promise<{ dir: string; file: string; backup: string }> {
  const dir = tempDir('yj-damaged-');
  dirs.push(dir);
  const station = createStation({ dir });
  for (let i = 1; i <= MEMBERS; i++) station.addMember({ name: `党员${String(i).padStart(4, '0')}`, phone: `138${String(i).padStart(8, '0')}` });
  station.close();
  const io = quiet();
  expect(await main(['node', 'yuanjiao', 'backup', '--data', dir], io), io.text()).toBe(0);
  const backup = fs.readdirSync(path.join(dir, 'backups')).find((f) => f.endsWith('.sqlite'));
  expect(backup).toBeDefined();
  return { dir, file: path.join(dir, DATABASE_FILE), backup: path.join(dir, 'backups', backup!) };
}

/** Runs the compiled program to its end (it must end: a start that serves a damaged file fails the wait). */
async function runToExit(args: string[], deadlineMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, env: { ...process.env, YUANJIAO_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  let code: number | null | undefined;
  child.once('exit', (c) => (code = c));
  try {
    await waitFor(() => code !== undefined || stdout.includes('按 Ctrl+C 停止'), deadlineMs, `${args.join(' ')} to end\n${stdout}\n${stderr}`);
  } finally {
    if (code === undefined) child.kill('SIGKILL');
  }
  if (code === undefined) throw new Error(`it started and served the damaged database instead of refusing:\n${stdout}\n${stderr}`);
  return { code, stdout, stderr };
}

function expectRecoveryMessage(stderr: string, file: string, backup: string, restore: string): void {
  expect(stderr).toContain(`${file} 已损坏`);
  expect(stderr).toContain(`${restore} --data ${path.dirname(file)} ${backup}`);
  expect(stderr).toContain('is damaged');
  expect(stderr).toContain(`mv ${file}`);
  // Logged once, and as words: no stack trace.
  expect(stderr.split('已损坏').length - 1).toBe(1);
  expect(stderr).not.toMatch(/\n\s+at /);
}

/** Overwrites the first bytes of a table's root page: the page header then names no b-tree page type. */
function corruptRootPage(file: string, table: string): void {
  const db = new Database(file, { readonly: true });
  const root = (db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = ?").get(table) as { rootpage: number }).rootpage;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(64, 0xee), 0, 64, (root - 1) * pageSize);
  fs.closeSync(fd);
}

describe('a damaged station database at start', () => {
  it('a truncated file: refused with the recovery, exit 65, then restored and started', { timeout: 120_000 }, async () => {
    tried.push('station, truncated');
    const { dir, file, backup } = await stationWithBackup();
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));

    const run = await runToExit(['start', '--no-kiosk', '--data', dir, '--port', '0']);
    expect(run.code, run.stderr).toBe(DAMAGED_DATABASE_EXIT_CODE);
    expectRecoveryMessage(run.stderr, file, backup, 'yuanjiao restore');
    expect(fs.existsSync(path.join(dir, 'agent.pid'))).toBe(false);

    // The recovery the message gives works: the damaged file is kept aside and the station starts whole.
    const io = quiet();
    expect(await main(['node', 'yuanjiao', 'restore', backup, '--data', dir], io), io.text()).toBe(0);
    expect(fs.readdirSync(dir).some((f) => f.startsWith(`${DATABASE_FILE}.before-restore-`))).toBe(true);
    const agent = await startAgent(dir);
    expect((await stopAgent(agent, 'SIGTERM')).code).toBe(0);
    expect(withStationDb(dir, (db) => (db.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n)).toBe(MEMBERS);
  });

  it('a page-corrupted file is not served: quick_check at start refuses it', { timeout: 120_000 }, async () => {
    tried.push('station, page-corrupted');
    const { dir, file, backup } = await stationWithBackup();
    corruptRootPage(file, 'members');
    const run = await runToExit(['start', '--no-kiosk', '--data', dir, '--port', '0']);
    expect(run.code, run.stderr).toBe(DAMAGED_DATABASE_EXIT_CODE);
    expectRecoveryMessage(run.stderr, file, backup, 'yuanjiao restore');
  });
});

describe('a damaged hub database at start', () => {
  it('is refused the same way, naming the hub backup and `yuanjiao county restore`', { timeout: 120_000 }, async () => {
    tried.push('hub');
    const dir = tempDir('yj-damaged-hub-');
    dirs.push(dir);
    openHubDatabase(dir).close();
    const io = quiet();
    expect(await main(['node', 'yuanjiao', 'county', 'backup', '--data', dir], io), io.text()).toBe(0);
    const backup = path.join(dir, 'backups', fs.readdirSync(path.join(dir, 'backups')).find((f) => f.endsWith('.sqlite'))!);
    const file = path.join(dir, HUB_DATABASE_FILE);
    corruptRootPage(file, 'stations');
    const run = await runToExit(['county', 'start', '--data', dir, '--port', '0']);
    expect(run.code, run.stderr).toBe(DAMAGED_DATABASE_EXIT_CODE);
    expectRecoveryMessage(run.stderr, file, backup, 'yuanjiao county restore');
    expect(fs.existsSync(path.join(dir, 'hub.pid'))).toBe(false);
  });
});
