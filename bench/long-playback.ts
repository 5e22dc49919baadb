// Benchmark: does the kiosk's memory stay flat over a long day? The kiosk plays a 2-hour loop of courses — 12
// showings of 10-minute 720p courses, two from the local library and one HLS stream in turn, each started by the
// real scheduler in a real agent process, with the title card and the return to the board in between — while
// its renderer's memory is sampled: the JS heap (DevTools protocol, after a forced GC, so it is what the page
// keeps) and the renderer process's resident set (/proc). Start is the board before the first showing, end the
// board after the last.
//
// Decision: two hours of real time is too long for a routine run, so every <video> plays at 8× (playbackRate)
// and the loop takes about 17 minutes; everything else (sources, players built and torn down, reports, the
// schedule) happens as in real time, only the media clock runs faster. YUANJIAO_BENCH_PLAYBACK_RATE=1 plays it
// in real time (2 h 10 min); any rate from 1 to 16 works.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Benchmark, Measurement } from './lib/types.ts';
import { launchBrowser } from '../test/support/browser.ts';
import { startAgentProcess, type TimedServer } from './lib/timed-server.ts';
import { playbackRateScript, probedContext } from './lib/browser-probes.ts';
import { describeMp4, makeHls, makeTestMp4, repeatMp4 } from './lib/media-fixtures.ts';
import { startLoopbackFiles, type LoopbackFiles } from './lib/loopback-files.ts';
import { kioskRendererPid, PageMemory, type MemoryReading } from './lib/renderer-memory.ts';
import { trend, type Trend } from './lib/memory-trend.pure.ts';
import { scheduleShowingIn, seedCourses } from './lib/showings.ts';
import type { PlayerStats } from '../kiosk/ui/src/screens/player/player-stats.ts';

const RATE_ENV = 'YUANJIAO_BENCH_PLAYBACK_RATE';
/** Scheduled this far ahead: the agent looks for other processes' commits every second, then sets a timer. */
const LEAD_MS = 3_000;

function playbackRate(): number {
  const raw = process.env[RATE_ENV];
  const rate = raw === undefined || raw === '' ? 8 : Number(raw);
  // Chromium mutes and refuses rates above 16; below 1 would only make the run longer than real time.
  if (!Number.isFinite(rate) || rate < 1 || rate > 16) throw new Error(`${RATE_ENV} must be a number from 1 to 16, got "${raw}"`);
  return rate;
}

/** "40 s", "10 min", "2 h" */
const span = (sec: number) => (sec < 120 ? `${sec} s` : sec % 3600 === 0 ? `${sec / 3600} h` : `${Math.round(sec / 60)} min`);

interface Sample extends MemoryReading {
  atMs: number;
}

interface ShowingResult {
  errors: string[];
  stalls: number;
}

/** One showing: scheduled a moment ahead, the kiosk opens the player by itself, plays it out, returns to the board. */
async function playShowing(page: Page, dataDir: string, courseId: number, title: string, playMs: number): Promise<ShowingResult> {
  scheduleShowingIn(dataDir, courseId, Math.ceil((Date.now() + LEAD_MS) / 1000) * 1000, title);
  await page.waitForSelector('[data-screen=player]', { timeout: LEAD_MS + 30_000 });
  // Title card, the course at the raised rate, and slack for a busy machine.
  await page.waitForSelector('[data-screen=board]', { timeout: 4_000 + playMs * 2 + 60_000 });
  const stats = (await page.evaluate('window.__yjPlayerStats || null')) as PlayerStats | null;
  if (!stats) throw new Error(`no player statistics after "${title}"`);
  if (stats.phase === 'failed') throw new Error(`"${title}" ended on the error card: ${stats.errors.join(', ')}`);
  return { errors: stats.errors, stalls: stats.stalls };
}

