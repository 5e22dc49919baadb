// Go live on a real station (issue 17): a real agent (daemon, store, scheduler, uplink) holds its open line to a
// real test hub; county staff start a live broadcast; the station applies it without any report of its own,
// starts it now with its check-in open, and tells the hub received, playing and the check-ins — which the hub's live
// view shows; a county notice the kiosk is handed is reported shown, once.
// Stopping the agent ends its waiting request at once.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { enroll } from '../../../agent/uplink/enrollment.ts';
import { at, createStation, tempDir } from '../../support/station-fixture.ts';
import { call, registerStation, staffToken, startTestHub, type TestHub } from '../../county/support/hub-fixture.ts';

const clock = at('2026-12-07 19:28');
let hub: TestHub;
let admin: string;
let agent: RunningAgent;
let dir: string;
let stationId: string;
let liveId: number;

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock });
  admin = await staffToken(hub, 'admin', 'county_admin');
  const registered = await registerStation(hub, admin, '东风村');
  stationId = registered.id;
  dir = tempDir('yj-agent-');
  const s = createStation({ dir });
  await enroll(s.db, { hubUrl: hub.url, code: registered.code, now: () => clock });
  s.close();
  // A long report interval: only the open line can bring the broadcast this quickly.
  agent = await startDaemon({ dataDir: dir, port: 0, now: () => clock, uplink: { monotonic: () => clock, settleMs: 5, backoffBaseMs: 20, backoffMaxMs: 100 } });
});

afterAll(async () => {
  await agent?.stop();
  await hub?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const sessions = () => agent.ctx.db.prepare("SELECT s.title, s.status, s.started_at, s.checkin_opens_at, s.checkin_closes_at FROM sessions s JOIN programs p ON p.id = s.program_id WHERE p.origin = 'county'").all();

describe('go live on a real station', () => {
  it('starts the broadcast now, check-in open, and the hub sees it playing', async () => {
    await expect.poll(() => hub.ctx.downlinkSignal.waiting, { timeout: 20_000 }).toBe(1);
    const started = await call<{ program: { id: number } }>(`${hub.url}/api/county/live`, { token: admin, body: { title: '全县冬训直播', streamUrl: 'https://live.example.gov.cn/winter.m3u8' } });
    expect(started.status).toBe(201);
    await expect.poll(sessions, { timeout: 20_000 }).toEqual([{ title: '全县冬训直播', status: 'playing', started_at: clock, checkin_opens_at: at('2026-12-07 19:28'), checkin_closes_at: at('2026-12-07 20:28') }]);
    await expect
      .poll(async () => (await call<{ counts: unknown }>(`${hub.url}/api/county/live/${started.body.program.id}`, { token: admin })).body.counts, { timeout: 20_000 })
      .toEqual({ targeted: 1, playing: 1, waiting: 0, offline: 0, played: 0, notPlayed: 0, checkedIn: 0 });
    const delivered = await call<{ stations: { stationId: string; receivedAt: number | null; shownAt: number | null }[] }>(`${hub.url}/api/county/programs/${started.body.program.id}/deliveries`, { token: admin });
    expect(delivered.body.stations).toEqual([expect.objectContaining({ stationId, receivedAt: clock, shownAt: clock })]);

    // A guest checks in at the door: the county's live view counts it.
    const sessionId = (agent.ctx.db.prepare("SELECT s.id FROM sessions s JOIN programs p ON p.id = s.program_id WHERE p.origin = 'county'").get() as { id: number }).id;
    const checkin = await fetch(new URL(`/api/sessions/${sessionId}/checkins`, agent.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ guest: { name: '张三', category: 'activist' } }) });
    expect(checkin.status).toBe(201);
    await expect
      .poll(async () => (await call<{ counts: unknown }>(`${hub.url}/api/county/live/${started.body.program.id}`, { token: admin })).body.counts, { timeout: 20_000 })
      .toEqual({ targeted: 1, playing: 1, waiting: 0, offline: 0, played: 0, notPlayed: 0, checkedIn: 1 });
    liveId = started.body.program.id;
  });

  it('tells the hub a county notice is on the kiosk once the kiosk is handed it', async () => {
    const n = await call<{ notice: { id: number } }>(`${hub.url}/api/county/notices`, { token: admin, body: { text: '今晚七点半收看冬训直播', stationIds: [stationId] } });
    expect(n.status).toBe(201);
    const deliveries = async () => (await call<{ stations: { receivedAt: number | null; shownAt: number | null }[] }>(`${hub.url}/api/county/notices/${n.body.notice.id}/deliveries`, { token: admin })).body.stations;
    await expect.poll(deliveries, { timeout: 20_000 }).toEqual([expect.objectContaining({ receivedAt: clock, shownAt: null })]);
    const state = (await (await fetch(new URL('/api/state', agent.url))).json()) as { notices: { text: string }[] };
    expect(state.notices.map((x) => x.text)).toEqual(['今晚七点半收看冬训直播']);
    await expect.poll(deliveries, { timeout: 20_000 }).toEqual([expect.objectContaining({ receivedAt: clock, shownAt: clock })]);
    // Handed again, it is not reported again.
    await fetch(new URL('/api/state', agent.url));
    expect(agent.ctx.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE type = 'delivery' AND body LIKE '%\"shown\"%' AND body LIKE '%cn-%'").get()).toEqual({ n: 1 });
  });

  it('stops the showing at once when county staff end the broadcast, and takes it off the schedule', async () => {
    const heard: string[] = [];
    const unsubscribe = agent.ctx.events.subscribe((e) => {
      if (e.type === 'playback_state') heard.push(e.state);
    });
    try {
      await expect.poll(() => hub.ctx.downlinkSignal.waiting, { timeout: 20_000 }).toBe(1);
      const ended = await call<{ counts: unknown }>(`${hub.url}/api/county/live/${liveId}/end`, { token: admin, body: {} });
      expect(ended.status).toBe(200);
      await expect.poll(() => sessions().map((s) => (s as { status: string }).status), { timeout: 20_000 }).toEqual(['ended']);
      expect(heard).toEqual(['stopped']);
      expect(agent.ctx.db.prepare("SELECT removed_at FROM programs WHERE origin = 'county'").all()).toEqual([{ removed_at: clock }]);
      expect(agent.ctx.db.prepare("SELECT message FROM station_log WHERE message LIKE '%结束直播%' ORDER BY id").all()).toEqual([
        { message: expect.stringMatching(/^县级平台结束直播：全县冬训直播/) },
        { message: '县级平台结束直播：全县冬训直播' },
      ]);
    } finally {
      unsubscribe();
    }
  });

  it('ends its waiting request when the agent stops', async () => {
    await expect.poll(() => hub.ctx.downlinkSignal.waiting, { timeout: 20_000 }).toBe(1);
    await agent.stop();
    await expect.poll(() => hub.ctx.downlinkSignal.waiting, { timeout: 20_000 }).toBe(0);
  });
});
