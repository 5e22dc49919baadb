// Drill: someone else answers for the county hub (a wrong URL, plain HTTP on a hostile network) with every
// kind of reply a forger can make: refusals and acceptances it did not sign, a signature made with another key,
// a real hub's signed reply replayed for another report, garbage, errors with absurd retry times, redirects
// to a collector, a reply without end, one of 50 MB, one that never comes. A real station (its SQLite file)
// drains its outbox against each. None may make it drop or mark a record, write to its log, move its clock,
// apply a downlink, or send its records anywhere but the hub's address; afterwards the real hub (a real hub,
// real HTTP) gets every record exactly once.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { enroll } from '../../agent/uplink/enrollment.ts';
import { drainOutbox } from '../../agent/uplink/uplink-client.ts';
import { pendingOutbox } from '../../agent/outbox/outbox-store.ts';
import { appendStationLog, queryStationLog } from '../../agent/stationlog/station-log.ts';
import { readSetting, writeSetting } from '../../agent/settings/settings-store.ts';
import { writeStationSettings } from '../../agent/settings/settings-store.ts';
import { HUB_SKEW_SETTING } from '../../agent/uplink/uplink-settings.ts';
import { HEADER_SIGNATURE, HEADER_TIMESTAMP, REPORTS_PATH } from '../../protocol/wire.pure.ts';
import { createStation, tempDir } from '../support/station-fixture.ts';
import { FULL_DRILLS, recordDrill } from '../support/drill-log.ts';
import { hubRows, registerStation, staffToken, startTestHub } from '../county/support/hub-fixture.ts';

const OPTIONS = { batchSize: 50, maxBatchBytes: 256 * 1024, requestTimeoutMs: FULL_DRILLS ? 10_000 : 1_500 };
const ROUNDS = FULL_DRILLS ? 5 : 1;

