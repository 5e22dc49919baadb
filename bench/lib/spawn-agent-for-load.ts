// Starts a real station agent as a child process for the load and footprint benchmarks, two ways:
// - `cli`: exactly what a terminal runs (`yuanjiao start --no-kiosk`), for measuring its footprint;
// - `controlled`: the same daemon behind agent-harness-main.ts, which the benchmark can ask over IPC to
//   sample health or drain the outbox now, instead of waiting for the agent's own timers.
// Either way the benchmark talks to it over HTTP on 127.0.0.1 and stops it with SIGTERM, as a service stops.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { HarnessCommand, HarnessMessage } from './agent-harness-main.ts';
import { stopProcess, track } from './child-processes.ts';
import { freePort } from '../../test/support/agent-process.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(REPO, 'bin/yuanjiao.js');
const HARNESS = fileURLToPath(new URL('./agent-harness-main.ts', import.meta.url));
export const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface LoadAgent {
  child: ChildProcess;
  pid: number;
  url: string;
  port: number;
  output(): string;
  stop(): Promise<void>;
}

export interface ControlledAgent extends LoadAgent {
  /** Health sampling back to back (on), or stopped after the cycle in flight (off, with the count done). */
  sampling(on: boolean): Promise<{ samples: number }>;
  /** The uplink's drain now, timed inside the agent. */
  flush(): Promise<{ ms: number; result: { delivered: number; exchanges: number; failure: unknown }; pending: number }>;
  pending(): Promise<number>;
}

/** A harness command before it is numbered (Omit distributed over the union). */
type Command = HarnessCommand extends infer C ? (C extends { id: number } ? Omit<C, 'id'> : never) : never;

export { freePort };

function capture(child: ChildProcess): () => string {
  let output = '';
  const add = (b: Buffer) => (output = (output + b.toString()).slice(-8_000));
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  return () => output;
}

/** Polls until the agent answers GET /api/health, or fails with what it printed. */
async function waitHealthy(child: ChildProcess, url: string, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the agent exited (${child.exitCode ?? child.signalCode}) before answering:\n${output()}`);
    try {
      if ((await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the agent did not answer within ${timeoutMs} ms:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `yuanjiao start --no-kiosk` on dataDir, as a terminal's service runs it. */
export async function spawnCliAgent(dataDir: string, options: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<LoadAgent> {
  const port = await freePort();
  const child = track(
    spawn(process.execPath, [BIN, 'start', '--no-kiosk', '--port', String(port), '--data', dataDir], {
      cwd: REPO,
      env: { ...process.env, YUANJIAO_LOG_LEVEL: 'warn', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const output = capture(child);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(child, url, output, options.timeoutMs ?? 60_000);
  } catch (err) {
    await stopProcess(child);
    throw err;
  }
  return { child, pid: child.pid!, url, port, output, stop: () => stopProcess(child) };
}

/** The daemon behind the IPC harness; resolves once it listens. */
export async function spawnControlledAgent(dataDir: string, options: { timeoutMs?: number; uplink?: Partial<Record<'backoffBaseMs' | 'backoffMaxMs' | 'batchSize', number>> } = {}): Promise<ControlledAgent> {
  const child = track(
    fork(HARNESS, [dataDir], {
      cwd: REPO,
      execArgv: ['--import', TSX_LOADER],
      env: { ...process.env, YUANJIAO_LOG_LEVEL: 'warn', ...(options.uplink ? { YJ_BENCH_UPLINK: JSON.stringify(options.uplink) } : {}) },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    }),
  );
  const output = capture(child);
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let ready: { url: string; port: number } | null = null;
  child.on('message', (m: HarnessMessage) => {
    if (m.event === 'ready') ready = { url: m.url.replace(/\/$/, ''), port: m.port };
    if (m.event !== 'reply') return;
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.ok) p?.resolve(m.value);
    else p?.reject(new Error(m.error));
  });
  child.on('exit', (code, signal) => {
    for (const p of pending.values()) p.reject(new Error(`the agent exited (${code ?? signal}):\n${output()}`));
    pending.clear();
  });
  const ask = <T>(command: Command): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ ...command, id } as HarnessCommand);
    });

  try {
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    while (!ready) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the agent exited before it was ready:\n${output()}`);
      if (Date.now() > deadline) throw new Error(`the agent was not ready in time:\n${output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch (err) {
    await stopProcess(child);
    throw err;
  }
  const { url, port } = ready as { url: string; port: number };
  return {
    child,
    pid: child.pid!,
    url,
    port,
    output,
    sampling: (on) => ask({ cmd: 'sampling', on }),
    flush: () => ask({ cmd: 'flush' }),
    pending: () => ask({ cmd: 'pending' }),
    stop: () => stopProcess(child),
  };
}
