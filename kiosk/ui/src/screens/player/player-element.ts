// The video.js player the controller drives: made inside the host element, with our error card instead of
// video.js's, and hls.js (our source handler) rather than VHS for HLS.
import { videojs, type VjsPlayer } from './videojs.ts';
import { HLS_OPTIONS_KEY, type HlsEngineOptions } from './hls-source-handler.ts';

/** The station's volume setting (0..100) as the player's level (0..1). */
export function volumeLevel(volume: number): number {
  return Math.min(1, Math.max(0, volume / 100));
}

/**
 * A player made before anyone knows what it will play: the screen builds it as the title card goes up, while
 * the course is still being read, so the course only has to be handed over (building video.js is tens of ms
 * the room would otherwise wait after its OK). The controller that takes it directs its hls.js engines.
 */
export interface PreparedPlayer {
  player: VjsPlayer;
  video: HTMLVideoElement;
  directEngines(options: HlsEngineOptions): void;
}

export function prepareVideoPlayer(host: HTMLElement, volume: number): PreparedPlayer {
  let director: HlsEngineOptions = {};
  // Read by the source handler at each source it takes, so the controller's options apply from the first.
  const engines: HlsEngineOptions = {
    configure: () => director.configure?.() ?? {},
    onEngine: (hls) => director.onEngine?.(hls),
  };
  const { player, video } = createVideoPlayer(host, volume, engines);
  return { player, video, directEngines: (options) => (director = options) };
}

function createVideoPlayer(host: HTMLElement, volume: number, engineOptions: HlsEngineOptions): { player: VjsPlayer; video: HTMLVideoElement } {
  // video.js replaces the element it is given; Preact never sees it (the host has no virtual children).
  const el = document.createElement('video');
  el.className = 'video-js';
  el.setAttribute('playsinline', '');
  host.appendChild(el);
  const player = videojs(el, {
    controls: false,
    autoplay: false,
    preload: 'auto',
    fill: true,
    loop: false,
    // The room sees our error card, in Chinese, naming the program; not video.js's English modal.
    errorDisplay: false,
    bigPlayButton: false,
    loadingSpinner: true,
    textTrackSettings: false,
    html5: {
      // VHS must not take HLS: hls.js (our source handler, first in line) does.
      vhs: { overrideNative: false },
      nativeAudioTracks: true,
      nativeVideoTracks: true,
      [HLS_OPTIONS_KEY]: engineOptions,
    },
  });
  const video = player.el().querySelector('video') ?? el;
  player.volume(volumeLevel(volume));
  return { player, video };
}
