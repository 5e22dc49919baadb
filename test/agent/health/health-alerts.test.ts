// The pure threshold decisions: each health alert is raised past its threshold, cleared only after a real
// recovery (a second, safer threshold), never raised twice, and left alone by readings that are missing.
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, decideHealthAlerts, type HealthAlertCode, type HealthObservation } from '../../../agent/health/health-alerts.pure.ts';

const GiB = 1024 ** 3;
const MIN = 60_000;
const HOUR = 3_600_000;

const healthy: HealthObservation = {
  diskFreeBytes: 50 * GiB,
  diskTotalBytes: 100 * GiB,
  cpuTempC: 50,
  kioskSilentMs: 10_000,
  kioskHidden: false,
  programOnScreen: null,
  hubConfigured: true,
  hubFailingForMs: null,
  hubSkewMs: 0,
};

/** Feeds observations one after another, as the service does each minute; returns the alerts standing after each. */
function run(observations: Partial<HealthObservation>[]): { standing: string[][]; raised: string[]; cleared: string[]; messages: Map<string, string> } {
  const active = new Set<HealthAlertCode>();
  const standing: string[][] = [];
  const raised: string[] = [];
  const cleared: string[] = [];
  const messages = new Map<string, string>();
  for (const patch of observations) {
    const d = decideHealthAlerts(active, { ...healthy, ...patch });
    for (const a of d.raise) {
      expect(active.has(a.code), `${a.code} raised while it stands`).toBe(false);
      active.add(a.code);
      raised.push(a.code);
      messages.set(a.code, a.message);
    }
    for (const c of d.clear) {
      expect(active.has(c), `${c} cleared while it does not stand`).toBe(true);
      active.delete(c);
      cleared.push(c);
    }
    standing.push([...active].sort());
  }
  return { standing, raised, cleared, messages };
}

describe('a healthy terminal', () => {
  it('raises nothing and clears nothing', () => {
    expect(decideHealthAlerts(new Set(), healthy)).toEqual({ raise: [], clear: [] });
  });
});

describe('disk low', () => {
  it('is raised below 2 GiB free, even on a small disk where that is more than 5 %', () => {
    const d = decideHealthAlerts(new Set(), { ...healthy, diskFreeBytes: 1.9 * GiB, diskTotalBytes: 16 * GiB });
    expect(d.raise.map((a) => a.code)).toEqual(['disk_low']);
    expect(d.raise[0]!.message).toContain('数据盘空间不足');
    expect(d.raise[0]!.message).toContain('1.9 GB');
    expect(d.raise[0]!.messageEn).toContain('Low disk space');
  });

  it('is raised below 5 % free on a large disk, though many GiB are left', () => {
    const d = decideHealthAlerts(new Set(), { ...healthy, diskFreeBytes: 40 * GiB, diskTotalBytes: 1000 * GiB });
    expect(d.raise.map((a) => a.code)).toEqual(['disk_low']);
  });

  it('does not flap while free space wavers around the threshold, and clears only past 2.5 GiB and 6 %', () => {
    const frees = [3, 1.9, 2.1, 1.95, 2.4, 2.2, 2.6, 2.3, 1.9];
    const r = run(frees.map((f) => ({ diskFreeBytes: f * GiB, diskTotalBytes: 16 * GiB })));
    expect(r.raised).toEqual(['disk_low', 'disk_low']);
    expect(r.cleared).toEqual(['disk_low']);
    expect(r.standing.map((s) => s.length)).toEqual([0, 1, 1, 1, 1, 1, 0, 0, 1]);
  });

  it('decides nothing when the disk could not be read', () => {
    expect(decideHealthAlerts(new Set(['disk_low']), { ...healthy, diskFreeBytes: null, diskTotalBytes: null })).toEqual({ raise: [], clear: [] });
  });
});

describe('CPU temperature', () => {
  it('is raised above 80 °C, stays through 76–80 °C and clears at 75 °C or below', () => {
    const r = run([70, 81, 79, 77, 76, 75, 79, 80, 80.5].map((t) => ({ cpuTempC: t })));
    expect(r.standing.map((s) => s.includes('cpu_temp_high'))).toEqual([false, true, true, true, true, false, false, false, true]);
    expect(r.messages.get('cpu_temp_high')).toContain('81 °C');
  });

  it('without a sensor (null) raises nothing and clears nothing', () => {
    expect(decideHealthAlerts(new Set(), { ...healthy, cpuTempC: null }).raise).toEqual([]);
    expect(decideHealthAlerts(new Set(['cpu_temp_high']), { ...healthy, cpuTempC: null }).clear).toEqual([]);
  });
});

