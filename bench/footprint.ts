// Benchmark: what the agent costs the terminal — resident memory (MB) and CPU (% of one core) of the running
// agent (`yuanjiao start --no-kiosk` as the station package runs it: the compiled build; with any process it
// starts), read from /proc every 5 s, first idle (the kiosk on the notice board,
// nothing playing) and then during playback (the kiosk playing a 720p course from the agent's media route).
// Beside it, the tool people would otherwise put on the box to watch it: Debian's prometheus-node-exporter,
// started by us on the same machine at the same time and scraped every 15 s as Prometheus would, measured
// the same way. And the screen: the kiosk's Chromium on the board beside the same Chromium showing a one-line
// page, all their processes counted, during the idle phase. Ten minutes each phase; one with --quick.
import path from 'node:path';
import type { Benchmark, Measurement } from './lib/types.ts';
import { openStationDatabase } from '../agent/store/database.ts';
import { writeStationSettings } from '../agent/settings/settings-store.ts';
import { playNow } from '../agent/schedule/manual-play.ts';
import { importFile } from '../content/ingest.ts';
import { addMembers } from './lib/station-seed.ts';
import { ensureCourseVideo } from './lib/course-video.ts';
import { spawnCliAgent, type LoadAgent } from './lib/spawn-agent-for-load.ts';
import { ensureNodeExporter, scrapeEvery, startNodeExporter, type RunningExporter } from './lib/node-exporter.ts';
import { FootprintWatch, descendantsOf, sampleEvery, type FootprintReading } from './lib/proc-sample.ts';
import { windowedCpuPercent } from './lib/proc-stat.pure.ts';
import { openKiosk, videoPosition, waitPlaying, type KioskBrowser } from './lib/kiosk-browser.ts';
import { percentile } from './lib/stats.pure.ts';
import { closeAll } from './lib/child-processes.ts';
import { ensureTerminalFonts } from './lib/terminal-fonts.ts';
import { FLOOR_PAGE } from './lib/timed-server.ts';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const READ_EVERY_MS = 5_000;
const SCRAPE_EVERY_MS = 15_000;
const CPU_WINDOW_MS = 60_000;

type Phase = 'idle' | 'playback';

