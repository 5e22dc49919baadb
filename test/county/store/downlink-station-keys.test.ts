// The key a station knows a county program or notice by (hub migration 0017), on SQLite and on PostgreSQL: rows
// made before it keep the `cp-<id>` / `cn-<id>` stations already had, so the downlink does not change at all; new
// rows get a random key; and when two rows share an old key (two counties merged into a province), each reaches
// its own stations, and a unit change that would bring both to one station is refused and changes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openHubDatabase, hubDatabaseRole, hubTooNew, HUB_BACKUP_PREFIX } from '../../../county/store/database.ts';
import { postgresHubDatabase, sqliteHubDatabase, type HubDatabase, type HubDialect } from '../../../county/store/hub-database.ts';
import { migrations } from '../../../county/store/migrations/index.ts';
import { migratePostgres } from '../../../county/store/postgres/migrate.ts';
import { openDurableDatabase } from '../../../common/durable-database.ts';
import { OrgStore } from '../../../county/store/org-store.ts';
import { DownlinkStore, type CountyProgramInput } from '../../../county/store/downlink-store.ts';
import { HubError } from '../../../county/hub-error.ts';
import { freshPostgresDatabase, hubDialects } from '../../support/postgres-database.ts';
import { tempDir } from '../../support/station-fixture.ts';
import { openTestHubDatabase } from '../support/hub-database-fixture.ts';

const T = Date.UTC(2026, 11, 7, 2, 0, 0);
const TODAY = '2026-12-07';
const UUID_KEY = /^c[pn]-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

const program = (title: string): CountyProgramInput => ({
  title,
  kind: 'group_viewing',
  rule: { type: 'once', date: '2026-12-12', time: '09:30' },
  course: { title, streamUrl: 'https://live.example.gov.cn/a.m3u8', sha256: null, durationMs: null },
  checkinOpensBeforeMin: 15,
  checkinClosesAfterMin: 30,
  notes: null,
});

/** A hub database at schema 16 (the release before the keys), then the same database opened by this release. */
async function fromPreviousRelease(dialect: HubDialect, fill: (db: HubDatabase) => Promise<void>): Promise<HubDatabase> {
  const previous = migrations.filter((m) => m.version < 17);
  if (dialect === 'sqlite') {
    const dir = tempDir('yj-hubdb-keys-');
    const old = openDurableDatabase(`${dir}/county.sqlite`, { migrations, backupPrefix: HUB_BACKUP_PREFIX, role: hubDatabaseRole, tooNew: hubTooNew }, { targetVersion: 16 });
    expect(old.pragma('user_version', { simple: true })).toBe(16);
    await fill(sqliteHubDatabase(old));
    old.close();
    const db = openHubDatabase(dir);
    const database = sqliteHubDatabase(db);
    closers.push(async () => {
      await database.close();
      db.close();
    });
    return database;
  }
  const url = await freshPostgresDatabase();
  const old = postgresHubDatabase(url);
  await migratePostgres(old.kysely, previous, hubTooNew);
  await fill(old);
  await migratePostgres(old.kysely, migrations, hubTooNew);
  closers.push(() => old.close());
  return old;
}

