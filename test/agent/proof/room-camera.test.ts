// The room camera through the real ffmpeg, fed by its lavfi test source instead of a V4L2 device; and the body
// a picture travels in, as the hub checks it.
import { describe, expect, it } from 'vitest';
import { FfmpegRoomCamera, v4l2Input } from '../../../agent/proof/ffmpeg-room-camera.ts';
import { jpegSize } from '../../../agent/proof/jpeg-fit.pure.ts';
import { Compile } from 'typebox/compile';
import { ViewingProofBodySchema } from '../../../protocol/event-bodies.pure.ts';

describe('FfmpegRoomCamera', () => {
  it('takes one frame as a 640-px JPEG of at most 100 KB', async () => {
    const camera = new FfmpegRoomCamera(['-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=5']);
    const photo = await camera.photograph();
    expect(photo.jpeg.length).toBeLessThanOrEqual(100 * 1024);
    expect(jpegSize(photo.jpeg)).toEqual({ width: 640, height: 360 });
    expect(photo).toMatchObject({ width: 640, height: 360 });
  }, 30_000);

  it('steps down until a noisy frame fits', async () => {
    // Full-frame noise at 1080p: the first steps do not fit, smaller ones do.
    const camera = new FfmpegRoomCamera(['-f', 'lavfi', '-i', 'nullsrc=size=1920x1080:rate=5,geq=random(1)*255:128:128']);
    const photo = await camera.photograph();
    expect(photo.jpeg.length).toBeLessThanOrEqual(100 * 1024);
    expect(photo.width).toBeLessThanOrEqual(640);
  }, 60_000);

  it('says why when there is no camera, in Chinese and English', async () => {
    const camera = new FfmpegRoomCamera(v4l2Input('/dev/video63'));
    await expect(camera.photograph()).rejects.toThrow(/摄像头拍照失败 \/ camera capture failed/);
  }, 30_000);

  it('refuses anything but a camera device on the command line', () => {
    expect(() => v4l2Input('/etc/passwd')).toThrow(/摄像头设备名无效/);
    expect(() => v4l2Input('/dev/video0 -y')).toThrow(/摄像头设备名无效/);
    expect(v4l2Input('/dev/video2')).toEqual(['-f', 'v4l2', '-i', '/dev/video2']);
  });
});

describe('the viewing_proof body the hub checks', () => {
  it('takes a JPEG of at most 100 KB and refuses anything else', async () => {
    const check = Compile(ViewingProofBodySchema);
    const jpeg = (await new FfmpegRoomCamera(['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=5']).photograph()).jpeg;
    const body = { sessionId: 3, moment: 'start', takenAt: 1_800_000_000_000, width: 640, height: 360, jpegBase64: jpeg.toString('base64') };
    expect(check.Check(body)).toBe(true);
    expect(check.Check({ ...body, moment: 'kitchen' })).toBe(false);
    // Not a JPEG (a PNG's base64 starts iVBOR), and a JPEG over 100 KB.
    expect(check.Check({ ...body, jpegBase64: Buffer.from('\x89PNG\r\n\x1a\n....').toString('base64') })).toBe(false);
    expect(check.Check({ ...body, jpegBase64: Buffer.concat([jpeg, Buffer.alloc(100 * 1024)]).toString('base64') })).toBe(false);
    expect(check.Check({ ...body, jpegBase64: `${body.jpegBase64}<script>` })).toBe(false);
  }, 30_000);
});