interface PhaseReadings {
  agent: FootprintReading[];
  agentMain: FootprintReading[];
  exporter: FootprintReading[];
  chromium: FootprintReading[];
  /** The same Chromium showing a one-line page (idle phase only). */
  floorChromium: FootprintReading[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Watches = Record<keyof PhaseReadings, FootprintWatch | null>;

/**
 * Measures one phase: the readings restart at its first instant (so its intervals tile it exactly) and the
 * readings taken wholly inside it are returned when it has lasted phaseMs.
 */
async function measurePhase(watches: Watches, sampling: { current: { stop(): void } | null }, phaseMs: number): Promise<PhaseReadings> {
  const all = Object.values(watches).filter((w): w is FootprintWatch => w !== null);
  sampling.current?.stop();
  const from = performance.now();
  sampling.current = sampleEvery(all, READ_EVERY_MS);
  // A second past the end: timers drift by milliseconds, and the last reading must fall inside.
  await sleep(phaseMs + 1_000);
  const to = performance.now();
  const take = (w: FootprintWatch | null) => (w ? w.between(from, to) : []);
  return { agent: take(watches.agent), agentMain: take(watches.agentMain), exporter: take(watches.exporter), chromium: take(watches.chromium), floorChromium: take(watches.floorChromium) };
}

const rss = (rs: readonly FootprintReading[]) => rs.map((r) => r.rssMb);
/** CPU % per minute: both the agent (one health sample a minute) and the exporter (a scrape every 15 s) work in bursts. */
const cpu = (rs: readonly FootprintReading[]) =>
  windowedCpuPercent(
    rs.flatMap((r) => (r.cpuPct === null || r.since === null ? [] : [{ cpuPct: r.cpuPct, intervalMs: r.at - r.since }])),
    CPU_WINDOW_MS,
  );
const median = (xs: readonly number[]) => (xs.length === 0 ? Number.NaN : percentile(xs, 50));
const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—');

function measurements(phase: Phase, r: PhaseReadings, exporterOk: boolean): Measurement[] {
  const what = phase === 'idle' ? 'idle (kiosk on the notice board)' : 'during playback (kiosk playing a 720p course)';
  const ref = (label: string, unit: string, samples: number[]) => (exporterOk ? { reference: { label, unit, samples } } : {});
  return [
    {
      label: `agent RSS, ${phase}`,
      unit: 'MB',
      better: 'lower',
      samples: rss(r.agent),
      ...ref('prometheus-node-exporter RSS', 'MB', rss(r.exporter)),
      note: `the agent process and any process it started (none while idle: health is sampled inside it), ${what}, every ${READ_EVERY_MS / 1000} s; ratio = agent ÷ node-exporter`,
    },
    {
      label: `agent CPU, ${phase}`,
      unit: '% of a core',
      better: 'lower',
      samples: cpu(r.agent),
      ...ref('prometheus-node-exporter CPU (scraped every 15 s)', '% of a core', cpu(r.exporter)),
      note: `mean over each minute (read every ${READ_EVERY_MS / 1000} s), ${what}; a minute holds one health sample of the agent's and four scrapes of the exporter`,
    },
  ];
}

export const footprintBenchmark: Benchmark = {
  name: 'footprint',
  description: 'agent RSS and CPU, idle and during kiosk playback, vs prometheus-node-exporter on the same machine',
  async run({ quick, workDir, log }) {
    const phaseMs = (quick ? 1 : 10) * 60_000;
    const ownBefore = new Set(descendantsOf(process.pid));
    const settleMs = quick ? 3_000 : 20_000;
    // Long enough that the course is still playing when the playback phase ends.
    const video = await ensureCourseVideo(phaseMs / 1000 + 120, log);
    const dataDir = path.join(workDir, 'station');
    const db = openStationDatabase(dataDir);
    let courseId: number;
    try {
      writeStationSettings(db, { stationName: '基准测试村党员活动室' }, 0);
      addMembers(db, 40);
      const imported = await importFile(db, dataDir, video, { source: 'manual', title: '乡村振兴专题讲座' });
      if (imported.outcome !== 'stored' || imported.conversion.action !== 'as_is') throw new Error(`the course was not stored ready to play: ${imported.outcome}`);
      courseId = imported.course.id;
    } finally {
      db.close();
    }

    let exporterSetup = ensureNodeExporter(log);
    const font = ensureTerminalFonts(log);
    let agent: LoadAgent | null = null;
    let exporter: RunningExporter | null = null;
    let kiosk: KioskBrowser | null = null;
    let floorKiosk: KioskBrowser | null = null;
    let floorServer: http.Server | null = null;
    const sampling: { current: { stop(): void } | null } = { current: null };
    let scraping: ReturnType<typeof scrapeEvery> | null = null;
    const result: Record<Phase, PhaseReadings | null> = { idle: null, playback: null };
    let played = { from: 0, to: 0 };
    try {
      agent = await spawnCliAgent(dataDir);
      if (exporterSetup.ok) {
        try {
          exporter = await startNodeExporter(exporterSetup.binary);
          scraping = scrapeEvery(exporter.url, SCRAPE_EVERY_MS);
        } catch (err) {
          // Ours is still worth measuring; the record says why the reference is missing.
          exporterSetup = { ok: false, reason: `node-exporter would not start: ${err instanceof Error ? err.message : String(err)}` };
        }
      }
      if (!exporterSetup.ok) log(`measuring the agent alone — ${exporterSetup.reason}`);
      kiosk = await openKiosk(agent.url);
      // The screen's floor: the same Chromium, the same way, showing one line of text.
      const floor = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(FLOOR_PAGE));
      floorServer = floor;
      await new Promise<void>((resolve) => floor.listen(0, '127.0.0.1', resolve));
      floorKiosk = await openKiosk(`http://127.0.0.1:${(floor.address() as AddressInfo).port}/`);
      const agentPid = agent.pid;
      const kioskPid = kiosk.pid;
      const floorPid = floorKiosk.pid;
      const watches: Watches = {
        agent: new FootprintWatch('agent', () => agentPid, true),
        agentMain: new FootprintWatch('agent main process', () => agentPid, false),
        exporter: exporter ? new FootprintWatch('node-exporter', () => exporter!.pid, false) : null,
        chromium: kioskPid === null ? null : new FootprintWatch('chromium', () => kioskPid, true),
        floorChromium: floorPid === null ? null : new FootprintWatch('chromium, one-line page', () => floorPid, true),
      };
      sampling.current = sampleEvery(Object.values(watches).filter((w): w is FootprintWatch => w !== null), READ_EVERY_MS);

      log(`idle: the kiosk shows the notice board; measuring for ${phaseMs / 60_000} min`);
      await sleep(settleMs);
      result.idle = await measurePhase(watches, sampling, phaseMs);
      log(`idle: agent ${fmt(median(rss(result.idle.agent)))} MB, ${fmt(median(cpu(result.idle.agent)))} % CPU; node-exporter ${fmt(median(rss(result.idle.exporter)))} MB, ${fmt(median(cpu(result.idle.exporter)))} % CPU; Chromium on the board ${fmt(median(rss(result.idle.chromium)))} MB, on one line ${fmt(median(rss(result.idle.floorChromium)))} MB`);
      // The floor's Chromium is not part of the playback phase.
      await floorKiosk.close();
      floorKiosk = null;
      watches.floorChromium = null;

      // "Play now" as the admin screen does it, from another process (the agent sees the commit), then the
      // screen is reloaded so it opens the player as a kiosk starting up during a showing does.
      const control = openStationDatabase(dataDir);
      try {
        playNow(control, { courseId, kind: 'group_viewing', title: '乡村振兴专题讲座', actor: 'bench' }, Date.now());
      } finally {
        control.close();
      }
      await kiosk.page.reload({ waitUntil: 'load' });
      played.from = await waitPlaying(kiosk.page);
      log(`playback: the kiosk is playing the course; measuring for ${phaseMs / 60_000} min`);
      await sleep(settleMs);
      result.playback = await measurePhase(watches, sampling, phaseMs);
      const end = await videoPosition(kiosk.page);
      if (!end || end.paused) throw new Error(`the course stopped playing during the measurement: ${JSON.stringify(end)}`);
      played = { from: played.from, to: end.seconds };
      log(`playback: agent ${fmt(median(rss(result.playback.agent)))} MB, ${fmt(median(cpu(result.playback.agent)))} % CPU; node-exporter ${fmt(median(rss(result.playback.exporter)))} MB, ${fmt(median(cpu(result.playback.exporter)))} % CPU`);
    } finally {
      await closeAll(
        () => sampling.current?.stop(),
        () => scraping?.stop(),
        () => kiosk?.close(),
        () => floorKiosk?.close(),
        () => new Promise<void>((resolve) => (floorServer ? floorServer.close(() => resolve()) : resolve())),
        () => exporter?.stop(),
        () => agent?.stop(),
      );
    }

    const idle = result.idle!;
    const playback = result.playback!;
    const tally = scraping?.tally;
    const facts: Record<string, string | number> = {
      'phase length': `${phaseMs / 60_000} min each, read every ${READ_EVERY_MS / 1000} s (the first ${settleMs / 1000} s after each change not counted); CPU as the mean of each minute`,
      'processes counted as the agent': `${median(idle.agent.map((r) => r.processes))} idle, ${median(playback.agent.map((r) => r.processes))} during playback (the agent process and any it started)`,
      'agent main process alone, median RSS': `idle ${fmt(median(rss(idle.agentMain)))} MB, playback ${fmt(median(rss(playback.agentMain)))} MB`,
      'agent main process alone, median CPU': `idle ${fmt(median(cpu(idle.agentMain)))} %, playback ${fmt(median(cpu(playback.agentMain)))} %`,
      'kiosk Chromium (all its processes), median': `idle ${fmt(median(rss(idle.chromium)))} MB / ${fmt(median(cpu(idle.chromium)))} % CPU, playback ${fmt(median(rss(playback.chromium)))} MB / ${fmt(median(cpu(playback.chromium)))} % CPU`,
      'course played during the playback phase': `${fmt(played.to - played.from)} s (720p H.264/AAC, ${path.basename(video)})`,
      'kiosk font': font,
      'node-exporter': exporterSetup.ok ? `${exporterSetup.version}${exporterSetup.installedNow ? ' (installed by this run)' : ''}` : `not measured: ${exporterSetup.reason}`,
    };
    if (tally) facts['node-exporter scrapes'] = `${tally.scrapes} ok, ${tally.failures} failed, ${fmt(tally.scrapes ? tally.totalMs / tally.scrapes : Number.NaN)} ms and ${Math.round(tally.scrapes ? tally.bytes / tally.scrapes / 1024 : 0)} KiB each`;
    // Nothing of ours may outlive the benchmark (the next one would be measured beside it).
    const left = descendantsOf(process.pid).filter((pid) => !ownBefore.has(pid)).length;
    if (left > 0) facts['processes still running after cleanup'] = left;
    const screen: Measurement = {
      label: 'kiosk Chromium RSS, idle (notice board)',
      unit: 'MB',
      better: 'lower',
      samples: rss(idle.chromium),
      reference: { label: 'the same Chromium showing a one-line page', unit: 'MB', samples: rss(idle.floorChromium) },
      note: 'all the browser\'s processes (browser, renderer, GPU, utility …), headless here with the kiosk\'s flags; the gap is what the board costs: its page, styles, script and fonts',
    };
    return { measurements: [...measurements('idle', idle, exporterSetup.ok), screen, ...measurements('playback', playback, exporterSetup.ok)], facts };
  },
};
