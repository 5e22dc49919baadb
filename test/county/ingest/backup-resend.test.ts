// A hub that loses its disk: backed up while it runs (`yuanjiao county backup`), restored from that older
// backup (`county restore`, refused while it runs), it lacks what stations reported since — until each
// station runs `yuanjiao uplink resend --since DATE`, and its uplink brings every record back, once. Records a
// station set aside when it joined stay set aside; of a run's heartbeats only the last is sent again.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type Output } from '../../../cli/main.ts';
import { enroll } from '../../../agent/uplink/enrollment.ts';
import { drainOutbox } from '../../../agent/uplink/uplink-client.ts';
import { HeartbeatRecorder } from '../../../agent/uplink/heartbeat.ts';
import { appendStationLog } from '../../../agent/stationlog/station-log.ts';
import { countPendingOutbox } from '../../../agent/outbox/outbox-store.ts';
import { localDateOf } from '../../../agent/clock/local-time.pure.ts';
import { MAX_REPORT_BYTES } from '../../../protocol/wire.pure.ts';
import type { Db } from '../../../agent/store/database.ts';
import { ZONE, createStation, tempDir } from '../../support/station-fixture.ts';
import { BIN, REPO } from '../../support/agent-process.ts';
import { holdViewing, hubRows, registerStation, staffToken, startTestHub, type TestHub } from '../support/hub-fixture.ts';

