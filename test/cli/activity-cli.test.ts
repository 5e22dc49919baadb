// `yuanjiao activity`: the branch activity register from the command line, against a real data directory —
// entering, listing, showing, withdrawing (the record stays), check-in, photos from a folder, the rhythm.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main, type Output } from '../../cli/main.ts';
import { openStationDatabase } from '../../agent/store/database.ts';
import { MemberStore } from '../../agent/roster/member-store.ts';
import { pendingOutbox } from '../../agent/outbox/outbox-store.ts';
import { runOwnMediaFfmpeg } from '../../content/ffmpeg.ts';
import { PHOTO_MAX_BYTES } from '../../agent/activities/activity-photos.ts';
import { tempDir } from '../support/station-fixture.ts';

let dir: string;

beforeEach(() => {
  dir = tempDir('yj-activity-cli-');
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: Output = { out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
  const code = await main(['node', 'yuanjiao', ...args, '--data', dir], io);
  return { code, out: stdout.join('\n'), err: stderr.join('\n') };
}

function withDb<T>(fn: (db: ReturnType<typeof openStationDatabase>) => T): T {
  const db = openStationDatabase(dir);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

const ADD = ['activity', 'add', '--kind', 'committee', '--date', '2026-11-10', '--time', '19:30', '--place', '党员活动室', '--host', '王书记', '--topic', '研究发展党员工作'];

describe('yuanjiao activity', () => {
  it('adds, lists and shows an activity, and reports it to the county once', async () => {
    const added = await run(...ADD, '--minutes', '一、传达上级精神\n二、讨论');
    expect(added.code, added.err).toBe(0);
    expect(added.out).toContain('已登记第 1 号支部活动');

    const list = await run('activity', 'list', '--month', '2026-11', '--json');
    const rows = JSON.parse(list.out).activities as { id: number; kind: string; topic: string; withdrawn: unknown }[];
    expect(rows.map((r) => [r.id, r.kind, r.topic, r.withdrawn])).toEqual([[1, 'committee', '研究发展党员工作', null]]);

    const show = await run('activity', 'show', '1');
    expect(show.code).toBe(0);
    expect(show.out).toContain('支委会：研究发展党员工作');
    expect(show.out).toContain('二、讨论');

    const events = withDb((db) => pendingOutbox(db, 100).filter((e) => e.type === 'activity'));
    expect(events).toHaveLength(1);
    expect(events[0]!.body).toMatchObject({ activityId: 1, revision: 1, kind: 'committee', date: '2026-11-10', minutes: '一、传达上级精神\n二、讨论' });
  });

  it('refuses a bad field with a clear message and records nothing', async () => {
    const bad = await run('activity', 'add', '--kind', 'committee', '--date', '2026-13-40', '--time', '19:30', '--place', '室', '--host', '王', '--topic', '议题');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('日期填写有误');
    const blank = await run('activity', 'add', '--kind', 'committee', '--date', '2026-11-10', '--time', '19:30', '--place', '  ', '--host', '王', '--topic', '议题');
    expect(blank.code).toBe(1);
    expect(blank.err).toContain('地点填写有误（不能为空）');
    // A record of what was held: a day still to come is refused.
    const future = await run('activity', 'add', '--kind', 'committee', '--date', '2099-01-01', '--time', '19:30', '--place', '室', '--host', '王', '--topic', '议题');
    expect(future.code).toBe(1);
    expect(future.err).toContain('日期填写有误：“2099-01-01”');
    expect(withDb((db) => (db.prepare('SELECT count(*) AS n FROM activities').get() as { n: number }).n)).toBe(0);
  });

  it('remove withdraws: the record stays with who, when and why, and the county hears it', async () => {
    await run(...ADD);
    const removed = await run('activity', 'remove', '1', '--reason', '日期登记错误');
    expect(removed.code, removed.err).toBe(0);
    const show = JSON.parse((await run('activity', 'show', '1', '--json')).out);
    expect(show.activity.topic).toBe('研究发展党员工作');
    expect(show.activity.withdrawn).toMatchObject({ by: 'cli', reason: '日期登记错误' });
    const list = JSON.parse((await run('activity', 'list', '--month', '2026-11', '--json')).out);
    expect(list.activities).toHaveLength(1);

    const again = await run('activity', 'remove', '1', '--reason', '再次');
    expect(again.code).toBe(1);
    expect(again.err).toContain('已撤销');
    // The table itself refuses an edit or a delete.
    withDb((db) => {
      expect(() => db.prepare("UPDATE activities SET topic = 'x' WHERE id = 1").run()).toThrow(/not edited/);
      expect(() => db.prepare('DELETE FROM activities WHERE id = 1').run()).toThrow(/never deleted/);
    });
    const bodies = withDb((db) => pendingOutbox(db, 100).filter((e) => e.type === 'activity').map((e) => e.body as { revision: number; withdrawn: unknown }));
    expect(bodies.map((b) => b.revision)).toEqual([1, 3]);
    expect(bodies[1]!.withdrawn).toMatchObject({ reason: '日期登记错误' });
  });

  it('takes check-ins of members, cards and guests only while its check-in is open', async () => {
    const ids = withDb((db) => {
      const m = new MemberStore(db);
      return [
        m.add({ name: '张三', gender: null, category: 'full', branch: null, cardUid: 'CARD-1', phone: null, activeFrom: null, activeTo: null }, 0).id,
        m.add({ name: '李四', gender: null, category: 'probationary', branch: null, cardUid: null, phone: null, activeFrom: null, activeTo: null }, 0).id,
      ];
    });
    await run(...ADD);
    const early = await run('activity', 'checkin', '1', '--member', String(ids[0]));
    expect(early.code).toBe(1);
    expect(early.err).toContain('尚未开始签到');
    expect((await run('activity', 'checkin-open', '1')).code).toBe(0);
    expect((await run('activity', 'checkin', '1', '--card', 'CARD-1')).out).toContain('张三 签到成功');
    expect((await run('activity', 'checkin', '1', '--member', String(ids[0]))).out).toContain('已签到');
    expect((await run('activity', 'checkin', '1', '--guest', '赵六', '--category', 'activist')).out).toContain('赵六 签到成功');
    const closed = await run('activity', 'checkin-close', '1');
    expect(closed.out).toContain('应到 2 人，实到 1 人，列席 1 人');
    const late = await run('activity', 'checkin', '1', '--member', String(ids[1]));
    expect(late.code).toBe(1);
    expect(late.err).toContain('签到已结束');
    const final = withDb((db) => pendingOutbox(db, 100).filter((e) => e.type === 'activity').at(-1)!.body);
    expect(final).toMatchObject({ revision: 2, registered: 2, attendedRegistered: 1, guests: 1 });
  });

  it('imports photos from a folder, refusing a non-image and a too-large file by content and size', async () => {
    await run(...ADD);
    const stick = path.join(dir, 'usb');
    fs.mkdirSync(stick);
    await runOwnMediaFfmpeg(['-v', 'error', '-f', 'lavfi', '-i', 'color=c=red:s=640x480', '-frames:v', '1', path.join(stick, 'a-photo.jpg')]);
    fs.writeFileSync(path.join(stick, 'b-notes.jpg'), '这不是照片，只是文字');
    const big = path.join(stick, 'c-huge.jpg');
    fs.writeFileSync(big, Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    fs.truncateSync(big, PHOTO_MAX_BYTES + 1);

    const res = await run('activity', 'photos', '1', stick);
    expect(res.code, res.err).toBe(0);
    expect(res.out).toContain('已导入 a-photo.jpg');
    expect(res.out).toContain('b-notes.jpg 不是 JPEG 或 PNG 照片');
    expect(res.out).toContain('c-huge.jpg 超过 20 MB');

    const show = JSON.parse((await run('activity', 'show', '1', '--json')).out);
    expect(show.photos).toHaveLength(1);
    expect(show.photos[0]).toMatchObject({ originalName: 'a-photo.jpg', format: 'jpeg', state: 'ok' });
    const sha = show.photos[0].sha256 as string;
    expect(fs.existsSync(path.join(dir, 'activity-photos', 'thumbs', `${sha}.jpg`))).toBe(true);
    const last = withDb((db) => pendingOutbox(db, 100).filter((e) => e.type === 'activity').at(-1)!.body);
    expect(last).toMatchObject({ photoHashes: [sha] });

    // A stored photo changed on disk is found by its hash.
    fs.appendFileSync(path.join(dir, 'activity-photos', `${sha}.jpg`), 'x');
    expect(JSON.parse((await run('activity', 'show', '1', '--json')).out).photos[0].state).toBe('changed');

    const only = path.join(dir, 'usb2');
    fs.mkdirSync(only);
    fs.writeFileSync(path.join(only, 'x.png'), 'nope');
    const none = await run('activity', 'photos', '1', only);
    expect(none.code).toBe(1);
    expect(withDb((db) => (db.prepare('SELECT count(*) AS n FROM activity_photos').get() as { n: number }).n)).toBe(1);
  });
});
