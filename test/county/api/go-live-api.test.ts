// Go live now and delivery state over real HTTP (issue 17): a station holding GET /api/v1/wait gets the live
// broadcast the moment staff start it (signed, marked sent); its reports say received, playing and check-ins;
// staff read playing / not yet / offline and the check-ins so far, and a program's or notice's delivery per station.
// The wait answers null when nothing changed, and refuses an unsigned or forged request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualStation } from '../../../scripts/simulate-county.ts';
import type { Downlink } from '../../../protocol/downlink.pure.ts';
import { WAIT_PATH } from '../../../protocol/wire.pure.ts';
import { at } from '../../support/station-fixture.ts';
import { call, hubRows, staffToken, startTestHub, type TestHub } from '../support/hub-fixture.ts';

let clock = at('2026-12-07 19:28');
let hub: TestHub;
let admin: string;
let viewer: string;
const st: Record<string, VirtualStation> = {};

async function station(name: string, grade: string): Promise<VirtualStation> {
  const r = await call<{ enrollment: { code: string } }>(`${hub.url}/api/county/stations`, { token: admin, body: { name, grade } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return VirtualStation.enroll(hub.url, r.body.enrollment.code, () => clock);
}

async function version(s: VirtualStation): Promise<string> {
  const r = await s.sendRaw(JSON.stringify({ events: [] }));
  return (r.body as { downlink: Downlink }).downlink.version;
}

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock });
  admin = await staffToken(hub, 'admin', 'county_admin');
  viewer = await staffToken(hub, 'viewer', 'viewer');
  st.a = await station('东风村', 'demonstration');
  st.b = await station('西湖村', 'demonstration');
  st.c = await station('南山村', 'demonstration');
  st.other = await station('北岭村', 'ordinary');
});

afterAll(async () => {
  await hub.stop();
});

