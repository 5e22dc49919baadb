// A stop that arrives while the agent is still starting (systemctl stop at boot, a service restarted twice
// in a row) must end it cleanly: the start finishes, the agent stops, logs it and releases its lock — not
// Node's default of dying on the signal with the database open (found by the crash test under a busy CI).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { queryStationLog } from '../../agent/stationlog/station-log.ts';
import { createStation, tempDir } from '../support/station-fixture.ts';
import { BIN, REPO, freePort, withStationDb, type Ending } from '../support/agent-process.ts';
import { waitFor } from '../support/wait.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('a stop while the agent starts', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('%s as soon as the agent holds its data directory ends it cleanly', { timeout: 60_000 }, async (signal) => {
    const dir = tempDir('yj-stop-start-');
    dirs.push(dir);
    createStation({ dir }).close();
    const port = await freePort();
    const child = spawn(process.execPath, [BIN, 'start', '--no-kiosk', '--port', String(port), '--data', dir], {
      cwd: REPO,
      env: { ...process.env, YUANJIAO_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    const exited = new Promise<Ending>((resolve) => child.once('exit', (code, sig) => resolve({ code, signal: sig })));
    try {
      // The lock file is the agent's first act of its start: the signal comes before it can answer.
      await waitFor(() => fs.existsSync(path.join(dir, 'agent.pid')) || child.exitCode !== null, 30_000, 'the agent to take its lock');
      child.kill(signal);
      let ending: Ending | undefined;
      void exited.then((e) => (ending = e));
      expect(await waitFor(() => ending, 30_000, `the agent to exit after ${signal}\n${output}`), output).toEqual({ code: 0, signal: null });
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    expect(output).toContain('已停止 / stopped');
    expect(fs.existsSync(path.join(dir, 'agent.pid'))).toBe(false);
    const messages = withStationDb(dir, (db) => queryStationLog(db, {}).map((e) => e.message));
    expect(messages.filter((m) => m === '远教代理启动')).toHaveLength(1);
    expect(messages.filter((m) => m === '远教代理停止')).toHaveLength(1);
  });
});
