// Benchmark: go live now (issue 17, part 4). A county hub in its own process (SQLite, as a county runs it) and N
// virtual stations (default 500; --stations N) in this one, each speaking the real protocol: a signed report, then
// one GET /api/v1/wait held open as the agent holds it. Staff start a live broadcast for every station; each
// station, on getting it, reports it playing (a signed `delivery` event). Measured from the instant before the
// staff request: when each station had the broadcast, and when the hub acknowledged its "playing" report —
// p50, p99, max, and how many within the 60 s asked for — and the hub's own live view at the end.
//
//   npx tsx bench/live-now.ts [--stations 500]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VirtualStation } from '../scripts/simulate-county.ts';
import type { Downlink } from '../protocol/downlink.pure.ts';
import { startHubProcess, staffLogin } from './lib/hub-process.ts';
import { latencyPercentiles } from './lib/latency.pure.ts';

const args = process.argv.slice(2);
const STATIONS = Number(args[args.indexOf('--stations') + 1] ?? 500) || 500;
const DEADLINE_MS = 60_000;

async function inBatches<T, R>(items: readonly T[], size: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map((x, j) => fn(x, i + j)))));
  return out;
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yj-bench-live-'));
  const hub = await startHubProcess(dataDir);
  try {
    const token = await staffLogin(hub.url);
    const staff = (p: string, body?: unknown) =>
      fetch(`${hub.url}${p}`, { method: body === undefined ? 'GET' : 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', origin: hub.url }, body: body === undefined ? null : JSON.stringify(body) });

    const setupStart = performance.now();
    const stations = await inBatches(Array.from({ length: STATIONS }, (_, i) => i), 20, async (i) => {
      const r = await staff('/api/county/stations', { name: `虚拟站点 ${String(i + 1).padStart(3, '0')}`, grade: 'standard' });
      const body = (await r.json()) as { enrollment: { code: string } };
      return VirtualStation.enroll(hub.url, body.enrollment.code);
    });
    // Each station reports once (it is online, and knows its downlink's version), then holds its wait.
    const versions = await inBatches(stations, 50, async (s) => ((await s.sendRaw(JSON.stringify({ events: [] }))).body as { downlink: Downlink }).downlink.version);
    process.stdout.write(`${STATIONS} stations enrolled and reporting in ${Math.round(performance.now() - setupStart)} ms\n`);

    let t0 = 0;
    const got: number[] = [];
    const playing: number[] = [];
    let liveKey = '';
    const abort = new AbortController();
    const holders = stations.map(async (s, i) => {
      let since = versions[i]!;
      for (;;) {
        let answer;
        try {
          answer = await s.wait(since, 50, abort.signal);
        } catch {
          return;
        }
        const downlink = (answer.body as { downlink: Downlink | null }).downlink;
        if (downlink === null) continue;
        since = downlink.version;
        const live = downlink.programs.find((p) => p.liveStartedAt !== undefined);
        if (!live || t0 === 0) continue;
        got.push(performance.now() - t0);
        await s.send([s.event('delivery', Date.now(), { state: 'shown', keys: [live.id] })]);
        playing.push(performance.now() - t0);
        return;
      }
    });
    // Every station's wait is open before staff go live (the hub counts its waiters only in-process: give it time).
    await new Promise((r) => setTimeout(r, 3_000));
    const load = os.loadavg();
    t0 = performance.now();
    const started = await staff('/api/county/live', { title: '全县冬训直播', streamUrl: 'https://live.example.gov.cn/winter.m3u8' });
    const startedMs = performance.now() - t0;
    const program = ((await started.json()) as { program: { id: number; stationKey: string } }).program;
    liveKey = program.stationKey;
    await Promise.race([Promise.all(holders), new Promise((r) => setTimeout(r, DEADLINE_MS + 10_000))]);
    abort.abort();
    const view = (await (await staff(`/api/county/live/${program.id}`)).json()) as { counts: Record<string, number> };
    const result = {
      stations: STATIONS,
      liveKey,
      goLiveRequestMs: Math.round(startedMs),
      hadBroadcast: latencyPercentiles(got),
      playingReported: latencyPercentiles(playing),
      within60s: playing.filter((ms) => ms <= DEADLINE_MS).length,
      hubLiveView: view.counts,
      loadAverageBefore: load.map((x) => Math.round(x * 100) / 100),
      loadAverageAfter: os.loadavg().map((x) => Math.round(x * 100) / 100),
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? '',
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await hub.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