describe('go live now', () => {
  let liveId: number;
  let liveKey: string;

  it('reaches a waiting station at once, signed, and only the stations targeted', async () => {
    const since = await version(st.a!);
    const otherSince = await version(st.other!);
    await version(st.b!); // b is online (reported), c never reported: offline
    const waiting = st.a!.wait(since);
    const otherWaiting = st.other!.wait(otherSince, 2);
    await expect.poll(() => hub.ctx.downlinkSignal.waiting).toBeGreaterThanOrEqual(1);
    const started = await call<{ program: { id: number; stationKey: string; liveStartedAt: number; rule: unknown } }>(`${hub.url}/api/county/live`, {
      token: admin,
      body: { title: '全县冬训直播', streamUrl: 'https://live.example.gov.cn/winter.m3u8', grades: ['demonstration'] },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body.program.liveStartedAt).toBe(clock);
    expect(started.body.program.rule).toEqual({ type: 'once', date: '2026-12-07', time: '19:28' });
    liveId = started.body.program.id;
    liveKey = started.body.program.stationKey;

    const answer = await waiting;
    expect([answer.status, answer.signed]).toEqual([200, true]);
    const downlink = (answer.body as { downlink: Downlink }).downlink;
    expect(downlink.programs.map((p) => [p.id, p.liveStartedAt, p.course.streamUrl])).toEqual([[liveKey, clock, 'https://live.example.gov.cn/winter.m3u8']]);
    // An ordinary-grade station is not targeted: its wait ends with nothing new.
    expect((await otherWaiting).body).toEqual({ hubTime: clock, downlink: null });
    expect(await hubRows(hub.dataDir, `SELECT station_id, sent_at FROM downlink_deliveries WHERE item_key = '${liveKey}'`)).toEqual([{ station_id: st.a!.stationId, sent_at: clock }]);
  });

  it('shows playing, not yet and offline, with the check-ins so far', async () => {
    await st.a!.send([
      st.a!.event('delivery', clock, { state: 'received', keys: [liveKey] }),
      st.a!.event('delivery', clock + 1000, { state: 'shown', keys: [liveKey] }),
      st.a!.event('delivery', clock + 2000, { state: 'checkins', keys: [liveKey], checkedIn: 3 }),
      st.a!.event('delivery', clock + 3000, { state: 'checkins', keys: [liveKey], checkedIn: 2 }),
    ]);
    const live = await call<{ counts: unknown; stations: { stationName: string; state: string; checkedIn: number | null }[] }>(`${hub.url}/api/county/live/${liveId}`, { token: viewer });
    expect(live.status, JSON.stringify(live.body)).toBe(200);
    expect(live.body.counts).toEqual({ targeted: 3, playing: 1, waiting: 1, offline: 1, played: 0, notPlayed: 0, checkedIn: 3 });
    expect(live.body.stations.map((s) => [s.stationName, s.state, s.checkedIn])).toEqual([
      ['东风村', 'playing', 3],
      ['南山村', 'offline', null],
      ['西湖村', 'waiting', null],
    ]);
    const deliveries = await call<{ counts: unknown }>(`${hub.url}/api/county/programs/${liveId}/deliveries`, { token: viewer });
    // 西湖村 has not contacted the hub since the broadcast started: not sent yet.
    expect(deliveries.body.counts).toEqual({ targeted: 3, sent: 1, received: 1, shown: 1, checkedIn: 3 });
  });

  it('marks a notice sent with the next report, and received once the station says so', async () => {
    const n = await call<{ notice: { id: number; stationKey: string } }>(`${hub.url}/api/county/notices`, { token: admin, body: { text: '今晚七点半收看', stationIds: [st.b!.stationId] } });
    expect(n.status).toBe(201);
    await version(st.b!);
    await st.b!.send([st.b!.event('delivery', clock, { state: 'received', keys: [n.body.notice.stationKey] })]);
    const d = await call<{ counts: unknown; stations: { stationName: string; sentAt: number | null; receivedAt: number | null; shownAt: number | null }[] }>(`${hub.url}/api/county/notices/${n.body.notice.id}/deliveries`, { token: viewer });
    expect(d.body.counts).toEqual({ targeted: 1, sent: 1, received: 1, shown: 0, checkedIn: 0 });
    expect(d.body.stations).toEqual([expect.objectContaining({ stationName: '西湖村', sentAt: clock, receivedAt: clock, shownAt: null })]);
  });

  it('ends at once for a waiting station; stations then read played or not; a second end changes nothing', async () => {
    const refused = await call<{ error: { code: string } }>(`${hub.url}/api/county/live/${liveId}/end`, { token: viewer, body: {} });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden']);
    const since = await version(st.a!);
    const waiting = st.a!.wait(since);
    await expect.poll(() => hub.ctx.downlinkSignal.waiting).toBeGreaterThanOrEqual(1);
    const ended = await call<{ program: { endedAt: number | null }; counts: unknown; stations: { stationName: string; state: string }[] }>(`${hub.url}/api/county/live/${liveId}/end`, { token: admin, body: {} });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(ended.body.program.endedAt).toBe(clock);
    expect(ended.body.counts).toEqual({ targeted: 3, playing: 0, waiting: 0, offline: 0, played: 1, notPlayed: 2, checkedIn: 3 });
    expect(ended.body.stations.map((s) => [s.stationName, s.state])).toEqual([['东风村', 'played'], ['南山村', 'not_played'], ['西湖村', 'not_played']]);
    const answer = await waiting;
    const downlink = (answer.body as { downlink: Downlink }).downlink;
    expect(downlink.programs.map((p) => [p.id, p.liveStartedAt, p.liveEndedAt])).toEqual([[liveKey, clock, clock]]);

    clock += 60_000;
    const again = await call<{ program: { endedAt: number | null } }>(`${hub.url}/api/county/live/${liveId}/end`, { token: admin, body: {} });
    expect([again.status, again.body.program.endedAt]).toEqual([200, clock - 60_000]);
    expect(await hubRows(hub.dataDir, `SELECT action FROM staff_audit WHERE action = 'live_end'`)).toEqual([{ action: 'live_end' }]);
    const scheduled = await call<{ error: { code: string } }>(`${hub.url}/api/county/live/999999/end`, { token: admin, body: {} });
    expect([scheduled.status, scheduled.body.error.code]).toEqual([404, 'program_not_found']);
  });

  it('refuses a viewer going live, an unsigned wait and a forged one', async () => {
    const before = await hubRows(hub.dataDir, 'SELECT id FROM county_programs ORDER BY id');
    const refused = await call<{ error: { code: string } }>(`${hub.url}/api/county/live`, { token: viewer, body: { title: 'x', streamUrl: 'https://a.example/x.m3u8' } });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden']);
    expect(await hubRows(hub.dataDir, 'SELECT id FROM county_programs ORDER BY id')).toEqual(before);
    const unsigned = await fetch(`${hub.url}${WAIT_PATH}?since=x&wait=1`);
    expect(unsigned.status).toBe(401);
    const forged = new VirtualStation(hub.url, st.a!.stationId, 'not-the-secret', () => clock);
    expect((await forged.wait('x', 1)).status).toBe(401);
  });
});
