// A station (or whoever holds its secret) that lies to the hub over real HTTP: figures that contradict each
// other (attendedRegistered above registered — the county's rate at 4,590 %), times in the year 3000 or
// before 2020, months to come, free disk beyond the disk, a body nested 10,000 deep (it answered 500), a
// prototype key, an event larger than any real one. Each is refused with a signed 400 that names the event
// and the field, the request is logged once, the hub's tables stay as they were and the county's figures
// (overview, ranking, the station's page) do not move; an honest report is still taken after.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_EVENT_BYTES } from '../../../protocol/wire.pure.ts';
import type { RefusalParams } from '../../../protocol/refusals/refusal.pure.ts';
import { rejectedEventText, stationFacingWords } from '../../../protocol/refusals/station-facing-texts.pure.ts';
import { VirtualStation } from '../../../scripts/simulate-county.ts';
import { call, hubSnapshot, registerStation, staffToken, startTestHub, type TestHub } from '../support/hub-fixture.ts';

let hub: TestHub;
const clock = Date.UTC(2026, 10, 24, 12, 0);
let liar: VirtualStation;
let honest: VirtualStation;
let token: string;

interface Ev {
  id: string;
  type: string;
  at: number;
  body: Record<string, unknown>;
}

const ev = (type: string, body: Record<string, unknown>, at = clock): Ev => ({ id: randomUUID(), type, at, body });

function session(patch: Record<string, unknown> = {}): Ev {
  return ev('session', {
    sessionId: 1,
    programId: 1,
    title: '主题党日',
    date: '2026-11-24',
    scheduledStart: clock - 3_600_000,
    startedAt: clock - 3_600_000,
    endedAt: clock - 600_000,
    playedMs: 2_700_000,
    held: true,
    registered: 10,
    attendedRegistered: 7,
    rate: 0.7,
    guests: 2,
    guestsByCategory: { employee: 2 },
    ...patch,
  });
}

function monthSummary(patch: Record<string, unknown> = {}): Ev {
  return ev('month_summary', {
    month: '2026-11',
    registered: 10,
    attendedRegistered: 7,
    excused: 0,
    participationRate: 0.7,
    sessionsHeld: 1,
    sessionsRequired: 1,
    studyMinutes: 45,
    guests: 2,
    ...patch,
  });
}

/** What county staff see: the overview, the ranking and both stations' pages. */
async function countyFigures(): Promise<unknown[]> {
  const pages = ['/api/county/overview?month=2026-11', '/api/county/ranking?month=2026-11', `/api/county/stations/${liar.stationId}?month=2026-11`, `/api/county/stations/${honest.stationId}?month=2026-11`];
  const answers = await Promise.all(pages.map((p) => call(`${hub.url}${p}`, { token })));
  for (const a of answers) expect(a.status).toBe(200);
  return answers.map((a) => a.body);
}

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock });
  const admin = await staffToken(hub, 'admin', 'county_admin');
  token = admin;
  liar = await VirtualStation.enroll(hub.url, (await registerStation(hub, admin, '红旗村')).code, () => clock);
  honest = await VirtualStation.enroll(hub.url, (await registerStation(hub, admin, '东风社区')).code, () => clock);
  // Both stations' honest month so far: the county's rate is 14 / 20 = 70 %.
  for (const s of [liar, honest]) {
    await s.send([ev('heartbeat', { spanStart: clock - 3_600_000, intervalMs: 300_000, clockSkewMs: 0, pending: 0 }), session(), monthSummary()]);
  }
});

afterAll(async () => {
  await hub.stop();
  fs.rmSync(hub.dataDir, { recursive: true, force: true });
});

beforeEach(() => {
  hub.logs.length = 0;
});

/**
 * Sends `lie` between two honest events from the liar: the whole batch is refused with a signed 400 that
 * names only the lie, with the field in its message; nothing is stored, one line is logged, and the county's
 * figures are the same as before.
 */
