// The check-in screen's copy of its session (kiosk/ui/src/screens/checkin/live-session.pure.ts): our own answers
// show at once, and only a newer snapshot replaces them.
import { describe, expect, it } from 'vitest';
import { adoptSnapshot, applyCheckin, applyUndo, checkinsByMember, type CheckinReply, type HeldView } from '../../../kiosk/ui/src/screens/checkin/live-session.pure.ts';
import type { SessionView } from '../../../kiosk/ui/src/api-types.ts';

describe('the screen’s copy of the session', () => {
  const figures = (attendedRegistered: number, guests = 0) => ({
    registered: 10,
    attendedRegistered,
    rate: attendedRegistered / 10,
    late: 0,
    guests,
    guestsByCategory: { non_registered: 0, mobile: 0, activist: 0, applicant: 0, employee: guests, other: 0 },
  });
  const base: SessionView = {
    session: { id: 7 } as SessionView['session'],
    window: 'open',
    playedShare: null,
    lastPlayStart: null,
    figures: figures(0),
    attendees: [],
    startable: false,
  };
  const reply = (status: 'checked_in' | 'already', id: number, memberId: number | null, at: number, present: number, guests = 0): CheckinReply => ({
    status,
    name: memberId === null ? '李老师' : '张三',
    time: '19:30',
    attendance: { id, sessionId: 7, memberId, memberCategory: memberId === null ? null : 'full', guestName: memberId === null ? '李老师' : null, guestCategory: memberId === null ? 'employee' : null, method: 'tile', checkedInAt: at, checkedOutAt: null, late: false, undoneAt: null },
    figures: figures(present, guests),
  });

  it('shows our own check-in at once, and an older snapshot cannot take it back', () => {
    let held: HeldView = { view: base, asOf: 1_000 };
    held = applyCheckin(held, reply('checked_in', 1, 5, 2_000, 1), true);
    expect(checkinsByMember(held.view).get(5)?.checkedInAt).toBe(2_000);
    expect(held.view.figures.attendedRegistered).toBe(1);
    // A refresh that left the agent before our check-in was committed.
    expect(adoptSnapshot(held, base, 1_999)).toBe(held);
    // The one after it wins, whatever it says.
    const newer = { ...base, figures: figures(2), attendees: [] };
    expect(adoptSnapshot(held, newer, 2_001).view).toBe(newer);
  });

  it('changes only the figures for "already", and never lists a check-in twice', () => {
    let held: HeldView = { view: base, asOf: 0 };
    held = applyCheckin(held, reply('checked_in', 1, 5, 2_000, 1), true);
    held = applyCheckin(held, reply('already', 1, 5, 2_000, 1), true);
    held = applyCheckin(held, reply('checked_in', 1, 5, 2_000, 1), true);
    expect(held.view.attendees).toHaveLength(1);
  });

  it('lists a guest without a member, as not registered, and removes an undone check-in', () => {
    let held: HeldView = { view: base, asOf: 0 };
    held = applyCheckin(held, reply('checked_in', 2, null, 3_000, 0, 1), true);
    expect(held.view.attendees[0]).toMatchObject({ attendanceId: 2, memberId: null, name: '李老师', registered: false, guestCategory: 'employee' });
    expect(checkinsByMember(held.view).size).toBe(0);
    held = applyUndo(held, { ...reply('checked_in', 2, null, 3_000, 0).attendance, undoneAt: 4_000 }, figures(0, 0));
    expect(held.view.attendees).toEqual([]);
    expect(held.view.figures.guests).toBe(0);
    expect(held.asOf).toBe(4_000);
  });
});
