// Proof of viewing and remote help's restart through a kiosk the agent did not launch: `yuanjiao kiosk` (it alone
// holds its Chromium's DevTools pipe) or the Electron shell (capturePage). Either asks the agent whether a screenshot
// or a restart is wanted (GET /api/kiosk/capture, every 2 s); a screenshot it captures and sends back
// (PUT /api/kiosk/capture/:id), a restart it acknowledges (PUT /api/kiosk/restart/:id) and leaves to its caller. A
// failure is the agent's to notice (its request times out and the station log says so once per viewing); nothing
// here stops the screen.
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

/**
 * onRestart: remote help asked for the kiosk browser to be restarted (the agent's `restart` id, acknowledged
 * before this is called); the caller closes the browser and opens it again.
 */
export function relayCaptures(kioskUrl: string, capturer: ScreenCapturer, options: { pollMs?: number; onRestart?: () => void } = {}): CaptureRelay {
  const url = (path: string) => new URL(path, kioskUrl).href;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const look = async (): Promise<void> => {
    try {
      const res = await fetch(url('/api/kiosk/capture'), { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const asked = res.ok ? ((await res.json()) as { wanted?: unknown; restart?: unknown }) : {};
      const wanted = asked.wanted;
      if (typeof asked.restart === 'string' && options.onRestart && !stopped) {
        const taken = await fetch(url(`/api/kiosk/restart/${encodeURIComponent(asked.restart)}`), { method: 'PUT', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        if (taken.ok) {
          stopped = true;
          options.onRestart();
          return;
        }
      }
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
