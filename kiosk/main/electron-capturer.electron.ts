// Proof of viewing in the Electron shell: the window's page as Electron renders it (webContents.capturePage), scaled
// and re-encoded along the same ladder as the DevTools capturer until it fits in 100 KB (agent/proof/jpeg-fit.pure.ts).
// The shell relays it to the agent as `yuanjiao kiosk` does (capture-relay.ts): no DevTools, no screen recorder.
import type { WebContents } from './electron-api.ts';
import type { ProofPicture, ScreenCapturer } from '../../agent/proof/screen-capturer.ts';
import { fitThumbnail } from '../../agent/proof/jpeg-fit.pure.ts';
import { MAX_PROOF_JPEG_BYTES } from '../../protocol/event-bodies.pure.ts';

export class ElectronScreenCapturer implements ScreenCapturer {
  /** limitBytes: the thumbnail's limit (100 KB; a test lowers it to see the ladder stepped down). */
  constructor(
    private readonly contents: Pick<WebContents, 'capturePage'>,
    private readonly limitBytes = MAX_PROOF_JPEG_BYTES,
  ) {}

  async capture(): Promise<ProofPicture> {
    const image = await this.contents.capturePage();
    // A window not yet painted (or minimised) gives an empty image: no picture rather than a black one.
    if (image.isEmpty()) throw new Error('屏幕尚未显示内容 / the window has nothing painted yet');
    const { width } = image.getSize();
    const fitted = await fitThumbnail(async (attempt) => (width > attempt.width ? image.resize({ width: attempt.width, quality: 'good' }) : image).toJPEG(attempt.quality), this.limitBytes);
    if (!fitted) throw new Error('截图无法压缩到 100 KB 以内 / the screenshot does not fit in 100 KB');
    return { ...fitted, jpeg: Buffer.from(fitted.jpeg) };
  }
}
