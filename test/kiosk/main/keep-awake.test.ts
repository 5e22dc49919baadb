// The display stays on while a showing is live or near, and when the agent cannot be asked.
import { describe, expect, it } from 'vitest';
import { KEEP_AWAKE_BEFORE_MS, awakeStateOf, shouldKeepDisplayAwake } from '../../../kiosk/main/keep-awake.pure.ts';

const NOW = 1_700_000_000_000;

describe('keeping the display awake', () => {
  it('does while a session is live', () => {
    expect(shouldKeepDisplayAwake({ now: NOW, live: [{}], next: null })).toBe(true);
  });

  it(`does from ${KEEP_AWAKE_BEFORE_MS / 60_000} minutes before the next showing`, () => {
    expect(shouldKeepDisplayAwake({ now: NOW, live: [], next: { startsAt: NOW + KEEP_AWAKE_BEFORE_MS } })).toBe(true);
    expect(shouldKeepDisplayAwake({ now: NOW, live: [], next: { startsAt: NOW + KEEP_AWAKE_BEFORE_MS + 1 } })).toBe(false);
  });

  it('lets the display sleep between showings', () => {
    expect(shouldKeepDisplayAwake({ now: NOW, live: [], next: null })).toBe(false);
    expect(shouldKeepDisplayAwake({ now: NOW, live: [], next: { startsAt: NOW + 86_400_000 } })).toBe(false);
  });

  it('keeps it on when the agent does not answer or answers nonsense', () => {
    expect(shouldKeepDisplayAwake(null)).toBe(true);
    expect(shouldKeepDisplayAwake(awakeStateOf(null))).toBe(true);
    expect(shouldKeepDisplayAwake(awakeStateOf('<html>'))).toBe(true);
    expect(shouldKeepDisplayAwake(awakeStateOf({ now: 'x', live: [] }))).toBe(true);
  });

  it('reads the agent state answer and ignores the rest of it', () => {
    expect(awakeStateOf({ now: NOW, live: [], next: { startsAt: NOW + 5, title: 'x' }, station: {} })).toEqual({ now: NOW, live: [], next: { startsAt: NOW + 5 } });
    expect(awakeStateOf({ now: NOW, live: [], next: { title: 'no time' } })).toEqual({ now: NOW, live: [], next: null });
  });
});
