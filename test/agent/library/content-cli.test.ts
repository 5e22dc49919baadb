// `yuanjiao content …` run in-process against a real data directory and real ffmpeg: import of files and
// folders with foreground conversion, list, verify, remove (refused while a program needs the course), log.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import type { Course } from '../../../content/course-store.ts';
import type { ContentLogEntry } from '../../../content/content-log.ts';
import { createStation, tempDir } from '../../support/station-fixture.ts';
import { ffprobe, makeMedia } from '../../content/media-fixtures.ts';

let media: string;
let dir: string;
const src = (...parts: string[]) => path.join(media, ...parts);

beforeAll(async () => {
  media = tempDir('yj-cli-media-');
  await Promise.all([
    makeMedia(src('good.mp4'), 'mp4', 2),
    makeMedia(src('folder', '第一讲.mpg'), 'mpeg2', 2),
    makeMedia(src('folder', '子目录', '第二讲 (上).mp4'), 'mp4', 2),
    makeMedia(src('old.avi'), 'avi', 2),
  ]);
  fs.writeFileSync(src('folder', '说明.txt'), '课件说明');
  fs.writeFileSync(src('folder', 'photo.jpg'), 'not even a picture');
  fs.writeFileSync(src('broken.mp4'), 'plain text');
});

afterAll(() => fs.rmSync(media, { recursive: true, force: true }));

