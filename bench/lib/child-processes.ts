// Child processes the benchmarks start (agents, hubs, harnesses), tracked so that none outlives the run:
// a benchmark that fails half-way, or a runner that ends with process.exit(), must not leave them running.
import type { ChildProcess } from 'node:child_process';

const running = new Set<ChildProcess>();

// 'exit' handlers may only do synchronous work; kill() is.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Registers a child to be killed if the benchmark process exits first; returns it for chaining. */
export function track<T extends ChildProcess>(child: T): T {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** SIGTERM (a service being stopped), then SIGKILL if it has not gone within graceMs; resolves once it exited. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
  if ((await Promise.race([exited, late])) === 'late') {
    child.kill('SIGKILL');
    await exited;
  }
  clearTimeout(timer);
}

/** Runs every closer even when one fails (a browser that will not close must not leave the agent running). */
export async function closeAll(...closers: (() => unknown)[]): Promise<void> {
  let first: unknown = null;
  for (const close of closers) {
    try {
      await close();
    } catch (err) {
      first ??= err;
    }
  }
  if (first !== null) throw first;
}
