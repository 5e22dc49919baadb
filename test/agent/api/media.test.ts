// The player's media API over real HTTP: course info, and a real ffmpeg-made MP4 served with byte ranges.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { runOwnMediaFfmpeg } from '../../../content/ffmpeg.ts';
import { CourseStore } from '../../../content/course-store.ts';
import { createStation, tempDir } from '../../support/station-fixture.ts';
import { refusalText } from '../../../kiosk/ui/src/i18n/refusals.ts';

let dir: string;
let agent: RunningAgent;
let mp4: Buffer;
const ids = { local: 0, missing: 0, stream: 0, quarantined: 0 };

beforeAll(async () => {
  dir = tempDir('yj-media-');
  const file = path.join(dir, 'lesson.mp4');
  await runOwnMediaFfmpeg(
    [
      '-y',
      '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=2',
      '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=2',
      '-map', '0:v', '-map', '1:a',
      '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-t', '2', '-movflags', '+faststart', file,
    ],
    { timeoutMs: 60_000 },
  );
  mp4 = fs.readFileSync(file);
  const station = createStation({ dir });
  ids.local = station.addCourse({ title: '党章学习 第一讲', localPath: file, durationMs: 2_000 }).id;
  ids.missing = station.addCourse({ title: '丢失的课件', localPath: path.join(dir, 'gone.mp4') }).id;
  // The fixture always gives a course a local path; a stream-only course goes through the store itself.
  const courses = new CourseStore(station.db);
  ids.stream = courses.add({ title: '县级直播', series: null, source: 'county', localPath: null, streamUrl: 'http://127.0.0.1:9/live/index.m3u8', durationMs: null, sha256: null }, 0).id;
  ids.quarantined = station.addCourse({ title: '校验失败的课件', localPath: file }).id;
  courses.setStatus(ids.quarantined, 'quarantined', 0);
  station.close();
  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'error' });
}, 60_000);

afterAll(async () => {
  await agent?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const url = (p: string) => new URL(p, agent.url).toString();

describe('GET /api/courses/:id', () => {
  it('tells the player where the local copy is and what type it has', async () => {
    const res = await fetch(url(`/api/courses/${ids.local}`));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      id: ids.local,
      title: '党章学习 第一讲',
      durationMs: 2_000,
      localUrl: `/api/courses/${ids.local}/media`,
      localType: 'video/mp4',
      streamUrl: null,
    });
  });

  it('offers only the stream for a stream course, and no local copy when the file is gone or quarantined', async () => {
    const stream = (await (await fetch(url(`/api/courses/${ids.stream}`))).json()) as { localUrl: string | null; streamUrl: string | null };
    expect(stream).toMatchObject({ localUrl: null, streamUrl: 'http://127.0.0.1:9/live/index.m3u8' });
    const missing = (await (await fetch(url(`/api/courses/${ids.missing}`))).json()) as { localUrl: string | null };
    expect(missing.localUrl).toBeNull();
    const quarantined = (await (await fetch(url(`/api/courses/${ids.quarantined}`))).json()) as { localUrl: string | null };
    expect(quarantined.localUrl).toBeNull();
  });

  it('answers 404 with the course id for an unknown course, which the screen says in Chinese', async () => {
    const res = await fetch(url('/api/courses/999'));
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; params: { courseId: number } } };
    expect(body.error).toEqual({ code: 'course_not_found', params: { courseId: 999 } });
    expect(refusalText(body.error, 'zh-CN')).toMatch(/^课件 999 不存在/);
  });
});

describe('GET /api/courses/:id/media', () => {
  it('serves the whole file as video/mp4 and says it accepts ranges', async () => {
    const res = await fetch(url(`/api/courses/${ids.local}/media`));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(Number(res.headers.get('content-length'))).toBe(mp4.length);
    expect(Buffer.from(await res.arrayBuffer()).equals(mp4)).toBe(true);
  });

  it('answers a byte range with 206, Content-Range and exactly those bytes', async () => {
    const res = await fetch(url(`/api/courses/${ids.local}/media`), { headers: { range: 'bytes=100-1123' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 100-1123/${mp4.length}`);
    expect(res.headers.get('content-length')).toBe('1024');
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await res.arrayBuffer()).equals(mp4.subarray(100, 1124))).toBe(true);
  });

  it('answers open-ended and suffix ranges the way a video element asks for them', async () => {
    const from = mp4.length - 700;
    const open = await fetch(url(`/api/courses/${ids.local}/media`), { headers: { range: `bytes=${from}-` } });
    expect(open.status).toBe(206);
    expect(open.headers.get('content-range')).toBe(`bytes ${from}-${mp4.length - 1}/${mp4.length}`);
    expect(Buffer.from(await open.arrayBuffer()).equals(mp4.subarray(from))).toBe(true);

    const suffix = await fetch(url(`/api/courses/${ids.local}/media`), { headers: { range: 'bytes=-300' } });
    expect(suffix.status).toBe(206);
    expect(Buffer.from(await suffix.arrayBuffer()).equals(mp4.subarray(mp4.length - 300))).toBe(true);
  });

  it('refuses a range beyond the end with 416', async () => {
    const res = await fetch(url(`/api/courses/${ids.local}/media`), { headers: { range: `bytes=${mp4.length + 10}-${mp4.length + 20}` } });
    expect(res.status).toBe(416);
    await res.arrayBuffer();
  });

  it('answers 404 with the code and values for an unknown course, a missing file, no local copy or a quarantined course, which the screen says in Chinese', async () => {
    const cases: [number, string, Record<string, unknown>, RegExp][] = [
      [999, 'course_not_found', { courseId: 999 }, /^课件 999 不存在/],
      [ids.missing, 'media_missing', { title: '丢失的课件', path: expect.any(String) }, /^课件“丢失的课件”的文件不存在/],
      [ids.stream, 'no_local_copy', { title: '县级直播' }, /^课件“县级直播”没有本地文件/],
      [ids.quarantined, 'course_quarantined', { title: '校验失败的课件' }, /^“校验失败的课件”：课件未通过校验/],
    ];
    for (const [id, code, params, message] of cases) {
      const res = await fetch(url(`/api/courses/${id}/media`));
      expect(res.status, `course ${id}`).toBe(404);
      const body = (await res.json()) as { error: { code: string; params: Record<string, string | number> } };
      expect(body.error).toEqual({ code, params });
      expect(refusalText(body.error, 'zh-CN')).toMatch(message);
      expect(refusalText(body.error, 'en')).toMatch(/\b(course|file|copy)\b/);
    }
  });
});
