// Starts a real county hub as a child process (hub-harness-main.ts) and logs staff in over HTTP.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HubHarnessMessage } from './hub-harness-main.ts';
import { stopProcess, track } from './child-processes.ts';
import { TSX_LOADER } from './spawn-agent-for-load.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HARNESS = fileURLToPath(new URL('./hub-harness-main.ts', import.meta.url));

export const BENCH_STAFF = { username: 'bench-admin', password: 'bench-password-9' };

export interface HubProcess {
  pid: number;
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * The hub on dataDir, on `port` (0: any free one), with the bench's staff user; resolves once it listens. With
 * `databaseUrl` its records are in that PostgreSQL database (`yuanjiao county start --db …`), not in dataDir.
 */
export async function startHubProcess(dataDir: string, port = 0, timeoutMs = 60_000, databaseUrl?: string): Promise<HubProcess> {
  const child = track(
    fork(HARNESS, [dataDir, String(port)], {
      cwd: REPO,
      execArgv: ['--import', TSX_LOADER],
      // At the programs' own scrypt cost even when a test starts it: what a flood costs the hub is what is measured.
      env: { ...process.env, YJ_TEST_SECRET_COST: undefined, YJ_BENCH_HUB_USER: BENCH_STAFF.username, YJ_BENCH_HUB_PASSWORD: BENCH_STAFF.password, YJ_BENCH_HUB_DB: databaseUrl ?? '' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    }),
  );
  let output = '';
  const add = (b: Buffer) => (output = (output + b.toString()).slice(-8_000));
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  try {
    const ready = await new Promise<HubHarnessMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the hub was not ready within ${timeoutMs} ms:\n${output}`)), timeoutMs);
      child.once('message', (m: HubHarnessMessage) => {
        clearTimeout(timer);
        resolve(m);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the hub exited (${code ?? signal}) before it was ready:\n${output}`));
      });
    });
    return { pid: child.pid!, url: ready.url, port: ready.port, dataDir, stop: () => stopProcess(child) };
  } catch (err) {
    await stopProcess(child);
    throw err;
  }
}

/** A staff session token for the bench's user. */
export async function staffLogin(hubUrl: string): Promise<string> {
  const res = await fetch(`${hubUrl}/api/county/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(BENCH_STAFF) });
  const body = (await res.json()) as { token?: string; error?: { message: string } };
  if (!res.ok || !body.token) throw new Error(`staff login failed: ${body.error?.message ?? res.status}`);
  return body.token;
}
