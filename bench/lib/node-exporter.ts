// Debian's prometheus-node-exporter, the tool a county's IT staff would otherwise put on a terminal to watch
// it: installed by the benchmark if missing, started as our own child process (never through systemd) on a
// free loopback port, and scraped every 15 s as Prometheus would.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { stopProcess, track } from './child-processes.ts';
import { freePort } from './spawn-agent-for-load.ts';

export const NODE_EXPORTER_BIN = '/usr/bin/prometheus-node-exporter';
const PACKAGE = 'prometheus-node-exporter';

export type ExporterAvailability = { ok: true; binary: string; version: string; installedNow: boolean } | { ok: false; reason: string };

function lastLine(err: unknown): string {
  const e = err as { stderr?: Buffer | string; message?: string };
  const text = (e.stderr ? e.stderr.toString() : '') || e.message || String(err);
  return text.trim().split('\n').filter(Boolean).pop() ?? 'unknown error';
}

function aptGet(args: string[], log: (line: string) => void): void {
  log(`apt-get ${args.join(' ')}`);
  execFileSync('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, stdio: ['ignore', 'ignore', 'pipe'], timeout: 10 * 60_000 });
}

function versionOf(binary: string): string {
  try {
    // It prints its version banner on stderr.
    const out = execFileSync(binary, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });
    return out.split('\n')[0]!.trim();
  } catch (err) {
    const text = String((err as { stderr?: string }).stderr ?? '');
    return text.split('\n')[0]?.trim() || 'unknown version';
  }
}

/** Installs the Debian package when it is missing and we are root (apt-get update first only if needed). */
export function ensureNodeExporter(log: (line: string) => void): ExporterAvailability {
  let installedNow = false;
  if (!fs.existsSync(NODE_EXPORTER_BIN)) {
    if (process.getuid?.() !== 0) return { ok: false, reason: `${PACKAGE} is not installed and the bench is not root, so it cannot install it` };
    try {
      aptGet(['install', '-y', PACKAGE], log);
    } catch {
      try {
        aptGet(['update'], log);
        aptGet(['install', '-y', PACKAGE], log);
      } catch (err) {
        return { ok: false, reason: `apt-get install ${PACKAGE} failed: ${lastLine(err)}` };
      }
    }
    if (!fs.existsSync(NODE_EXPORTER_BIN)) return { ok: false, reason: `${PACKAGE} installed but ${NODE_EXPORTER_BIN} is missing` };
    installedNow = true;
  }
  return { ok: true, binary: NODE_EXPORTER_BIN, version: versionOf(NODE_EXPORTER_BIN), installedNow };
}

export interface RunningExporter {
  child: ChildProcess;
  pid: number;
  url: string;
  stop(): Promise<void>;
}

/** Starts the exporter on a free 127.0.0.1 port and waits until /metrics answers. */
export async function startNodeExporter(binary: string): Promise<RunningExporter> {
  const port = await freePort();
  const child = track(spawn(binary, [`--web.listen-address=127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] }));
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4_000)));
  const url = `http://127.0.0.1:${port}/metrics`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`node-exporter exited (${child.exitCode ?? child.signalCode}): ${stderr.trim().split('\n').pop()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopProcess(child);
      throw new Error(`node-exporter did not answer on ${url}: ${stderr.trim().split('\n').pop()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, pid: child.pid!, url, stop: () => stopProcess(child) };
}

export interface ScrapeTally {
  scrapes: number;
  failures: number;
  totalMs: number;
  bytes: number;
}

/** Scrapes `url` now and every intervalMs, as a Prometheus server would, until stopped. */
export function scrapeEvery(url: string, intervalMs: number): { tally: ScrapeTally; stop(): Promise<void> } {
  const tally: ScrapeTally = { scrapes: 0, failures: 0, totalMs: 0, bytes: 0 };
  let inFlight: Promise<void> = Promise.resolve();
  const scrape = () => {
    inFlight = (async () => {
      const started = performance.now();
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
        const body = await res.arrayBuffer();
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        tally.bytes += body.byteLength;
        tally.scrapes++;
        tally.totalMs += performance.now() - started;
      } catch {
        tally.failures++;
      }
    })();
  };
  scrape();
  const timer = setInterval(scrape, intervalMs);
  return {
    tally,
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}
