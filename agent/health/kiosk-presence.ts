// The kiosk's heartbeat as the agent last heard it. Kept in memory only: a heartbeat every 30 s is not a
// record worth a disk write, and each minute's sample stores what the presence was.
// Ages are measured on a monotonic clock, so a wall-clock correction never makes the screen look gone.
import type { KioskHeartbeat, KioskPresence } from './health-sample.ts';

export const KIOSK_SILENCE_MS = 90_000;

export class KioskPresenceTracker {
  private last: { heartbeat: KioskHeartbeat; at: number; mono: number } | null = null;
  private readonly startedMono: number;

  constructor(private readonly monotonicNow: () => number = () => performance.now()) {
    this.startedMono = monotonicNow();
  }

  record(heartbeat: KioskHeartbeat, at: number): void {
    this.last = { heartbeat, at, mono: this.monotonicNow() };
  }

  /** How long the kiosk has been silent; before any heartbeat, since the agent started (the kiosk boots after it). */
  silentMs(): number {
    return this.monotonicNow() - (this.last?.mono ?? this.startedMono);
  }

  hidden(): boolean {
    return this.last !== null && !this.last.heartbeat.visible;
  }

  presence(silenceMs: number = KIOSK_SILENCE_MS): KioskPresence {
    const hb = this.last?.heartbeat;
    return {
      connected: this.last !== null && this.monotonicNow() - this.last.mono <= silenceMs,
      lastSeenAt: this.last?.at ?? null,
      screen: hb?.screen ?? null,
      width: hb?.width ?? null,
      height: hb?.height ?? null,
      visible: hb?.visible ?? null,
    };
  }
}
