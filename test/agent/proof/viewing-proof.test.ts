// A group viewing's proof pictures: taken at its start, middle and end (and the room's photo only with the
// camera on), each kept once at the station and queued once for the county; failures logged once, never
// stopping the viewing; kept 90 days.
import { afterEach, describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
import { createStation, type Station } from '../../support/station-fixture.ts';
import { playNow } from '../../../agent/schedule/manual-play.ts';
import { StationEvents, programStarting } from '../../../agent/events.ts';
import { ViewingProof } from '../../../agent/proof/viewing-proof.ts';
import { ProofStore, STATION_PROOF_RETENTION_MS } from '../../../agent/proof/proof-store.ts';
import { writeProofSettings } from '../../../agent/proof/proof-settings.ts';
import { FfmpegRoomCamera } from '../../../agent/proof/ffmpeg-room-camera.ts';
import type { ProofPicture, ScreenCapturer } from '../../../agent/proof/screen-capturer.ts';
import { markDelivered, pendingOutbox } from '../../../agent/outbox/outbox-store.ts';
import { endSession } from '../../../agent/sessions/session-lifecycle.ts';
import { SessionStore } from '../../../agent/sessions/session-store.ts';
import { ViewingProofBodySchema } from '../../../protocol/event-bodies.pure.ts';

const NOW = Date.UTC(2026, 11, 7, 11, 0);
const LAVFI = ['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=5'];

let station: Station;
let proof: ViewingProof | null = null;
afterEach(async () => {
  await proof?.stop();
  proof = null;
  station.close();
});

/** The screen, as the kiosk's Chromium would give it: here ffmpeg's test picture, counting the captures. */
class CountingScreen implements ScreenCapturer {
  calls = 0;
  constructor(private readonly fail = false) {}
  async capture(): Promise<ProofPicture> {
    this.calls += 1;
    if (this.fail) throw new Error('页面无响应 / page not answering');
    return new FfmpegRoomCamera(LAVFI).photograph();
  }
}

function startViewing(durationMs: number, screen: ScreenCapturer, roomCamera: boolean) {
  station = createStation();
  if (roomCamera) writeProofSettings(station.db, { roomCamera: true }, NOW);
  const events = new StationEvents();
  proof = new ViewingProof({ db: station.db, events, now: () => NOW, screen, camera: () => new FfmpegRoomCamera(LAVFI) });
  proof.start();
  const course = station.addCourse({ durationMs });
  const session = playNow(station.db, { courseId: course.id, kind: 'group_viewing', actor: 'test' }, NOW);
  events.emit(programStarting(session));
  return { events, session };
}

const proofEvents = (s: Station) => pendingOutbox(s.db, 1000).filter((e) => e.type === 'viewing_proof');

describe('proof of viewing at the station', () => {
  it('takes the screen at start, middle and end, keeps and queues each once; no room photo while the camera is off', async () => {
    const screen = new CountingScreen();
    const { events, session } = startViewing(3_000, screen, false);
    await expect.poll(() => new ProofStore(station.db).forSession(session.id).map((p) => p.moment), { timeout: 20_000 }).toEqual(['start', 'middle', 'end']);
    // The showing ends after the end picture: it is not taken again.
    events.emit({ type: 'playback_state', sessionId: session.id, courseId: session.courseId, state: 'ended' });
    await proof!.stop();
    expect(screen.calls).toBe(3);
    const queued = proofEvents(station);
    expect(queued.map((e) => (e.body as { moment: string }).moment)).toEqual(['start', 'middle', 'end']);
    const check = Compile(ViewingProofBodySchema);
    for (const e of queued) {
      expect(check.Check(e.body)).toBe(true);
      expect(Buffer.from((e.body as { jpegBase64: string }).jpegBase64, 'base64').length).toBeLessThanOrEqual(100 * 1024);
    }
    const stored = new ProofStore(station.db).forSession(session.id);
    expect(stored.every((p) => p.sessionId === session.id && p.bytes > 0 && p.bytes <= 100 * 1024)).toBe(true);
  }, 30_000);

  it('adds one photo of the room when the administrator turned the camera on', async () => {
    const { session } = startViewing(3_000, new CountingScreen(), true);
    await expect.poll(() => new ProofStore(station.db).forSession(session.id).map((p) => p.moment).sort(), { timeout: 20_000 }).toEqual(['end', 'middle', 'room', 'start']);
    expect(proofEvents(station)).toHaveLength(4);
  }, 30_000);

  it('a viewing stopped early gets its end picture then; an unknown-length course still gets start and end', async () => {
    const screen = new CountingScreen();
    const { events, session } = startViewing(0, screen, false);
    await expect.poll(() => new ProofStore(station.db).forSession(session.id).map((p) => p.moment), { timeout: 20_000 }).toEqual(['start']);
    events.emit({ type: 'playback_state', sessionId: session.id, courseId: session.courseId, state: 'stopped' });
    await expect.poll(() => new ProofStore(station.db).forSession(session.id).map((p) => p.moment), { timeout: 20_000 }).toEqual(['start', 'end']);
  }, 30_000);

  it('a screen that cannot be captured is logged once and the viewing goes on', async () => {
    const screen = new CountingScreen(true);
    const { session } = startViewing(3_000, screen, false);
    await expect.poll(() => screen.calls, { timeout: 20_000 }).toBe(3);
    await proof!.stop();
    const lines = station.db.prepare("SELECT message FROM station_log WHERE message LIKE '收看留证%'").all() as { message: string }[];
    expect(lines).toEqual([{ message: '收看留证：未能截取屏幕（页面无响应 / page not answering）' }]);
    expect(proofEvents(station)).toHaveLength(0);
    const ended = endSession(station.db, session.id, NOW + 4_000, 'player');
    expect(ended.status).toBe('ended');
    expect(new SessionStore(station.db).get(session.id)!.status).toBe('ended');
  }, 30_000);

  it('prunes pictures after 90 days, and the delivered outbox events that carried them', async () => {
    const { session } = startViewing(3_000, new CountingScreen(), false);
    await expect.poll(() => new ProofStore(station.db).forSession(session.id).length, { timeout: 20_000 }).toBe(3);
    const store = new ProofStore(station.db);
    // Two pictures delivered to the hub, one still on its way.
    const queued = proofEvents(station);
    markDelivered(station.db, [queued[0]!.id, queued[1]!.id], NOW + 1_000);
    expect(store.prune(NOW + STATION_PROOF_RETENTION_MS)).toBe(0);
    expect(store.prune(NOW + STATION_PROOF_RETENTION_MS + 1)).toBe(3);
    expect(store.forSession(session.id)).toEqual([]);
    // The outbox forgets the delivered pictures too; the undelivered one is still sent.
    const left = station.db.prepare("SELECT id, delivered_at FROM outbox WHERE type = 'viewing_proof'").all();
    expect(left).toEqual([{ id: queued[2]!.id, delivered_at: null }]);
  }, 30_000);
});

describe('an agent restarted during a viewing', () => {
  it('takes what the viewing still lacks, and nothing twice', async () => {
    station = createStation();
    const course = station.addCourse({ durationMs: 3_000 });
    const session = playNow(station.db, { courseId: course.id, kind: 'group_viewing', actor: 'test' }, NOW);
    // The start picture was taken before the restart.
    const screen = new CountingScreen();
    new ProofStore(station.db).record(session.id, 'start', await screen.capture(), NOW + 300);
    // Two seconds in, the agent starts again: the middle has passed (taken now), the end is still to come.
    let now = NOW + 2_000;
    proof = new ViewingProof({ db: station.db, events: new StationEvents(), now: () => now, screen, camera: () => null });
    proof.start();
    await expect.poll(() => new ProofStore(station.db).forSession(session.id).map((p) => p.moment), { timeout: 20_000 }).toEqual(['start', 'middle', 'end']);
    now += 5_000;
    await proof.stop();
    expect(screen.calls).toBe(3);
    expect(proofEvents(station)).toHaveLength(3);
  }, 30_000);
});
