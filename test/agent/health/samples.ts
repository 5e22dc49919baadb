// Health samples for tests: a plausible minute of a healthy terminal, with whatever a test changes.
import type { HealthSample } from '../../../agent/health/health-sample.ts';

const GiB = 1024 ** 3;

export function sampleAt(at: number, patch: Partial<HealthSample> = {}): HealthSample {
  return {
    at,
    cpuLoadPct: 10,
    memTotalBytes: 4 * GiB,
    memAvailableBytes: 3 * GiB,
    diskFreeBytes: 50 * GiB,
    diskTotalBytes: 100 * GiB,
    cpuTempC: null,
    uptimeSeconds: 3_600,
    hubReachable: null,
    hubLatencyMs: null,
    problems: [],
    kiosk: { connected: true, screen: 'board', width: 1920, height: 1080, visible: true },
    ...patch,
  };
}
