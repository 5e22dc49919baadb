// Drill: the plug is pulled while courseware arrives. A real MPEG-2 lecture (made by ffmpeg) lands in the
// inbox of a real agent process, with its manifest, the way a satellite receiver writes it. The agent is
// SIGKILLed while it copies and checks the file, (in the full run) once its poster is taken — just before
// the file is put in place and recorded — and while ffmpeg converts it to H.264. After every kill: the
// database is intact; no course row points at a missing, partial or altered file; nothing half-made sits
// under a final name; the inbox still has the file until it is recorded. A last agent finishes the
// job, and the course ends ready, playable, imported once and converted once.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CourseStore, type Course } from '../../content/course-store.ts';
import { queryContentLog } from '../../content/content-log.ts';
import { ConversionJobs } from '../../content/conversion-jobs.ts';
import { conversionPartPath, libraryPaths, sha256OfFile } from '../../content/library-files.ts';
import { writeLibrarySettings } from '../../agent/library/library-service.ts';
import type { Db } from '../../agent/store/database.ts';
import { createStation, tempDir } from '../support/station-fixture.ts';
import { waitFor } from '../support/wait.ts';
import { childPids, integrityCheck, killStartedAgents, pidAlive, startAgent, stopAgent, withStationDb, type AgentProcess } from '../support/agent-process.ts';
import { FULL_DRILLS, recordDrill } from '../support/drill-log.ts';
import { ffprobe, filesUnder, makeMedia } from '../content/media-fixtures.ts';

const NAME = '党课 第五讲.mpg';
const SECONDS = 40;

const dirs: string[] = [];
afterEach(() => killStartedAgents());
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

interface Library {
  integrity: string;
  courses: Course[];
  /** Courses whose row points at a file that is missing or does not hash to what the row says. */
  broken: string[];
  jobs: ReturnType<ConversionJobs['get']>[];
  logged: Record<string, number>;
}

async function readLibrary(dir: string): Promise<Library> {
  const { integrity, courses, jobs, logged } = withStationDb(dir, (db: Db) => {
    const courses = new CourseStore(db).list();
    const logged: Record<string, number> = {};
    for (const e of queryContentLog(db)) logged[e.event] = (logged[e.event] ?? 0) + 1;
    return { integrity: integrityCheck(db), courses, jobs: courses.map((c) => new ConversionJobs(db).get(c.id)), logged };
  });
  const broken: string[] = [];
  for (const c of courses) {
    if (c.localPath === null || !fs.existsSync(c.localPath)) broken.push(`course ${c.id}: file ${c.localPath} missing`);
    else if ((await sha256OfFile(c.localPath)) !== c.fileSha256) broken.push(`course ${c.id}: ${c.localPath} does not hash to ${c.fileSha256}`);
  }
  return { integrity, courses, broken, jobs, logged };
}

/** Kills the agent the moment `milestone` holds; returns the ffmpeg/ffprobe children it had, to see them end. */
async function killAt(agent: AgentProcess, milestone: () => boolean, what: string): Promise<number[]> {
  await waitFor(milestone, 30_000, what);
  const children = childPids(agent.child.pid!);
  agent.child.kill('SIGKILL');
  expect(await agent.exited).toEqual({ code: null, signal: 'SIGKILL' });
  return children;
}

