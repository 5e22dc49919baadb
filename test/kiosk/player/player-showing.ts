// The player tests' world: real H.264/AAC media made with ffmpeg, a local HLS server that can be told to fail, one
// Chromium per file, and a showing scheduled on a fresh station a few seconds ahead with the kiosk open on it.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../support/browser.ts';
import { createStation, tempDir, ZONE } from '../../support/station-fixture.ts';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { runOwnMediaFfmpeg } from '../../../content/ffmpeg.ts';
import { CourseStore } from '../../../content/course-store.ts';
import { SessionStore, type Session } from '../../../agent/sessions/session-store.ts';
import { playbackForSession, type PlaybackEntry } from '../../../agent/sessions/playback-log.ts';
import type { ProgramKind } from '../../../agent/programs/program-store.ts';
import type { PlayerStats } from '../../../kiosk/ui/src/screens/player/player-stats.ts';

/** How far ahead each test schedules its showing: time to open the page and hear the event stream. */
export const LEAD_MS = 6_000;
/**
 * The longest wait for anything the player does: a deadline for a step that fails, never a pace the machine
 * must keep. A busy machine (another build, an encode, the rest of the suite) decodes slowly; the tests wait
 * on what the player and the agent report and assert on positions and records, not on how fast they came.
 */
export const DEADLINE_MS = 30_000;
export const SHORT_SEC = 7;
/**
 * The group viewing's course: the test looks at the card, the corner, a late check-in and Back while it plays,
 * then waits for its end; on a busy machine those looks took the whole of a 7 s course, and of a 16 s one when
 * CI ran alone (2026-12-07: Back was pressed after the course had ended, and no toast came).
 */
export const MEDIUM_SEC = 30;
/** Long enough that a slow machine never reaches its end while a test still needs it playing. */
export const LONG_SEC = 60;

// Live bindings: set by the hooks usePlayerMedia() registers, read by the test files that import them.
let root: string;
export let browser: Browser;
export let shortMp4: string;
export let mediumMp4: string;
export let longMp4: string;
let hlsDir: string;
export let hls: { server: http.Server; base: string; flakyFailuresLeft: number; requests: string[] };

/** testsrc2 + a tone, H.264/AAC, a keyframe every 2 s so the HLS cut makes 2 s segments. */
async function makeMp4(file: string, seconds: number, size: string): Promise<void> {
  await runOwnMediaFfmpeg(
    [
      '-y',
      '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=25:duration=${seconds}`,
      '-f', 'lavfi', '-i', `sine=frequency=523:sample_rate=48000:duration=${seconds}`,
      '-map', '0:v', '-map', '1:a',
      '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '50', '-keyint_min', '50', '-sc_threshold', '0',
      '-c:a', 'aac', '-b:a', '96k', '-t', String(seconds), '-movflags', '+faststart', file,
    ],
    { timeoutMs: 60_000 },
  );
}

/**
 * Serves the HLS folder under three prefixes: /ok/ as it is, /flaky/ with segment 2 answering 500 a few
 * times before it works, /dead/ answering 500 to everything. CORS is open, as a county server's would be.
 */
function startHlsServer(): Promise<typeof hls> {
  const state = { flakyFailuresLeft: 0, requests: [] as string[] };
  const server = http.createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    const [, mode, file] = new URL(req.url ?? '/', 'http://x').pathname.split('/');
    state.requests.push(`${mode}/${file}`);
    if (mode === 'dead' || (mode === 'flaky' && file === 'seg2.ts' && state.flakyFailuresLeft-- > 0)) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('server error');
      return;
    }
    const full = path.join(hlsDir, path.basename(file ?? ''));
    if (!['ok', 'flaky'].includes(mode ?? '') || !fs.existsSync(full)) {
      res.writeHead(404).end();
      return;
    }
    const type = full.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : 'video/mp2t';
    res.writeHead(200, { 'content-type': type, 'content-length': fs.statSync(full).size });
    fs.createReadStream(full).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve(Object.assign(state, { server, base: `http://127.0.0.1:${port}` }));
    });
  });
}

