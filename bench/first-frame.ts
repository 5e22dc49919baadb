// Benchmark: time to first frame, through our player and through the bare browser, on the same files: a local
// 720p H.264/AAC MP4 and its HLS VOD rendition served from a loopback server. Ours is the kiosk's player screen
// (video.js, with hls.js for the stream) against a real agent process, opened on a showing that has just
// started, its title card skipped the moment it can be; the references are a bare <video src> page and a
// bare hls.js page served from 127.0.0.1. Both sides are timed by the same in-page probe: from the play
// request (the bare page's play(); for the kiosk, the OK press its player acts on — video.js makes the
// element's own play() later, once its source is set up) and from the navigation, to the first frame
// presented after the element's play().
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import type { Benchmark, Measurement } from './lib/types.ts';
import { launchBrowser } from '../test/support/browser.ts';
import { startAgentProcess, type TimedServer } from './lib/timed-server.ts';
import { FIRST_FRAME_PROBE, SKIP_TITLE_CARD, probedContext, readProbe, waitForProbe, waitInPage } from './lib/browser-probes.ts';
import { describeMp4, makeHls, makeTestMp4 } from './lib/media-fixtures.ts';
import { startLoopbackFiles, type LoopbackFiles } from './lib/loopback-files.ts';
import { endSessionIn, playNowIn, seedCourses } from './lib/showings.ts';
import { percentile } from './lib/stats.pure.ts';

const require = createRequire(import.meta.url);
const HLS_JS = require.resolve('hls.js/dist/hls.min.js');
const HLS_VERSION = (require('hls.js/package.json') as { version: string }).version;
const FRAME_TIMEOUT_MS = 30_000;

const PAGE_HEAD = '<!doctype html><meta charset="utf-8"><title>bare</title><style>html,body{margin:0;background:#000}video{width:100vw;height:100vh}</style>';
/** What anyone would write: the element, the file, play(). */
const BARE_VIDEO_PAGE = `${PAGE_HEAD}<video id="v" preload="auto" playsinline></video>
<script>const v = document.getElementById('v'); v.src = '/media/course.mp4'; v.play();</script>`;
/** hls.js's own getting-started example, with its default configuration. */
const BARE_HLS_PAGE = `${PAGE_HEAD}<video id="v" preload="auto" playsinline></video><script src="/hls.min.js"></script>
<script>const v = document.getElementById('v'); const hls = new Hls(); hls.loadSource('/hls/index.m3u8'); hls.attachMedia(v); v.play();</script>`;

type SourceKind = 'mp4' | 'hls';

interface FirstFrame {
  /** Navigation start → first frame presented. */
  navMs: number;
  /** Play request (the bare page's play(), the kiosk's OK press) → first frame presented. */
  playMs: number;
  /** The player's own figure (window.__yjPlayerStats.timeToFirstFrameMs), ours only. */
  ownMs?: number;
}

