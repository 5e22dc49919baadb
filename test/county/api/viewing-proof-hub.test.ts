// Proof of viewing (收看留证) from a real agent to a real hub on loopback: the agent's own UI on a real Chromium
// (started with the kiosk's flags, captured over its DevTools pipe) at the start, middle and end of a group
// viewing, the room through the real ffmpeg (its test source standing in for the camera), each picture one
// signed event stored once at the hub, listed and served on the station's page for the staff who see the
// station, and pruned after a year.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { enroll } from '../../../agent/uplink/enrollment.ts';
import { playNow } from '../../../agent/schedule/manual-play.ts';
import { programStarting } from '../../../agent/events.ts';
import { endSession } from '../../../agent/sessions/session-lifecycle.ts';
import { ProofStore } from '../../../agent/proof/proof-store.ts';
import { writeProofSettings } from '../../../agent/proof/proof-settings.ts';
import { CdpPipe } from '../../../agent/proof/cdp-pipe.ts';
import { DevToolsScreenCapturer } from '../../../agent/proof/devtools-capturer.ts';
import { FfmpegRoomCamera } from '../../../agent/proof/ffmpeg-room-camera.ts';
import { chromiumKioskArgs } from '../../../kiosk/main/launch-plan.pure.ts';
import { pruneViewingProofs } from '../../../county/proof-retention.ts';
import { at, createStation, tempDir } from '../../support/station-fixture.ts';
import { CHROMIUM_PATH, launchBrowser } from '../../support/browser.ts';
import { call, hubRows, registerStation, staffToken, startTestHub, type TestHub } from '../support/hub-fixture.ts';

const clock = at('2026-12-07 14:00');
let hub: TestHub;
let agent: RunningAgent;
let chromium: ChildProcess;
let stationId: string;
let courseId: number;
const dirs: string[] = [];

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock });
  const admin = await staffToken(hub, 'admin', 'county_admin');
  const { id, code } = await registerStation(hub, admin, '红旗村党员活动室');
  stationId = id;
  const dir = tempDir('yj-proof-agent-');
  dirs.push(dir);
  const station = createStation({ dir });
  courseId = station.addCourse({ title: '党的二十大精神解读', durationMs: 4_000 }).id;
  writeProofSettings(station.db, { roomCamera: true }, clock);
  await enroll(station.db, { hubUrl: hub.url, code, now: () => clock });
  station.close();
  agent = await startDaemon({
    dataDir: dir,
    port: 0,
    logLevel: 'error',
    now: () => clock,
    uplink: { monotonic: () => clock, settleMs: 5, backoffBaseMs: 20, backoffMaxMs: 100 },
    roomCamera: () => new FfmpegRoomCamera(['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=5']),
  });
}, 90_000);

afterAll(async () => {
  if (chromium && chromium.exitCode === null) {
    const exited = new Promise((resolve) => chromium.once('exit', resolve));
    process.kill(-chromium.pid!, 'SIGKILL');
    await exited;
  }
  await agent?.stop();
  await hub?.stop();
  for (const d of [...dirs, hub.dataDir]) fs.rmSync(d, { recursive: true, force: true, maxRetries: 20, retryDelay: 200 });
});

