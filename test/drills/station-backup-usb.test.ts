// Drill: a terminal is replaced. Its station was backed up to a USB stick (`yuanjiao backup --to FOLDER`), went on
// working and reporting for a while, then died; the new terminal is restored from the stick (`yuanjiao restore
// --from`) onto a fresh data directory. The restore gives back every table, every month's report figures, the
// roster and the outbox's position, and the station's identity and key: the hub takes its next reports as the same
// station, each event exactly once — what the backup still held as pending is stored once, and the new terminal's
// records never take the ids of the ones the old terminal reported after the backup. A folder whose files do not
// match their sha256, or whose manifest lies or reaches outside the folder, is refused before anything changes.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type Output } from '../../cli/main.ts';
import { enroll } from '../../agent/uplink/enrollment.ts';
import { drainOutbox } from '../../agent/uplink/uplink-client.ts';
import { readUplinkConfig } from '../../agent/uplink/uplink-settings.ts';
import { appendStationLog } from '../../agent/stationlog/station-log.ts';
import { countPendingOutbox } from '../../agent/outbox/outbox-store.ts';
import { openStationDatabase, type Db } from '../../agent/store/database.ts';
import { stationSnapshot } from '../../agent/backup/station-snapshot.ts';
import { RESTORE_ID_GAP } from '../../agent/store/record-ids.ts';
import { MAX_REPORT_BYTES } from '../../protocol/wire.pure.ts';
import { createStation, tempDir } from '../support/station-fixture.ts';
import { holdViewing, hubRows, registerStation, staffToken, startTestHub, type TestHub } from '../county/support/hub-fixture.ts';
import { recordDrill } from '../support/drill-log.ts';

const dirs: string[] = [];
const dir = (prefix: string): string => {
  const d = tempDir(prefix);
  dirs.push(d);
  return d;
};
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

const DAY = 86_400_000;
const drain = (db: Db) => drainOutbox(db, { now: Date.now, options: { batchSize: 50, maxBatchBytes: MAX_REPORT_BYTES / 2, requestTimeoutMs: 15_000 } });
const outboxIds = (db: Db) => (db.prepare('SELECT id FROM outbox ORDER BY seq').all() as { id: string }[]).map((r) => r.id);
/** A JPEG's first bytes and some body: the backup copies the photos as files, it does not decode them. */
const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2048, 7)]);

function listing(d: string): string[] {
  return fs.existsSync(d) ? fs.readdirSync(d).sort() : [];
}

