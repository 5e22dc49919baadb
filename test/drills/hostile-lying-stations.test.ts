// Drill: a station that lies to the county hub, beside a real one. A real hub (its SQLite file, real HTTP on
// loopback) has two enrolled stations: a real station (the agent's own modules on its own database: members,
// two group viewings, its outbox drained by the agent's uplink) and a liar holding a valid secret. The liar
// first sends the real station's event ids under its own name, then every lie the hub must refuse — figures
// that contradict each other, times in the year 3000 and 1970, a month to come, free disk beyond the disk,
// a body nested 10,000 deep, a prototype key, an event larger than any real one — each with an honest event
// beside it, then floods the hub with event types it does not know until its budget is spent. Every lie
// must be refused with a signed 400 naming it (the hub's tables byte for byte the same after each), the flood
// must stop at the budget with a signed 429 logged once, the hub must never answer 5xx, and the real
// station's every record must reach the hub under its own name, none set aside.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_EVENT_BYTES } from '../../protocol/wire.pure.ts';
import { enroll } from '../../agent/uplink/enrollment.ts';
import { drainOutbox } from '../../agent/uplink/uplink-client.ts';
import { pendingOutbox } from '../../agent/outbox/outbox-store.ts';
import { HUB_DATABASE_FILE } from '../../county/store/database.ts';
import type { IngestBudget } from '../../county/ingest/ingest-budget.pure.ts';
import { VirtualStation } from '../../scripts/simulate-county.ts';
import { createStation, tempDir } from '../support/station-fixture.ts';
import { recordDrill } from '../support/drill-log.ts';
import { HUB_TABLES, holdViewing, hubRows, registerStation, staffToken, startTestHub } from '../county/support/hub-fixture.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Small enough that the flood ends in a few requests; the default is 5,000 events and 2 MiB a day. */
const BUDGET: IngestBudget = { eventsPerDay: 2_000, bytesPerDay: 1024 * 1024, carryDays: 1 };

function digest(dataDir: string): Record<string, string> {
  const db = new Database(path.join(dataDir, HUB_DATABASE_FILE), { readonly: true });
  try {
    const out: Record<string, string> = {};
    for (const t of HUB_TABLES) {
      const hash = createHash('sha256');
      for (const row of db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()) hash.update(JSON.stringify(row));
      out[t] = hash.digest('hex');
    }
    return out;
  } finally {
    db.close();
  }
}

interface Ev {
  id: string;
  type: string;
  at: number;
  body: Record<string, unknown>;
}