/** The media, the HLS server and one Chromium for the file that calls this (at its top level). */
export function usePlayerMedia(): void {
  beforeAll(async () => {
    root = tempDir('yj-player-');
    shortMp4 = path.join(root, 'short.mp4');
    mediumMp4 = path.join(root, 'medium.mp4');
    longMp4 = path.join(root, 'long.mp4');
    hlsDir = path.join(root, 'hls');
    fs.mkdirSync(hlsDir);
    await Promise.all([makeMp4(shortMp4, SHORT_SEC, '640x360'), makeMp4(mediumMp4, MEDIUM_SEC, '640x360'), makeMp4(longMp4, LONG_SEC, '320x180')]);
    await runOwnMediaFfmpeg(
      ['-y', '-i', shortMp4, '-c', 'copy', '-f', 'hls', '-hls_time', '2', '-hls_playlist_type', 'vod', '-hls_segment_filename', path.join(hlsDir, 'seg%d.ts'), path.join(hlsDir, 'index.m3u8')],
      { timeoutMs: 60_000 },
    );
    hls = await startHlsServer();
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => hls?.server.close(resolve));
    fs.rmSync(root, { recursive: true, force: true });
  });
}

export interface CourseSpec {
  title: string;
  localPath: string | null;
  streamUrl: string | null;
  durationMs: number | null;
}

export interface Showing {
  agent: RunningAgent;
  page: Page;
  /** The session, once the scheduler has made it. */
  session(): Session | undefined;
  log(): PlaybackEntry[];
  close(): Promise<void>;
}

/**
 * A fresh station whose one program starts LEAD_MS from now, and the kiosk open on it. A group viewing opens
 * check-in a minute early, so its session exists (status checkin) as soon as the agent is up.
 */
export async function scheduleShowing(
  course: CourseSpec,
  kind: ProgramKind,
  options: { members?: string[]; cards?: Record<string, string>; checkedIn?: number; beforeLoad?: (page: Page) => Promise<void>; leadMs?: number; lateGraceMinutes?: number } = {},
): Promise<Showing> {
  const { members = [], cards = {}, checkedIn = 0, leadMs = LEAD_MS } = options;
  const dataDir = fs.mkdtempSync(path.join(root, 'station-'));
  const station = createStation({ dir: dataDir });
  station.settings({ stationName: '测试村远教站点', ...(options.lateGraceMinutes === undefined ? {} : { lateGraceMinutes: options.lateGraceMinutes }) });
  for (const name of members) station.addMember({ name, cardUid: cards[name] ?? null });
  const courseId = new CourseStore(station.db).add({ ...course, series: null, source: 'manual', sha256: null }, 0).id;
  const startsAt = Math.ceil((Date.now() + leadMs) / 1000) * 1000;
  const wall = DateTime.fromMillis(startsAt, { zone: ZONE });
  station.addProgram(
    { courseId, kind, title: course.title, rule: { type: 'once', date: wall.toISODate()!, time: wall.toFormat('HH:mm:ss') }, checkinOpensBeforeMin: 1 },
    Date.now(),
  );
  station.close();
  const agent = await startDaemon({ dataDir, port: 0, logLevel: 'error' });
  const sessions = new SessionStore(agent.ctx.db);
  const session = () => sessions.between(startsAt - 1, startsAt + 1)[0];
  // Members already at the door when the room's screen comes on (check-in opened with the agent).
  for (let memberId = 1; memberId <= checkedIn; memberId += 1) {
    const res = await checkIn(agent, session()!.id, memberId);
    if (res.status !== 201) throw new Error(`check-in of member ${memberId} refused: ${res.status}`);
  }
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await options.beforeLoad?.(page);
  // Script errors in the kiosk show up in the test output (failed requests of the dead stream are expected).
  page.on('pageerror', (err) => console.log(`[kiosk ${course.title}] ${err.message}`));
  await page.goto(agent.url);
  const showing: Showing = {
    agent,
    page,
    session,
    log() {
      const s = session();
      return s ? playbackForSession(agent.ctx.db, s.id) : [];
    },
    async close() {
      // The page may have been replaced (a kiosk restart); close whichever is open now.
      await showing.page.close();
      await agent.stop();
    },
  };
  return showing;
}