describe('drill: power loss during an import and a conversion', () => {
  it('leaves nothing half-written after each kill, and the last agent finishes the course once', { timeout: 120_000 }, async () => {
    const media = tempDir('yj-drill-media-');
    const dir = tempDir('yj-drill-library-');
    dirs.push(media, dir);
    const source = await makeMedia(path.join(media, NAME), 'mpeg2', SECONDS);
    const sha256 = await sha256OfFile(source);
    const station = createStation({ dir });
    // Poll the inbox every second (default 10 s) so the drill is quick; the two-poll stability rule stands.
    writeLibrarySettings(station.db, { inboxPollSeconds: 1 }, 0);
    station.close();
    const paths = libraryPaths(dir);
    const inbox = path.join(dir, 'inbox');
    fs.mkdirSync(inbox, { recursive: true });
    // As a receiver writes: under a partial name first, then renamed, the manifest beside it.
    fs.copyFileSync(source, path.join(inbox, `${NAME}.part`));
    fs.writeFileSync(path.join(inbox, `${NAME}.json`), JSON.stringify({ title: '党课 第五讲', series: '演练', sha256 }));
    fs.renameSync(path.join(inbox, `${NAME}.part`), path.join(inbox, NAME));

    const strays: number[] = [];
    const stages: string[] = [];
    const storedFiles = () => filesUnder(paths.store);

    // Kill 1: while the import copy is being checked (ffprobe/ffmpeg verify it in library/tmp).
    const first = await startAgent(dir);
    strays.push(...(await killAt(first, () => filesUnder(paths.tmp).some((f) => f.startsWith('import-')), 'the import copy in library/tmp')));
    let lib = await readLibrary(dir);
    expect(lib.integrity).toBe('ok');
    expect(lib.broken).toEqual([]);
    expect(lib.courses).toEqual([]);
    expect(storedFiles(), 'nothing under a final name yet').toEqual([]);
    expect(fs.existsSync(path.join(inbox, NAME)), 'the file stays in the inbox until it is recorded').toBe(true);
    stages.push('copy/verify');

    // Kill 2 (the full run): the poster is taken; placing the file and the commit follow within
    // milliseconds, so the kill lands on either side of them. Both sides must be consistent.
    if (FULL_DRILLS) {
      const second = await startAgent(dir);
      strays.push(...(await killAt(second, () => filesUnder(paths.posters).some((f) => f === `${sha256}.jpg`), 'the poster')));
      lib = await readLibrary(dir);
      expect(lib.integrity).toBe('ok');
      expect(lib.broken).toEqual([]);
      expect(lib.courses.length).toBeLessThanOrEqual(1);
      if (lib.courses.length === 0) {
        // Not recorded: at most the finished, fsynced file under its hash name (the retry reuses it), never a partial one.
        for (const f of storedFiles()) expect(await sha256OfFile(path.join(paths.store, f))).toBe(sha256);
        expect(fs.existsSync(path.join(inbox, NAME))).toBe(true);
        stages.push('poster (before the commit)');
      } else {
        stages.push('poster (after the commit)');
      }
    }

    // Kill 3: ffmpeg is converting the recorded course to H.264.
    const third = await startAgent(dir);
    let courseId = 0;
    strays.push(
      ...(await killAt(
        third,
        () => {
          const c = withStationDb(dir, (db) => new CourseStore(db).findBySha256(sha256));
          if (!c) return false;
          courseId = c.id;
          const part = conversionPartPath(dir, c.id);
          return fs.existsSync(part) && fs.statSync(part).size > 0;
        },
        'the conversion output growing',
      )),
    );
    lib = await readLibrary(dir);
    expect(lib.integrity).toBe('ok');
    expect(lib.broken).toEqual([]);
    expect(lib.courses).toHaveLength(1);
    const converting = lib.courses[0]!;
    // Still the intact original: the half-made MP4 is only ever in library/tmp under a .part name.
    expect(converting).toMatchObject({ id: courseId, status: 'converting', sha256, fileSha256: sha256 });
    expect(storedFiles()).toEqual([path.relative(paths.store, converting.localPath!)]);
    expect(lib.logged['converted'] ?? 0).toBe(0);
    expect(lib.jobs[0]).toMatchObject({ state: 'running' });
    stages.push('conversion');

    // The killed agents' ffmpeg and ffprobe do not outlive them for long (a broken pipe, or recovery kills them).
    const last = await startAgent(dir);
    await waitFor(() => strays.every((pid) => !pidAlive(pid)), 15_000, `stray media processes ${strays.join(', ')} to end`);
    await waitFor(() => withStationDb(dir, (db) => new CourseStore(db).get(courseId)?.status === 'ready'), 60_000, 'the conversion to finish');
    expect(await stopAgent(last, 'SIGTERM')).toEqual({ code: 0, signal: null });

    lib = await readLibrary(dir);
    expect(lib.integrity).toBe('ok');
    expect(lib.broken).toEqual([]);
    expect(lib.courses).toHaveLength(1);
    const done = lib.courses[0]!;
    expect(done).toMatchObject({ id: courseId, status: 'ready', sha256, title: '党课 第五讲', series: '演练' });
    expect(done.localPath).toMatch(/\.mp4$/);
    const probed = ffprobe(done.localPath!);
    expect(probed).toMatchObject({ video: { codec: 'h264', pixFmt: 'yuv420p' }, audio: { codec: 'aac' } });
    expect(Math.abs(probed.durationMs - SECONDS * 1000)).toBeLessThanOrEqual(500);
    // Imported once and converted once, whatever the kills interrupted; the original gone, nothing left in tmp.
    expect(lib.logged['stored']).toBe(1);
    expect(lib.logged['converted']).toBe(1);
    expect(lib.logged['quarantined'] ?? 0).toBe(0);
    expect(lib.jobs[0]).toMatchObject({ state: 'done' });
    expect(storedFiles()).toEqual([path.relative(paths.store, done.localPath!)]);
    expect(filesUnder(paths.tmp)).toEqual([]);
    // The inbox handed the file over exactly once (with its manifest).
    expect(filesUnder(inbox)).toEqual([`done/${NAME}`, `done/${NAME}.json`]);

    console.log(`power-loss library: killed at ${stages.join(', ')}; ${strays.length} stray media processes ended`);
    recordDrill({
      name: 'power loss during an import and a conversion',
      faults: stages.length,
      acknowledged: 1,
      stored: done.status === 'ready' ? 1 : 0,
      notes: [`SIGKILL at ${stages.join(' → ')}; the course ended ready (H.264/AAC), stored once, converted once`],
    });
  });
});
