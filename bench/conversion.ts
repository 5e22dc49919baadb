// Benchmark: how fast the library converts legacy courseware — a 10-minute 720p MPEG-2 programme (what
// satellite receivers and old DVDs hand stations) turned into H.264/AAC MP4 by the real Converter, at the
// low priority it always runs at — as a multiple of real time.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from './registry.ts';
import { openStationDatabase } from '../agent/store/database.ts';
import { importFile } from '../content/ingest.ts';
import { Converter } from '../content/converter.ts';
import { ffmpegPath, runFfmpeg } from '../content/ffmpeg.ts';

const OUT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out');
const SECONDS = 600;
const SOURCE = path.join(OUT_DIR, `mpeg2-720p-${SECONDS}s.mpg`);

/**
 * The test programme, made once and kept in bench/out (git-ignored): a moving test pattern with a tone,
 * MPEG-2 at a broadcast-like 6 Mbit/s with MP2 sound in an MPEG program stream. Written to a temp name
 * first, so an interrupted run never leaves a short file to be taken for the real one.
 */
async function ensureSource(): Promise<string> {
  if (fs.existsSync(SOURCE)) return SOURCE;
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const part = `${SOURCE}.${process.pid}.part`;
  process.stdout.write(`  (making the ${SECONDS / 60}-minute 720p MPEG-2 source once, into ${path.relative(process.cwd(), SOURCE)} …)\n`);
  await runFfmpeg(
    [
      '-y',
      '-f', 'lavfi', '-i', `testsrc2=size=1280x720:rate=25:duration=${SECONDS}`,
      '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${SECONDS}`,
      '-map', '0:v', '-map', '1:a',
      '-c:v', 'mpeg2video', '-b:v', '6M', '-maxrate', '8M', '-bufsize', '2M', '-g', '12',
      '-c:a', 'mp2', '-b:a', '192k',
      '-f', 'mpeg', part,
    ],
    { timeoutMs: 60 * 60_000 },
  );
  fs.renameSync(part, SOURCE);
  return SOURCE;
}

export const conversionBenchmark: Benchmark = {
  name: 'conversion',
  description: '10-minute 720p MPEG-2 → H.264/AAC MP4 with the real converter (niced, as in the agent), × real time',
  async run() {
    const source = await ensureSource();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yj-bench-conversion-'));
    const db = openStationDatabase(dataDir);
    try {
      const imported = await importFile(db, dataDir, source, { source: 'manual' });
      if (imported.outcome !== 'stored' || imported.conversion.action !== 'transcode') throw new Error(`the source was not queued for a transcode: ${imported.outcome}`);
      const started = Date.now();
      const [outcome] = await new Converter({ db, dataDir }).runUntilIdle();
      const wallMs = Date.now() - started;
      if (outcome?.result !== 'converted') throw new Error(`conversion failed: ${JSON.stringify(outcome)}`);
      const version = execFileSync(ffmpegPath(), ['-version'], { encoding: 'utf8' }).split('\n')[0] ?? '';
      return {
        'speed (× real time)': outcome.speed,
        'wall time incl. verify (s)': Math.round(wallMs / 100) / 10,
        'source length (s)': SECONDS,
        'source size (MB)': Math.round(fs.statSync(source).size / 1048576),
        'output size (MB)': Math.round((outcome.course.bytes ?? 0) / 1048576),
        'cpus': `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`,
        'ffmpeg': version.replace(/ Copyright.*/, ''),
      };
    } finally {
      db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