const dirs: string[] = [];
const hubs: TestHub[] = [];
afterAll(async () => {
  for (const h of hubs) await h.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Output = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await main(['node', 'yuanjiao', ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const drain = (db: Db) => drainOutbox(db, { now: Date.now, options: { batchSize: 50, maxBatchBytes: MAX_REPORT_BYTES / 2, requestTimeoutMs: 15_000 } });
const hubIds = async (hubDir: string, stationId: string) => new Set((await hubRows<{ id: string }>(hubDir, 'SELECT id FROM events WHERE station_id = ?', stationId)).map((r) => r.id));
const outboxIds = (db: Db, where: string) => (db.prepare(`SELECT id FROM outbox WHERE ${where} ORDER BY seq`).all() as { id: string }[]).map((r) => r.id);

describe('a hub restored from an older backup', () => {
  it('gets every record back from a station that resends since the backup day, and nothing the station set aside', { timeout: 120_000 }, async () => {
    const hubDir = tempDir('yj-hub-rebuilt-');
    dirs.push(hubDir);
    const hub = await startTestHub({ dataDir: hubDir });
    hubs.push(hub);
    const admin = await staffToken(hub, 'admin', 'county_admin');
    const { id: stationId, code } = await registerStation(hub, admin, '红旗村');

    const stationDir = tempDir('yj-station-resend-');
    dirs.push(stationDir);
    const station = createStation({ dir: stationDir });
    const db = station.db;
    const course = station.addCourse({ title: '每日学习' });
    const members = [1, 2, 3].map((n) => station.addMember({ name: `党员${n}` }).id);
    // Queued before the station joined: set aside at the enrollment, never for the county.
    appendStationLog(db, { type: 'station', actor: 'admin', at: Date.now(), message: '加入平台前的记录' });
    await enroll(db, { hubUrl: hub.url, code });
    const setAside = outboxIds(db, 'delivered_at IS NOT NULL');
    expect(setAside.length).toBeGreaterThan(0);

    // Before the backup: a viewing, log lines and a run of heartbeats (each retiring the one before).
    const beats = new HeartbeatRecorder(db, { now: Date.now, monotonic: () => performance.now() }, 300_000);
    holdViewing(db, { at: Date.now() - 3_600_000, courseId: course.id, title: '第一次学习', memberIds: members });
    for (let i = 0; i < 3; i++) beats.beat();
    expect((await drain(db)).failure).toBeNull();

    const backup = path.join(hubDir, 'older.sqlite');
    const backedUp = await cli('county', 'backup', '--to', backup, '--data', hubDir);
    expect(backedUp.code, backedUp.err).toBe(0);

    // After the backup: what a rebuilt hub will lack.
    holdViewing(db, { at: Date.now() - 1_800_000, courseId: course.id, title: '第二次学习', memberIds: members.slice(0, 2) });
    appendStationLog(db, { type: 'station', actor: 'admin', at: Date.now(), message: '备份之后的巡查记录' });
    for (let i = 0; i < 2; i++) beats.beat();
    expect((await drain(db)).failure).toBeNull();
    expect(countPendingOutbox(db)).toBe(0);
    const received = await hubIds(hubDir, stationId);

    // The disk is lost: the hub comes back from the older backup (not while it runs), on its address.
    // (A process of its own, as an administrator's: in this one the hub's lock is our own.)
    const refused = spawnSync(process.execPath, [BIN, 'county', 'restore', backup, '--data', hubDir], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`另一个县级管理平台（进程 ${process.pid}）正在使用数据目录`);
    expect(await hubIds(hubDir, stationId)).toEqual(received);
    await hub.stop();
    // The hub's folder still holds the newer records: a restore over them is asked for with --replace.
    const restored = await cli('county', 'restore', backup, '--replace', '--data', hubDir);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toContain('uplink resend --since');
    const rebuilt = await startTestHub({ dataDir: hubDir, port: hub.port });
    hubs.push(rebuilt);
    const stored = await hubIds(hubDir, stationId);
    const lost = [...received].filter((id) => !stored.has(id));
    expect(lost.length).toBeGreaterThan(0);
    expect((await hubRows<{ n: number }>(hubDir, 'SELECT count(*) AS n FROM session_reports WHERE station_id = ?', stationId))[0]!.n).toBe(1);
    // Nothing is pending on the station, so nothing comes back by itself.
    expect((await drain(db)).delivered).toBe(0);

    // The day of the oldest record made above (an hour back): near midnight that is yesterday, not today.
    const since = localDateOf(Date.now() - 2 * 3_600_000, ZONE);
    const resend = await cli('uplink', 'resend', '--since', since, '--data', stationDir);
    expect(resend.code, resend.err).toBe(0);
    expect(resend.out).toMatch(/已标记 \d+ 条记录重新上报/);
    // Of the five heartbeats of the run, the last one alone carries the run.
    expect((db.prepare("SELECT count(*) AS n FROM outbox WHERE type = 'heartbeat' AND delivered_at IS NULL").get() as { n: number }).n).toBe(1);
    expect(setAside.filter((id) => outboxIds(db, 'delivered_at IS NULL').includes(id))).toEqual([]);

    const again = await drain(db);
    expect(again.failure).toBeNull();
    expect(countPendingOutbox(db)).toBe(0);
    const now = await hubIds(hubDir, stationId);
    expect(lost.filter((id) => !now.has(id)), 'records the rebuilt hub still lacks').toEqual([]);
    expect(setAside.filter((id) => now.has(id)), 'records set aside at enrollment').toEqual([]);
    expect((await hubRows<{ n: number }>(hubDir, 'SELECT count(*) AS n FROM session_reports WHERE station_id = ?', stationId))[0]!.n).toBe(2);
    // Each event once at the hub, however often it was sent.
    expect((await hubRows<{ n: number }>(hubDir, 'SELECT count(*) AS n FROM events WHERE station_id = ?', stationId))[0]!.n).toBe(now.size);
    station.close();
  });

  it('resend refuses a station that never joined a hub, and a malformed date, changing nothing', async () => {
    const dir = tempDir('yj-station-unenrolled-');
    dirs.push(dir);
    const station = createStation({ dir });
    station.addMember({ name: '王五' });
    const before = station.db.prepare('SELECT * FROM outbox ORDER BY seq').all();
    const unenrolled = await cli('uplink', 'resend', '--since', '2026-01-01', '--data', dir);
    expect(unenrolled.code).toBe(1);
    expect(unenrolled.err).toContain('尚未加入县级管理平台');
    const badDate = await cli('uplink', 'resend', '--since', '2026-13-01', '--data', dir);
    expect(badDate.code).toBe(2);
    expect(station.db.prepare('SELECT * FROM outbox ORDER BY seq').all()).toEqual(before);
    station.close();
  });
});
