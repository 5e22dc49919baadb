// Benchmark: a county hub's station reports while a stranger floods its login form, beside the same reports on a
// quiet hub. A real hub process (its SQLite; password checks are scrypt, off the event loop, a few at a time);
// the flood is 16 connections POSTing wrong passwords as fast as they are answered, from a process of its own;
// the reports are signed heartbeats sent one after another. The bound: p99 within 2× of the quiet p99.
import type { Benchmark } from './lib/types.ts';
import { BENCH_STAFF, startHubProcess } from './lib/hub-process.ts';
import { enrollInStore, virtualStations } from './lib/virtual-county.ts';
import { startLoginFlood, timedReports } from './lib/login-flood.ts';
import { latencyPercentiles } from './lib/latency.pure.ts';

const FLOOD_CONNECTIONS = 16;
const STATIONS = 20;

export const hubLoginFloodBenchmark: Benchmark = {
  name: 'hub-login-flood',
  description: 'county hub: station report latency during a 16-connection login flood vs the same reports on a quiet hub',
  async run({ runs, quick, workDir, log }) {
    const reports = quick ? 40 : 200;
    const enrolled = await enrollInStore(
      workDir,
      Array.from({ length: STATIONS }, (_, i) => ({ name: `洪水演练站${i + 1}`, grade: 'ordinary' as const })),
      Date.now(),
    );
    const hub = await startHubProcess(workDir);
    const tallies: Record<string, number> = {};
    const quiet = { p50: [] as number[], p99: [] as number[] };
    const flooded = { p50: [] as number[], p99: [] as number[] };
    try {
      const stations = virtualStations(hub.url, enrolled);
      await timedReports(stations, 20); // warm-up: connections, JIT
      for (let run = 0; run < runs; run++) {
        const q = latencyPercentiles(await timedReports(stations, reports));
        const flood = await startLoginFlood(hub.url, FLOOD_CONNECTIONS, BENCH_STAFF.username);
        let f;
        try {
          f = latencyPercentiles(await timedReports(stations, reports));
        } finally {
          for (const [status, n] of Object.entries(await flood.tally())) tallies[status] = (tallies[status] ?? 0) + n;
          await flood.stop();
        }
        quiet.p50.push(q.p50);
        quiet.p99.push(q.p99);
        flooded.p50.push(f.p50);
        flooded.p99.push(f.p99);
        log(`run ${run + 1}/${runs}: quiet p50 ${q.p50.toFixed(1)} / p99 ${q.p99.toFixed(1)} ms; flooded p50 ${f.p50.toFixed(1)} / p99 ${f.p99.toFixed(1)} ms`);
      }
    } finally {
      await hub.stop();
    }
    const note = 'ratio ≤ 2 is the bound the hostile drill holds the hub to (issue 12)';
    return {
      measurements: [
        { label: `station report p99 during a login flood (${reports} reports a run)`, unit: 'ms', better: 'lower', samples: flooded.p99, reference: { label: 'the same on a quiet hub', unit: 'ms', samples: quiet.p99 }, note },
        { label: 'station report p50 during a login flood', unit: 'ms', better: 'lower', samples: flooded.p50, reference: { label: 'the same on a quiet hub', unit: 'ms', samples: quiet.p50 } },
      ],
      facts: {
        'flood connections': FLOOD_CONNECTIONS,
        'flood answers by status': Object.entries(tallies)
          .map(([s, n]) => `${s}: ${n}`)
          .join(', '),
      },
    };
  },
};
