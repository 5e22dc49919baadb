// Event ids belong to the station that made them. A station that learns another's event id (here: a
// real station's group-viewing report, read from its outbox) and sends it first under its own name used to
// take it: the real station's report was then refused as "used by another station", signed — so the real
// station set it aside and the county never saw the viewing. Now each station's event is stored under its
// own name, the real figures reach the county, and each station's resends are still stored once. Migration
// 0004 rebuilds an existing hub's events table that way and keeps every row.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { enroll } from '../../../agent/uplink/enrollment.ts';
import { drainOutbox } from '../../../agent/uplink/uplink-client.ts';
import { readUplinkConfig } from '../../../agent/uplink/uplink-settings.ts';
import { countPendingOutbox, pendingOutbox } from '../../../agent/outbox/outbox-store.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { VirtualStation } from '../../../scripts/simulate-county.ts';
import { HUB_DATABASE_FILE, openHubDatabase } from '../../../county/store/database.ts';
import { hubContext } from '../../../county/hub-context.ts';
import { migrations } from '../../../county/store/migrations/index.ts';
import { createStation, tempDir } from '../../support/station-fixture.ts';
import { holdViewing, hubRows, registerStation, staffToken, startTestHub } from '../support/hub-fixture.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const clock = Date.UTC(2026, 11, 6, 2, 0);
const now = () => clock;
const OPTIONS = { batchSize: 50, maxBatchBytes: 256 * 1024, requestTimeoutMs: 10_000 };