export interface CardSeen {
  title: string;
  text: string;
  skipFontPx: number;
}

/**
 * Records the title card as the page draws it (a MutationObserver in the page), so that what the card said
 * can be checked after it has gone: it stands 4 s, and a busy machine may take longer than that to look.
 */
export async function recordTitleCard(page: Page): Promise<void> {
  await page.addInitScript(`(() => {
    const look = () => {
      const card = document.querySelector('[data-testid=title-card]');
      if (!card) return;
      const skip = card.querySelector('.title-card-skip');
      window.__yjCardSeen = {
        title: card.querySelector('[data-testid=title-card-title]')?.textContent ?? '',
        text: card.textContent ?? '',
        skipFontPx: skip ? parseFloat(getComputedStyle(skip).fontSize) : 0,
      };
    };
    new MutationObserver(look).observe(document, { childList: true, subtree: true, characterData: true });
  })()`);
}

export function cardSeen(page: Page): Promise<CardSeen | undefined> {
  return page.evaluate(() => (window as unknown as { __yjCardSeen?: CardSeen }).__yjCardSeen);
}

/**
 * Headless Chromium plays sound without a gesture whatever --autoplay-policy says, so a desktop browser's
 * policy is put in front of the media element here: play() with sound before the first key press or touch
 * is refused with NotAllowedError, and unmuting a playing element before one pauses it, as Chromium does.
 * (navigator.userActivation cannot tell: playwright's own evaluate calls count as gestures.)
 */
export async function refuseSoundBeforeGesture(page: Page): Promise<void> {
  // A string, not a function: playwright serialises functions as written, helpers of the test's transform included.
  await page.addInitScript(`(() => {
    let gestured = false;
    for (const type of ['keydown', 'pointerdown']) addEventListener(type, () => { gestured = true; }, true);
    const proto = HTMLMediaElement.prototype;
    const play = proto.play;
    const muted = Object.getOwnPropertyDescriptor(proto, 'muted');
    proto.play = function () {
      if (!this.muted && !gestured) {
        return Promise.reject(new DOMException("play() failed because the user didn't interact with the document first.", 'NotAllowedError'));
      }
      return play.call(this);
    };
    Object.defineProperty(proto, 'muted', {
      configurable: true,
      get() { return muted.get.call(this); },
      set(value) {
        muted.set.call(this, value);
        if (!value && !gestured && !this.paused) this.pause();
      },
    });
  })();`);
}

export const checkIn = (agent: RunningAgent, sessionId: number, memberId: number) =>
  fetch(new URL(`/api/sessions/${sessionId}/checkins`, agent.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ memberId }) });
export const stats = (page: Page) => page.evaluate(() => window.__yjPlayerStats ?? null) as Promise<PlayerStats | null>;
export const videoTime = (page: Page) => page.$eval('[data-testid=player-host] video', (v) => (v as HTMLVideoElement).currentTime).catch(() => -1);
/** Text of the element now, or null; never waits for it to appear (a poll must not hang on a missing element). */
export const textOf = (page: Page, selector: string) => page.evaluate((sel) => document.querySelector(sel)?.textContent ?? null, selector);
export const screen = (page: Page) => page.evaluate(() => document.querySelector('[data-screen]')?.getAttribute('data-screen') ?? null);
export const events = (log: PlaybackEntry[]) => log.map((e) => e.event);
