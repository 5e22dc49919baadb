// The agent's side of health sampling: a child process that measures the machine, asked over IPC, with a
// deadline per sample. The agent's event loop only sends a message and reads the answer, so check-ins never
// wait on a slow `lsblk`; a child that misses the deadline is killed with the commands it started (SIGKILL
// to its process group: it may be stuck in a synchronous call) and a fresh one starts for the next sample.
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { MachineSample } from './health-sample.ts';
import type { MeasureRequest } from './measure-machine.ts';

/** The narrow interface HealthService samples through; ChildProcessSampler is the real one. */
export interface Sampler {
  sample(request: MeasureRequest): Promise<MachineSample>;
  close(): Promise<void>;
}

export class SamplerError extends Error {
  constructor(
    readonly reason: 'timeout' | 'exited' | 'failed' | 'closed',
    message: string,
  ) {
    super(message);
    this.name = 'SamplerError';
  }
}

export interface ChildSamplerOptions {
  /** Longest wait for one whole sample before the child is killed. */
  deadlineMs?: number;
  /** Added to the deadline when the sample has to start the child first (loading it is slow on a small box). */
  startupGraceMs?: number;
  /** A module URL exporting `probes` in place of the real ones (tests only). */
  probesModule?: string;
}

const CHILD_SCRIPT = fileURLToPath(new URL('./sampler-child.ts', import.meta.url));
// The child is TypeScript like the agent: it runs through the same tsx loader, found from here rather than
// from the working directory, which a service manager may set anywhere.
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
/** Process groups are a POSIX thing; on Windows the child alone is killed. */
const GROUP_KILL = process.platform !== 'win32';
/** Sampling is background work: below the kiosk's video and the agent's API in the scheduler's eyes. */
const CHILD_NICENESS = 10;

interface Pending {
  resolve: (sample: MachineSample) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

type ChildMessage = { id: number; sample: MachineSample } | { id: number; error: string };

export class ChildProcessSampler implements Sampler {
  private child: ChildProcess | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private stderrTail = '';
  /** How many children were started: a restart after a kill shows here. */
  starts = 0;

  constructor(private readonly options: ChildSamplerOptions = {}) {}

  /** The running child's process id (tests check that a hung child was really killed). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  sample(request: MeasureRequest): Promise<MachineSample> {
    if (this.closed) return Promise.reject(new SamplerError('closed', '采样已停止 / the sampler is closed'));
    const cold = this.child === null;
    const child = this.child ?? this.spawn();
    const id = this.nextId++;
    const deadline = (this.options.deadlineMs ?? request.callTimeoutMs + 10_000) + (cold ? (this.options.startupGraceMs ?? 10_000) : 0);
    return new Promise<MachineSample>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new SamplerError('timeout', `采样超时 ${deadline} ms，采样进程已结束并将重启 / sampling timed out; the sampler was killed`));
        // Other requests in flight ride on the same stuck child: kill it, and they fail with 'exited'.
        this.kill(child);
      }, deadline);
      this.pending.set(id, { resolve, reject, timer });
      child.send({ id, request }, (err) => {
        if (err) this.settle(id, new SamplerError('failed', `无法联系采样进程 / cannot reach the sampler: ${err.message}`));
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.kill(child);
    await exited;
  }

  private spawn(): ChildProcess {
    const args = this.options.probesModule ? [this.options.probesModule] : [];
    const child = fork(CHILD_SCRIPT, args, {
      execArgv: ['--import', TSX_LOADER],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
      // Its own process group, so a kill takes the shell commands it is stuck on along with it.
      detached: GROUP_KILL,
    });
    this.starts++;
    this.child = child;
    try {
      if (child.pid !== undefined) os.setPriority(child.pid, CHILD_NICENESS);
    } catch {
      // Lowering priority is a courtesy; some systems refuse it and sampling works regardless.
    }
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-2_000);
    });
    child.on('message', (message: ChildMessage) => {
      if ('sample' in message) this.settle(message.id, null, message.sample);
      else this.settle(message.id, new SamplerError('failed', `采样失败 / sampling failed: ${message.error}`));
    });
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = null;
      const why = `采样进程已退出（${signal ?? code}）/ the sampler exited${this.stderrTail ? `: ${this.stderrTail.trim().split('\n').pop()}` : ''}`;
      for (const id of [...this.pending.keys()]) this.settle(id, new SamplerError('exited', why));
    });
    child.on('error', () => {
      // 'exit' follows and fails whatever was waiting; nothing more to do here.
    });
    // A sampler left open must not keep the agent (or a test) alive on its own.
    child.unref();
    child.channel?.unref();
    return child;
  }

  private settle(id: number, err: Error | null, sample?: MachineSample): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    if (err) p.reject(err);
    else p.resolve(sample!);
  }

  private kill(child: ChildProcess): void {
    if (this.child === child) this.child = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      if (GROUP_KILL && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  }
}