async function firstFrameOn(browser: Browser, url: string, scripts: string[], own: boolean): Promise<FirstFrame> {
  const context = await probedContext(browser, scripts);
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    const probe = await waitForProbe(page, 'frameAt', FRAME_TIMEOUT_MS);
    const result: FirstFrame = { navMs: probe.frameAt!, playMs: probe.frameAt! - (probe.requestAt ?? probe.playAt!) };
    if (own) {
      result.ownMs = await waitInPage<number>(page, 'window.__yjPlayerStats && window.__yjPlayerStats.timeToFirstFrameMs', FRAME_TIMEOUT_MS);
    }
    return result;
  } catch (err) {
    const pages = context.pages();
    const probe = pages[0] ? await readProbe(pages[0]).catch(() => ({})) : {};
    throw new Error(`no first frame from ${url} within ${FRAME_TIMEOUT_MS} ms (probe ${JSON.stringify(probe)}): ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await context.close();
  }
}

export const firstFrameBenchmark: Benchmark = {
  name: 'first-frame',
  description: 'time to first frame, local MP4 and loopback HLS: the kiosk player vs a bare <video> / bare hls.js page, same files',
  async run({ runs, quick, workDir, log }) {
    const seconds = quick ? 10 : 30;
    const mp4 = path.join(workDir, 'course.mp4');
    const hlsDir = path.join(workDir, 'hls');
    log(`making a ${seconds} s 720p H.264/AAC course and its HLS rendition …`);
    await makeTestMp4(mp4, { seconds });
    await makeHls(mp4, hlsDir, 4);

    let files: LoopbackFiles | undefined;
    let agent: TimedServer | undefined;
    let browser: Browser | undefined;
    const ours: Record<SourceKind, FirstFrame[]> = { mp4: [], hls: [] };
    const bare: Record<SourceKind, FirstFrame[]> = { mp4: [], hls: [] };
    try {
      files = await startLoopbackFiles({
        pages: { '/bare-video.html': BARE_VIDEO_PAGE, '/bare-hls.html': BARE_HLS_PAGE },
        files: { '/media/course.mp4': mp4, '/hls.min.js': HLS_JS },
        folders: { '/hls/': hlsDir },
      });
      const dataDir = path.join(workDir, 'station');
      const [mp4Course, hlsCourse] = seedCourses(dataDir, [
        { title: '本地课件 首帧', localPath: mp4, streamUrl: null, durationMs: seconds * 1000 },
        { title: '直播课件 首帧', localPath: null, streamUrl: `${files.base}/hls/index.m3u8`, durationMs: seconds * 1000 },
      ]) as [number, number];
      agent = await startAgentProcess(dataDir);
      browser = await launchBrowser();
      // Narrowed once for the closures below (a captured `let` stays possibly-undefined to the compiler).
      const running = { agent, browser, files, dataDir };

      const kiosk = async (courseId: number): Promise<FirstFrame> => {
        // A showing that has just started: the kiosk opens straight on the player (and from the top: it began
        // less than the resume threshold ago).
        const sessionId = playNowIn(running.dataDir, courseId, '首帧测试');
        try {
          return await firstFrameOn(running.browser, running.agent.url, [FIRST_FRAME_PROBE, SKIP_TITLE_CARD], true);
        } finally {
          endSessionIn(running.dataDir, sessionId);
        }
      };
      const sides: Record<SourceKind, { ours: () => Promise<FirstFrame>; bare: () => Promise<FirstFrame> }> = {
        mp4: { ours: () => kiosk(mp4Course), bare: () => firstFrameOn(running.browser, `${running.files.base}/bare-video.html`, [FIRST_FRAME_PROBE], false) },
        hls: { ours: () => kiosk(hlsCourse), bare: () => firstFrameOn(running.browser, `${running.files.base}/bare-hls.html`, [FIRST_FRAME_PROBE], false) },
      };

      // Round 0 warms the browser, the agent and the file cache and is not counted.
      for (let i = 0; i <= runs; i++) {
        const line: string[] = [];
        for (const kind of ['mp4', 'hls'] as const) {
          // Alternate which side goes first, so neither always follows the other.
          const first = i % 2 === 0 ? 'ours' : 'bare';
          const a = await sides[kind][first]();
          const b = await sides[kind][first === 'ours' ? 'bare' : 'ours']();
          const [o, r] = first === 'ours' ? [a, b] : [b, a];
          if (i > 0) {
            ours[kind].push(o);
            bare[kind].push(r);
          }
          line.push(`${kind}: ours ${o.playMs.toFixed(0)} ms (nav ${o.navMs.toFixed(0)}), bare ${r.playMs.toFixed(0)} ms (nav ${r.navMs.toFixed(0)})`);
        }
        log(`${i === 0 ? 'warm-up (not counted)' : `run ${i}/${runs}`}: ${line.join('; ')}`);
      }
    } finally {
      await browser?.close();
      await agent?.stop();
      await files?.close();
    }

    const measure = (kind: SourceKind, key: 'navMs' | 'playMs', label: string, refLabel: string, note: string): Measurement => ({
      label,
      unit: 'ms',
      better: 'lower',
      samples: ours[kind].map((r) => r[key]),
      reference: { label: refLabel, unit: 'ms', samples: bare[kind].map((r) => r[key]) },
      note,
    });
    const ownMedian = (kind: SourceKind) => percentile(ours[kind].map((r) => r.ownMs ?? Number.NaN), 50).toFixed(0);
    return {
      measurements: [
        measure('mp4', 'playMs', 'local MP4: play request → first frame', 'bare <video src>', 'ours counts from the OK press that skips the title card, pressed as soon as the player screen listens: it includes whatever is left of reading the course from the agent (asked when the kiosk chose the showing) and of handing it to video.js (built as the card goes up, before OK is listened for); a course already loading behind the card makes it shorter than on the bare page; the bare page counts from play() right after setting src'),
        measure('mp4', 'navMs', 'local MP4: navigation → first frame', 'bare <video src> page', 'ours includes the kiosk app loading, reading the station state and the course, and video.js; the title card is skipped at once'),
        measure('hls', 'playMs', 'HLS (loopback): play request → first frame', 'bare hls.js page', 'ours is hls.js inside video.js with the player\'s own retry policy and buffer settings; the bare page is hls.js with its defaults'),
        measure('hls', 'navMs', 'HLS (loopback): navigation → first frame', 'bare hls.js page', 'as for MP4, plus the playlist and first segment fetched cross-origin from the loopback server'),
      ],
      facts: {
        course: describeMp4(mp4, { seconds }),
        hls: `VOD, 4 s segments, from a node:http server on 127.0.0.1; hls.js ${HLS_VERSION} on both sides`,
        'player\'s own figure (median, play → frame)': `MP4 ${ownMedian('mp4')} ms, HLS ${ownMedian('hls')} ms (from its play() to a frame callback set at 'playing', so it may count one frame more)`,
        criterion: 'first frame = requestVideoFrameCallback set at the first play() on the <video>, its expectedDisplayTime; a fresh browser context (empty cache) per page; one warm-up round not counted',
      },
    };
  },
};
