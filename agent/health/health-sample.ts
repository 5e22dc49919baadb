// What one health sample holds — the machine's figures from the sampler and the kiosk's presence. Types only.

/** What the sampler measures; a field is null when its probe failed, timed out, or the machine has no such thing. */
export interface MachineSample {
  /** 0–100, averaged over the time since the previous sample. */
  cpuLoadPct: number | null;
  memTotalBytes: number | null;
  /** Memory programs can still get (Linux MemAvailable), not the smaller "free". */
  memAvailableBytes: number | null;
  diskFreeBytes: number | null;
  diskTotalBytes: number | null;
  /** Null on machines without a readable CPU sensor (most virtual machines, many set-top boxes). */
  cpuTempC: number | null;
  uptimeSeconds: number | null;
  /** Null when no hub is configured, or when the check could not run. */
  hubReachable: boolean | null;
  hubLatencyMs: number | null;
  /** Probes that failed or timed out, e.g. "cpuTemperature: 超时 10000 ms". */
  problems: string[];
}

export const KIOSK_SCREENS = ['board', 'checkin', 'player', 'admin'] as const;
export type KioskScreen = (typeof KIOSK_SCREENS)[number];

/** What the kiosk UI says about itself every ~30 s (POST /api/kiosk/heartbeat). */
export interface KioskHeartbeat {
  screen: KioskScreen;
  width: number;
  height: number;
  visible: boolean;
}

export interface KioskPresence {
  /** A heartbeat arrived within the last 90 s. */
  connected: boolean;
  lastSeenAt: number | null;
  screen: KioskScreen | null;
  width: number | null;
  height: number | null;
  visible: boolean | null;
}

export interface HealthSample extends MachineSample {
  at: number;
  kiosk: Omit<KioskPresence, 'lastSeenAt'>;
}
