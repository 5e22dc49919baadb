// Proof of viewing through `yuanjiao kiosk`: the launcher holds its Chromium's DevTools pipe and answers the
// agent's captures over the agent's loopback API; no launcher, and the viewing goes on with the miss logged once.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { playNow } from '../../../agent/schedule/manual-play.ts';
import { StationEvents, programStarting } from '../../../agent/events.ts';
import { ProofStore } from '../../../agent/proof/proof-store.ts';
import { ViewingProof } from '../../../agent/proof/viewing-proof.ts';
import { endKioskChromium } from '../../support/kiosk-chromium.ts';
import { spawnKiosk, type SpawnedKiosk } from '../../../kiosk/main/launcher.ts';
import { pipeCapturer, relayCaptures, type CaptureRelay } from '../../../kiosk/main/capture-relay.ts';
import { chromiumKioskArgs } from '../../../kiosk/main/launch-plan.pure.ts';
import { jpegSize } from '../../../agent/proof/jpeg-fit.pure.ts';
import { CHROMIUM_PATH } from '../../support/browser.ts';
import { createStation, tempDir } from '../../support/station-fixture.ts';

const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

describe('captures relayed by the kiosk launcher', () => {
  it('the agent asks, yuanjiao kiosk captures over its pipe and answers; each moment is kept once', async () => {
    const dir = tempDir('yj-relay-agent-');
    const station = createStation({ dir });
    const courseId = station.addCourse({ durationMs: 4_000 }).id;
    station.close();
    const agent: RunningAgent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'error' });
    cleanup.push(async () => {
      await agent.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const profile = tempDir('yj-relay-profile-');
    const kiosk: SpawnedKiosk = spawnKiosk({ kind: 'chromium', command: CHROMIUM_PATH, args: [...chromiumKioskArgs(agent.url, profile), '--headless=new', '--no-sandbox', '--disable-gpu'] });
    let relay: CaptureRelay | null = null;
    cleanup.push(async () => {
      relay?.stop();
      await endKioskChromium(kiosk.child, profile);
    });
    expect(kiosk.devtools).not.toBeNull();
    relay = relayCaptures(agent.url, pipeCapturer(agent.url, kiosk.devtools!), { pollMs: 200 });

    const session = playNow(agent.ctx.db, { courseId, kind: 'group_viewing', actor: 'test' }, agent.ctx.now());
    agent.ctx.events.emit(programStarting(session));
    await expect.poll(() => new ProofStore(agent.ctx.db).forSession(session.id).map((p) => p.moment), { timeout: 40_000 }).toEqual(['start', 'middle', 'end']);
    const start = new ProofStore(agent.ctx.db).forSession(session.id)[0]!;
    expect(jpegSize(new ProofStore(agent.ctx.db).jpeg(start.id)!)).toEqual({ width: start.width, height: start.height });
    expect(start.width).toBe(640);
    // Nothing is waiting now: an answer nobody asked for is refused and changes nothing.
    const stray = await fetch(new URL('/api/kiosk/capture/not-asked', agent.url), { method: 'PUT', headers: { 'content-type': 'image/jpeg' }, body: new Uint8Array([0xff, 0xd8, 0xff]) });
    expect(stray.status).toBe(404);
    expect(await (await fetch(new URL('/api/kiosk/capture', agent.url))).json()).toEqual({ wanted: null });
  }, 60_000);

  it('with no launcher answering, the screen pictures are missing and the miss is logged once', async () => {
    const station = createStation();
    cleanup.push(() => station.close());
    const events = new StationEvents();
    const proof = new ViewingProof({ db: station.db, events, now: Date.now, camera: () => null, relayDeadlineMs: 300 });
    let asked = 0;
    const ask = proof.relay.capture.bind(proof.relay);
    proof.relay.capture = () => {
      asked += 1;
      return ask();
    };
    proof.start();
    cleanup.push(() => proof.stop());
    const course = station.addCourse({ durationMs: 2_000 });
    const session = playNow(station.db, { courseId: course.id, kind: 'group_viewing', actor: 'test' }, Date.now());
    events.emit(programStarting(session));
    const misses = () => station.db.prepare("SELECT message FROM station_log WHERE message LIKE '收看留证%'").all() as { message: string }[];
    await expect.poll(() => misses().length, { timeout: 10_000 }).toBe(1);
    expect(misses()[0]!.message).toContain('信息终端未送回截图');
    // Start, middle and end were each asked for, each went unanswered; still one line.
    await expect.poll(() => asked, { timeout: 10_000 }).toBe(3);
    await expect.poll(() => proof.relay.next(), { timeout: 10_000 }).toBeNull();
    await proof.stop();
    expect(misses()).toHaveLength(1);
    expect(new ProofStore(station.db).forSession(session.id)).toEqual([]);
  }, 30_000);
});

describe('stopping the agent', () => {
  it('does not wait for a capture asked of an absent launcher, and logs nothing for it', async () => {
    const station = createStation();
    cleanup.push(() => station.close());
    const events = new StationEvents();
    const proof = new ViewingProof({ db: station.db, events, now: Date.now, camera: () => null });
    proof.start();
    const course = station.addCourse({ durationMs: 2_000 });
    const session = playNow(station.db, { courseId: course.id, kind: 'group_viewing', actor: 'test' }, Date.now());
    events.emit(programStarting(session));
    await expect.poll(() => proof.relay.next(), { timeout: 10_000 }).not.toBeNull();
    const began = performance.now();
    await proof.stop();
    // Far below the relay's 20 s deadline.
    expect(performance.now() - began).toBeLessThan(5_000);
    expect(station.db.prepare("SELECT 1 FROM station_log WHERE message LIKE '收看留证%'").all()).toEqual([]);
  }, 30_000);
});