describe('proof of viewing reaches the hub', () => {
  it('start, middle, end and the room: kept once at the hub, listed and served on the station page, pruned after a year', async () => {
    // The kiosk, as the launcher starts it (headless here), showing the agent's UI; its pipe handed to the agent.
    const profile = tempDir('yj-proof-profile-');
    dirs.push(profile);
    chromium = spawn(CHROMIUM_PATH, [...chromiumKioskArgs(agent.url, profile), '--headless=new', '--no-sandbox', '--disable-gpu'], {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const pipe = new CdpPipe(chromium.stdio[3] as Writable, chromium.stdio[4] as Readable);
    await expect
      .poll(async () => ((await pipe.send('Target.getTargets')) as { targetInfos: { type: string; url: string }[] }).targetInfos.some((t) => t.type === 'page' && t.url.startsWith(agent.url)), { timeout: 30_000 })
      .toBe(true);
    agent.ctx.proof.useScreen(new DevToolsScreenCapturer(pipe, agent.url));
    const { db, events } = agent.ctx;
    const session = playNow(db, { courseId, kind: 'group_viewing', actor: 'test' }, clock);
    events.emit(programStarting(session));
    await expect.poll(() => new ProofStore(db).forSession(session.id).map((p) => p.moment).sort(), { timeout: 30_000 }).toEqual(['end', 'middle', 'room', 'start']);
    endSession(db, session.id, clock + 4_000, 'player');
    events.emit({ type: 'playback_state', sessionId: session.id, courseId, state: 'ended' });

    await expect.poll(async () => (await agent.ctx.uplink.flush()).failure === null && (await hubRows(hub.dataDir, "SELECT 1 FROM viewing_proofs WHERE station_id = ?", stationId)).length, { timeout: 30_000 }).toBe(4);
    // Sent once, stored once: the events table has one row per picture, the index one per (viewing, moment).
    const stored = await hubRows<{ n: number }>(hub.dataDir, "SELECT COUNT(*) AS n FROM events WHERE station_id = ? AND type = 'viewing_proof'", stationId);
    expect(Number(stored[0]!.n)).toBe(4);

    const viewer = await staffToken(hub, 'viewer-li', 'viewer');
    const list = await call<{ proofs: { sessionId: number; moment: string; bytes: number; width: number }[] }>(`${hub.url}/api/county/stations/${stationId}/proofs?month=2026-12`, { token: viewer });
    expect(list.status).toBe(200);
    expect(list.body.proofs.map((p) => p.moment).sort()).toEqual(['end', 'middle', 'room', 'start']);
    expect(list.body.proofs.every((p) => p.sessionId === session.id && p.bytes > 0 && p.bytes <= 100 * 1024 && p.width === 640)).toBe(true);

    // The hub serves exactly the bytes the station took.
    const atStation = new ProofStore(db).forSession(session.id).find((p) => p.moment === 'start')!;
    const served = await fetch(`${hub.url}/api/county/stations/${stationId}/sessions/${session.id}/proofs/start`, { headers: { authorization: `Bearer ${viewer}` } });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await served.arrayBuffer()).equals(new ProofStore(db).jpeg(atStation.id)!)).toBe(true);
    const missing = await fetch(`${hub.url}/api/county/stations/${stationId}/sessions/${session.id + 99}/proofs/start`, { headers: { authorization: `Bearer ${viewer}` } });
    expect(missing.status).toBe(404);
    const anonymous = await fetch(`${hub.url}/api/county/stations/${stationId}/sessions/${session.id}/proofs/start`);
    expect(anonymous.status).toBe(401);

    // The station's page shows the month's viewing with its four pictures, loaded (decoded at 640 px wide).
    const browser = await launchBrowser();
    try {
      const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })).newPage();
      await page.goto(`${hub.url}/`);
      await page.fill('input[name=username]', 'viewer-li');
      await page.fill('input[name=password]', 'correct-horse-9');
      await page.click('[data-testid=login-submit]');
      await page.waitForSelector('[data-testid=current-user]');
      await page.goto(`${hub.url}/#/stations/${stationId}`);
      await page.waitForSelector('[data-testid=station-proofs-table]');
      expect(await page.locator('[data-testid=proof-viewing]').count()).toBe(1);
      for (const moment of ['start', 'middle', 'end', 'room']) {
        await expect.poll(() => page.$eval(`[data-testid=proof-${moment}]`, (img) => (img as HTMLImageElement).naturalWidth), { timeout: 10_000 }).toBe(640);
      }
      expect(await page.locator('[data-testid=station-proofs]').innerText()).toContain('现场照片');
    } finally {
      await browser.close();
    }

    // Kept a year: nothing goes before, the pictures and their events rows go after.
    expect(await pruneViewingProofs(hub.ctx)).toBe(0);
    expect(await pruneViewingProofs(hub.ctx, { keepDays: -1 })).toBe(4);
    expect(await hubRows(hub.dataDir, "SELECT 1 FROM events WHERE station_id = ? AND type = 'viewing_proof'", stationId)).toEqual([]);
    expect(await hubRows(hub.dataDir, 'SELECT 1 FROM viewing_proofs WHERE station_id = ?', stationId)).toEqual([]);
    expect((await hubRows(hub.dataDir, "SELECT 1 FROM events WHERE station_id = ? AND type = 'session'", stationId)).length).toBeGreaterThan(0);
  }, 90_000);
});
