// A real station agent in a process of its own, as `yuanjiao start --no-kiosk` runs it (startDaemon: the
// same database, scheduler, health sampler child, uplink and API), plus an IPC line to the benchmark so it
// can make the agent do on cue what it otherwise does on its own timers: sample health back to back during
// a check-in burst, or drain the outbox the moment the hub is back. Started by spawn-agent-for-load.ts.
//
//   node --import tsx bench/lib/agent-harness-main.ts DATA_DIR      (env YJ_BENCH_UPLINK: uplink options as JSON)
import { startDaemon, type RunningAgent } from '../../agent/daemon.ts';
import type { UplinkOptions } from '../../agent/uplink/uplink-service.ts';
import { countPendingOutbox } from '../../agent/outbox/outbox-store.ts';

export type HarnessCommand = { id: number; cmd: 'sampling'; on: boolean } | { id: number; cmd: 'flush' } | { id: number; cmd: 'pending' } | { id: number; cmd: 'stop' };

export type HarnessMessage =
  | { event: 'ready'; url: string; port: number }
  | { event: 'reply'; id: number; ok: true; value: unknown }
  | { event: 'reply'; id: number; ok: false; error: string };

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: agent-harness-main.ts DATA_DIR');

const uplink = process.env.YJ_BENCH_UPLINK ? (JSON.parse(process.env.YJ_BENCH_UPLINK) as Partial<UplinkOptions>) : undefined;
const agent: RunningAgent = await startDaemon({ dataDir, port: 0, logLevel: 'warn', uplink });
let stopping: Promise<void> | null = null;
const stop = () => (stopping ??= agent.stop());

/** Samples back to back while on; each cycle is the HealthService's own (child process, store, alerts). */
const sampling = { on: false, samples: 0, loop: Promise.resolve() };

async function handle(command: HarnessCommand): Promise<unknown> {
  switch (command.cmd) {
    case 'sampling': {
      if (command.on && !sampling.on) {
        sampling.on = true;
        sampling.samples = 0;
        // The first cycle has started (its request is with the sampler child) before the reply goes back.
        const first = agent.ctx.health.sampleNow();
        sampling.loop = (async () => {
          await first;
          sampling.samples++;
          while (sampling.on) {
            await agent.ctx.health.sampleNow();
            sampling.samples++;
          }
        })();
        return { samples: 0 };
      }
      sampling.on = false;
      await sampling.loop;
      return { samples: sampling.samples };
    }
    case 'flush': {
      const started = performance.now();
      const result = await agent.ctx.uplink.flush();
      return { ms: performance.now() - started, result, pending: countPendingOutbox(agent.ctx.db) };
    }
    case 'pending':
      return countPendingOutbox(agent.ctx.db);
    case 'stop':
      await stop();
      return true;
  }
}

process.on('message', (command: HarnessCommand) => {
  handle(command).then(
    (value) => process.send?.({ event: 'reply', id: command.id, ok: true, value } satisfies HarnessMessage),
    (err: unknown) => process.send?.({ event: 'reply', id: command.id, ok: false, error: err instanceof Error ? err.message : String(err) } satisfies HarnessMessage),
  );
});

// The benchmark went away (finished, crashed): stop as the service would, so the database is closed cleanly.
const shutdown = () => void stop().finally(() => process.exit(0));
process.on('disconnect', shutdown);
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);

process.send?.({ event: 'ready', url: agent.url, port: agent.port } satisfies HarnessMessage);
