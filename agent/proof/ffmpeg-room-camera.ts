// The room's photo: one frame from a V4L2 camera through the system's ffmpeg, scaled and encoded as a
// JPEG that fits (jpeg-fit.pure.ts). The input is a parameter so a test can feed ffmpeg's lavfi test source
// instead of a device; on a station it is `-f v4l2 -i /dev/videoN`.
import { execFile } from 'node:child_process';
import { maintainedPaths } from '../../content/ffmpeg.ts';
import { ffmpegQscale, fits, jpegSize, THUMBNAIL_LADDER } from './jpeg-fit.pure.ts';
import type { ProofPicture, RoomCamera } from './screen-capturer.ts';

/** A camera's device path: /dev/video0 … /dev/video63, nothing else reaches ffmpeg's command line. */
export const CAMERA_DEVICE_PATTERN = /^\/dev\/video([0-9]|[1-5][0-9]|6[0-3])$/;

export function v4l2Input(device: string): string[] {
  if (!CAMERA_DEVICE_PATTERN.test(device)) throw new Error(`摄像头设备名无效：${device} / not a camera device: ${device}`);
  return ['-f', 'v4l2', '-i', device];
}

export class FfmpegRoomCamera implements RoomCamera {
  constructor(
    private readonly input: string[],
    private readonly options: { ffmpeg?: string; timeoutMs?: number } = {},
  ) {}

  async photograph(): Promise<ProofPicture> {
    for (const attempt of THUMBNAIL_LADDER) {
      const jpeg = await this.grab(attempt.width, ffmpegQscale(attempt.quality));
      const size = jpegSize(jpeg);
      if (!size) throw new Error('摄像头未给出图像 / the camera gave no picture');
      if (fits(jpeg)) return { jpeg, ...size };
    }
    throw new Error('照片无法压缩到 100 KB 以内 / the photo does not fit in 100 KB');
  }

  private grab(width: number, qscale: number): Promise<Buffer> {
    const ffmpeg = this.options.ffmpeg ?? maintainedPaths().ffmpeg;
    // -frames:v 1 after the input: one frame, then ffmpeg exits and lets the camera go.
    const args = ['-hide_banner', '-loglevel', 'error', ...this.input, '-frames:v', '1', '-vf', `scale=${width}:-2`, '-q:v', String(qscale), '-f', 'image2pipe', '-c:v', 'mjpeg', 'pipe:1'];
    return new Promise((resolve, reject) => {
      execFile(ffmpeg, args, { encoding: 'buffer', timeout: this.options.timeoutMs ?? 20_000, maxBuffer: 8 * 1024 * 1024 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`摄像头拍照失败 / camera capture failed: ${stderr.toString('utf8').trim().split('\n').pop() || err.message}`));
        else resolve(stdout);
      });
    });
  }
}
