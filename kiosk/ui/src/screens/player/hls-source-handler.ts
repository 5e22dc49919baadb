// A video.js source handler that plays HLS through hls.js on the Html5 tech, ahead of video.js's own VHS and
// of Chromium's native HLS, so hls.js's error data and load statistics drive recovery and telemetry. No
// maintained plugin exists for video.js 8; the shape follows PeerTube's handler: one hls.js instance per
// source, attached to the tech's <video>, destroyed when video.js disposes the source.
import Hls, { type HlsConfig } from 'hls.js';
import { videojs } from './videojs.ts';

export const HLS_MIME_TYPES = ['application/x-mpegurl', 'application/vnd.apple.mpegurl'] as const;

/** The key under the player's `html5` options where the handler finds its options (video.js hands them to the tech). */
export const HLS_OPTIONS_KEY = 'yjHls';

export interface HlsEngineOptions {
  /** Asked once per source, so a reload can start where the room was (startPosition). */
  configure?: () => Partial<HlsConfig>;
  /** Called with each hls.js instance the handler creates (one per source), before it loads anything. */
  onEngine?: (hls: Hls) => void;
}

/**
 * hls.js retries a failed segment twice, quickly, before its error turns fatal; then the player's own
 * back-off and fallback take over (playback-errors.pure.ts). hls.js's defaults (six retries up to 8 s apart)
 * would leave a room staring at a frozen frame for half a minute before anything visible happened.
 */
const quickPolicy = (retries: number, firstByteMs: number, loadMs: number) => ({
  default: {
    maxTimeToFirstByteMs: firstByteMs,
    maxLoadTimeMs: loadMs,
    timeoutRetry: { maxNumRetry: retries, retryDelayMs: 0, maxRetryDelayMs: 0 },
    errorRetry: { maxNumRetry: retries, retryDelayMs: 500, maxRetryDelayMs: 2_000 },
  },
});

export const DEFAULT_HLS_CONFIG: Partial<HlsConfig> = {
  fragLoadPolicy: quickPolicy(2, 10_000, 60_000),
  manifestLoadPolicy: quickPolicy(1, 10_000, 20_000),
  playlistLoadPolicy: quickPolicy(1, 10_000, 20_000),
  // Enough buffer ahead to ride out a short dropout on a rural line.
  maxBufferLength: 30,
};

interface SourceObject {
  src: string;
  type?: string;
}

/** The parts of video.js's Html5 tech the handler uses (video.js's own typings do not describe source handlers). */
interface Html5TechLike {
  el(): HTMLMediaElement;
}

type CanPlay = '' | 'maybe' | 'probably';

interface SourceHandler {
  canPlayType(type: string): CanPlay;
  canHandleSource(source: SourceObject, options?: unknown): CanPlay;
  handleSource(source: SourceObject, tech: Html5TechLike, options: Record<string, unknown>): { dispose(): void };
}

interface TechWithSourceHandlers {
  registerSourceHandler(handler: SourceHandler, index?: number): void;
  sourceHandlers?: SourceHandler[];
}

export function isHlsType(type: string | undefined): boolean {
  return type !== undefined && (HLS_MIME_TYPES as readonly string[]).includes(type.toLowerCase());
}

export const hlsSourceHandler: SourceHandler = {
  canPlayType(type) {
    return isHlsType(type) && Hls.isSupported() ? 'probably' : '';
  },
  canHandleSource(source) {
    if (source.type) return hlsSourceHandler.canPlayType(source.type);
    // A source without a type: an .m3u8 address is HLS.
    return /\.m3u8($|\?)/i.test(source.src) && Hls.isSupported() ? 'maybe' : '';
  },
  handleSource(source, tech, options) {
    const engineOptions = (options[HLS_OPTIONS_KEY] ?? {}) as HlsEngineOptions;
    const hls = new Hls({ ...DEFAULT_HLS_CONFIG, ...engineOptions.configure?.() });
    engineOptions.onEngine?.(hls);
    hls.loadSource(source.src);
    hls.attachMedia(tech.el());
    return {
      dispose() {
        hls.destroy();
      },
    };
  },
};

/** Puts the handler first on the Html5 tech (index 0), ahead of VHS and the native handler. Idempotent. */
export function registerHlsSourceHandler(): void {
  const html5 = videojs.getTech('Html5') as TechWithSourceHandlers | undefined;
  if (!html5) throw new Error('video.js has no Html5 tech');
  if (html5.sourceHandlers?.includes(hlsSourceHandler)) return;
  html5.registerSourceHandler(hlsSourceHandler, 0);
}
