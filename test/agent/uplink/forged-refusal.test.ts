// Only the station's own hub may make it give up records. A server that answers for the hub's address (a
// wrong URL, plain HTTP on a hostile network) and refuses the batch — 400 naming every event, or 413 — must
// leave every record queued, write nothing to the station log, and let the real hub have them all later.
// A refusal the real hub signed still sets aside the one record it will never take, and that note stays on
// the station instead of being queued for the hub in turn.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enroll } from '../../../agent/uplink/enrollment.ts';
import { drainOutbox } from '../../../agent/uplink/uplink-client.ts';
import { countPendingOutbox, enqueueOutbox, pendingOutbox } from '../../../agent/outbox/outbox-store.ts';
import { appendStationLog, queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { writeStationSettings } from '../../../agent/settings/settings-store.ts';
import { MAX_REPORT_BYTES } from '../../../protocol/wire.pure.ts';
import type { EventBodies } from '../../../protocol/event-types.pure.ts';
import { createStation, tempDir, type Station } from '../../support/station-fixture.ts';
import { hubRows, registerStation, staffToken, startTestHub, type TestHub } from '../../county/support/hub-fixture.ts';

const OPTIONS = { batchSize: 50, maxBatchBytes: 256 * 1024, requestTimeoutMs: 10_000 };
const clock = Date.UTC(2026, 11, 6, 2, 0);
const now = () => clock;
let hub: TestHub;
let station: Station;
let dir: string;
let forger: http.Server;
let forgerUrl: string;
let forgerAnswer: { status: number; body: (ids: string[]) => unknown } = { status: 400, body: () => ({}) };
let forgerHits = 0;

beforeAll(async () => {
  hub = await startTestHub({ now });
  const admin = await staffToken(hub, 'admin', 'county_admin');
  const { code } = await registerStation(hub, admin, '红旗村');
  dir = tempDir('yj-forged-');
  station = createStation({ dir });
  await enroll(station.db, { hubUrl: hub.url, code, now });
  forger = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      forgerHits += 1;
      let ids: string[] = [];
      try {
        ids = (JSON.parse(raw) as { events: { id: string }[] }).events.map((e) => e.id);
      } catch {
        // A body it cannot read is refused all the same.
      }
      res.writeHead(forgerAnswer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(forgerAnswer.body(ids)));
    });
  });
  await new Promise<void>((resolve) => forger.listen(0, '127.0.0.1', resolve));
  forgerUrl = `http://127.0.0.1:${(forger.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  station?.close();
  await new Promise((resolve) => forger?.close(resolve));
  await hub?.stop();
  for (const d of [dir, hub?.dataDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

function pointAt(url: string): void {
  writeStationSettings(station.db, { hubUrl: url }, now());
}

describe('refusals the hub did not sign', () => {
  it('a forged 400 naming every event, then a forged 413, drop nothing and log nothing; the real hub gets them all', async () => {
    for (let i = 1; i <= 5; i++) appendStationLog(station.db, { type: 'station', actor: 'admin', at: now(), message: `巡查记录 ${i}` });
    const queued = pendingOutbox(station.db, 1000).map((e) => e.id);
    const logRows = queryStationLog(station.db, {}).length;
    pointAt(forgerUrl);

    forgerAnswer = { status: 400, body: (ids) => ({ error: { code: 'malformed', message: '伪造的拒收', rejected: ids.map((id) => ({ id, message: '伪造' })) } }) };
    const forged = await drainOutbox(station.db, { now, options: OPTIONS });
    expect(forged.setAside).toBe(0);
    expect(forged.failure).toMatchObject({ code: 'bad_reply', status: 400 });
    expect(forged.failure!.message).toContain('未经县级管理平台签名');
    expect(forgerHits).toBe(1);

    // Too large, says the forger, for any batch: halving drops nothing, and a single record is kept too.
    forgerAnswer = { status: 413, body: () => ({ error: { code: 'too_large', message: '伪造的过大' } }) };
    const tooLarge = await drainOutbox(station.db, { now, options: OPTIONS });
    expect(tooLarge.setAside).toBe(0);
    expect(tooLarge.failure).toMatchObject({ status: 413 });

    expect(pendingOutbox(station.db, 1000).map((e) => e.id)).toEqual(queued);
    expect(queryStationLog(station.db, {}).length).toBe(logRows);

    pointAt(hub.url);
    const real = await drainOutbox(station.db, { now, options: OPTIONS });
    expect(real.failure).toBeNull();
    expect(real.delivered).toBe(queued.length);
    for (const id of queued) expect(await hubRows(hub.dataDir, 'SELECT 1 FROM events WHERE id = ?', id), id).toHaveLength(1);
  });
});

describe('refusals the hub signed', () => {
  it('set aside the one record the hub will never take, note it on the station only, and deliver the rest', async () => {
    pointAt(hub.url);
    const before = queryStationLog(station.db, {}).length;
    // A session without its figures: the hub refuses it, and names it. (The compiler refuses such a body, so
    // the test forces it in, as a bug or an older agent's queue might have it.)
    const bad = enqueueOutbox(station.db, 'session', now(), { sessionId: 9, title: '缺少数字的收看' } as unknown as EventBodies['session']);
    appendStationLog(station.db, { type: 'station', actor: 'admin', at: now(), message: '之后的一条记录' });
    const result = await drainOutbox(station.db, { now, options: OPTIONS });
    expect(result.failure).toBeNull();
    expect(result.setAside).toBe(1);
    expect(result.delivered).toBe(1);
    expect(await hubRows(hub.dataDir, 'SELECT 1 FROM events WHERE id = ?', bad)).toHaveLength(0);
    const notes = queryStationLog(station.db, {}).slice(before).map((e) => e.message);
    expect(notes.filter((m) => m.startsWith('县级管理平台拒收 1 条记录'))).toHaveLength(1);
    // The hub's problem as the agent words it from its code and values: the field and the schema's complaint.
    expect(notes.find((m) => m.startsWith('县级管理平台拒收 1 条记录'))).toMatch(/^县级管理平台拒收 1 条记录，已跳过：记录格式不对：body .+ \/ malformed event: body /);
    // The note is not queued for the hub (it logged its own refusal): nothing is left to send.
    expect(countPendingOutbox(station.db)).toBe(0);
  });

  it('sets aside, without sending it, a record too large for any report', async () => {
    pointAt(forgerUrl);
    forgerHits = 0;
    const huge = enqueueOutbox(station.db, 'station_log', now(), { logId: 0, type: 'station', actor: 'admin', message: 'x'.repeat(MAX_REPORT_BYTES) });
    const result = await drainOutbox(station.db, { now, options: OPTIONS });
    expect(forgerHits).toBe(0);
    expect(result.setAside).toBe(1);
    expect(pendingOutbox(station.db, 10).map((e) => e.id)).not.toContain(huge);
    expect(queryStationLog(station.db, {}).at(-1)!.message).toContain('记录过大');
  });
});
