// Benchmark: kiosk cold start — from spawning the real agent (`yuanjiao start --no-kiosk`, as systemd starts
// it) on a station's data directory, to the notice board painted in a Chromium launched just then. Beside it,
// the floor: a bare node:http server spawned the same way and the same fresh Chromium painting a one-line page
// from it. Each run starts both from nothing (a copy of the data directory no agent has opened, a new browser
// with an empty profile); only the operating system's file cache and the agent's code cache (V8's compiled
// code, common/code-cache.ts) are warm, as they are at every boot but the first after an install. Beside it,
// the first start after an install: the agent alone, with an empty code cache, to its first answer.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { Benchmark, Measurement } from './lib/types.ts';
import { launchBrowser } from '../test/support/browser.ts';
import { startAgentProcess, startBareServerProcess, type TimedServer } from './lib/timed-server.ts';
import { paintProbe, probedContext, waitForProbe } from './lib/browser-probes.ts';
import { seedBoardStation } from './lib/showings.ts';
import { percentile } from './lib/stats.pure.ts';
import { ensureTerminalFonts } from './lib/terminal-fonts.ts';

/** The board with its data in it: the schedule's first row (station, clock and hero come with the same state). */
const BOARD_PAINTED = '[data-screen=board] [data-testid=schedule] tbody tr';
const FLOOR_PAINTED = '#ready';

/** Spawn → first answer of an agent whose code cache is empty (the first start after an install or upgrade). */
async function firstStartAfterInstall(dataDir: string, workDir: string, run: number): Promise<number> {
  const codeCache = path.join(workDir, `code-cache-${run}`);
  fs.rmSync(codeCache, { recursive: true, force: true });
  const server = await startAgentProcess(dataDir, { codeCache });
  try {
    return server.readyMs;
  } finally {
    await server.stop();
    fs.rmSync(codeCache, { recursive: true, force: true });
  }
}

interface ColdStart {
  serverReadyMs: number;
  launchMs: number;
  firstPaintMs: number;
  paintedMs: number;
  totalMs: number;
}

/** Server spawn → ready, then Chromium launch → page painted; every interval on this process's own clock. */
async function coldStart(startServer: () => Promise<TimedServer>, selector: string): Promise<ColdStart> {
  let server: TimedServer | undefined;
  let browser: Browser | undefined;
  try {
    const spawnedAt = performance.now();
    server = await startServer();
    const launchAt = performance.now();
    browser = await launchBrowser();
    const launchMs = performance.now() - launchAt;
    const page = await (await probedContext(browser, [paintProbe(selector)])).newPage();
    const navigateAt = performance.now();
    await page.goto(server.url, { waitUntil: 'commit' });
    // In-page times count from the navigation's start, a hair after goto was called: add them to navigateAt.
    const probe = await waitForProbe(page, 'readyPainted', 60_000);
    return {
      serverReadyMs: server.readyMs,
      launchMs,
      firstPaintMs: navigateAt - launchAt + (probe.firstPaint ?? Number.NaN),
      paintedMs: navigateAt - launchAt + probe.readyPainted!,
      totalMs: navigateAt - spawnedAt + probe.readyPainted!,
    };
  } finally {
    await browser?.close();
    await server?.stop();
  }
}

export const kioskStartBenchmark: Benchmark = {
  name: 'kiosk-start',
  description: 'kiosk cold start: agent process spawn → notice board painted in a fresh Chromium, vs bare node:http + one-line page',
  async run({ runs, quick, workDir, log }) {
    const font = ensureTerminalFonts(log);
    const template = path.join(workDir, 'template');
    seedBoardStation(template);
    const ours: ColdStart[] = [];
    const floor: ColdStart[] = [];
    const noCodeCache: number[] = [];
    // Run 0 warms the file cache for both sides and is not counted (--quick skips it).
    for (let i = quick ? 1 : 0; i <= runs; i++) {
      const dataDir = path.join(workDir, `station-${i}`);
      fs.cpSync(template, dataDir, { recursive: true });
      const agentSide = () => coldStart(() => startAgentProcess(dataDir), BOARD_PAINTED);
      const floorSide = () => coldStart(startBareServerProcess, FLOOR_PAINTED);
      // Alternate which side goes first, so neither always runs on the other's leftovers.
      let agent: ColdStart;
      let bare: ColdStart;
      if (i % 2 === 0) {
        agent = await agentSide();
        bare = await floorSide();
      } else {
        bare = await floorSide();
        agent = await agentSide();
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
      const firstDataDir = path.join(workDir, `station-${i}-first`);
      fs.cpSync(template, firstDataDir, { recursive: true });
      const firstMs = await firstStartAfterInstall(firstDataDir, workDir, i);
      fs.rmSync(firstDataDir, { recursive: true, force: true });
      if (i === 0) {
        log(`warm-up: board ${agent.totalMs.toFixed(0)} ms, floor ${bare.totalMs.toFixed(0)} ms (not counted)`);
        continue;
      }
      ours.push(agent);
      floor.push(bare);
      noCodeCache.push(firstMs);
      log(`run ${i}/${runs}: agent ready ${agent.serverReadyMs.toFixed(0)} ms, board painted ${agent.paintedMs.toFixed(0)} ms after launch, total ${agent.totalMs.toFixed(0)} ms; floor total ${bare.totalMs.toFixed(0)} ms`);
    }
    const pick = (list: ColdStart[], key: keyof ColdStart) => list.map((r) => r[key]);
    const measure = (label: string, key: keyof ColdStart, refLabel: string, note: string): Measurement => ({
      label,
      unit: 'ms',
      better: 'lower',
      samples: pick(ours, key),
      reference: { label: refLabel, unit: 'ms', samples: pick(floor, key) },
      note,
    });
    const median = (v: number[]) => percentile(v, 50);
    return {
      measurements: [
        measure('agent ready: spawn → answers /api/health', 'serverReadyMs', 'bare node:http server: spawn → answers', 'the compiled agent (npm run build) loads its modules, opens and migrates SQLite, catches up the schedule and registers its routes before it listens'),
        {
          label: 'agent ready, first start after an install (empty code cache)',
          unit: 'ms',
          better: 'lower',
          samples: noCodeCache,
          reference: { label: 'bare node:http server: spawn → answers', unit: 'ms', samples: pick(floor, 'serverReadyMs') },
          note: 'the same agent with its code cache empty: V8 compiles every module from source, then writes the cache for the next start',
        },
        measure('first paint after Chromium launch', 'firstPaintMs', 'one-line page', 'paint-timing first-paint; the kiosk first paints its "connecting" screen'),
        measure('board painted after Chromium launch', 'paintedMs', 'one-line page painted', 'launch + navigation + board in the DOM with its data and web font, one frame later'),
        measure('total: agent spawn → board painted', 'totalMs', 'bare server spawn → one-line page painted', 'what a station waits for after boot, minus the OS: ratio is ours ÷ the floor of any server plus a browser'),
      ],
      facts: {
        'data directory': 'a copy per run of a seeded station (30 members, 3 courses, 3 programs, 2 notices), never opened by an agent',
        'Chromium launch (median)': `${median(pick(ours, 'launchMs')).toFixed(0)} ms (floor runs ${median(pick(floor, 'launchMs')).toFixed(0)} ms)`,
        'agent and kiosk UI': 'the compiled build (npm run build), made before the runs; the agent\'s code cache written by the warm-up run (as at every boot after the first since install)',
        'kiosk font': font,
        browser: 'headless Chromium with the tests\' flags (no display here); the terminal runs it --kiosk on a screen',
      },
    };
  },
};
