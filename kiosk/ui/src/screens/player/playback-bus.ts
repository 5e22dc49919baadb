// The player's one event bus: the engine, the recovery logic, the watchdog, the reporter and the screen talk
// through these typed events instead of calling one another.
import type { PlaybackError, Recovery, SourceKind } from './playback-errors.pure.ts';

export type Engine = 'hls.js' | 'html5';

export type PlayerPhase =
  /** Loading the source (behind the title card, or after a switch). */
  | 'loading'
  | 'playing'
  /** Waiting out a retry's back-off, or an engine recovery in progress. */
  | 'recovering'
  | 'ended'
  | 'failed';

export interface PlaybackEvents {
  phase: { phase: PlayerPhase };
  source: { source: SourceKind; engine: Engine; url: string };
  first_frame: { timeToFirstFrameMs: number };
  /** hls.js loaded a media fragment: its load statistics feed telemetry. */
  fragment: { bytes: number; loadMs: number; count: number };
  error: { error: PlaybackError; recovery: Recovery };
  stall: { stalledMs: number; positionSec: number; consecutive: number };
  muted: { muted: boolean; byPolicy: boolean };
  ended: { playedMs: number; positionMs: number };
}

type Handler<K extends keyof PlaybackEvents> = (payload: PlaybackEvents[K]) => void;

export class PlaybackBus {
  private readonly handlers = new Map<keyof PlaybackEvents, Set<Handler<never>>>();

  on<K extends keyof PlaybackEvents>(type: K, handler: Handler<K>): () => void {
    let set = this.handlers.get(type);
    if (!set) {
      set = new Set();
      this.handlers.set(type, set);
    }
    set.add(handler as Handler<never>);
    return () => set.delete(handler as Handler<never>);
  }

  emit<K extends keyof PlaybackEvents>(type: K, payload: PlaybackEvents[K]): void {
    for (const handler of [...(this.handlers.get(type) ?? [])]) {
      try {
        (handler as Handler<K>)(payload);
      } catch (err) {
        // One listener's bug must not stop the others (the reporter must still hear about an error).
        console.error(`player bus listener for ${type} failed`, err);
      }
    }
  }

  clear(): void {
    this.handlers.clear();
  }
}
