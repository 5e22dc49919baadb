// Each station's budget at the hub, over real HTTP on real SQLite files. A station (or a stolen secret)
// flooding the hub — with event types the hub does not know, or with big bodies — is told 429 over_quota
// once its budget is spent: signed, with retryAfterMs and Retry-After, nothing stored, logged once however
// often it retries, other stations untouched; a resend of what is stored costs nothing; after the wait the
// same batch goes in; the budget survives a restart. With the default budget a real station's month goes
// through in one go, and a flood stops at seven days' worth (it used to store 60 MB in 3 s, for ever).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../../../protocol/signing.pure.ts';
import { MAX_REPORT_BYTES } from '../../../protocol/wire.pure.ts';
import type { RefusalParams } from '../../../protocol/refusals/refusal.pure.ts';
import { stationFacingWords } from '../../../protocol/refusals/station-facing-texts.pure.ts';
import { VirtualStation, simulateCounty } from '../../../scripts/simulate-county.ts';
import { DEFAULT_INGEST_BUDGET, admit, fullBucket, type IngestBudget } from '../../../county/ingest/ingest-budget.pure.ts';
import { tempDir } from '../../support/station-fixture.ts';
import { hubRows, hubSnapshot, registerStation, staffToken, startTestHub, type TestHub } from '../support/hub-fixture.ts';

const DAY = 86_400_000;
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Ev {
  id: string;
  type: string;
  at: number;
  body: Record<string, unknown>;
}

async function county(options: { budget?: IngestBudget; dataDir?: string; clock: { now: number } }): Promise<{ hub: TestHub; token: string }> {
  const hub = await startTestHub({ now: () => options.clock.now, dataDir: options.dataDir, ingestBudget: options.budget });
  cleanups.push(() => hub.stop());
  return { hub, token: await staffToken(hub, 'admin', 'county_admin') };
}

function unknownEvents(n: number, at: number, bodyBytes = 80): Ev[] {
  return Array.from({ length: n }, () => ({ id: randomUUID(), type: 'future_kind', at, body: { blob: 'x'.repeat(bodyBytes) } }));
}

interface Refusal {
  error: { code: string; params: RefusalParams; message: string; hubTime: number; retryAfterMs: number };
}

