// Drill: a county hub's records backed up, restored and moved — `yuanjiao county backup`/`restore` on SQLite and on
// PostgreSQL, `county migrate` from SQLite into PostgreSQL — each giving back every table's row count and the
// dashboard's overview of the last months, read again here on the target; a target that already holds records
// (or these stations) refused and left as it was; hostile backup files (cut short, altered, foreign, a manifest
// that lies or is no JSON, a station's database) refused before anything is touched.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type Output } from '../../cli/main.ts';
import { enroll } from '../../agent/uplink/enrollment.ts';
import { drainOutbox } from '../../agent/uplink/uplink-client.ts';
import { queueMonthSummaries } from '../../agent/uplink/month-summary.ts';
import { MAX_REPORT_BYTES } from '../../protocol/wire.pure.ts';
import { hubTooNew, openHubDatabase } from '../../county/store/database.ts';
import { sqliteHubDatabase, type HubDatabase } from '../../county/store/hub-database.ts';
import { openPostgresHub } from '../../county/store/postgres/open.ts';
import { hubContext } from '../../county/hub-context.ts';
import { hubSnapshot, type HubSnapshot } from '../../county/backup/hub-snapshot.ts';
import { DATABASE_FILE } from '../../agent/store/database.ts';
import { createStation, tempDir } from '../support/station-fixture.ts';
import { holdViewing, registerStation, staffToken, startTestHub } from '../county/support/hub-fixture.ts';
import { freshPostgresDatabase, hubDialects, postgresClusterUrl } from '../support/postgres-database.ts';
import { recordDrill } from '../support/drill-log.ts';

