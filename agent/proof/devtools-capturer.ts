// The kiosk's screen over the DevTools protocol of the Chromium the station launched (cdp-pipe.ts): the page
// showing the agent's UI is captured as a JPEG, scaled and re-encoded until it fits (jpeg-fit.pure.ts). The
// Electron shell's capturer (kiosk/main/electron-capturer.electron.ts) walks the same ladder.
import { CdpError, type CdpPipe } from './cdp-pipe.ts';
import { fitThumbnail } from './jpeg-fit.pure.ts';
import type { ProofPicture, ScreenCapturer } from './screen-capturer.ts';
import { MAX_PROOF_JPEG_BYTES } from '../../protocol/event-bodies.pure.ts';

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

export class DevToolsScreenCapturer implements ScreenCapturer {
  private session: { targetId: string; sessionId: string } | null = null;

  /**
   * pageUrl: the agent's UI origin; the capturer attaches to the page showing it (the kiosk has one).
   * limitBytes: the thumbnail's limit (100 KB; a test lowers it to see the ladder stepped down).
   */
  constructor(
    private readonly pipe: CdpPipe,
    private readonly pageUrl: string,
    private readonly limitBytes = MAX_PROOF_JPEG_BYTES,
  ) {}

  async capture(): Promise<ProofPicture> {
    const sessionId = await this.attach();
    const metrics = await this.pipe.send('Page.getLayoutMetrics', {}, sessionId);
    const viewport = (metrics.cssVisualViewport ?? metrics.layoutViewport) as { clientWidth: number; clientHeight: number } | undefined;
    if (!viewport || viewport.clientWidth <= 0 || viewport.clientHeight <= 0) throw new CdpError('屏幕尺寸未知 / the page has no size');
    const fitted = await fitThumbnail(async (attempt) => {
      const scale = Math.min(1, attempt.width / viewport.clientWidth);
      const shot = await this.pipe.send(
        'Page.captureScreenshot',
        { format: 'jpeg', quality: attempt.quality, clip: { x: 0, y: 0, width: viewport.clientWidth, height: viewport.clientHeight, scale } },
        sessionId,
      );
      return Buffer.from(String(shot.data ?? ''), 'base64');
    }, this.limitBytes);
    if (!fitted) throw new CdpError('截图无法压缩到 100 KB 以内 / the screenshot does not fit in 100 KB');
    return { ...fitted, jpeg: Buffer.from(fitted.jpeg) };
  }

  /** Attaches once to the kiosk's page; again if that page went away (a reload keeps the target). */
  private async attach(): Promise<string> {
    const { targetInfos } = (await this.pipe.send('Target.getTargets')) as unknown as { targetInfos: TargetInfo[] };
    const page = targetInfos.find((t) => t.type === 'page' && t.url.startsWith(this.pageUrl)) ?? targetInfos.find((t) => t.type === 'page');
    if (!page) throw new CdpError('未找到信息终端的页面 / no kiosk page to capture');
    if (this.session?.targetId === page.targetId) return this.session.sessionId;
    const attached = await this.pipe.send('Target.attachToTarget', { targetId: page.targetId, flatten: true });
    this.session = { targetId: page.targetId, sessionId: String(attached.sessionId) };
    return this.session.sessionId;
  }
}