describe('a replaced terminal restored from a USB stick', () => {
  it('is the same station to the hub, with the same figures, and its next events are stored exactly once', { timeout: 240_000 }, async () => {
    const hubDir = dir('yj-usb-hub-');
    const hub = await startTestHub({ dataDir: hubDir });
    hubs.push(hub);
    const admin = await staffToken(hub, 'admin', 'county_admin');
    const { id: stationId, code } = await registerStation(hub, admin, '红旗村');

    const oldDir = dir('yj-usb-old-');
    const station = createStation({ dir: oldDir });
    const db = station.db;
    const course = station.addCourse({ title: '每月学习' });
    const members = [1, 2, 3, 4, 5].map((n) => station.addMember({ name: `党员${n}` }).id);
    await enroll(db, { hubUrl: hub.url, code });
    holdViewing(db, { at: Date.now() - 35 * DAY, courseId: course.id, title: '上月学习', memberIds: members.slice(0, 4) });
    holdViewing(db, { at: Date.now() - 2 * 3_600_000, courseId: course.id, title: '本月学习', memberIds: members.slice(0, 3) });
    expect((await drain(db)).failure).toBeNull();
    // Queued but not yet sent when the backup is made.
    appendStationLog(db, { type: 'station', actor: 'admin', at: Date.now(), message: '备份前的巡查记录' });
    fs.mkdirSync(path.join(oldDir, 'activity-photos'), { recursive: true });
    fs.writeFileSync(path.join(oldDir, 'activity-photos', `${'a'.repeat(64)}.jpg`), PHOTO);
    const pendingAtBackup = countPendingOutbox(db);
    expect(pendingAtBackup).toBeGreaterThan(0);

    const stick = dir('yj-usb-stick-');
    const backedUp = await cli('backup', '--to', stick, '--data', oldDir);
    expect(backedUp.code, backedUp.err).toBe(0);
    expect(backedUp.out).toContain('课件视频文件（library/ 文件夹）不在备份中');
    const folders = listing(stick);
    expect(folders).toHaveLength(1);
    expect(folders[0]).toMatch(new RegExp(`^yuanjiao-station-${stationId}-\\d{4}-\\d{2}-\\d{2}-\\d{6}$`));
    const folder = path.join(stick, folders[0]!);
    expect(listing(folder)).toEqual(['activity-photos', 'manifest.json', 'station.sqlite']);
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as { createdAt: number; counts: Record<string, number>; figures: unknown };

    // The old terminal goes on after the backup: another viewing, reported; then it dies.
    const lateSession = holdViewing(db, { at: Date.now() - 3_600_000, courseId: course.id, title: '备份之后的学习', memberIds: members.slice(0, 2) });
    expect((await drain(db)).failure).toBeNull();
    const secret = readUplinkConfig(db)!.secret;
    station.close();
    const reportsBefore = await hubRows<{ session_id: number; title: string }>(hubDir, 'SELECT session_id, title FROM session_reports WHERE station_id = ? ORDER BY session_id', stationId);
    expect(reportsBefore).toHaveLength(3);

    // The new terminal: a fresh data directory.
    const newDir = dir('yj-usb-new-');
    const restored = await cli('restore', '--from', folder, '--data', newDir);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toContain('每月报表数字、名册和待上报位置与备份清单一致');
    expect(restored.out).toContain('新记录的编号从');
    expect(fs.readFileSync(path.join(newDir, 'activity-photos', `${'a'.repeat(64)}.jpg`)).equals(PHOTO)).toBe(true);
    const fresh = openStationDatabase(newDir);
    try {
      // Read again here, as of the backup's instant: the figures it promised, the same station, the same key.
      const found = stationSnapshot(fresh, manifest.createdAt);
      expect(found.figures).toEqual(manifest.figures);
      for (const [table, n] of Object.entries(manifest.counts)) if (table !== 'settings') expect(found.counts[table], table).toBe(n);
      expect(readUplinkConfig(fresh)).toMatchObject({ stationId, secret, hubUrl: hub.url });
      expect(countPendingOutbox(fresh)).toBe(pendingAtBackup);
      const inBackup = new Set(outboxIds(fresh));
      const pendingIds = (fresh.prepare('SELECT id FROM outbox WHERE delivered_at IS NULL').all() as { id: string }[]).map((r) => r.id);

      // Its first exchange sends what the backup held as pending (the hub has it already, from the old terminal);
      // then a new viewing, whose report must not replace the one the old terminal sent after the backup.
      expect((await drain(fresh)).failure).toBeNull();
      const newSession = holdViewing(fresh, { at: Date.now() - 30 * 60_000, courseId: course.id, title: '新终端的学习', memberIds: members.slice(0, 5) });
      expect(newSession.id).toBeGreaterThan(lateSession.id + RESTORE_ID_GAP - 1);
      expect((await drain(fresh)).failure).toBeNull();
      expect(countPendingOutbox(fresh)).toBe(0);
      expect((await drain(fresh)).delivered).toBe(0);

      const reportsAfter = await hubRows<{ session_id: number; title: string }>(hubDir, 'SELECT session_id, title FROM session_reports WHERE station_id = ? ORDER BY session_id', stationId);
      expect(reportsAfter).toEqual([...reportsBefore, { session_id: newSession.id, title: '新终端的学习' }]);
      // Every event of the new terminal at the hub, each once; nothing at the hub twice.
      const atHub = (await hubRows<{ id: string }>(hubDir, 'SELECT id FROM events WHERE station_id = ?', stationId)).map((r) => r.id);
      expect(new Set(atHub).size).toBe(atHub.length);
      const newIds = outboxIds(fresh).filter((id) => !inBackup.has(id));
      expect(newIds.length).toBeGreaterThan(0);
      expect([...pendingIds, ...newIds].filter((id) => !atHub.includes(id)), 'events the hub lacks').toEqual([]);
      recordDrill({
        name: 'station restored onto a replacement terminal',
        faults: 1,
        acknowledged: reportsAfter.length,
        stored: (await hubRows<{ n: number }>(hubDir, 'SELECT count(*) AS n FROM session_reports WHERE station_id = ?', stationId))[0]!.n,
        notes: [`backup with ${pendingAtBackup} pending, ${Object.keys(manifest.counts).length} tables; the old terminal reported session ${lateSession.id} after it; the new one numbered its first ${newSession.id}; hub events unique: ${atHub.length}`],
      });
    } finally {
      fresh.close();
    }

    // Restoring again onto the terminal that now holds the station: refused without --replace, nothing changed.
    const before = listing(newDir);
    const again = await cli('restore', '--from', folder, '--data', newDir);
    expect(again.code).toBe(1);
    expect(again.err).toContain('--replace');
    expect(again.err).toContain('未做任何改动');
    expect(listing(newDir)).toEqual(before);
  });

  it('refuses a folder whose files or manifest do not hold, before touching the terminal', { timeout: 120_000 }, async () => {
    const home = dir('yj-usb-hostile-');
    const station = createStation({ dir: home });
    station.addMember({ name: '张三' });
    station.close();
    fs.mkdirSync(path.join(home, 'activity-photos'));
    fs.writeFileSync(path.join(home, 'activity-photos', `${'b'.repeat(64)}.jpg`), PHOTO);
    const stick = dir('yj-usb-hostile-stick-');
    expect((await cli('backup', '--to', stick, '--data', home)).code).toBe(0);
    const good = path.join(stick, listing(stick)[0]!);
    const variant = (name: string, change: (folder: string) => void): string => {
      const copy = path.join(stick, name);
      fs.cpSync(good, copy, { recursive: true });
      change(copy);
      return copy;
    };
    const editManifest = (folder: string, edit: (m: { files: { path: string; sha256: string; bytes: number }[] }) => void) => {
      const m = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
      edit(m);
      fs.writeFileSync(path.join(folder, 'manifest.json'), JSON.stringify(m));
    };
    const cases: [string, string, string][] = [
      [
        'the database with one byte altered',
        variant('flipped', (f) => {
          const file = path.join(f, 'station.sqlite');
          const b = fs.readFileSync(file);
          b[b.length - 100]! ^= 0xff;
          fs.writeFileSync(file, b);
        }),
        'station.sqlite 的校验值与清单不符',
      ],
      ['a photo cut short', variant('short', (f) => fs.truncateSync(path.join(f, 'activity-photos', `${'b'.repeat(64)}.jpg`), 10)), '已损坏或被截断'],
      ['a manifest reaching outside the folder', variant('escape', (f) => editManifest(f, (m) => (m.files[0]!.path = '../../etc/passwd'))), '不允许的文件路径'],
      ['a manifest that is no JSON', variant('badjson', (f) => fs.writeFileSync(path.join(f, 'manifest.json'), '{"format":')), '不是有效的 JSON'],
      [
        'a photo folder that is a link to elsewhere (the same files)',
        variant('link', (f) => {
          const outside = dir('yj-usb-outside-');
          fs.cpSync(path.join(f, 'activity-photos'), outside, { recursive: true });
          fs.rmSync(path.join(f, 'activity-photos'), { recursive: true });
          fs.symlinkSync(outside, path.join(f, 'activity-photos'));
        }),
        '指向备份文件夹之外',
      ],
      ['no manifest', variant('nomanifest', (f) => fs.rmSync(path.join(f, 'manifest.json'))), '没有 manifest.json'],
      ['a file the manifest does not expect', variant('extra', (f) => editManifest(f, (m) => m.files.push({ path: 'agent.pid', sha256: '0'.repeat(64), bytes: 1 }))), '清单列出的文件不对'],
    ];
    const target = dir('yj-usb-hostile-target-');
    for (const [what, folder, says] of cases) {
      const r = await cli('restore', '--from', folder, '--data', target);
      expect(r.code, what).toBe(1);
      expect(r.err, what).toContain(says);
      expect(r.err, what).not.toMatch(/\n\s+at /);
      expect(listing(target), what).toEqual([]);
    }
    recordDrill({ name: 'hostile: station backup folders', faults: cases.length, acknowledged: 0, stored: 0, notes: [cases.map(([w]) => w).join(', ') + ': each refused, the terminal untouched'] });
  });
});
