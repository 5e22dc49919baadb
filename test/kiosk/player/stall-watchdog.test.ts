// The stall watchdog on a clock the test moves: 15 s without progress is a stall, counted in a row.
import { describe, expect, it } from 'vitest';
import { StallWatchdog, STALL_TIMEOUT_MS, type StallReport } from '../../../kiosk/ui/src/screens/player/stall-watchdog.pure.ts';

function setup() {
  let now = 1_000_000;
  const reports: StallReport[] = [];
  const dog = new StallWatchdog(() => now, (r) => reports.push(r));
  return { dog, reports, advance: (ms: number) => (now += ms) };
}

describe('stall watchdog', () => {
  it('says nothing while the position moves', () => {
    const { dog, reports, advance } = setup();
    dog.arm(0);
    for (let s = 1; s <= 60; s += 1) {
      advance(1_000);
      dog.check(s);
    }
    expect(reports).toEqual([]);
  });

  it('reports after 15 s without progress, not before', () => {
    const { dog, reports, advance } = setup();
    expect(STALL_TIMEOUT_MS).toBe(15_000);
    dog.arm(12);
    advance(14_999);
    dog.check(12);
    expect(reports).toEqual([]);
    advance(1);
    dog.check(12.01);
    expect(reports).toEqual([{ positionSec: 12.01, stalledMs: 15_000, consecutive: 1 }]);
  });

  it('counts stalls in a row and starts over once playback moves again', () => {
    const { dog, reports, advance } = setup();
    dog.arm(5);
    advance(15_000);
    dog.check(5);
    advance(15_000);
    dog.check(5);
    expect(reports.map((r) => r.consecutive)).toEqual([1, 2]);
    advance(1_000);
    dog.check(6);
    advance(15_000);
    dog.check(6);
    expect(reports.map((r) => r.consecutive)).toEqual([1, 2, 1]);
  });

  it('re-arming after a recovery keeps the count (a nudge is not progress)', () => {
    const { dog, reports, advance } = setup();
    dog.arm(5);
    advance(15_000);
    dog.check(5);
    dog.arm(5.1);
    advance(15_000);
    dog.check(5.1);
    expect(reports.map((r) => r.consecutive)).toEqual([1, 2]);
  });

  it('watches nothing while disarmed (paused, ended, error card)', () => {
    const { dog, reports, advance } = setup();
    dog.arm(0);
    dog.disarm();
    advance(60_000);
    dog.check(0);
    expect(reports).toEqual([]);
    expect(dog.isArmed).toBe(false);
  });
});