async function expectLieRefused(lie: Ev | string, field: string | RegExp): Promise<string> {
  const tables = await hubSnapshot(hub.dataDir);
  const figures = await countyFigures();
  hub.logs.length = 0;
  const honestBefore = ev('station_log', { type: 'station', actor: 'admin', message: '巡查' });
  const honestAfter = ev('heartbeat', { spanStart: clock - 3_600_000, intervalMs: 300_000, clockSkewMs: 0, pending: 0 });
  const lieText = typeof lie === 'string' ? lie : JSON.stringify(lie);
  const raw = `{"events":[${JSON.stringify(honestBefore)},${lieText},${JSON.stringify(honestAfter)}]}`;
  const lieId = typeof lie === 'string' ? (JSON.parse(lie) as Ev).id : lie.id;

  const r = await liar.sendRaw(raw);
  expect(r.status).toBe(400);
  expect(r.signed).toBe(true);
  const error = (r.body as { error: { code: string; params: RefusalParams; message: string; hubTime: number; rejected: { id: string; code: string; params: { field: string }; message: string }[] } }).error;
  expect(error).toMatchObject({ code: 'malformed', hubTime: clock });
  expect(error.rejected.map((x) => x.id)).toEqual([lieId]);
  const message = error.rejected[0]!.message;
  expect(message).toMatch(field);
  // Chinese first, then English.
  expect(message).toMatch(/^[^a-zA-Z]*[\u4e00-\u9fff].* \/ /);
  expect(error.message).toContain(message.split(' / ')[0]!);
  // As data, the event's problem and the batch's: the words above are the catalogue's, made from them.
  const { code, params } = error.rejected[0]!;
  expect(params.field).toEqual(expect.any(String));
  expect(message).toContain(params.field);
  expect(rejectedEventText({ code, params })).toBe(message);
  expect(error.params).toEqual({ reason: 'events_refused', refused: 1, first: [{ code, ...params }] });
  expect(stationFacingWords(error.code, error.params)).toBe(error.message);

  expect(await hubSnapshot(hub.dataDir)).toEqual(tables);
  expect(await countyFigures()).toEqual(figures);
  expect(hub.logs.filter((l) => l.level === 40 && l.code === 'malformed')).toHaveLength(1);
  expect(hub.logs.filter((l) => l.level >= 50)).toEqual([]);
  return message;
}

describe('lies about figures are refused, and the county figures stay as they were', () => {
  it('a session whose attendance exceeds its registered members (the 4,590 % rate)', async () => {
    await expectLieRefused(session({ sessionId: 2, registered: 10, attendedRegistered: 459, rate: 1 }), /body\.attendedRegistered.*459.*10/);
  });

  it('a month summary whose attendance exceeds its registered members', async () => {
    await expectLieRefused(monthSummary({ attendedRegistered: 459, participationRate: 1 }), /body\.attendedRegistered/);
  });

  it('a rate that does not match its own counts, and a rate with nobody registered', async () => {
    await expectLieRefused(session({ sessionId: 3, rate: 1 }), /body\.rate.*7\/10/);
    await expectLieRefused(monthSummary({ participationRate: 0.95 }), /body\.participationRate/);
    await expectLieRefused(monthSummary({ registered: 0, attendedRegistered: 0, participationRate: 0.5 }), /body\.participationRate/);
  });

  it('guests by category that do not add up, a held viewing that never started, more members than any roster', async () => {
    await expectLieRefused(session({ sessionId: 4, guests: 2, guestsByCategory: { employee: 200 } }), /body\.guestsByCategory/);
    await expectLieRefused(session({ sessionId: 5, startedAt: null, held: true }), /body\.held/);
    await expectLieRefused(monthSummary({ registered: 1_000_000, attendedRegistered: 1_000_000, participationRate: 1 }), /body\.registered/);
  });

  it('more study minutes than the month has, more viewings than hours', async () => {
    await expectLieRefused(monthSummary({ studyMinutes: 50_000 }), /body\.studyMinutes/);
    await expectLieRefused(monthSummary({ sessionsHeld: 5_000 }), /body\.sessionsHeld/);
  });

  it('more members made up than attended, more not studied than the registered who did not attend, a fixed study day of another month', async () => {
    await expectLieRefused(monthSummary({ makeUpAttended: 8 }), /body\.makeUpAttended/);
    await expectLieRefused(monthSummary({ notStudied: 4 }), /body\.notStudied/);
    const compliance = { state: 'running', viewingsStillNeeded: 0, minutesRequired: null, minutesStillNeeded: null, fixedStudyDays: ['2026-12-05'], missedFixedDays: [], met: false };
    await expectLieRefused(monthSummary({ compliance }), /body\.compliance/);
  });

  it('free disk larger than the disk', async () => {
    await expectLieRefused(ev('health', { kind: 'aggregate', bucketStart: clock - 900_000, diskFreeBytes: { min: 9e12, avg: 9e12, max: 9e12 }, diskTotalBytes: 64e9 }), /body\.diskFreeBytes/);
  });
});

