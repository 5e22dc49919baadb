// The video.js player the controller drives: made inside the host element, with our error card instead of
// video.js's, and hls.js (our source handler) rather than VHS for HLS.
import { videojs, type VjsPlayer } from './videojs.ts';
import { HLS_OPTIONS_KEY, type HlsEngineOptions } from './hls-source-handler.ts';

/** The station's volume setting (0..100) as the player's level (0..1). */
export function volumeLevel(volume: number): number {
  return Math.min(1, Math.max(0, volume / 100));
}

export function createVideoPlayer(host: HTMLElement, volume: number, engineOptions: HlsEngineOptions): { player: VjsPlayer; video: HTMLVideoElement } {
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