const dirs: string[] = [];
const dir = (prefix: string): string => {
  const d = tempDir(prefix);
  dirs.push(d);
  return d;
};
const notes: string[] = [];
let checked = 0;
let refused = 0;
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  if (checked + refused > 0) recordDrill({ name: 'county backup, restore and move', faults: refused, acknowledged: checked, stored: checked, notes });
});

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Output = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await main(['node', 'yuanjiao', ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const DAY = 86_400_000;
/** One instant for every overview read here, as the manifests' createdAt is for theirs. */
const AT = Date.now();

/** A hub (SQLite in `dataDir`, or PostgreSQL at `databaseUrl`) with two enrolled stations that held viewings this month and last. */
async function countyWithRecords(dataDir: string, databaseUrl?: string): Promise<string[]> {
  const hub = await startTestHub({ dataDir, databaseUrl });
  try {
    const admin = await staffToken(hub, 'admin', 'county_admin');
    const ids: string[] = [];
    for (const name of ['红旗村', '向阳社区']) {
      const { id, code } = await registerStation(hub, admin, name);
      ids.push(id);
      const station = createStation({ dir: dir('yj-move-station-') });
      const course = station.addCourse({ title: '学习课件' });
      const members = [1, 2, 3, 4].map((n) => station.addMember({ name: `${name}党员${n}` }).id);
      await enroll(station.db, { hubUrl: hub.url, code });
      holdViewing(station.db, { at: AT - 35 * DAY, courseId: course.id, title: '上月学习', memberIds: members.slice(0, 3) });
      holdViewing(station.db, { at: AT - 3_600_000, courseId: course.id, title: '本月学习', memberIds: members.slice(0, 2) });
      queueMonthSummaries(station.db, AT);
      const sent = await drainOutbox(station.db, { now: Date.now, options: { batchSize: 50, maxBatchBytes: MAX_REPORT_BYTES / 2, requestTimeoutMs: 15_000 } });
      expect(sent.failure).toBeNull();
      station.close();
    }
    return ids;
  } finally {
    await hub.stop();
  }
}

async function snapshotOf(target: { dataDir?: string; databaseUrl?: string }): Promise<HubSnapshot> {
  let database: HubDatabase;
  let close: () => void = () => undefined;
  if (target.databaseUrl !== undefined) {
    database = await openPostgresHub(target.databaseUrl, hubTooNew);
  } else {
    const db = openHubDatabase(target.dataDir!);
    database = sqliteHubDatabase(db);
    close = () => db.close();
  }
  try {
    return await hubSnapshot(database, AT);
  } finally {
    await database.close();
    close();
  }
}

function listing(d: string): string[] {
  return fs.existsSync(d) ? fs.readdirSync(d).sort() : [];
}

describe.each(hubDialects())('county backup and restore on %s', (dialect) => {
  it('gives back every count and the overview; a target with records needs --replace and keeps what it had', { timeout: 240_000 }, async () => {
    const sourceDir = dir('yj-county-src-');
    const sourceUrl = dialect === 'postgres' ? await freshPostgresDatabase() : undefined;
    await countyWithRecords(sourceDir, sourceUrl);
    const before = await snapshotOf({ dataDir: sourceDir, databaseUrl: sourceUrl });
    expect(before.counts['session_reports']).toBe(4);
    expect(before.counts['stations']).toBe(2);

    const file = path.join(dir('yj-county-backups-'), dialect === 'postgres' ? 'county.pgdump' : 'county.sqlite');
    const db = sourceUrl === undefined ? [] : ['--db', sourceUrl];
    const backedUp = await cli('county', 'backup', '--to', file, '--data', sourceDir, ...db);
    expect(backedUp.code, backedUp.err).toBe(0);
    expect(backedUp.out).toContain(`${file}.manifest.json`);
    const manifest = JSON.parse(fs.readFileSync(`${file}.manifest.json`, 'utf8')) as { counts: Record<string, number>; dialect: string };
    expect(manifest.dialect).toBe(dialect);
    expect(manifest.counts).toEqual(before.counts);

    // Cut short, with a manifest rewritten to match the cut file: the database's own check refuses it.
    const cut = path.join(path.dirname(file), `cut-${path.basename(file)}`);
    fs.writeFileSync(cut, fs.readFileSync(file).subarray(0, Math.floor(fs.statSync(file).size / 2)));
    const forged = JSON.parse(fs.readFileSync(`${file}.manifest.json`, 'utf8')) as { files: { path: string; bytes: number; sha256: string }[] };
    forged.files[0] = { path: path.basename(cut), bytes: fs.statSync(cut).size, sha256: createHash('sha256').update(fs.readFileSync(cut)).digest('hex') };
    fs.writeFileSync(`${cut}.manifest.json`, JSON.stringify(forged));
    const cutTarget = dir('yj-county-cut-');
    const cutUrl = dialect === 'postgres' ? await freshPostgresDatabase() : undefined;
    const cutRestore = await cli('county', 'restore', '--from', cut, '--data', cutTarget, ...(cutUrl === undefined ? [] : ['--db', cutUrl]));
    expect(cutRestore.code).toBe(1);
    expect(cutRestore.err).toMatch(dialect === 'postgres' ? /pg_restore 读不了/ : /已损坏|不是完好的 SQLite 数据库/);
    expect(listing(cutTarget)).toEqual([]);
    refused++;

    // Onto a fresh target.
    const targetDir = dir('yj-county-dst-');
    const targetUrl = dialect === 'postgres' ? await freshPostgresDatabase() : undefined;
    const tdb = targetUrl === undefined ? [] : ['--db', targetUrl];
    const restored = await cli('county', 'restore', '--from', file, '--data', targetDir, ...tdb);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toContain('与备份清单一致');
    const after = await snapshotOf({ dataDir: targetDir, databaseUrl: targetUrl });
    expect(after).toEqual(before);
    checked += Object.values(before.counts).reduce((a, b) => a + b, 0);

    // Again onto the same target, which now holds records: refused, nothing changed.
    const again = await cli('county', 'restore', '--from', file, '--data', targetDir, ...tdb);
    expect(again.code).toBe(1);
    expect(again.err).toContain('--replace');
    expect(again.err).toContain('未做任何改动');
    expect(await snapshotOf({ dataDir: targetDir, databaseUrl: targetUrl })).toEqual(before);
    refused++;

    // With --replace: what was there is kept aside, the backup's records in place.
    const replaced = await cli('county', 'restore', '--from', file, '--replace', '--data', targetDir, ...tdb);
    expect(replaced.code, replaced.err).toBe(0);
    expect(replaced.out).toMatch(/改名保留 \/ what was there is kept as: \S+/);
    expect(await snapshotOf({ dataDir: targetDir, databaseUrl: targetUrl })).toEqual(before);
    if (targetUrl !== undefined) {
      const client = new pg.Client({ connectionString: targetUrl });
      await client.connect();
      try {
        const kept = await client.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'hub_before_restore_%'");
        expect(kept.rowCount).toBe(1);
        const stations = await client.query(`SELECT count(*)::int AS n FROM ${kept.rows[0].nspname}.stations`);
        expect(stations.rows[0].n).toBe(2);
      } finally {
        await client.end();
      }
    } else {
      expect(listing(targetDir).filter((f) => f.startsWith('county.sqlite.before-restore-'))).toHaveLength(1);
    }
    notes.push(`${dialect}: backup → restore gave ${JSON.stringify(before.counts)} and the same overview; a second restore refused without --replace`);
  });

  it.runIf(dialect === 'postgres')('is refused while a hub is connected to the target database', { timeout: 120_000 }, async () => {
    const url = await freshPostgresDatabase();
    const sourceDir = dir('yj-county-live-');
    await countyWithRecords(sourceDir, url);
    const file = path.join(dir('yj-county-live-b-'), 'live.pgdump');
    expect((await cli('county', 'backup', '--to', file, '--data', sourceDir, '--db', url)).code).toBe(0);
    const target = await freshPostgresDatabase();
    const hub = await startTestHub({ dataDir: dir('yj-county-live-hub-'), databaseUrl: target });
    try {
      const r = await cli('county', 'restore', '--from', file, '--data', dir('yj-county-live-t-'), '--db', target);
      expect(r.code).toBe(1);
      expect(r.err).toContain('平台可能还在运行');
      refused++;
    } finally {
      await hub.stop();
    }
  });
});

describe.runIf(postgresClusterUrl() !== null)('county migrate from SQLite into PostgreSQL', () => {
  it('moves every row in one transaction with the same figures, places the stations under a unit, and refuses a second move', { timeout: 240_000 }, async () => {
    const sourceDir = dir('yj-migrate-src-');
    const stationIds = await countyWithRecords(sourceDir);
    const before = await snapshotOf({ dataDir: sourceDir });
    const sourceBytes = fs.readFileSync(path.join(sourceDir, 'county.sqlite'));

    // A province that set up its own units first.
    const url = await freshPostgresDatabase();
    const province = await openPostgresHub(url, hubTooNew);
    try {
      const org = hubContext(province).org;
      await org.addUnit({ id: 'gs', parentId: null, level: 'province', name: '甘肃省' }, AT);
      await org.addUnit({ id: 'gs-ly', parentId: 'gs', level: 'county', name: '陇右县' }, AT);
    } finally {
      await province.close();
    }

    const moved = await cli('county', 'migrate', '--from', sourceDir, '--to', url, '--under', 'gs-ly');
    expect(moved.code, moved.err).toBe(0);
    expect(moved.out).toContain('搬迁前后各表行数和近几个月的概览数字一致');
    const after = await snapshotOf({ databaseUrl: url });
    expect(after.figures).toEqual(before.figures);
    // Staff sessions stay behind (the staff log in again); the move is audited; the county's policy is the unit's.
    expect(after.counts).toEqual({ ...before.counts, org_units: 2, staff_sessions: 0, staff_audit: before.counts['staff_audit']! + 1, hub_settings: 1 });
    // The source is read, never changed.
    expect(fs.readFileSync(path.join(sourceDir, 'county.sqlite')).equals(sourceBytes)).toBe(true);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const placed = await client.query('SELECT id, unit_id FROM stations ORDER BY id');
      expect(placed.rows).toEqual([...stationIds].sort().map((id) => ({ id, unit_id: 'gs-ly' })));
      const settings = await client.query('SELECT key FROM hub_settings ORDER BY key');
      expect(settings.rows.map((r) => r.key)).toEqual(['policy:gs-ly']);
      // The next staff user the province adds takes a fresh id (the identities continue after the copied ones).
      const next = await client.query("INSERT INTO staff_users (username, role, password_hash, created_at, updated_at) VALUES ('next', 'viewer', 'x', 0, 0) RETURNING id");
      expect(Number(next.rows[0].id)).toBeGreaterThan(1);
      await client.query("DELETE FROM staff_users WHERE username = 'next'");
    } finally {
      await client.end();
    }
    checked += Object.values(before.counts).reduce((a, b) => a + b, 0);

    // The same county again: refused, naming its stations; the target as it was.
    const twice = await cli('county', 'migrate', '--from', sourceDir, '--to', url);
    expect(twice.code).toBe(1);
    expect(twice.err).toContain('已有这些站点');
    for (const id of stationIds) expect(twice.err).toContain(id);
    expect(await snapshotOf({ databaseUrl: url })).toEqual(after);
    // A unit that is not there: refused before anything is copied.
    const nowhere = await cli('county', 'migrate', '--from', sourceDir, '--to', await freshPostgresDatabase(), '--under', 'no-such-unit');
    expect(nowhere.code).toBe(1);
    expect(nowhere.err).toContain('no-such-unit');
    refused += 2;
    notes.push(`migrate: ${JSON.stringify(before.counts)} moved with the same overview; a second move refused`);
  });
});

describe('county restore refuses hostile files before touching anything', () => {
  it('cut short, altered, foreign, a lying or broken manifest, a station database', { timeout: 180_000 }, async () => {
    const sourceDir = dir('yj-hostile-src-');
    await countyWithRecords(sourceDir);
    const folder = dir('yj-hostile-files-');
    const good = path.join(folder, 'good.sqlite');
    expect((await cli('county', 'backup', '--to', good, '--data', sourceDir)).code).toBe(0);
    const bytes = fs.readFileSync(good);
    const manifest = fs.readFileSync(`${good}.manifest.json`, 'utf8');
    const variant = (name: string, content: Buffer | string, manifestText: string | null = manifest): string => {
      const f = path.join(folder, name);
      fs.writeFileSync(f, content);
      if (manifestText !== null) fs.writeFileSync(`${f}.manifest.json`, manifestText);
      return f;
    };
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(flipped.length / 2)]! ^= 0xff;
    const station = createStation({ dir: dir('yj-hostile-station-') });
    station.addMember({ name: '张三' });
    station.close();
    const lyingManifest = JSON.parse(manifest) as { files: { sha256: string }[] };
    lyingManifest.files[0]!.sha256 = '0'.repeat(64);
    const cases: [string, string, string][] = [
      ['cut short', variant('short.sqlite', bytes.subarray(0, Math.floor(bytes.length / 3))), '被截断'],
      ['one byte altered', variant('flipped.sqlite', flipped), '校验值与清单不符'],
      ['a text file', variant('foreign.sqlite', 'PK\u0003\u0004 not a backup at all'.repeat(50), null), '不是远教县级平台的备份'],
      ['a manifest that is no JSON', variant('badjson.sqlite', bytes, '{"format": "yuanjiao-backup", "files": ['), '不是有效的 JSON'],
      ['a manifest with another sha256', variant('lying.sqlite', bytes, JSON.stringify(lyingManifest)), '校验值与清单不符'],
      ['a manifest of something else', variant('other.sqlite', bytes, JSON.stringify({ format: 'yuanjiao-backup', formatVersion: 99 })), '不是远教的备份清单'],
      ['a station database', variant('station.sqlite', fs.readFileSync(path.join(station.dir, DATABASE_FILE)), null), '是站点数据库，不是县级平台数据库'],
    ];
    const target = dir('yj-hostile-target-');
    for (const [what, file, says] of cases) {
      const r = await cli('county', 'restore', '--from', file, '--data', target);
      expect(r.code, what).toBe(1);
      expect(r.err, what).toContain(says);
      expect(r.err, what).not.toMatch(/\n\s+at /);
      expect(listing(target), what).toEqual([]);
      refused++;
    }
    notes.push(`hostile: ${cases.map(([w]) => w).join(', ')} — each refused, the target untouched`);
  });
});
