import { describe, it, expect } from 'vitest';
import { clockTrust, MAX_HUB_SKEW_MS } from '../../../agent/clock/clock-trust.pure.ts';

const after = Date.UTC(2026, 11, 1);

describe('clock trust', () => {
  it('distrusts a clock earlier than the build date', () => {
    const r = clockTrust(Date.UTC(2009, 0, 1), null, '2026-11-01');
    expect(r).toMatchObject({ trusted: false, reason: 'before_build' });
    if (!r.trusted) expect(r.message).toContain('2009-01-01');
  });
  it('trusts a clock after the build date when the hub time is not known', () => {
    expect(clockTrust(after, null, '2026-11-01')).toEqual({ trusted: true });
  });
  it('distrusts a clock far from the hub, either way, and trusts one within the bound', () => {
    expect(clockTrust(after, MAX_HUB_SKEW_MS + 1, '2026-11-01')).toMatchObject({ trusted: false, reason: 'hub_skew' });
    expect(clockTrust(after, -MAX_HUB_SKEW_MS - 1, '2026-11-01')).toMatchObject({ trusted: false, reason: 'hub_skew' });
    expect(clockTrust(after, MAX_HUB_SKEW_MS, '2026-11-01')).toEqual({ trusted: true });
  });
});
