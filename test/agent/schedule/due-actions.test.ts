import { describe, it, expect } from 'vitest';
import { dueActions, type ScheduleAction } from '../../../agent/schedule/due-actions.pure.ts';

const t = { opensAt: 100, startsAt: 200, closesAt: 300 };
const fired = (...a: ScheduleAction[]) => new Set(a);

describe('what is due for a group viewing', () => {
  it('does nothing before check-in opens', () => {
    expect(dueActions('group_viewing', t, fired(), 99)).toEqual([]);
  });
  it('opens check-in when the window opens', () => {
    expect(dueActions('group_viewing', t, fired(), 100)).toEqual(['checkin_open']);
    expect(dueActions('group_viewing', t, fired('checkin_open'), 150)).toEqual([]);
  });
  it('starts at the start time', () => {
    expect(dueActions('group_viewing', t, fired('checkin_open'), 200)).toEqual(['start']);
  });
  it('opens and starts together when the agent comes up inside the window (late start)', () => {
    expect(dueActions('group_viewing', t, fired(), 250)).toEqual(['checkin_open', 'start']);
  });
  it('logs a missed showing once the window has passed without a start', () => {
    expect(dueActions('group_viewing', t, fired(), 300)).toEqual(['missed']);
    expect(dueActions('group_viewing', t, fired('checkin_open'), 5_000)).toEqual(['missed']);
    expect(dueActions('group_viewing', t, fired('missed'), 5_000)).toEqual([]);
  });
  it('closes check-in after a started showing, once', () => {
    expect(dueActions('group_viewing', t, fired('checkin_open', 'start'), 300)).toEqual(['checkin_close']);
    expect(dueActions('group_viewing', t, fired('checkin_open', 'start', 'checkin_close'), 300)).toEqual([]);
  });
});

describe('what is due for background play', () => {
  it('has no check-in: starts at the start time, or is missed after the window', () => {
    expect(dueActions('background', t, fired(), 150)).toEqual([]);
    expect(dueActions('background', t, fired(), 200)).toEqual(['start']);
    expect(dueActions('background', t, fired('start'), 400)).toEqual([]);
    expect(dueActions('background', t, fired(), 400)).toEqual(['missed']);
  });
});