describe.each(hubDialects())('station keys of programs and notices on %s', (dialect) => {
  it('keep cp-<id> and cn-<id> for rows made before migration 0017: so stations see the same ids', async () => {
    const rule = JSON.stringify({ type: 'weekly', days: [3], time: '19:30' });
    let before: unknown;
    const database = await fromPreviousRelease(dialect, async (old) => {
      for (const title of ['冬训直播', '乡村振兴']) {
        await sql`INSERT INTO county_programs (title, kind, rule, course_title, stream_url, checkin_opens_before_min, checkin_closes_after_min, created_at, updated_at)
          VALUES (${title}, 'group_viewing', ${rule}, ${title}, 'https://live.example.gov.cn/a.m3u8', 15, 30, ${T}, ${T})`.execute(old.kysely);
      }
      await sql`INSERT INTO county_notices (text, until, created_at) VALUES ('本周六冬训', NULL, ${T})`.execute(old.kysely);
      // What the previous release sent: the same query over the same rows, ids derived as it derived them.
      const programs = await sql<{ id: number; title: string }>`SELECT id, title FROM county_programs ORDER BY id`.execute(old.kysely);
      before = programs.rows.map((r) => [`cp-${r.id}`, r.title]);
    });
    const store = new DownlinkStore(database.kysely);
    const sent = await store.downlink(TODAY);
    expect(sent.programs.map((p) => [p.id, p.title])).toEqual(before);
    expect(sent.programs.map((p) => p.id)).toEqual(['cp-1', 'cp-2']);
    expect(sent.notices.map((n) => n.id)).toEqual(['cn-1']);

    // A new row's key is random: no other hub makes it, so it can travel to a province with its program.
    const added = await store.addProgram(program('新专题'), T);
    const notice = await store.addNotice({ text: '新通知', until: null }, T);
    expect(added.stationKey).toMatch(UUID_KEY);
    expect(added.stationKey.startsWith('cp-')).toBe(true);
    expect(notice.stationKey.startsWith('cn-')).toBe(true);
    expect(notice.stationKey).toMatch(UUID_KEY);
    expect((await store.downlink(TODAY)).programs.map((p) => p.id)).toEqual(['cp-1', 'cp-2', added.stationKey]);
    // An edit keeps the key: the station updates the same program.
    const edited = await store.updateProgram(added.id, program('新专题（改期）'), T + 1);
    expect(edited.stationKey).toBe(added.stationKey);
  });

  it('let two rows share an old key when no station can get both, and refuse a unit change that would', async () => {
    const database = await openTestHubDatabase(dialect);
    closers.push(() => database.close());
    const org = new OrgStore(database.kysely);
    const store = new DownlinkStore(database.kysely);
    await org.addUnit({ id: 'gs', parentId: null, level: 'province', name: '甘肃省' }, T);
    for (const [id, name] of [['gs-a', '甲县'], ['gs-b', '乙县'], ['gs-c', '丙县']] as const) await org.addUnit({ id, parentId: 'gs', level: 'county', name }, T);
    await org.addUnit({ id: 'gs-a-1', parentId: 'gs-a', level: 'township', name: '甲镇' }, T);
    // Two counties' programs and notices from before 0017, both `cp-1` / `cn-1`, as a merge leaves them.
    const a = await store.addProgram(program('甲县直播'), T, 'gs-a');
    const b = await store.addProgram(program('乙县直播'), T, 'gs-b');
    const an = await store.addNotice({ text: '甲县通知', until: null }, T, 'gs-a');
    const bn = await store.addNotice({ text: '乙县通知', until: null }, T, 'gs-b');
    await database.kysely.updateTable('county_programs').set({ station_key: 'cp-1' }).execute();
    await database.kysely.updateTable('county_notices').set({ station_key: 'cn-1' }).execute();

    const atA = await store.downlink(TODAY, [], ['gs', 'gs-a', 'gs-a-1']);
    expect(atA.programs.map((p) => [p.id, p.title])).toEqual([['cp-1', '甲县直播']]);
    expect(atA.notices.map((n) => [n.id, n.text])).toEqual([['cn-1', '甲县通知']]);
    const atB = await store.downlink(TODAY, [], ['gs', 'gs-b']);
    expect(atB.programs.map((p) => [p.id, p.title])).toEqual([['cp-1', '乙县直播']]);

    // Up to the province, to every station, or down into A: A's stations would get two `cp-1`. Refused, unchanged.
    const refusal = (key: string) => expect.objectContaining({ status: 409, code: 'station_key_clash', params: { key } });
    for (const unit of ['gs', null, 'gs-a', 'gs-a-1']) {
      await expect(store.updateProgram(b.id, program('乙县直播'), T + 1, unit)).rejects.toThrow(HubError);
      await expect(store.updateProgram(b.id, program('乙县直播'), T + 1, unit)).rejects.toEqual(refusal('cp-1'));
      await expect(store.updateNotice(bn.id, { text: '乙县通知', until: null }, unit)).rejects.toEqual(refusal('cn-1'));
    }
    expect((await store.getProgram(b.id))?.unitId).toBe('gs-b');
    expect((await store.getNotice(bn.id))?.unitId).toBe('gs-b');
    expect(await store.downlink(TODAY, [], ['gs', 'gs-a', 'gs-a-1'])).toEqual(atA);

    // To a county beside both: allowed, key kept. Without a unit change, an edit is never refused.
    expect((await store.updateProgram(b.id, program('乙县直播'), T + 1, 'gs-c')).stationKey).toBe('cp-1');
    expect((await store.updateNotice(bn.id, { text: '丙县通知', until: null }, 'gs-c')).stationKey).toBe('cn-1');
    expect((await store.updateProgram(a.id, program('甲县直播（改）'), T + 2)).stationKey).toBe('cp-1');
    expect((await store.updateNotice(an.id, { text: '甲县通知（改）', until: null })).unitId).toBe('gs-a');
    // Once the other is removed, the key is A's alone: moving A to the top is fine.
    await store.removeProgram(b.id, T + 3);
    expect((await store.updateProgram(a.id, program('全省直播'), T + 4, null)).unitId).toBeUndefined();
  });
});
