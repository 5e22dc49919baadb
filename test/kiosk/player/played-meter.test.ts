// Played time is time actually watched: seeks, resumes and pauses add nothing.
import { describe, expect, it } from 'vitest';
import { PlayedMeter } from '../../../kiosk/ui/src/screens/player/played-meter.pure.ts';

describe('played meter', () => {
  it('adds up steady playback', () => {
    const m = new PlayedMeter();
    for (let i = 0; i <= 40; i += 1) m.sample(i * 0.25, 1_000 + i * 250, true);
    expect(m.playedMs).toBe(10_000);
  });

  it('ignores a jump forward (a seek or a resume) and a jump back', () => {
    const m = new PlayedMeter();
    m.sample(0, 0, true);
    m.sample(1, 1_000, true);
    m.sample(300, 1_250, true);
    m.sample(301, 2_250, true);
    m.sample(100, 2_500, true);
    m.sample(100.5, 3_000, true);
    expect(m.playedMs).toBe(2_500);
  });

  it('counts nothing while paused or waiting, and starts a new stretch after', () => {
    const m = new PlayedMeter();
    m.sample(0, 0, true);
    m.sample(1, 1_000, true);
    m.sample(1, 60_000, false);
    m.sample(1.5, 60_500, true);
    m.sample(2.5, 61_500, true);
    expect(m.playedMs).toBe(2_000);
  });

  it('never runs faster than the clock', () => {
    const m = new PlayedMeter();
    m.sample(0, 0, true);
    m.sample(1.9, 100, true);
    expect(m.playedMs).toBe(600);
  });

  it('starts from what the session already recorded, and a break forgets the last sample', () => {
    const m = new PlayedMeter(42_000);
    m.sample(10, 0, true);
    m.break();
    m.sample(11, 1_000, true);
    m.sample(12, 2_000, true);
    expect(m.playedMs).toBe(43_000);
  });
});
