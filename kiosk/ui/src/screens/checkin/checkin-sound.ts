// The check-in's short sounds, made with the Web Audio API (no sound files): a rising two-note chime when a
// check-in counted, a low falling double tone when it was refused — told apart by ear from across the room,
// by people who do not look at the screen. The check-in's answer is drawn first; the sound never delays it.
import type { CheckinSoundLevel } from '../../api-types.ts';

export type CheckinSoundKind = 'accepted' | 'refused';

interface Note {
  /** Hz. */
  frequency: number;
  /** Seconds after the sound begins. */
  at: number;
  duration: number;
  wave: OscillatorType;
}

/** The two sounds: G5 then C6 (bright, rising), and E3 then C3 on a triangle wave (low, falling). */
export const CHECKIN_TONES: Record<CheckinSoundKind, readonly Note[]> = {
  accepted: [
    { frequency: 784, at: 0, duration: 0.12, wave: 'sine' },
    { frequency: 1047, at: 0.12, duration: 0.24, wave: 'sine' },
  ],
  refused: [
    { frequency: 165, at: 0, duration: 0.2, wave: 'triangle' },
    { frequency: 131, at: 0.26, duration: 0.3, wave: 'triangle' },
  ],
};

/** Peak gain for each level of the setting; off makes no sound at all. */
export const CHECKIN_SOUND_GAIN: Record<CheckinSoundLevel, number> = { off: 0, low: 0.12, medium: 0.3, high: 0.7 };

/** A fade in and out of the note, so it does not click. */
const RAMP_S = 0.012;

let context: AudioContext | null = null;

function audio(): AudioContext | null {
  if (typeof AudioContext === 'undefined') return null;
  context ??= new AudioContext();
  // A context made before the page could play sound starts suspended; the kiosk's browser allows autoplay.
  if (context.state === 'suspended') void context.resume().catch(() => undefined);
  return context;
}

/** Makes the audio context ahead of the first check-in, so the first sound is as quick as the others. */
export function prepareCheckinSound(level: CheckinSoundLevel): void {
  if (level === 'off') return;
  try {
    audio();
  } catch {
    // No sound device: check-in works as before, silently.
  }
}

export function playCheckinSound(kind: CheckinSoundKind, level: CheckinSoundLevel): void {
  const peak = CHECKIN_SOUND_GAIN[level];
  if (peak === 0) return;
  try {
    const ctx = audio();
    if (!ctx) return;
    const begin = ctx.currentTime + 0.01;
    for (const note of CHECKIN_TONES[kind]) {
      const start = begin + note.at;
      const end = start + note.duration;
      const oscillator = ctx.createOscillator();
      oscillator.type = note.wave;
      oscillator.frequency.value = note.frequency;
      const gain = ctx.createGain();
      gain.gain.setValueAtTime(0, start);
      gain.gain.linearRampToValueAtTime(peak, start + RAMP_S);
      gain.gain.setValueAtTime(peak, end - RAMP_S);
      gain.gain.linearRampToValueAtTime(0, end);
      oscillator.connect(gain).connect(ctx.destination);
      oscillator.start(start);
      oscillator.stop(end);
    }
  } catch (err) {
    // No sound device or a browser without Web Audio: the check-in itself is unaffected.
    console.warn('check-in sound failed', err);
  }
}
