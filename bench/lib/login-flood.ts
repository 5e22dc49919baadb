// The county hub's station reports timed with and without a stranger's login flood beside them: shared by the
// benchmark (bench/hub-login-flood.ts, the figures) and the hostile drill (test/drills/hostile-login-flood.test.ts,
// the bound). The flood runs in a process of its own (login-flood-main.ts); the reports go out one after another
// from this one, each a signed heartbeat as an agent sends it, round-robin over a few stations.
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { VirtualStation } from '../../scripts/simulate-county.ts';
import type { LoginFloodMessage } from './login-flood-main.ts';
import { stopProcess, track } from './child-processes.ts';
import { TSX_LOADER } from './spawn-agent-for-load.ts';

const FLOOD = fileURLToPath(new URL('./login-flood-main.ts', import.meta.url));

export interface LoginFlood {
  /** How the hub has answered the flood so far, by HTTP status. */
  tally(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/** Starts `concurrency` login loops against the hub; resolves once they are running. */
export async function startLoginFlood(hubUrl: string, concurrency: number, staffName: string): Promise<LoginFlood> {
  const child = track(fork(FLOOD, [hubUrl, String(concurrency), staffName], { execArgv: ['--import', TSX_LOADER], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'json' }));
  await new Promise<void>((resolve, reject) => {
    child.once('message', (m: LoginFloodMessage) => (m.event === 'flooding' ? resolve() : reject(new Error(`unexpected ${m.event}`))));
    child.once('exit', (code) => reject(new Error(`the login flood exited (${code}) before it began`)));
  });
  return {
    tally: () =>
      new Promise((resolve) => {
        const onMessage = (m: LoginFloodMessage) => {
          if (m.event !== 'tally') return;
          child.off('message', onMessage);
          resolve(m.byStatus);
        };
        child.on('message', onMessage);
        child.send({ ask: 'tally' });
      }),
    stop: () => stopProcess(child, 5_000),
  };
}

/** `count` reports, one after another, each one heartbeat; the time from sending to the whole answer of each, in ms. */
export async function timedReports(stations: readonly VirtualStation[], count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const station = stations[i % stations.length]!;
    const at = Date.now();
    const raw = JSON.stringify({ events: [{ id: randomUUID(), type: 'heartbeat', at, body: { spanStart: at - 600_000, intervalMs: 300_000, clockSkewMs: 0, pending: 0 } }] });
    const started = performance.now();
    const result = await station.sendRaw(raw);
    times.push(performance.now() - started);
    if (result.status !== 200) throw new Error(`a station's report was refused (${result.status}): ${JSON.stringify(result.body)}`);
  }
  return times;
}