describe('two stations with the same event id', () => {
  it('a station that learned a real station’s event id and sent it first takes nothing from it', async () => {
    const hub = await startTestHub({ now });
    cleanups.push(async () => {
      await hub.stop();
      fs.rmSync(hub.dataDir, { recursive: true, force: true });
    });
    const admin = await staffToken(hub, 'admin', 'county_admin');

    // The real station: its own SQLite file, three members, a group viewing two of them attended.
    const dir = tempDir('yj-real-station-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const real = createStation({ dir });
    cleanups.push(() => real.close());
    const course = real.addCourse();
    const members = [1, 2, 3].map((n) => real.addMember({ name: `党员${n}` }).id);
    const realReg = await registerStation(hub, admin, '红旗村');
    await enroll(real.db, { hubUrl: hub.url, code: realReg.code, now });
    holdViewing(real.db, { at: clock - 2 * 3_600_000, courseId: course.id, title: '主题党日', memberIds: members.slice(0, 2) });
    const report = pendingOutbox(real.db, 1000).find((e) => e.type === 'session')!;
    expect(report.body).toMatchObject({ registered: 3, attendedRegistered: 2 });

    // The other station learns the id and sends it first, under its own name, with its own figures.
    const other = await VirtualStation.enroll(hub.url, (await registerStation(hub, admin, '东风社区')).code, now);
    const copy = { id: report.id, type: 'session', at: clock - 3_600_000, body: { ...(report.body as Record<string, unknown>), registered: 50, attendedRegistered: 50, rate: 1 } };
    const first = await other.sendRaw(JSON.stringify({ events: [copy] }));
    expect(first.status).toBe(200);

    // The real station drains its outbox: everything delivered, nothing set aside, no refusal noted.
    const logBefore = queryStationLog(real.db, {}).length;
    const pending = countPendingOutbox(real.db);
    const drained = await drainOutbox(real.db, { now, options: OPTIONS });
    expect(drained.failure).toBeNull();
    expect(drained.setAside).toBe(0);
    expect(drained.delivered).toBe(pending);
    expect(queryStationLog(real.db, {}).length).toBe(logBefore);

    // Both events are stored, each under its own station; the county sees each station's own figures.
    expect(await hubRows(hub.dataDir, 'SELECT station_id FROM events WHERE id = ? ORDER BY seq', report.id)).toEqual([{ station_id: other.stationId }, { station_id: realReg.id }]);
    expect(await hubRows(hub.dataDir, 'SELECT station_id, registered, attended_registered FROM session_reports ORDER BY registered')).toEqual([
      { station_id: realReg.id, registered: 3, attended_registered: 2 },
      { station_id: other.stationId, registered: 50, attended_registered: 50 },
    ]);

    // Exactly once per station: the other station's resend, and the real one's, store nothing new.
    const rows = await hubRows(hub.dataDir, 'SELECT count(*) AS n FROM events');
    const again = await other.sendRaw(JSON.stringify({ events: [copy] }));
    expect(again.status).toBe(200);
    expect((again.body as { stored: string[] }).stored).toEqual([report.id]);
    const asReal = new VirtualStation(hub.url, realReg.id, readUplinkConfig(real.db)!.secret, now);
    const resent = await asReal.sendRaw(JSON.stringify({ events: [{ id: report.id, type: 'session', at: report.at, body: report.body }] }));
    expect(resent.status).toBe(200);
    expect(await hubRows(hub.dataDir, 'SELECT count(*) AS n FROM events')).toEqual(rows);
    expect(await hubRows(hub.dataDir, 'SELECT station_id, registered FROM session_reports WHERE station_id = ?', realReg.id)).toEqual([{ station_id: realReg.id, registered: 3 }]);
  });
});

describe('migration 0004 on a hub that already holds events', () => {
  it('keeps every row in its order, and then keys ids by station', async () => {
    const dir = tempDir('yj-hub-migrate-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const old = openHubDatabase(dir, { targetVersion: 3 });
    const insertStation = old.prepare(`INSERT INTO stations (id, name, grade, secret, created_at) VALUES (?, ?, 'standard', 's', 0)`);
    insertStation.run('st-a', '红旗村');
    insertStation.run('st-b', '东风社区');
    const insertEvent = old.prepare('INSERT INTO events (seq, id, station_id, type, at, body, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    insertEvent.run(3, 'e-1', 'st-a', 'heartbeat', clock - 3, '{"spanStart":1}', clock);
    insertEvent.run(7, 'e-2', 'st-b', 'station_log', clock - 2, '{"message":"巡查"}', clock + 1);
    insertEvent.run(9, 'e-3', 'st-a', 'future_kind', clock - 1, '{"x":[1,2]}', clock + 2);
    // The old table refuses st-b's own e-1: ids were global.
    expect(() => insertEvent.run(10, 'e-1', 'st-b', 'heartbeat', clock, '{}', clock)).toThrow(/UNIQUE/);
    const before = old.prepare('SELECT * FROM events ORDER BY seq').all();
    old.close();

    const db = openHubDatabase(dir);
    cleanups.push(() => void db.close());
    // Migrated through 0004 and whatever came after it.
    expect(db.pragma('user_version', { simple: true })).toBe(Math.max(...migrations.map((m) => m.version)));
    expect(db.prepare('SELECT * FROM events ORDER BY seq').all()).toEqual(before);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND name = 'events_station_type_at'`).all()).toHaveLength(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);

    // Now st-b may use e-1 too, each station still once, and new rows come after the old ones.
    const reports = hubContext(db, { now }).reports;
    const e1 = { id: 'e-1', type: 'station_log', at: clock, body: { type: 'station', actor: 'admin', message: '同号' } };
    expect(await reports.storeBatch('st-b', [e1], clock)).toMatchObject({ inserted: ['e-1'], known: [] });
    expect(await reports.storeBatch('st-b', [e1], clock)).toMatchObject({ inserted: [], known: ['e-1'] });
    expect(await reports.storeBatch('st-a', [e1], clock)).toMatchObject({ inserted: [], known: ['e-1'] });
    expect(db.prepare(`SELECT seq, station_id FROM events WHERE id = 'e-1' ORDER BY seq`).all()).toEqual([
      { seq: 3, station_id: 'st-a' },
      { seq: 10, station_id: 'st-b' },
    ]);
    // As another process would read the file.
    const reader = new Database(path.join(dir, HUB_DATABASE_FILE), { readonly: true });
    cleanups.push(() => void reader.close());
    expect(reader.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 4 });
  });
});
