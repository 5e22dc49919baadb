// Proof of viewing through a kiosk the agent did not launch: `yuanjiao kiosk` (it alone holds its Chromium's
// DevTools pipe) or the Electron shell (capturePage). Either asks the agent whether a screenshot is wanted
// (GET /api/kiosk/capture, every 2 s) and, when one is, captures the kiosk page and sends it back
// (PUT /api/kiosk/capture/:id). A failure is the agent's to notice (its request times out and the station log says
// so once per viewing); nothing here stops the screen.
import { CdpPipe } from '../../agent/proof/cdp-pipe.ts';
import { DevToolsScreenCapturer } from '../../agent/proof/devtools-capturer.ts';
import type { ScreenCapturer } from '../../agent/proof/screen-capturer.ts';
import type { DevToolsPipe } from './launcher.ts';

const POLL_MS = 2_000;
const REQUEST_TIMEOUT_MS = 5_000;

export interface CaptureRelay {
  stop(): void;
}

/** The capturer of a Chromium launched with a DevTools pipe (launcher.ts), for the kiosk page at `kioskUrl`. */
export function pipeCapturer(kioskUrl: string, devtools: DevToolsPipe): ScreenCapturer {
  return new DevToolsScreenCapturer(new CdpPipe(devtools.toBrowser, devtools.fromBrowser), new URL('/', kioskUrl).href);
}

export function relayCaptures(kioskUrl: string, capturer: ScreenCapturer, options: { pollMs?: number } = {}): CaptureRelay {
  const url = (path: string) => new URL(path, kioskUrl).href;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const look = async (): Promise<void> => {
    try {
      const res = await fetch(url('/api/kiosk/capture'), { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const wanted = res.ok ? ((await res.json()) as { wanted?: unknown }).wanted : null;
      if (typeof wanted === 'string' && !stopped) {
        const picture = await capturer.capture();
        await fetch(url(`/api/kiosk/capture/${encodeURIComponent(wanted)}`), {
          method: 'PUT',
          headers: { 'content-type': 'image/jpeg' },
          body: new Uint8Array(picture.jpeg),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      }
    } catch {
      // The agent restarting, Chromium gone: the agent's request times out and is logged there.
    }
    // Never what keeps a process alive: the launcher waits on its browser, the Electron shell on its window.
    if (!stopped) timer = setTimeout(() => void look(), options.pollMs ?? POLL_MS).unref();
  };
  void look();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
