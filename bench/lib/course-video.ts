// A course to play: 720p H.264/AAC MP4 as courseware arrives after conversion (about 1.5 Mbit/s), made once
// with ffmpeg into bench/out (git-ignored) and kept, since a ten-minute one takes minutes to encode on a
// small box. Written under a temporary name first, so an interrupted run never leaves a short file behind.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOwnMediaFfmpeg } from '../../content/ffmpeg.ts';

const OUT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../out');

export async function ensureCourseVideo(seconds: number, log: (line: string) => void): Promise<string> {
  const file = path.join(OUT_DIR, `course-720p-${seconds}s.mp4`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const part = `${file}.${process.pid}.part.mp4`;
  log(`making the ${seconds}-second 720p course once, into ${path.relative(process.cwd(), file)} …`);
  try {
    await runOwnMediaFfmpeg(
      [
        '-y',
        '-f', 'lavfi', '-i', `testsrc2=size=1280x720:rate=25:duration=${seconds}`,
        '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
        '-map', '0:v', '-map', '1:a',
        '-c:v', 'libx264', '-preset', 'veryfast', '-b:v', '1400k', '-maxrate', '1800k', '-bufsize', '3600k', '-pix_fmt', 'yuv420p', '-g', '50',
        '-c:a', 'aac', '-b:a', '96k', '-movflags', '+faststart', part,
      ],
      { timeoutMs: 60 * 60_000 },
    );
    fs.renameSync(part, file);
  } finally {
    fs.rmSync(part, { force: true });
  }
  return file;
}
