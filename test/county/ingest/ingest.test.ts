// The hub's ingest over real HTTP: a signed batch is stored once and answered with a signed reply; a
// tampered signature, a replay outside the time window, an unknown station, a missing signature, an
// oversized body and malformed bodies are each refused with their status and code, logged, and store
// nothing (every table counted before and after).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_REPORT_BYTES, ReportReplySchema, SIGNATURE_WINDOW_MS } from '../../../protocol/wire.pure.ts';
import { checkReply } from '../../../common/response-check.ts';
import type { RefusalParams } from '../../../protocol/refusals/refusal.pure.ts';
import { stationFacingWords } from '../../../protocol/refusals/station-facing-texts.pure.ts';
import { ReportRefusalsSchema } from '../../../county/api/schemas/county-admin-schemas.pure.ts';
import { VirtualStation } from '../../../scripts/simulate-county.ts';
import { hubRows, hubSnapshot, registerStation, staffToken, startTestHub, type TestHub } from '../support/hub-fixture.ts';

let hub: TestHub;
let clock: number;
let station: VirtualStation;
let other: VirtualStation;

beforeAll(async () => {
  clock = Date.UTC(2026, 10, 24, 2, 0);
  hub = await startTestHub({ now: () => clock });
  const token = await staffToken(hub, 'admin', 'county_admin');
  station = await VirtualStation.enroll(hub.url, (await registerStation(hub, token, '红旗村')).code, () => clock);
  other = await VirtualStation.enroll(hub.url, (await registerStation(hub, token, '东风社区')).code, () => clock);
});

afterAll(async () => {
  await hub.stop();
  fs.rmSync(hub.dataDir, { recursive: true, force: true });
});

beforeEach(() => {
  hub.logs.length = 0;
});

function heartbeat(at = clock): { id: string; type: string; at: number; body: Record<string, unknown> } {
  return { id: randomUUID(), type: 'heartbeat', at, body: { spanStart: at - 600_000, intervalMs: 300_000, clockSkewMs: 0, pending: 0 } };
}

function session(sessionId: number): { id: string; type: string; at: number; body: Record<string, unknown> } {
  return {
    id: randomUUID(),
    type: 'session',
    at: clock,
    body: {
      sessionId,
      programId: 1,
      title: '主题党日',
      date: '2026-11-24',
      scheduledStart: clock - 3_600_000,
      startedAt: clock - 3_600_000,
      endedAt: clock,
      playedMs: 2_700_000,
      held: true,
      registered: 10,
      attendedRegistered: 7,
      rate: 0.7,
      guests: 2,
      guestsByCategory: { employee: 2 },
    },
  };
}

/** Sends a request that must be refused, and checks the status, the code, the log line, and that nothing changed. */
async function expectRefused(send: () => Promise<{ status: number; body: unknown }>, status: number, code: string): Promise<{ status: number; body: unknown }> {
  const before = await hubSnapshot(hub.dataDir);
  const r = await send();
  expect(r.status).toBe(status);
  const error = (r.body as { error: { code: string; params: RefusalParams; message: string; hubTime: number } }).error;
  expect(error).toMatchObject({ code, hubTime: clock });
  // Its values, and for agents of earlier releases the words the agent makes of them (the catalogue's).
  expect(stationFacingWords(code, error.params)).toBe(error.message);
  expect(await checkReply(ReportRefusalsSchema, r.body)).toBeNull();
  expect(await hubSnapshot(hub.dataDir)).toEqual(before);
  expect(hub.logs.some((l) => l.level === 40 && l.code === code && l.status === status)).toBe(true);
  return r;
}