describe('drill: a lying station beside a real one', () => {
  it('refuses every lie and the flood, changes nothing for them, and loses none of the real station’s records', { timeout: 120_000 }, async () => {
    const now = Date.now();
    const hub = await startTestHub({ ingestBudget: BUDGET });
    cleanups.push(async () => {
      await hub.stop();
      fs.rmSync(hub.dataDir, { recursive: true, force: true });
    });
    const admin = await staffToken(hub, 'admin', 'county_admin');

    const dir = tempDir('yj-drill-liar-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const real = createStation({ dir });
    cleanups.push(() => real.close());
    const course = real.addCourse();
    const members = [1, 2, 3, 4].map((n) => real.addMember({ name: `党员${n}` }).id);
    const realReg = await registerStation(hub, admin, '红旗村');
    await enroll(real.db, { hubUrl: hub.url, code: realReg.code });
    holdViewing(real.db, { at: now - 5 * 3_600_000, courseId: course.id, title: '主题党日', memberIds: members.slice(0, 3) });
    holdViewing(real.db, { at: now - 2 * 3_600_000, courseId: course.id, title: '专题讲座', memberIds: members.slice(0, 2) });
    const realEvents = pendingOutbox(real.db, 1000);

    const liar = await VirtualStation.enroll(hub.url, (await registerStation(hub, admin, '东风社区')).code);
    const tried: string[] = [];
    const answers: number[] = [];

    // 1. The real station's ids, first, under the liar's name (with the liar's own figures).
    const stolen = realEvents.map((e) => ({ id: e.id, type: 'station_log', at: now, body: { type: 'station', actor: 'liar', message: `抢先 ${e.id}` } }));
    const first = await liar.sendRaw(JSON.stringify({ events: stolen }));
    answers.push(first.status);
    tried.push(`${stolen.length} event ids of the real station sent first under the liar's name: ${first.status}`);

    // 2. Every lie, each beside an honest event.
    const session = (patch: Record<string, unknown>): Ev => ({
      id: randomUUID(),
      type: 'session',
      at: now,
      body: { sessionId: 9, programId: 1, title: '收看', date: new Date(now).toISOString().slice(0, 10), scheduledStart: now - 3_600_000, startedAt: now - 3_600_000, endedAt: now, playedMs: 2_700_000, held: true, registered: 10, attendedRegistered: 7, rate: 0.7, guests: 0, ...patch },
    });
    const summary = (patch: Record<string, unknown>): Ev => ({
      id: randomUUID(),
      type: 'month_summary',
      at: now,
      body: { month: new Date(now).toISOString().slice(0, 7), registered: 10, attendedRegistered: 7, excused: 0, participationRate: 0.7, sessionsHeld: 1, sessionsRequired: 1, studyMinutes: 45, guests: 0, ...patch },
    });
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    const lies: [string, string][] = [
      ['attendance above registered (4,590 %)', JSON.stringify(session({ attendedRegistered: 459, rate: 1 }))],
      ['a rate that is not attended ÷ registered', JSON.stringify(summary({ participationRate: 1 }))],
      ['a million registered members', JSON.stringify(summary({ registered: 1_000_000, attendedRegistered: 1_000_000, participationRate: 1 }))],
      ['an event in the year 3000', JSON.stringify({ id: randomUUID(), type: 'station_log', at: Date.UTC(3000, 0, 1), body: { type: 's', actor: 'a', message: 'm' } })],
      ['an event in 1970', JSON.stringify({ id: randomUUID(), type: 'heartbeat', at: 86_400_000, body: { spanStart: 0, intervalMs: 300_000, clockSkewMs: 0 } })],
      ['a month summary for 2999', JSON.stringify(summary({ month: '2999-01' }))],
      ['free disk beyond the disk', JSON.stringify({ id: randomUUID(), type: 'health', at: now, body: { kind: 'aggregate', diskFreeBytes: { min: 9e12, avg: 9e12, max: 9e12 }, diskTotalBytes: 64e9 } })],
      ['a body nested 10,000 deep', `{"id":"${randomUUID()}","type":"future_kind","at":${now},"body":{"x":${deep(10_000)}}}`],
      ['a __proto__ key', `{"id":"${randomUUID()}","type":"future_kind","at":${now},"body":{"__proto__":{"admin":true}}}`],
      ['an event over the per-event limit', JSON.stringify({ id: randomUUID(), type: 'future_kind', at: now, body: { blob: 'x'.repeat(MAX_EVENT_BYTES) } })],
    ];
    for (const [what, lie] of lies) {
      const before = digest(hub.dataDir);
      const honest = { id: randomUUID(), type: 'station_log', at: now, body: { type: 'station', actor: 'admin', message: '巡查' } };
      const r = await liar.sendRaw(`{"events":[${JSON.stringify(honest)},${lie}]}`);
      answers.push(r.status);
      const rejected = (r.body as { error?: { rejected?: { id: string; message: string }[] } }).error?.rejected ?? [];
      expect(r.status, what).toBe(400);
      expect(r.signed, what).toBe(true);
      expect(rejected.map((x) => x.id), what).toEqual([(JSON.parse(lie) as { id: string }).id]);
      expect(digest(hub.dataDir), what).toEqual(before);
      tried.push(`${what}: ${r.status} — ${rejected[0]!.message.split(' / ')[1]}`);
    }

    // 3. A flood of event types the hub does not know, 100 kB each, until the budget is spent.
    let floodStored = 0;
    let floodStatus = 200;
    let requests = 0;
    let refusedRaw = '';
    while (floodStatus === 200 && requests < 50) {
      const batch = Array.from({ length: 8 }, () => ({ id: randomUUID(), type: 'future_kind', at: now, body: { blob: 'x'.repeat(100_000) } }));
      refusedRaw = JSON.stringify({ events: batch });
      const r = await liar.sendRaw(refusedRaw);
      requests += 1;
      floodStatus = r.status;
      answers.push(r.status);
      if (r.status === 200) floodStored += 8 * 100_000;
      else {
        expect(r.status).toBe(429);
        expect(r.signed).toBe(true);
        expect((r.body as { error: { code: string; retryAfterMs: number } }).error).toMatchObject({ code: 'over_quota', retryAfterMs: expect.any(Number) as number });
      }
    }
    const afterFlood = digest(hub.dataDir);
    // Retried as an agent retries: the same batch.
    for (let i = 0; i < 3; i++) answers.push((await liar.sendRaw(refusedRaw)).status);
    expect(answers.slice(-3)).toEqual([429, 429, 429]);
    expect(digest(hub.dataDir)).toEqual(afterFlood);
    expect(floodStored).toBeLessThanOrEqual(BUDGET.bytesPerDay * BUDGET.carryDays);
    expect(hub.logs.filter((l) => l.code === 'over_quota')).toHaveLength(1);
    tried.push(`a flood of unknown types: ${requests} requests, ${Math.round(floodStored / 1024)} KiB stored, then 429 over_quota (budget ${BUDGET.bytesPerDay / 1024} KiB a day), logged once for 4 refusals`);

    // 4. The real station drains its outbox through the agent's uplink: every record stored under its name.
    const drained = await drainOutbox(real.db, { now: Date.now, options: { batchSize: 50, maxBatchBytes: 256 * 1024, requestTimeoutMs: 10_000 } });
    expect(drained.failure).toBeNull();
    expect(drained.setAside).toBe(0);
    let found = 0;
    for (const e of realEvents) if ((await hubRows(hub.dataDir, 'SELECT 1 FROM events WHERE station_id = ? AND id = ?', realReg.id, e.id)).length === 1) found += 1;
    expect(found).toBe(realEvents.length);
    expect(await hubRows(hub.dataDir, 'SELECT registered, attended_registered FROM session_reports WHERE station_id = ? ORDER BY session_id', realReg.id)).toEqual([
      { registered: 4, attended_registered: 3 },
      { registered: 4, attended_registered: 2 },
    ]);
    tried.push(`the real station drained ${drained.delivered} records, ${drained.setAside} set aside; ${found} of its ${realEvents.length} queued records found under its name`);

    expect(answers.filter((s) => s >= 500)).toEqual([]);
    expect(hub.logs.filter((l) => l.level >= 50)).toEqual([]);
    const record = recordDrill({
      name: 'hostile: a lying station beside a real one',
      faults: stolen.length + lies.length + requests + 3,
      acknowledged: realEvents.length,
      stored: found,
      notes: tried,
    });
    process.stdout.write(`${tried.map((t) => `  ${t}`).join('\n')}\n  lost: ${record.lost}\n`);
    expect(record.lost).toBe(0);
  });
});
