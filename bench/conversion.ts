// Benchmark: how fast the library converts legacy courseware — a 10-minute 720p MPEG-2 programme (what
// satellite receivers and old DVDs hand stations) turned into H.264/AAC MP4 by the real Converter, at the
// low priority it always runs at — as a multiple of real time, beside bare ffmpeg given the same arguments
// at the same priority (the reference: what a technician would run by hand).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from './lib/types.ts';
import { openStationDatabase } from '../agent/store/database.ts';
import { importFile } from '../content/ingest.ts';
import { Converter } from '../content/converter.ts';
import { conversionArgs } from '../content/conversion-output.ts';
import { maintainedFfmpeg, runOwnMediaFfmpeg } from '../content/ffmpeg.ts';

const OUT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out');

/**
 * The test programme, made once and kept in bench/out (git-ignored): a moving test pattern with a tone,
 * MPEG-2 at a broadcast-like 6 Mbit/s with MP2 sound in an MPEG program stream. Written to a temp name
 * first, so an interrupted run never leaves a short file to be taken for the real one.
 */
async function ensureSource(SECONDS: number): Promise<string> {
  const SOURCE = path.join(OUT_DIR, `mpeg2-720p-${SECONDS}s.mpg`);
  if (fs.existsSync(SOURCE)) return SOURCE;
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const part = `${SOURCE}.${process.pid}.part`;
  process.stdout.write(`  (making the ${SECONDS / 60}-minute 720p MPEG-2 source once, into ${path.relative(process.cwd(), SOURCE)} …)\n`);
  await runOwnMediaFfmpeg(
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

/** Bare ffmpeg (the maintained one the converter runs) with its own arguments at nice 19, without the box: the floor. */
function bareFfmpeg(source: string, output: string): Promise<number> {
  const args = ['-y', ...conversionArgs('transcode', source, output, null).filter((a) => a !== '-y')];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('nice', ['-n', '19', maintainedFfmpeg().ffmpeg, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-2000)));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`bare ffmpeg exited ${code}: ${stderr}`))));
  });
}

export const conversionBenchmark: Benchmark = {
  name: 'conversion',
  description: '720p MPEG-2 → H.264/AAC MP4 with the real converter (nice 19, as in the agent) vs bare ffmpeg, × real time',
  async run({ quick, runs, workDir, log }) {
    // A 10-minute programme; 1 minute with --quick. Each conversion takes minutes, so at most 3 runs.
    const seconds = quick ? 60 : 600;
    const repeats = Math.min(runs, 3);
    const source = await ensureSource(seconds);
    const ours: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const dataDir = fs.mkdtempSync(path.join(workDir, 'station-'));
      const db = openStationDatabase(dataDir);
      try {
        const imported = await importFile(db, dataDir, source, { source: 'manual' });
        if (imported.outcome !== 'stored' || imported.conversion.action !== 'transcode') throw new Error(`the source was not queued for a transcode: ${imported.outcome}`);
        // Wall time from queue to a verified, stored course: what an administrator waits for.
        const started = performance.now();
        const [outcome] = await new Converter({ db, dataDir }).runUntilIdle();
        const wallMs = performance.now() - started;
        if (outcome?.result !== 'converted') throw new Error(`conversion failed: ${JSON.stringify(outcome)}`);
        ours.push(seconds / (wallMs / 1000));
      } finally {
        db.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
      const bareMs = await bareFfmpeg(source, path.join(workDir, 'bare.mp4'));
      bare.push(seconds / (bareMs / 1000));
      log(`run ${i + 1}/${repeats}: converter ${ours.at(-1)!.toFixed(2)}×, bare ffmpeg ${bare.at(-1)!.toFixed(2)}×`);
    }
    const version = execFileSync(maintainedFfmpeg().ffmpeg, ['-version'], { encoding: 'utf8' }).split('\n')[0] ?? '';
    return {
      measurements: [
        {
          label: 'conversion speed incl. verify and store',
          unit: '× real time',
          better: 'higher',
          samples: ours,
          reference: { label: 'bare ffmpeg, same arguments and priority', unit: '× real time', samples: bare },
          note: 'ratio < 1 is the cost of verifying both ends of the output and storing it content-addressed',
        },
      ],
      facts: {
        'source': `${seconds} s, 1280×720 25 fps MPEG-2 6 Mbit/s + MP2, ${Math.round(fs.statSync(source).size / 1048576)} MB`,
        ffmpeg: version.replace(/ Copyright.*/, ''),
      },
    };
  },
};
