// The conversion crash test: a converter process is killed with SIGKILL part-way through a transcode.
// The library must hold no half-made file, the course must still point at its intact original, and the
// next run must clean up, resume the job and finish it — once.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { importFile } from '../../content/ingest.ts';
import { CourseStore } from '../../content/course-store.ts';
import { ConversionJobs } from '../../content/conversion-jobs.ts';
import { queryContentLog } from '../../content/content-log.ts';
import { conversionPartPath, libraryPaths } from '../../content/library-files.ts';
import { processAlive } from '../../common/process-alive.ts';
import { createStation, tempDir, type Station } from '../support/station-fixture.ts';
import { waitFor } from '../support/wait.ts';
import { ffprobe, filesUnder, makeMedia, mp4Boxes } from './media-fixtures.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CHILD = path.join(HERE, 'convert-child.ts');
const REPO = path.resolve(HERE, '../..');

const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

interface Child {
  child: ChildProcess;
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function runChild(dataDir: string, mode: 'slow' | 'fast'): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, mode], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const lines: string[] = [];
  let buffer = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    lines.push(...parts);
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      if (code !== 0 && signal === null) lines.push(`stderr ${stderr}`);
      resolve({ code, signal });
    }),
  );
  return { child, lines, exited };
}

describe('SIGKILL during a conversion', () => {
  let station: Station;

  it('leaves no half file in the library, and the next run resumes the job and completes it once', async () => {
    const media = tempDir('yj-crash-media-');
    dirs.push(media);
    const source = await makeMedia(path.join(media, '党课 第三讲.mpg'), 'mpeg2', 4);
    station = createStation();
    dirs.push(station.dir);
    const imported = await importFile(station.db, station.dir, source, { source: 'inbox' });
    if (imported.outcome !== 'stored') throw new Error(imported.outcome);
    const course = imported.course;
    const original = course.localPath!;
    const store = libraryPaths(station.dir).store;
    const storedBefore = filesUnder(store);
    station.close();

    // First run: killed as soon as it has made progress.
    const first = runChild(station.dir, 'slow');
    const progressLine = await waitFor(() => first.lines.find((l) => /^progress 0\.\d*[1-9]/.test(l)), 20_000, 'progress from the child');
    const ffmpegPid = Number(progressLine.split(' ')[2]);
    expect(ffmpegPid).toBeGreaterThan(0);
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const db = createStation({ dir: station.dir }).db;
    try {
      // Nothing half-made in the store; the course still plays nothing but its intact original.
      expect(filesUnder(store)).toEqual(storedBefore);
      expect(new CourseStore(db).get(course.id)).toMatchObject({ status: 'converting', localPath: original });
      expect(fs.existsSync(original)).toBe(true);
      expect(new ConversionJobs(db).get(course.id)).toMatchObject({ state: 'running', workerPid: first.child.pid });
      expect(queryContentLog(db, { events: ['converted'] })).toEqual([]);
    } finally {
      db.close();
    }

    // Second run: a new process recovers the stale job and converts from the start.
    const second = runChild(station.dir, 'fast');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(second.lines.at(-1)).toBe('outcomes ["converted"]');
    // The orphaned ffmpeg of the first run is gone (its progress pipe broke, or recovery killed it).
    await waitFor(() => !processAlive(ffmpegPid), 5_000, 'the orphaned ffmpeg to end');

    const after = createStation({ dir: station.dir });
    try {
      const done = new CourseStore(after.db).get(course.id)!;
      expect(done.status).toBe('ready');
      expect(done.localPath).toMatch(/\.mp4$/);
      const out = ffprobe(done.localPath!);
      expect(out).toMatchObject({ video: { codec: 'h264', pixFmt: 'yuv420p' }, audio: { codec: 'aac' } });
      expect(Math.abs(out.durationMs - ffprobe(source).durationMs)).toBeLessThanOrEqual(200);
      const boxes = mp4Boxes(done.localPath!);
      expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
      expect(fs.existsSync(original)).toBe(false);
      expect(fs.existsSync(conversionPartPath(station.dir, course.id))).toBe(false);
      expect(filesUnder(libraryPaths(station.dir).tmp)).toEqual([]);
      expect(filesUnder(store)).toEqual([path.relative(store, done.localPath!)]);
      expect(new ConversionJobs(after.db).get(course.id)).toMatchObject({ state: 'done', workerPid: null });
      expect(queryContentLog(after.db, { events: ['converted'] })).toHaveLength(1);
    } finally {
      after.close();
    }
  });
});
