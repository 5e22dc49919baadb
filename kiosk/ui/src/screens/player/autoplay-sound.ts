// Starting playback with sound where the browser allows it. The kiosk runs Chromium with
// --autoplay-policy=no-user-gesture-required; a browser without it refuses sound before a gesture. Then
// play muted, try to unmute (allowed once someone has pressed a key on this page), and if the browser
// pauses us for it, stay muted and tell the room to press OK.
import type { VjsPlayer } from './videojs.ts';

/**
 * Asks the player to play. Returns a promise that settles once the browser has let this play() start, with
 * sound or muted by its autoplay policy (onMutedByPolicy then heard of it), or null when play() promised
 * nothing.
 */
export function startWithSound(player: VjsPlayer, video: HTMLVideoElement, isFinished: () => boolean, onMutedByPolicy: () => void): Promise<void> | null {
  const started = player.play();
  if (!started) return null;
  return started.then(
    () => undefined,
    (err: unknown) => {
      if ((err as { name?: string }).name !== 'NotAllowedError' || isFinished()) return;
      return playMutedThenTryUnmute(video, onMutedByPolicy);
    },
  );
}

async function playMutedThenTryUnmute(video: HTMLVideoElement, onMutedByPolicy: () => void): Promise<void> {
  video.muted = true;
  try {
    await video.play();
  } catch (err) {
    console.warn('muted play refused too', err);
    return;
  }
  video.muted = false;
  if (!video.paused) return;
  video.muted = true;
  await video.play().catch(() => undefined);
  onMutedByPolicy();
}