describe('a small budget (100 events and 40 kB a day, two days kept)', () => {
  const budget: IngestBudget = { eventsPerDay: 100, bytesPerDay: 40_000, carryDays: 2 };
  const clock = { now: Date.UTC(2026, 10, 24, 2, 0) };
  const dataDir = tempDir('yj-hub-quota-');
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  let hub: TestHub;
  let flooder: VirtualStation;
  let neighbour: VirtualStation;
  const batches: Ev[][] = [];

  it('takes a flood of unknown types up to the budget, then answers 429 over_quota, signed, and stores nothing', async () => {
    ({ hub } = await county({ budget, dataDir, clock }));
    const token = await staffToken(hub, 'admin', 'county_admin');
    flooder = await VirtualStation.enroll(hub.url, (await registerStation(hub, token, '红旗村')).code, () => clock.now);
    neighbour = await VirtualStation.enroll(hub.url, (await registerStation(hub, token, '东风社区')).code, () => clock.now);
    for (let i = 0; i < 4; i++) {
      const batch = unknownEvents(50, clock.now);
      batches.push(batch);
      expect((await flooder.sendRaw(JSON.stringify({ events: batch }))).status).toBe(200);
    }
    hub.logs.length = 0;
    const before = await hubSnapshot(dataDir);
    const fifth = unknownEvents(50, clock.now);
    batches.push(fifth);
    const raw = JSON.stringify({ events: fifth });
    const refused = await flooder.sendRaw(raw);
    expect(refused.status).toBe(429);
    expect(refused.signed).toBe(true);
    const error = (refused.body as Refusal).error;
    expect(error).toMatchObject({ code: 'over_quota', hubTime: clock.now });
    // 50 events at 100 a day: half a day.
    expect(error.retryAfterMs).toBeGreaterThan(0.45 * DAY);
    expect(error.retryAfterMs).toBeLessThanOrEqual(0.5 * DAY);
    expect(error.message).toMatch(/^站点上报已用完县级平台给每个站点的额度（每天 100 条.*未用额度最多累积 2 天）.* \/ the station's report budget/);
    // As values, worded by the catalogue the agent words it from.
    expect(error.params).toEqual({ eventsPerDay: 100, bytesPerDay: expect.any(Number), carryDays: 2, retryAfterMs: error.retryAfterMs });
    expect(stationFacingWords(error.code, error.params)).toBe(error.message);
    expect(await hubSnapshot(dataDir)).toEqual(before);

    // The station retries (its back-off reaches 10 min): each is refused, and the hub logs it once.
    for (let i = 0; i < 3; i++) expect((await flooder.sendRaw(raw)).status).toBe(429);
    const warnings = hub.logs.filter((l) => l.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'over_quota', status: 429, station: flooder.stationId });
    expect(await hubSnapshot(dataDir)).toEqual(before);
  });

  it('answers with Retry-After for proxies, leaves other stations alone, and a resend of stored events costs nothing', async () => {
    const raw = JSON.stringify({ events: batches[4] });
    const res = await fetch(`${hub.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedHeaders(flooder.stationId, flooder.secret, clock.now, raw) },
      body: raw,
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBe(Math.ceil(((await res.json()) as Refusal).error.retryAfterMs / 1000));

    expect((await neighbour.sendRaw(JSON.stringify({ events: unknownEvents(50, clock.now) }))).status).toBe(200);
    const resend = await flooder.sendRaw(JSON.stringify({ events: batches[0] }));
    expect(resend.status).toBe(200);
    expect((resend.body as { stored: string[] }).stored).toEqual(batches[0]!.map((e) => e.id));
  });

  it('counts bytes as well as events', async () => {
    // The neighbour has 150 events left but only ~75 kB: two events of 39 kB would pass a count-only budget.
    const fat = unknownEvents(2, clock.now, 39_000);
    expect((await neighbour.sendRaw(JSON.stringify({ events: fat }))).status).toBe(429);
    expect(await hubRows(dataDir, 'SELECT count(*) AS n FROM events WHERE station_id = ?', neighbour.stationId)).toEqual([{ n: 50 }]);
  });

  it('keeps the budget across a restart, and lets the same batch in once the wait is over', async () => {
    await hub.stop();
    ({ hub } = await county({ budget, dataDir, clock }));
    // The same station, at the restarted hub's new port.
    flooder = new VirtualStation(hub.url, flooder.stationId, flooder.secret, () => clock.now);
    const raw = JSON.stringify({ events: batches[4] });
    const still = await flooder.sendRaw(raw);
    expect(still.status).toBe(429);
    clock.now += (still.body as Refusal).error.retryAfterMs;
    hub.logs.length = 0;
    const through = await flooder.sendRaw(raw);
    expect(through.status).toBe(200);
    expect(await hubRows(dataDir, 'SELECT count(*) AS n FROM events WHERE station_id = ?', flooder.stationId)).toEqual([{ n: 250 }]);
    // Spent again: the next refusal is a new episode, and is logged.
    expect((await flooder.sendRaw(JSON.stringify({ events: unknownEvents(10, clock.now) }))).status).toBe(429);
    expect(hub.logs.filter((l) => l.code === 'over_quota')).toHaveLength(1);
  });
});

describe('the default budget', () => {
  it('takes a real station month in one go, and stops a flood at seven days of budget', async () => {
    const clock = { now: Date.UTC(2026, 11, 1, 2, 0) };
    const { hub, token } = await county({ clock });
    cleanups.push(() => fs.rmSync(hub.dataDir, { recursive: true, force: true }));
    // A whole month of a station, heartbeats every 5 minutes, health hourly, its viewings — sent at once.
    const month = await simulateCounty({ hubUrl: hub.url, token, stations: 1, month: '2026-11', seed: 3, now: () => clock.now });
    expect(month.events).toBeGreaterThan(3_000);

    const flooder = await VirtualStation.enroll(hub.url, (await registerStation(hub, token, '洪水村')).code, () => clock.now);
    const eventBytes = 200 * 1024;
    const perBatch = Math.floor((MAX_REPORT_BYTES * 0.9) / eventBytes);
    let stored = 0;
    let refusal: Refusal | null = null;
    for (let i = 0; i < 100 && refusal === null; i++) {
      const r = await flooder.sendRaw(JSON.stringify({ events: unknownEvents(perBatch, clock.now, eventBytes) }));
      if (r.status === 200) stored += perBatch * eventBytes;
      else if (r.status === 429) refusal = r.body as Refusal;
      else throw new Error(`unexpected ${r.status}: ${JSON.stringify(r.body)}`);
    }
    const burst = DEFAULT_INGEST_BUDGET.bytesPerDay * DEFAULT_INGEST_BUDGET.carryDays;
    expect(refusal?.error.code).toBe('over_quota');
    expect(stored).toBeLessThanOrEqual(burst);
    expect(stored).toBeGreaterThan(burst - perBatch * eventBytes);
    expect(refusal!.error.message).toContain('每天 5000 条、2 MiB（未用额度最多累积 7 天）');
  });
});

describe('the budget as arithmetic', () => {
  const budget: IngestBudget = { eventsPerDay: 100, bytesPerDay: 1_000, carryDays: 2 };
  it('refills a day’s worth a day up to the carry-over, and never for a clock set back', () => {
    const t = Date.UTC(2026, 0, 1);
    const spent = admit(budget, null, { events: 200, bytes: 2_000 }, t);
    expect(spent).toEqual({ ok: true, state: { events: 0, bytes: 0, at: t } });
    if (!spent.ok) return;
    expect(admit(budget, spent.state, { events: 100, bytes: 1 }, t)).toEqual({ ok: false, retryAfterMs: DAY });
    expect(admit(budget, spent.state, { events: 100, bytes: 1 }, t + DAY)).toMatchObject({ ok: true, state: { events: 0, bytes: 999 } });
    expect(admit(budget, spent.state, { events: 1, bytes: 1 }, t - DAY)).toMatchObject({ ok: false });
    expect(admit(budget, spent.state, { events: 0, bytes: 0 }, t + 30 * DAY)).toEqual({ ok: true, state: fullBucket(budget, t + 30 * DAY) });
  });

  it('lets a batch larger than the whole bucket in once it is full, instead of never', () => {
    const t = Date.UTC(2026, 0, 1);
    const huge = admit(budget, null, { events: 500, bytes: 10 }, t);
    expect(huge).toMatchObject({ ok: true, state: { events: -300 } });
  });
});