describe('POST /api/v1/reports', () => {
  it('stores a signed batch once, answers with every id and a signed reply, and a resend stores nothing new', async () => {
    const events = [heartbeat(), session(1), { id: randomUUID(), type: 'future_kind', at: clock, body: { anything: true } }];
    const raw = JSON.stringify({ events });
    const first = await station.sendRaw(raw);
    expect(first.status).toBe(200);
    expect(first.signed).toBe(true);
    expect(first.body).toMatchObject({ stored: events.map((e) => e.id), hubTime: clock, downlink: { programs: [], notices: [] } });
    // Sent as signed JSON text, which the contract's hook does not see: held to the route's schema here.
    expect(await checkReply(ReportReplySchema, first.body)).toBeNull();

    const after = await hubSnapshot(hub.dataDir);
    const again = await station.sendRaw(raw);
    expect(again.status).toBe(200);
    expect((again.body as { stored: string[] }).stored).toEqual(events.map((e) => e.id));
    expect(await hubSnapshot(hub.dataDir)).toEqual(after);
    expect(await hubRows(hub.dataDir, 'SELECT id FROM events WHERE id IN (?, ?, ?)', ...events.map((e) => e.id))).toHaveLength(3);
    expect(await hubRows(hub.dataDir, 'SELECT session_id, attended_registered FROM session_reports')).toEqual([{ session_id: 1, attended_registered: 7 }]);
  });

  it('refuses a tampered body or a wrong key: 401 bad_signature', async () => {
    const raw = JSON.stringify({ events: [session(2)] });
    await expectRefused(() => station.sendRaw(raw, { mutate: (r) => r.replace('"attendedRegistered":7', '"attendedRegistered":10') }), 401, 'bad_signature');
    await expectRefused(() => station.sendRaw(raw, { secret: 'not-the-station-secret-not-the-station-secret' }), 401, 'bad_signature');
    // Another station's valid signature does not speak for this one.
    await expectRefused(() => other.sendRaw(raw, { stationId: station.stationId }), 401, 'bad_signature');
  });

  it('refuses a request replayed outside the ±5 minute window: 401 stale_timestamp, signed, with the hub time', async () => {
    const raw = JSON.stringify({ events: [session(3)] });
    const signedAt = clock;
    // The same bytes with the same signature, presented six minutes later.
    clock += SIGNATURE_WINDOW_MS + 60_000;
    try {
      const r = await expectRefused(() => station.sendRaw(raw, { timestamp: signedAt }), 401, 'stale_timestamp');
      expect((r as { signed?: boolean }).signed).toBe(true);
      expect((r.body as { error: { message: string } }).error.message).toContain('超过 ±5 分钟');
      expect((r.body as { error: { params: unknown } }).error.params).toEqual({ skewMs: -(SIGNATURE_WINDOW_MS + 60_000), windowMs: SIGNATURE_WINDOW_MS });
      expect(await checkReply(ReportRefusalsSchema, r.body)).toBeNull();
      // Within the window, the same request is fine.
      expect((await station.sendRaw(raw, { timestamp: clock - SIGNATURE_WINDOW_MS + 1000 })).status).toBe(200);
    } finally {
      clock -= SIGNATURE_WINDOW_MS + 60_000;
    }
  });

  it('refuses an unknown station and an unsigned request: 401 unknown_station, missing_signature', async () => {
    const raw = JSON.stringify({ events: [heartbeat()] });
    const unknown = await expectRefused(() => station.sendRaw(raw, { stationId: 'st-nobody' }), 401, 'unknown_station');
    expect((unknown.body as { error: { params: unknown; message: string } }).error).toMatchObject({ params: { station: 'st-nobody' }, message: expect.stringContaining('站点 st-nobody 未在县级平台登记') });
    await expectRefused(
      () =>
        fetch(`${hub.url}/api/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw }).then(async (r) => ({ status: r.status, body: await r.json() })),
      401,
      'missing_signature',
    );
  });

  it('refuses a body over 1 MiB: 413 too_large', async () => {
    const big = JSON.stringify({ events: [{ ...heartbeat(), body: { spanStart: clock, intervalMs: 300_000, clockSkewMs: 0, padding: 'x'.repeat(MAX_REPORT_BYTES) } }] });
    await expectRefused(() => station.sendRaw(big), 413, 'too_large');
  });

  it('refuses malformed bodies: 400 malformed, naming the events the hub will never take', async () => {
    await expectRefused(() => station.sendRaw('{"events": [ not json'), 400, 'malformed');
    await expectRefused(() => station.sendRaw(JSON.stringify([heartbeat()])), 400, 'malformed');
    await expectRefused(() => station.sendRaw(JSON.stringify({ events: [{ type: 'heartbeat', at: clock, body: {} }] })), 400, 'malformed');

    // One bad session among good events: the whole batch is refused, and the bad one is named.
    const bad = session(4);
    delete (bad.body as Record<string, unknown>).registered;
    const good = heartbeat();
    const r = await expectRefused(() => station.sendRaw(JSON.stringify({ events: [good, bad] })), 400, 'malformed');
    expect((r.body as { error: { rejected: { id: string }[] } }).error.rejected.map((x) => x.id)).toEqual([bad.id]);
    expect(await hubRows(hub.dataDir, 'SELECT 1 FROM events WHERE id = ?', good.id)).toHaveLength(0);
  });

  it('answers an empty batch with the downlink and the hub time, and counts the station as heard', async () => {
    clock += 3_600_000;
    const r = await station.sendRaw(JSON.stringify({ events: [] }));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ stored: [], hubTime: clock, downlink: { policy: { minViewingsPerMonth: null } } });
    expect((await hubRows<{ last_seen_at: number }>(hub.dataDir, 'SELECT last_seen_at FROM stations WHERE id = ?', station.stationId))[0]!.last_seen_at).toBe(clock);
  });
});

describe('POST /api/v1/enroll', () => {
  it('refuses a malformed request and an unknown code, storing nothing', async () => {
    const before = await hubSnapshot(hub.dataDir);
    const bad = await fetch(`${hub.url}/api/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code": 12}' });
    expect(bad.status).toBe(400);
    const unknown = await fetch(`${hub.url}/api/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code": "ABCD-EFGH-JKMN"}' });
    expect(unknown.status).toBe(403);
    // Its code and reason, and — for an agent of an earlier release, which reads only that — the same words as `message`.
    const error = ((await unknown.json()) as { error: { code: string; params: { reason: string }; message: string } }).error;
    expect(error).toMatchObject({ code: 'enrollment_code_invalid', params: { reason: 'unknown' } });
    expect(error.message).toBe('加入码无效，请核对后重新输入，或请县远教办重新生成 / the enrollment code is not valid');
    expect(await hubSnapshot(hub.dataDir)).toEqual(before);
  });
});