describe('kiosk not connected', () => {
  it('is raised only while a program should be on screen and the kiosk has been silent over 90 s', () => {
    expect(decideHealthAlerts(new Set(), { ...healthy, kioskSilentMs: 10 * MIN }).raise).toEqual([]);
    expect(decideHealthAlerts(new Set(), { ...healthy, programOnScreen: '学习贯彻 第一讲', kioskSilentMs: 90_000 }).raise).toEqual([]);
    const d = decideHealthAlerts(new Set(), { ...healthy, programOnScreen: '学习贯彻 第一讲', kioskSilentMs: 90_001 });
    expect(d.raise.map((a) => [a.code, a.level])).toEqual([['kiosk_disconnected', 'critical']]);
    expect(d.raise[0]!.message).toContain('「学习贯彻 第一讲」正在进行');
  });

  it('counts a page reported hidden as not showing', () => {
    const d = decideHealthAlerts(new Set(), { ...healthy, programOnScreen: '党课', kioskHidden: true });
    expect(d.raise.map((a) => a.code)).toEqual(['kiosk_disconnected']);
  });

  it('clears when the screen is back, or when nothing needs to be on it any more', () => {
    const r = run([
      { programOnScreen: '党课', kioskSilentMs: 2 * MIN },
      { programOnScreen: '党课', kioskSilentMs: 3 * MIN },
      { programOnScreen: '党课', kioskSilentMs: 5_000 },
      { programOnScreen: '党课', kioskSilentMs: 2 * MIN },
      { programOnScreen: null, kioskSilentMs: 3 * MIN },
    ]);
    expect(r.standing.map((s) => s.includes('kiosk_disconnected'))).toEqual([true, true, false, true, false]);
  });
});

describe('hub unreachable', () => {
  it('is raised after a full day of failed checks, not before', () => {
    expect(decideHealthAlerts(new Set(), { ...healthy, hubFailingForMs: 23.9 * HOUR }).raise).toEqual([]);
    const d = decideHealthAlerts(new Set(), { ...healthy, hubFailingForMs: 24 * HOUR });
    expect(d.raise.map((a) => a.code)).toEqual(['hub_unreachable']);
    expect(d.raise[0]!.message).toContain('已超过 24 小时连不上县级管理平台');
  });

  it('clears with the first successful check', () => {
    const r = run([{ hubFailingForMs: 30 * HOUR }, { hubFailingForMs: 31 * HOUR }, { hubFailingForMs: null }]);
    expect(r.raised).toEqual(['hub_unreachable']);
    expect(r.cleared).toEqual(['hub_unreachable']);
  });

  it('is never raised, and is cleared, when no hub is configured', () => {
    expect(decideHealthAlerts(new Set(), { ...healthy, hubConfigured: false, hubFailingForMs: 48 * HOUR }).raise).toEqual([]);
    expect(decideHealthAlerts(new Set(['hub_unreachable']), { ...healthy, hubConfigured: false, hubFailingForMs: 48 * HOUR }).clear).toEqual(['hub_unreachable']);
  });
});

describe('clock skew', () => {
  it('is raised beyond 5 minutes either way, saying which way', () => {
    // hubSkewMs = hub − terminal (as the uplink records it): positive means the terminal is behind.
    const behind = decideHealthAlerts(new Set(), { ...healthy, hubSkewMs: 6 * MIN });
    expect(behind.raise[0]!.message).toBe('终端时钟比县级管理平台慢 6 分钟，请校准时间');
    const ahead = decideHealthAlerts(new Set(), { ...healthy, hubSkewMs: -7 * MIN });
    expect(ahead.raise[0]!.message).toBe('终端时钟比县级管理平台快 7 分钟，请校准时间');
    expect(decideHealthAlerts(new Set(), { ...healthy, hubSkewMs: 5 * MIN }).raise).toEqual([]);
  });

  it('clears only within 4 minutes, so a skew wavering around 5 minutes does not flap', () => {
    const r = run([4.9, 5.1, 4.9, 5.2, 4.5, 4.0, 4.9, 5.1].map((m) => ({ hubSkewMs: m * MIN })));
    expect(r.standing.map((s) => s.includes('clock_skew'))).toEqual([false, true, true, true, true, false, false, true]);
  });

  it('is not newly raised beyond 10 minutes, where the scheduler\'s critical clock alert already stands', () => {
    expect(decideHealthAlerts(new Set(), { ...healthy, hubSkewMs: 11 * MIN }).raise).toEqual([]);
    // One that stands stays until the clock is near again.
    expect(decideHealthAlerts(new Set(['clock_skew']), { ...healthy, hubSkewMs: 11 * MIN })).toEqual({ raise: [], clear: [] });
  });

  it('clears when the skew is unknown or no hub is configured', () => {
    expect(decideHealthAlerts(new Set(['clock_skew']), { ...healthy, hubSkewMs: null }).clear).toEqual(['clock_skew']);
    expect(decideHealthAlerts(new Set(['clock_skew']), { ...healthy, hubConfigured: false, hubSkewMs: 8 * MIN }).clear).toEqual(['clock_skew']);
  });
});

describe('thresholds', () => {
  it('can be tightened per call', () => {
    const d = decideHealthAlerts(new Set(), { ...healthy, cpuTempC: 70 }, { ...DEFAULT_THRESHOLDS, tempHighC: 65, tempClearC: 60 });
    expect(d.raise.map((a) => a.code)).toEqual(['cpu_temp_high']);
  });
});
