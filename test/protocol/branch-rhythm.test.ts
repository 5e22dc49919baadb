// The 三会一课 rhythm (protocol/branch-rhythm.pure.ts): each kind counted over its month or quarter up to the day
// asked about, met / short / pending; and the county's own rule, sent down in its policy, replacing the default.
import { describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
import { DEFAULT_BRANCH_RHYTHM, checkRhythm, periodOf, rhythmOf, type BranchRhythm } from '../../protocol/branch-rhythm.pure.ts';
import { DEFAULT_POLICY, PolicySchema, downlinkVersion } from '../../protocol/downlink.pure.ts';
import { createStation } from '../support/station-fixture.ts';
import { applyDownlink } from '../../agent/uplink/downlink.ts';
import { recordActivity } from '../../agent/activities/activity-register.ts';
import { rhythmAsOf } from '../../agent/activities/activity-rhythm.ts';

const status = (lines: ReturnType<typeof checkRhythm>) => Object.fromEntries(lines.map((l) => [l.kind, `${l.periodLabel} ${l.held}/${l.required} ${l.status}`]));

describe('the 三会一课 rhythm', () => {
  it('names months and quarters with their first and last day', () => {
    expect(periodOf('quarter', '2026-02-14')).toEqual({ label: '2026-Q1', from: '2026-01-01', to: '2026-03-31' });
    expect(periodOf('quarter', '2026-12-31')).toEqual({ label: '2026-Q4', from: '2026-10-01', to: '2026-12-31' });
    expect(periodOf('month', '2024-02-10')).toEqual({ label: '2024-02', from: '2024-02-01', to: '2024-02-29' });
  });

  it('counts each kind over its period up to the day: met, pending while the period runs, short once it is over', () => {
    const held = [
      { kind: 'committee' as const, date: '2026-10-09' },
      { kind: 'committee' as const, date: '2026-11-09' },
      { kind: 'group_meeting' as const, date: '2026-10-15' },
      { kind: 'party_lesson' as const, date: '2026-12-01' },
      { kind: 'theme_day' as const, date: '2026-11-01' },
    ];
    expect(status(checkRhythm(DEFAULT_BRANCH_RHYTHM, held, '2026-10-31'))).toEqual({
      branch_assembly: '2026-Q4 0/1 pending',
      committee: '2026-10 1/1 met',
      group_meeting: '2026-10 1/1 met',
      party_lesson: '2026-Q4 0/1 pending',
    });
    expect(status(checkRhythm(DEFAULT_BRANCH_RHYTHM, held, '2026-11-30'))).toEqual({
      branch_assembly: '2026-Q4 0/1 pending',
      committee: '2026-11 1/1 met',
      group_meeting: '2026-11 0/1 short',
      party_lesson: '2026-Q4 0/1 pending',
    });
    // An activity dated after the day asked about does not count yet.
    expect(status(checkRhythm(DEFAULT_BRANCH_RHYTHM, held, '2026-11-20')).party_lesson).toBe('2026-Q4 0/1 pending');
    expect(status(checkRhythm(DEFAULT_BRANCH_RHYTHM, held, '2026-12-31'))).toEqual({
      branch_assembly: '2026-Q4 0/1 short',
      committee: '2026-12 0/1 short',
      group_meeting: '2026-12 0/1 short',
      party_lesson: '2026-Q4 1/1 met',
    });
  });

  it('a policy without a rhythm keeps the default and the downlink hash it had; one with a rhythm is checked and applied', async () => {
    expect(rhythmOf(DEFAULT_POLICY)).toEqual(DEFAULT_BRANCH_RHYTHM);
    const county: BranchRhythm = { ...DEFAULT_BRANCH_RHYTHM, party_lesson: { period: 'month', min: 1 }, theme_day: { period: 'month', min: 1 }, committee: { period: 'month', min: 0 } };
    const check = Compile(PolicySchema);
    expect(check.Check({ ...DEFAULT_POLICY, branchRhythm: county })).toBe(true);
    expect(check.Check({ ...DEFAULT_POLICY, branchRhythm: { ...county, committee: { period: 'week', min: 1 } } })).toBe(false);
    const base = { programs: [], notices: [], policy: DEFAULT_POLICY };
    expect(downlinkVersion(base)).toBe(downlinkVersion({ ...base, policy: { ...DEFAULT_POLICY } }));
    expect(downlinkVersion({ ...base, policy: { ...DEFAULT_POLICY, branchRhythm: county } })).not.toBe(downlinkVersion(base));

    const station = createStation();
    try {
      recordActivity(station.db, { kind: 'committee', date: '2026-11-03', startTime: '19:00', place: '活动室', host: '王', topic: '支委会' }, 'cli', Date.parse('2026-11-30T12:00:00Z'));
      recordActivity(station.db, { kind: 'theme_day', date: '2026-11-01', startTime: '09:00', place: '活动室', host: '王', topic: '主题党日' }, 'cli', Date.parse('2026-11-30T12:00:00Z'));
      expect(status(rhythmAsOf(station.db, '2026-11-30'))).toEqual({
        branch_assembly: '2026-Q4 0/1 pending',
        committee: '2026-11 1/1 met',
        group_meeting: '2026-11 0/1 short',
        party_lesson: '2026-Q4 0/1 pending',
      });
      const policy = { ...DEFAULT_POLICY, branchRhythm: county };
      applyDownlink(station.db, { version: downlinkVersion({ ...base, policy }), ...base, policy }, 1_000);
      // The county checks 党课 monthly and 主题党日, and no longer 支委会.
      expect(status(rhythmAsOf(station.db, '2026-11-30'))).toEqual({
        branch_assembly: '2026-Q4 0/1 pending',
        group_meeting: '2026-11 0/1 short',
        party_lesson: '2026-11 0/1 short',
        theme_day: '2026-11 1/1 met',
      });
    } finally {
      station.close();
      }
  });
});