beforeEach(() => {
  dir = tempDir('yj-cli-content-');
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(['node', 'yuanjiao', ...args, '--data', dir], { out: (t) => stdout.push(t), err: (t) => stderr.push(t) });
  return { code, out: stdout.join('\n'), err: stderr.join('\n') };
}

async function list(...extra: string[]): Promise<(Course & { conversion: { state: string } | null })[]> {
  const r = await run('content', 'list', '--json', ...extra);
  expect(r.code).toBe(0);
  return JSON.parse(r.out);
}

describe('content import', () => {
  it('imports one file with a title and series; list shows it with size, status and source', async () => {
    const r = await run('content', 'import', src('good.mp4'), '--title', '学习贯彻 党的二十大', '--series', '专题学习');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/^已入库 \/ stored: 1 “学习贯彻 党的二十大” 2 秒/);
    expect(await list()).toMatchObject([{ id: 1, title: '学习贯彻 党的二十大', series: '专题学习', status: 'ready', source: 'manual', bytes: fs.statSync(src('good.mp4')).size, conversion: null }]);
    const table = await run('content', 'list');
    expect(table.out).toMatch(/1\s+学习贯彻 党的二十大\s+专题学习\s+2 秒\s+\S+ KB\s+可播放\s+手动/);
    // The station log has it too, written by the CLI.
    const db = createStation({ dir }).db;
    try {
      expect(queryStationLog(db, { type: 'content' })).toMatchObject([{ actor: 'cli', message: expect.stringMatching(/^课件入库：学习贯彻 党的二十大/) }]);
    } finally {
      db.close();
    }
  });

  it('imports a folder’s video files (subfolders too), converts the legacy one in the foreground with progress', async () => {
    const r = await run('content', 'import', src('folder'), '--series', '党课', '--source', 'usb');
    expect(r.code).toBe(0);
    expect(r.out).toContain('已入库 / stored: 1 “第一讲”');
    expect(r.out).toContain('需转码 / needs transcode (mpeg2video/mp2 in mpeg)');
    expect(r.out).toContain('已入库 / stored: 2 “第二讲 (上)”');
    expect(r.out).toMatch(/转换中 \/ converting 1 “第一讲”：\d+ %/);
    expect(r.out).toMatch(/转换完成 \/ converted: 1 “第一讲”（[\d.]+ 倍实时速度/);
    expect(r.out).not.toContain('说明.txt');
    const courses = await list();
    expect(courses.map((c) => [c.title, c.series, c.status, c.source])).toEqual([
      ['第一讲', '党课', 'ready', 'usb'],
      ['第二讲 (上)', '党课', 'ready', 'usb'],
    ]);
    expect(ffprobe(courses[0]!.localPath!)).toMatchObject({ video: { codec: 'h264' }, audio: { codec: 'aac' } });
  });

  it('--no-convert leaves the job queued for the agent; content convert runs it', async () => {
    const r = await run('content', 'import', src('old.avi'), '--no-convert');
    expect(r.code).toBe(0);
    expect(r.out).toContain('已排队 1 个转换');
    expect(await list()).toMatchObject([{ status: 'converting', conversion: { state: 'pending' } }]);
    const c = await run('content', 'convert');
    expect(c.code).toBe(0);
    expect(c.out).toContain('转换完成 / converted: 1 “old”');
    expect(await list()).toMatchObject([{ status: 'ready', conversion: { state: 'done' } }]);
  });

  it('with an agent running on the data directory, the conversion is left to the agent', async () => {
    fs.writeFileSync(path.join(dir, 'agent.pid'), String(process.pid));
    const r = await run('content', 'import', src('old.avi'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('已排队 1 个转换');
    expect(await list()).toMatchObject([{ status: 'converting' }]);
    expect((await run('content', 'convert')).code).toBe(1);
  });

  it('a refused file: the others are imported, the refusal is explained, exit 1', async () => {
    const folder = tempDir('yj-cli-mixed-');
    try {
      fs.copyFileSync(src('broken.mp4'), path.join(folder, 'a-broken.mp4'));
      fs.copyFileSync(src('good.mp4'), path.join(folder, 'b-good.mp4'));
      const r = await run('content', 'import', folder);
      expect(r.code).toBe(1);
      expect(r.err).toContain('拒收 / refused: a-broken.mp4：不是可识别的视频文件');
      expect(r.err).toContain('[not_media]');
      expect(r.err).toContain('1 个文件被拒收');
      expect((await list()).map((c) => c.title)).toEqual(['b-good']);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('the same file again is reported as already in the library, exit 0', async () => {
    await run('content', 'import', src('good.mp4'));
    const again = await run('content', 'import', src('good.mp4'));
    expect(again).toMatchObject({ code: 0 });
    expect(again.out).toBe('已在库中 / already in the library: 1 “good”');
  });

});

describe('content verify', () => {
  it('exits 0 for an intact library and 1 naming a course whose file changed', async () => {
    await run('content', 'import', src('good.mp4'));
    const ok = await run('content', 'verify');
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.out).toContain('已检查 1 个课件，0 个有问题');
    const [course] = await list();
    fs.appendFileSync(course!.localPath!, 'tampered');
    const bad = await run('content', 'verify');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('问题 / problem: 1 “good”：文件大小与入库时不同');
  });
});

describe('content remove', () => {
  it('refuses while a program needs the course within 30 days, naming the program; removes it otherwise', async () => {
    await run('content', 'import', src('good.mp4'));
    const [course] = await list();
    const station = createStation({ dir });
    const date = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const program = station.addProgram({ courseId: course!.id, rule: { type: 'once', date, time: '19:30' }, title: '月度集中收看' }, Date.now());
    station.close();
    const refused = await run('content', 'remove', String(course!.id));
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`节目 ${program.id}“月度集中收看”`);
    expect(fs.existsSync(course!.localPath!)).toBe(true);

    const again = createStation({ dir });
    again.db.prepare('UPDATE programs SET removed_at = 1 WHERE id = ?').run(program.id);
    again.close();
    const removed = await run('content', 'remove', String(course!.id));
    expect(removed).toMatchObject({ code: 0, out: `已删除 / removed: ${course!.id} “good”` });
    expect(fs.existsSync(course!.localPath!)).toBe(false);
    expect(await list()).toEqual([]);
    expect(await list('--all')).toMatchObject([{ id: course!.id, status: 'removed' }]);
    expect((await run('content', 'remove', String(course!.id))).code).toBe(1);
    expect((await run('content', 'remove', 'abc')).code).toBe(2);
  });
});

describe('content log', () => {
  it('prints the receive/store/play log, filtered by date and event', async () => {
    await run('content', 'import', src('good.mp4'));
    await run('content', 'import', src('good.mp4'));
    const all = await run('content', 'log', '--json');
    const entries = JSON.parse(all.out) as ContentLogEntry[];
    expect(entries.map((e) => [e.event, (e.detail as { outcome?: string } | null)?.outcome ?? null])).toEqual([
      ['received', 'stored'],
      ['stored', null],
      ['received', 'duplicate'],
    ]);
    const table = await run('content', 'log');
    expect(table.out).toMatch(/接收\s+1 good\s+手动\s+good\.mp4/);
    expect(table.out).toContain('重复，库中已有');
    expect(table.out).toContain('共 3 条');
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    expect(JSON.parse((await run('content', 'log', '--since', tomorrow, '--json')).out)).toEqual([]);
    expect(JSON.parse((await run('content', 'log', '--event', 'stored', '--json')).out)).toHaveLength(1);
    expect((await run('content', 'log', '--since', '12/01/2026')).code).toBe(2);
    expect((await run('content', 'log', '--event', 'burned')).code).toBe(2);
  });
});
