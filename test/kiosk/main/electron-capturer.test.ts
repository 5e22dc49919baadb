// Proof of viewing in the Electron shell, without Electron (it cannot be installed here): the capturer is given a
// stand-in for webContents whose NativeImage encodes real JPEGs with ffmpeg at the size and quality asked, so the
// ladder, the size limit and the headers read back are the real ones.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ElectronScreenCapturer } from '../../../kiosk/main/electron-capturer.electron.ts';
import type { NativeImage } from '../../../kiosk/main/electron-api.ts';
import { ffmpegQscale, jpegSize } from '../../../agent/proof/jpeg-fit.pure.ts';
import { SYSTEM_FFMPEG } from '../../../content/ffmpeg.ts';

/** A window's page as capturePage would give it: `width`×`height`, a busy test picture; every encoding is logged. */
function page(width: number, height: number, encoded: string[], empty = false): NativeImage {
  const image = (w: number, h: number): NativeImage => ({
    getSize: () => ({ width: w, height: h }),
    isEmpty: () => empty,
    resize: (o) => image(o.width!, Math.round((h * o.width!) / w)),
    toJPEG: (quality) => {
      encoded.push(`${w}x${h}@${quality}`);
      return execFileSync(SYSTEM_FFMPEG, ['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=s=${w}x${h}`, '-frames:v', '1', '-q:v', String(ffmpegQscale(quality)), '-f', 'mjpeg', 'pipe:1']);
    },
  });
  return image(width, height);
}

describe('the Electron shell’s screen capturer', () => {
  it('gives a 640-wide JPEG of a 1920×1080 window at the first step when it fits', async () => {
    const encoded: string[] = [];
    const picture = await new ElectronScreenCapturer({ capturePage: async () => page(1920, 1080, encoded) }).capture();
    expect(encoded).toEqual(['640x360@70']);
    expect(jpegSize(picture.jpeg)).toEqual({ width: 640, height: 360 });
    expect([picture.width, picture.height]).toEqual([640, 360]);
    expect(picture.jpeg.length).toBeLessThanOrEqual(100 * 1024);
  });

  it('steps down the ladder until the picture fits the limit', async () => {
    const encoded: string[] = [];
    const first = (await new ElectronScreenCapturer({ capturePage: async () => page(1920, 1080, []) }).capture()).jpeg.length;
    // Below the first step's size: a lower quality, then a smaller width, must be tried.
    const picture = await new ElectronScreenCapturer({ capturePage: async () => page(1920, 1080, encoded) }, Math.floor(first * 0.6)).capture();
    expect(encoded[0]).toBe('640x360@70');
    expect(encoded.length).toBeGreaterThan(1);
    expect(picture.jpeg.length).toBeLessThanOrEqual(Math.floor(first * 0.6));
    expect(jpegSize(picture.jpeg)).toEqual({ width: picture.width, height: picture.height });
  });

  it('keeps a small window’s own size, and refuses an unpainted window or one that never fits', async () => {
    const encoded: string[] = [];
    expect((await new ElectronScreenCapturer({ capturePage: async () => page(320, 240, encoded) }).capture()).width).toBe(320);
    expect(encoded).toEqual(['320x240@70']);
    await expect(new ElectronScreenCapturer({ capturePage: async () => page(1920, 1080, [], true) }).capture()).rejects.toThrow('屏幕尚未显示内容');
    await expect(new ElectronScreenCapturer({ capturePage: async () => page(1920, 1080, []) }, 100).capture()).rejects.toThrow('100 KB');
  });
});
