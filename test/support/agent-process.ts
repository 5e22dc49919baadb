// A real station agent as a child process (`yuanjiao start --no-kiosk`), for tests that kill it, starve it
// of disk or lie to it about the time: its port, its output, how it ended, and the data it left behind.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStationDatabase, type Db } from '../../agent/store/database.ts';
import { processAlive } from '../../common/process-alive.ts';
import { waitFor } from './wait.ts';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(REPO, 'bin/yuanjiao.js');

export interface Ending {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface AgentProcess {
  child: ChildProcess;
  port: number;
  url: string;
  output: () => string;
  exited: Promise<Ending>;
  /** Whether the process is still running (not yet reaped). */
  alive: () => boolean;
}

export interface StartAgentOptions {
  /** Extra environment (e.g. LD_PRELOAD for libfaketime); merged over this process's. */
  env?: Record<string, string>;
  /** How long the agent may take to answer /api/health: a second or two, but far longer on a 2-core machine under a full test run. */
  timeoutMs?: number;
}

const started: ChildProcess[] = [];

/** SIGKILLs every agent this module started that is still running (for afterEach). */
export function killStartedAgents(): void {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts `yuanjiao start --no-kiosk` on dataDir and resolves once GET /api/health answers. */
export async function startAgent(dataDir: string, options: StartAgentOptions = {}): Promise<AgentProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'start', '--no-kiosk', '--port', String(port), '--data', dataDir], {
    cwd: REPO,
    // Conversions at normal priority: at nice 19 one waits for every busy process of a loaded machine, and a test
    // waits for it to finish (the converter's own test checks the low priority).
    env: { ...process.env, YUANJIAO_LOG_LEVEL: 'warn', YUANJIAO_CONVERSION_NICE: '0', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  // The start and the last 256 KiB: enough to show why an agent failed, bounded if it floods its log.
  let head = '';
  let tail = '';
  let dropped = 0;
  const keep = (b: Buffer) => {
    const text = b.toString();
    if (head.length < 16_384) head += text.slice(0, 16_384 - head.length);
    tail += text;
    if (tail.length > 262_144) {
      dropped += tail.length - 262_144;
      tail = tail.slice(-262_144);
    }
  };
  const output = () => (dropped > 0 ? `${head}\n… ${dropped} characters left out …\n${tail}` : tail);
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<Ending>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const answered = await waitFor(
    async () => {
      // An agent that died at start fails the wait at once, with its output, rather than at the deadline.
      if (child.exitCode !== null || child.signalCode !== null) return 'exited';
      const res = await fetch(`${url}/api/health`);
      return res.ok && 'up';
    },
    options.timeoutMs ?? 60_000,
    `GET /api/health on port ${port}`,
  );
  if (answered === 'exited') throw new Error(`the agent exited (${child.exitCode ?? child.signalCode}) before answering:\n${output()}`);
  return { child, port, url, output, exited, alive: () => child.exitCode === null && child.signalCode === null };
}

/** Sends a signal and waits for the process to end; SIGKILL is the plug pulled, SIGTERM the service stopped. */
export async function stopAgent(agent: AgentProcess, signal: NodeJS.Signals): Promise<Ending> {
  agent.child.kill(signal);
  let result: Ending | undefined;
  void agent.exited.then((r) => (result = r));
  return waitFor(() => result, 15_000, `the agent to exit after ${signal}\n${agent.output()}`);
}

export function checkin(agent: AgentProcess, sessionId: number, body: { memberId: number } | { cardUid: string } | { guest: { name: string; category: string } }): Promise<Response> {
  return fetch(`${agent.url}/api/sessions/${sessionId}/checkins`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Opens the station's database as another process would (the agent may be dead or alive), runs fn, closes it. */
export function withStationDb<T>(dataDir: string, fn: (db: Db) => T): T {
  const db = openStationDatabase(dataDir);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export function integrityCheck(db: Db): string {
  return db.pragma('integrity_check', { simple: true }) as string;
}

/** Live (not undone) member check-ins of a session, in the order they were stored. */
export function storedMemberCheckins(db: Db, sessionId: number): number[] {
  return (db.prepare('SELECT member_id FROM attendance WHERE session_id = ? AND undone_at IS NULL AND member_id IS NOT NULL ORDER BY id').all(sessionId) as { member_id: number }[]).map(
    (r) => r.member_id,
  );
}

/** Whether a process id is running (a stray ffmpeg left by a killed agent, say). */
export const pidAlive = processAlive;

/** Direct child processes of pid, from /proc (Linux): what the agent had running when it was killed. */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const task of tasks) {
    try {
      const text = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (text) out.push(...text.split(/\s+/).map(Number));
    } catch {
      // the task ended meanwhile
    }
  }
  return out;
}