describe('lies about time are refused', () => {
  it('an event dated in the year 3000, or before 2020', async () => {
    await expectLieRefused(ev('station_log', { type: 'station', actor: 'x', message: '未来' }, Date.UTC(3000, 0, 1)), /^[^/]*at .*3000-01-01/);
    await expectLieRefused(ev('future_kind', { any: 1 }, Date.UTC(3000, 0, 1)), /at .*3000/);
    await expectLieRefused(ev('station_log', { type: 'station', actor: 'x', message: '过去' }, Date.UTC(1970, 0, 2)), /at .*1970-01-02.*2020-01-01/);
    // Beyond the Date range altogether: still a clear answer.
    await expectLieRefused(ev('heartbeat', { spanStart: clock, intervalMs: 300_000, clockSkewMs: 0 }, 9_007_199_254_740_991), /at .*9007199254740991/);
  });

  it('a month or a viewing date still to come, a heartbeat run that starts after the heartbeat', async () => {
    await expectLieRefused(monthSummary({ month: '2999-01' }), /body\.month.*2999-01/);
    await expectLieRefused(session({ sessionId: 6, date: '2027-03-01' }), /body\.date/);
    await expectLieRefused(session({ sessionId: 7, startedAt: Date.UTC(3000, 0, 1) }), /body\.startedAt/);
    await expectLieRefused(ev('heartbeat', { spanStart: clock + 3_600_000, intervalMs: 300_000, clockSkewMs: 0 }), /body\.spanStart/);
  });

  it('takes a station clock a few hours ahead (a wrong zone), as it is', async () => {
    const ahead = ev('station_log', { type: 'station', actor: 'admin', message: '时钟快了 8 小时' }, clock + 8 * 3_600_000);
    expect((await liar.sendRaw(JSON.stringify({ events: [ahead] }))).status).toBe(200);
  });
});

describe('pathological JSON gets a clear 400, never a 500', () => {
  it('a body nested 10,000 deep (it used to overflow the stack) and one nested just past the limit', async () => {
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    const id = randomUUID();
    await expectLieRefused(`{"id":"${id}","type":"future_kind","at":${clock},"body":{"x":${deep(10_000)}}}`, /body\/x.* 嵌套超过 16 层.*nested deeper than 16/);
    await expectLieRefused(`{"id":"${randomUUID()}","type":"health","at":${clock},"body":{"items":[${deep(15)}]}}`, /body\/items/);
  });

  it('a report nested 500,000 deep outside any body: one 400 for the batch', async () => {
    const tables = await hubSnapshot(hub.dataDir);
    const n = 500_000;
    const r = await liar.sendRaw(`{"events":[],"extra":${'['.repeat(n)}${']'.repeat(n)}}`);
    // Newer agents may add envelope fields; this one is ignored, and the empty batch answered.
    expect(r.status).toBe(200);
    const inEvent = await liar.sendRaw(`{"events":[{"id":"${randomUUID()}","type":"x","at":${clock},"body":{},"extra":${'['.repeat(n)}${']'.repeat(n)}}]}`);
    expect(inEvent.status).toBe(400);
    expect(await hubSnapshot(hub.dataDir)).toMatchObject({ ...tables, lastSeen: expect.anything() });
    expect(hub.logs.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('a __proto__ key or constructor.prototype in a body', async () => {
    await expectLieRefused(`{"id":"${randomUUID()}","type":"future_kind","at":${clock},"body":{"a":{"__proto__":{"admin":true}}}}`, /body\/a\/__proto__/);
    await expectLieRefused(`{"id":"${randomUUID()}","type":"station_log","at":${clock},"body":{"type":"s","actor":"a","message":"m","constructor":{"prototype":{}}}}`, /constructor\.prototype/);
  });

  it('an event larger than any real one (unknown types too), while an equipment register of 500 items fits', async () => {
    const message = await expectLieRefused(ev('future_kind', { blob: 'x'.repeat(MAX_EVENT_BYTES) }), /记录过大.*event too large/);
    expect(message).toContain(String(MAX_EVENT_BYTES));
    const items = Array.from({ length: 500 }, (_, i) => ({ id: i + 1, name: `设备${i}`, model: '海信 65E3F', quantity: 1, issuedOn: '2019-04-02', condition: 'good', notes: '备注'.repeat(50) }));
    const register = ev('health', { kind: 'equipment', items });
    expect(Buffer.byteLength(JSON.stringify(register.body))).toBeGreaterThan(MAX_EVENT_BYTES / 4);
    expect((await honest.sendRaw(JSON.stringify({ events: [register] }))).status).toBe(200);
  });
});

describe('after all of it', () => {
  it('an honest report is stored, and its figures move the county as they should', async () => {
    const before = (await call<{ participation: { rate: number } }>(`${hub.url}/api/county/overview?month=2026-11`, { token })).body.participation;
    expect(before).toMatchObject({ registered: 20, attendedRegistered: 14, rate: 0.7 });
    const r = await honest.sendRaw(JSON.stringify({ events: [monthSummary({ attendedRegistered: 9, participationRate: 0.9 })] }));
    expect(r.status).toBe(200);
    const after = (await call<{ participation: { rate: number } }>(`${hub.url}/api/county/overview?month=2026-11`, { token })).body.participation;
    expect(after).toMatchObject({ registered: 20, attendedRegistered: 16, rate: 0.8 });
  });
});