export const longPlaybackBenchmark: Benchmark = {
  name: 'long-playback',
  description: 'kiosk renderer memory over a 2-hour loop of courses (played at a raised rate): JS heap and RSS at start, end, growth, max',
  async run({ quick, workDir, log }) {
    const rate = playbackRate();
    // The loop: 12 × 10 min = 2 h; --quick: 3 × 40 s. One loop is one sample (--runs is not used).
    const baseSec = quick ? 20 : 60;
    const courseSec = quick ? 40 : 600;
    const showings = quick ? 3 : 12;
    const sampleEveryMs = quick ? 3_000 : 30_000;
    const base = path.join(workDir, 'base.mp4');
    const course = path.join(workDir, 'course.mp4');
    const hlsDir = path.join(workDir, 'hls');
    log(`making a ${courseSec} s 720p course (${baseSec} s encoded, repeated) and its HLS rendition …`);
    await makeTestMp4(base, { seconds: baseSec, frequencyHz: 440 });
    await repeatMp4(base, courseSec / baseSec, course);
    await makeHls(course, hlsDir, 4);

    let files: LoopbackFiles | undefined;
    let agent: TimedServer | undefined;
    let browser: Browser | undefined;
    let memory: PageMemory | undefined;
    const stopSampling = new AbortController();
    let sampler: Promise<void> = Promise.resolve();
    const samples: Sample[] = [];
    const startedAt = performance.now();
    try {
      files = await startLoopbackFiles({ folders: { '/hls/': hlsDir } });
      const dataDir = path.join(workDir, 'station');
      const loop = [
        { title: '学习课件 甲', localPath: course, streamUrl: null, durationMs: courseSec * 1000 },
        { title: '县级直播 乙', localPath: null, streamUrl: `${files.base}/hls/index.m3u8`, durationMs: courseSec * 1000 },
        { title: '学习课件 丙', localPath: course, streamUrl: null, durationMs: courseSec * 1000 },
      ];
      const ids = seedCourses(dataDir, loop);
      agent = await startAgentProcess(dataDir);
      browser = await launchBrowser();
      const page = await (await probedContext(browser, [playbackRateScript(rate)])).newPage();
      await page.goto(agent.url);
      await page.waitForSelector('[data-screen=board] [data-testid=schedule]', { timeout: 30_000 });
      const pid = kioskRendererPid();
      const pageMemory = await PageMemory.attach(page, pid);
      memory = pageMemory;
      const take = async () => samples.push({ atMs: performance.now() - startedAt, ...(await pageMemory.read()) });
      await take();
      log(`board up (renderer pid ${pid}): heap ${samples[0]!.heapUsedMB.toFixed(1)} MB, RSS ${samples[0]!.rssMB.toFixed(0)} MB; playing ${showings} showings at ${rate}× …`);

      // Sampling on a wall-clock period, beside the showings; the first failure to read ends the run.
      let samplerError: unknown;
      sampler = (async () => {
        const { setTimeout: sleep } = await import('node:timers/promises');
        for (;;) {
          try {
            await sleep(sampleEveryMs, undefined, { signal: stopSampling.signal });
          } catch {
            return;
          }
          try {
            await take();
          } catch (err) {
            samplerError = err;
            return;
          }
        }
      })();

      let afterFirst: MemoryReading | undefined;
      /** The board after each showing, read the same way: the points to compare across the loop. */
      const boards: MemoryReading[] = [];
      let errors: string[] = [];
      let stalls = 0;
      for (let i = 0; i < showings; i++) {
        const k = i % loop.length;
        const result = await playShowing(page, dataDir, ids[k]!, `${loop[k]!.title}（第 ${i + 1} 场）`, (courseSec * 1000) / rate);
        errors = errors.concat(result.errors);
        stalls += result.stalls;
        if (samplerError) throw samplerError;
        const board = await pageMemory.read();
        boards.push(board);
        if (i === 0) afterFirst = board;
        log(`showing ${i + 1}/${showings} done at ${((performance.now() - startedAt) / 60_000).toFixed(1)} min: heap ${board.heapUsedMB.toFixed(1)} MB, RSS ${board.rssMB.toFixed(0)} MB`);
      }
      stopSampling.abort();
      await sampler;
      if (samplerError) throw samplerError;
      await take();

      const series = (key: 'heapUsedMB' | 'rssMB') => trend(samples.map((s) => ({ atMs: s.atMs, value: s[key] })));
      const heap = series('heapUsedMB');
      const rss = series('rssMB');
      const end = samples.at(-1)!;
      const note = `the ${span(showings * courseSec)} loop (${showings} × ${span(courseSec)}) played at ${rate}× in ${((performance.now() - startedAt) / 60_000).toFixed(0)} min (${RATE_ENV}=1 for real time); start = board before the first showing, end = board after the last`;
      const rows = (what: string, t: Trend, growthNote: string): Measurement[] => [
        { label: `${what} at start`, unit: 'MB', better: 'lower', samples: [t.start] },
        { label: `${what} at end`, unit: 'MB', better: 'lower', samples: [t.end] },
        { label: `${what} growth, start → end`, unit: 'MB', better: 'lower', samples: [t.growth], note: `${growthNote}; ${note}` },
        { label: `${what} max over the loop`, unit: 'MB', better: 'lower', samples: [t.max] },
      ];
      // Start → end includes what the first showings cost once (decoders, the MSE pipeline of the first stream),
      // and the board after an HLS showing sits higher than after a local one. The leak test is the board at
      // the same point of the local/HLS/local cycle: after the first full cycle, and after the last showing.
      const cycleEnd = loop.length - 1;
      const comparable = boards.length - 1 > cycleEnd && (boards.length - 1 - cycleEnd) % loop.length === 0;
      const steady = (key: 'heapUsedMB' | 'rssMB', what: string): Measurement[] =>
        comparable
          ? [{
              label: `${what} growth over showings ${cycleEnd + 2}–${boards.length} (steady state)`,
              unit: 'MB',
              better: 'lower',
              samples: [boards.at(-1)![key] - boards[cycleEnd]![key]],
              note: `the board after showing ${cycleEnd + 1} (the first full local/HLS/local cycle) vs after the last, the same point of the cycle: ≈ 0 means no leak; ${note}`,
            }]
          : [];
      return {
        measurements: [
          ...rows('renderer JS heap (after GC)', heap, 'JSHeapUsedSize after HeapProfiler.collectGarbage'),
          ...steady('heapUsedMB', 'renderer JS heap (after GC)'),
          ...rows('renderer process RSS', rss, 'VmRSS of the kiosk page\'s renderer; freed memory is not always returned to the OS, so a rise without a heap rise is the allocator, not a leak'),
          ...steady('rssMB', 'renderer process RSS'),
        ],
        facts: {
          loop: `${showings} showings of ${span(courseSec)} (local MP4, HLS stream, local MP4 in turn), ${describeMp4(course, { seconds: courseSec })}, scheduled one after another`,
          'playback rate': `${rate}× (every <video> on the page; ${RATE_ENV})`,
          samples: `${samples.length}, every ${sampleEveryMs / 1000} s of wall time, each after a forced GC`,
          'trend (least squares, per hour of wall time)': `heap ${heap.slopePerHour.toFixed(2)} MB/h, RSS ${rss.slopePerHour.toFixed(1)} MB/h (at ${rate}×: about ${rate} hours of courses per hour)`,
          'board after each showing (heap / RSS, MB)': boards.map((b, i) => `${i + 1}: ${b.heapUsedMB.toFixed(1)}/${b.rssMB.toFixed(0)}`).join(', '),
          'growth after the first showing (board → board)': afterFirst ? `heap ${(end.heapUsedMB - afterFirst.heapUsedMB).toFixed(2)} MB, RSS ${(end.rssMB - afterFirst.rssMB).toFixed(1)} MB (the first showing's one-time costs excluded)` : '—',
          'player error events / watchdog stalls': `${errors.length} (${[...new Set(errors)].join(', ') || 'none'}; non-fatal ones included) / ${stalls}`,
          renderer: 'the largest page renderer under this process once the board is up (only the kiosk page is open)',
        },
      };
    } finally {
      stopSampling.abort();
      await sampler.catch(() => undefined);
      await memory?.detach();
      await browser?.close();
      await agent?.stop();
      await files?.close();
    }
  },
};