type Answer = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(handler: (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const s = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hits += 1;
      handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    s.closeAllConnections();
    return new Promise<void>((resolve) => s.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, hits: () => hits };
}

const json = (res: http.ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
};
const idsOf = (body: string): string[] => {
  try {
    return (JSON.parse(body) as { events: { id: string }[] }).events.map((e) => e.id);
  } catch {
    return [];
  }
};
const FAR_FUTURE = Date.UTC(2099, 0, 1);
const EVIL_DOWNLINK = {
  version: 'forged-1',
  programs: [{ id: 'cp-evil', title: '伪造的节目', kind: 'group_viewing', rule: { type: 'once', date: '2026-12-07', time: '09:00' }, checkinOpensBeforeMin: 0, checkinClosesAfterMin: 0, notes: null, course: { title: '伪造', streamUrl: 'http://evil.example/x.m3u8', sha256: null, durationMs: 1000 } }],
  notices: [{ id: 'n-evil', text: '伪造的通知', until: null }],
  policy: { minViewingsPerMonth: null, minMinutesPerMonth: null, fixedStudyDays: [] },
};

describe('drill: forged hub replies', () => {
  it('keeps every record through every forgery, and the real hub gets them all once', { timeout: FULL_DRILLS ? 600_000 : 120_000 }, async () => {
    const hub = await startTestHub();
    cleanups.push(async () => {
      await hub.stop();
      fs.rmSync(hub.dataDir, { recursive: true, force: true });
    });
    const admin = await staffToken(hub, 'admin', 'county_admin');
    const { code } = await registerStation(hub, admin, '红旗村');
    const dir = tempDir('yj-drill-forged-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const station = createStation({ dir });
    cleanups.push(() => station.close());
    await enroll(station.db, { hubUrl: hub.url, code });
    const now = () => Date.now();

    const collector = await server((_req, _body, res) => json(res, 200, { ok: true }));
    // A real hub's signed reply to one report, kept by the forger to answer a later one with.
    let captured: { text: string; headers: Record<string, string> } | null = null;
    const forgeries: Record<string, Answer> = {
      'unsigned 400 refusing every record': (_q, body, res) => json(res, 400, { error: { code: 'malformed', message: '伪造', rejected: idsOf(body).map((id) => ({ id, message: '伪造' })) } }),
      'unsigned 413': (_q, _b, res) => json(res, 413, { error: { code: 'too_large', message: '伪造' } }),
      'unsigned 200 claiming all stored, a far-future clock and a downlink': (_q, body, res) => json(res, 200, { stored: idsOf(body), hubTime: FAR_FUTURE, downlink: EVIL_DOWNLINK }),
      '200 signed with another key': (q, body, res) => {
        const text = JSON.stringify({ stored: idsOf(body), hubTime: FAR_FUTURE, downlink: EVIL_DOWNLINK });
        const ts = String(Date.now());
        const sig = createHmac('sha256', randomBytes(32)).update(`${ts}\n${String(q.headers[HEADER_SIGNATURE.toLowerCase()] ?? '')}\n${text}`).digest('hex');
        res.writeHead(200, { 'content-type': 'application/json', [HEADER_TIMESTAMP]: ts, [HEADER_SIGNATURE]: sig });
        res.end(text);
      },
      'a real signed reply replayed for another report': (_q, _b, res) => {
        if (!captured) throw new Error('nothing captured');
        res.writeHead(200, captured.headers);
        res.end(captured.text);
      },
      'garbage with status 200': (_q, _b, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"stored": [tru');
      },
      '500 asking for a retry in ten years': (_q, _b, res) => json(res, 500, { error: { code: 'internal', message: '伪造', retryAfterMs: 10 * 365 * 86_400_000 } }, { 'retry-after': '315360000' }),
      '429 asking for a retry in ten years': (_q, _b, res) => json(res, 429, { error: { code: 'busy', message: '伪造', retryAfterMs: 10 * 365 * 86_400_000 } }, { 'retry-after': '315360000' }),
      '307 redirect to a collector': (_q, _b, res) => {
        res.writeHead(307, { location: `${collector.url}${REPORTS_PATH}` });
        res.end();
      },
      '302 redirect to a collector': (_q, _b, res) => {
        res.writeHead(302, { location: `${collector.url}/collect` });
        res.end();
      },
      'a 50 MB reply': (_q, _b, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(1024 * 1024, 0x20);
        let sent = 0;
        const more = () => {
          while (sent < 50) {
            sent += 1;
            if (!res.write(chunk)) return void res.once('drain', more);
          }
          res.end();
        };
        res.on('error', () => undefined);
        more();
      },
      'a reply claiming 10 GB': (_q, _b, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(10 * 1024 ** 3) });
        res.write('{"stored":[');
        res.on('error', () => undefined);
      },
      'no answer at all': () => undefined,
    };
    let mode = 'capture';
    const forger = await server((q, body, res) => {
      if (mode === 'capture') {
        // Passes the report to the real hub and keeps its signed answer.
        void fetch(`${hub.url}${REPORTS_PATH}`, { method: 'POST', headers: q.headers as Record<string, string>, body }).then(async (r) => {
          const text = await r.text();
          captured = { text, headers: { 'content-type': 'application/json', [HEADER_TIMESTAMP]: r.headers.get(HEADER_TIMESTAMP) ?? '', [HEADER_SIGNATURE]: r.headers.get(HEADER_SIGNATURE) ?? '' } };
          res.writeHead(r.status, captured.headers);
          res.end(text);
        });
        return;
      }
      forgeries[mode]!(q, body, res);
    });

    // One report through the forger, passed on to the real hub: its answer is the one to replay later.
    writeStationSettings(station.db, { hubUrl: forger.url }, now());
    appendStationLog(station.db, { type: 'station', actor: 'admin', at: now(), message: '经转发送达的记录' });
    const passed = await drainOutbox(station.db, { now, options: OPTIONS });
    expect(passed.failure).toBeNull();
    const delivered = new Set<string>((await hubRows<{ id: string }>(hub.dataDir, 'SELECT id FROM events')).map((r) => r.id));
    expect(captured).not.toBeNull();

    const skewBefore = readSetting<number>(station.db, HUB_SKEW_SETTING) ?? null;
    writeSetting(station.db, HUB_SKEW_SETTING, skewBefore ?? 0, now());
    const programsBefore = station.db.prepare('SELECT count(*) AS n FROM programs').get() as { n: number };
    const outcomes: string[] = [];
    let forged = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of Object.keys(forgeries)) {
        appendStationLog(station.db, { type: 'station', actor: 'admin', at: now(), message: `演练记录 ${round}-${name}` });
        const queued = pendingOutbox(station.db, 10_000).map((e) => e.id);
        const logRows = queryStationLog(station.db, {}).length;
        mode = name;
        const result = await drainOutbox(station.db, { now, options: OPTIONS });
        forged += 1;
        outcomes.push(`${name}: ${result.failure?.code ?? 'no failure'}`);
        expect(result.delivered, name).toBe(0);
        expect(result.setAside, name).toBe(0);
        expect(result.failure, name).not.toBeNull();
        expect(pendingOutbox(station.db, 10_000).map((e) => e.id), name).toEqual(queued);
        expect(queryStationLog(station.db, {}).length, name).toBe(logRows);
        expect(readSetting<number>(station.db, HUB_SKEW_SETTING), name).toBe(skewBefore ?? 0);
        expect(station.db.prepare('SELECT count(*) AS n FROM programs').get(), name).toEqual(programsBefore);
      }
    }
    expect(collector.hits()).toBe(0);

    const queued = pendingOutbox(station.db, 10_000).map((e) => e.id);
    writeStationSettings(station.db, { hubUrl: hub.url }, now());
    const real = await drainOutbox(station.db, { now, options: OPTIONS });
    expect(real.failure).toBeNull();
    expect(real.delivered).toBe(queued.length);
    const atHub = await hubRows<{ id: string; n: number }>(hub.dataDir, 'SELECT id, count(*) AS n FROM events GROUP BY id');
    const stored = queued.filter((id) => atHub.some((r) => r.id === id && r.n === 1)).length;
    expect(stored).toBe(queued.length);
    expect(atHub.every((r) => r.n === 1)).toBe(true);
    expect(delivered.size).toBeGreaterThan(0);

    const line = `${forged} forged replies of ${Object.keys(forgeries).length} kinds; the station kept all ${queued.length} records, logged nothing, moved no clock, applied no downlink, sent nothing to the collector; the real hub then stored each once. ${outcomes.slice(0, Object.keys(forgeries).length).join('; ')}`;
    console.log(`forged replies: ${line}`);
    recordDrill({ name: 'hostile: forged hub replies', faults: forged, acknowledged: queued.length, stored, notes: [line] });
  });
});
