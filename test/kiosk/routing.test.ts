import { describe, it, expect } from 'vitest';
import { routeAfterResync, routeForActivityChange, routeForEvent, routeForState } from '../../kiosk/ui/src/routing.pure.ts';
import type { SessionView, StationState } from '../../kiosk/ui/src/api-types.ts';

function view(id: number, status: 'checkin' | 'playing' | 'ended', window: 'open' | 'closed' | 'not_open', kind: 'group_viewing' | 'background' = 'group_viewing'): SessionView {
  return { session: { id, status, kind, courseId: 10 + id, title: `节目${id}` }, window } as unknown as SessionView;
}
const state = (live: SessionView[]) => ({ live }) as unknown as StationState;

describe('where the kiosk starts', () => {
  it('resumes a playing session in the player', () => {
    expect(routeForState(state([view(1, 'checkin', 'open'), view(2, 'playing', 'open')]))).toEqual({ screen: 'player', sessionId: 2, courseId: 12, title: '节目2' });
  });
  it('opens check-in when a group viewing window is open and nothing plays', () => {
    expect(routeForState(state([view(1, 'checkin', 'open')]))).toEqual({ screen: 'checkin', sessionId: 1 });
  });
  it('returns to a satisfaction survey that is open or due (restart mid-survey, a viewing stopped from admin)', () => {
    const due = { live: [view(1, 'ended', 'open')], survey: { sessionId: 1, title: '节目1' } } as unknown as StationState;
    expect(routeForState(due)).toEqual({ screen: 'satisfaction', sessionId: 1 });
    expect(routeAfterResync(due, { screen: 'board' })).toEqual({ screen: 'satisfaction', sessionId: 1 });
    // A showing or a check-in comes first.
    const both = { live: [view(2, 'checkin', 'open')], survey: { sessionId: 1, title: '节目1' } } as unknown as StationState;
    expect(routeForState(both)).toEqual({ screen: 'checkin', sessionId: 2 });
  });
  it('shows the board otherwise', () => {
    expect(routeForState(state([view(1, 'ended', 'open')]))).toEqual({ screen: 'board' });
    expect(routeForState(state([]))).toEqual({ screen: 'board' });
  });
});

describe('how events move the screen', () => {
  it('a starting program takes the screen from anywhere, admin included', () => {
    const e = { type: 'program_starting', sessionId: 5, programId: 1, courseId: 9, title: '党课', scheduledStart: 0, lateMs: 0 } as const;
    expect(routeForEvent(e, { screen: 'admin' })).toEqual({ screen: 'player', sessionId: 5, courseId: 9, title: '党课' });
  });
  it('an opening check-in window opens check-in only from the board', () => {
    const e = { type: 'checkin_window', sessionId: 3, state: 'open', title: 'x' } as const;
    expect(routeForEvent(e, { screen: 'board' })).toEqual({ screen: 'checkin', sessionId: 3 });
    expect(routeForEvent(e, { screen: 'admin' })).toBeNull();
  });
  it('a closing window returns its own check-in screen to the board, not another session', () => {
    const e = { type: 'checkin_window', sessionId: 3, state: 'closed', title: 'x' } as const;
    expect(routeForEvent(e, { screen: 'checkin', sessionId: 3 })).toEqual({ screen: 'board' });
    expect(routeForEvent(e, { screen: 'checkin', sessionId: 4 })).toBeNull();
  });
  it('the end or stop of the playing session asks the room its satisfaction; background play returns to the board', () => {
    expect(routeForEvent({ type: 'playback_state', sessionId: 7, courseId: 1, state: 'ended' }, { screen: 'player', sessionId: 7, courseId: 1, title: '' })).toEqual({ screen: 'satisfaction', sessionId: 7 });
    expect(routeForEvent({ type: 'playback_state', sessionId: 7, courseId: 1, state: 'stopped' }, { screen: 'player', sessionId: 7, courseId: 1, title: '' })).toEqual({ screen: 'satisfaction', sessionId: 7 });
    expect(routeForEvent({ type: 'playback_state', sessionId: null, courseId: 1, state: 'stopped' }, { screen: 'player', sessionId: null, courseId: 1, title: '' })).toEqual({ screen: 'board' });
    expect(routeForEvent({ type: 'playback_state', sessionId: null, courseId: 1, state: 'ended' }, { screen: 'player', sessionId: null, courseId: 1, title: '' })).toEqual({ screen: 'board' });
    expect(routeForEvent({ type: 'playback_state', sessionId: 7, courseId: 1, state: 'playing' }, { screen: 'player', sessionId: 7, courseId: 1, title: '' })).toBeNull();
    expect(routeForEvent({ type: 'playback_state', sessionId: 8, courseId: 1, state: 'ended' }, { screen: 'player', sessionId: 7, courseId: 1, title: '' })).toBeNull();
  });
});

describe('catching up after the event stream (re)connects', () => {
  it('a showing that started before the stream connected takes the screen from check-in and the board', () => {
    const live = state([view(1, 'playing', 'open')]);
    expect(routeAfterResync(live, { screen: 'checkin', sessionId: 1 })).toEqual({ screen: 'player', sessionId: 1, courseId: 11, title: '节目1' });
    expect(routeAfterResync(live, { screen: 'board' })).toEqual({ screen: 'player', sessionId: 1, courseId: 11, title: '节目1' });
  });
  it('a window that opened or closed meanwhile moves the board and check-in as its event would have', () => {
    expect(routeAfterResync(state([view(2, 'checkin', 'open')]), { screen: 'board' })).toEqual({ screen: 'checkin', sessionId: 2 });
    expect(routeAfterResync(state([view(2, 'checkin', 'closed')]), { screen: 'checkin', sessionId: 2 })).toEqual({ screen: 'board' });
    expect(routeAfterResync(state([view(3, 'checkin', 'open')]), { screen: 'checkin', sessionId: 2 })).toEqual({ screen: 'checkin', sessionId: 3 });
  });
  it('leaves a screen that is already right, the player, and admin alone', () => {
    expect(routeAfterResync(state([view(2, 'checkin', 'open')]), { screen: 'checkin', sessionId: 2 })).toBeNull();
    expect(routeAfterResync(state([]), { screen: 'board' })).toBeNull();
    expect(routeAfterResync(state([view(1, 'playing', 'open')]), { screen: 'admin' })).toBeNull();
    expect(routeAfterResync(state([]), { screen: 'player', sessionId: 1, courseId: 11, title: '节目1' })).toBeNull();
  });
});

describe("a branch activity's check-in at the door", () => {
  const withActivity = (live: SessionView[], activityId: number) => ({ live, activityCheckin: { activity: { id: activityId } } }) as unknown as StationState;

  it('starts at an open activity check-in, a viewing’s check-in or a showing first', () => {
    expect(routeForState(withActivity([], 7))).toEqual({ screen: 'checkin', activityId: 7 });
    expect(routeForState(withActivity([view(2, 'checkin', 'open')], 7))).toEqual({ screen: 'checkin', sessionId: 2 });
    expect(routeForState(withActivity([view(3, 'playing', 'open')], 7))).toMatchObject({ screen: 'player', sessionId: 3 });
  });

  it('follows its opening and closing from the board, and leaves it for a viewing’s check-in', () => {
    const open = { type: 'activity_checkin', activityId: 7, state: 'open', title: '学习' } as const;
    const closed = { ...open, state: 'closed' } as const;
    expect(routeForEvent(open, { screen: 'board' })).toEqual({ screen: 'checkin', activityId: 7 });
    expect(routeForEvent(open, { screen: 'checkin', sessionId: 2 })).toBeNull();
    expect(routeForEvent(open, { screen: 'admin' })).toBeNull();
    expect(routeForEvent(closed, { screen: 'checkin', activityId: 7 })).toEqual({ screen: 'board' });
    expect(routeForEvent(closed, { screen: 'checkin', activityId: 8 })).toBeNull();
    expect(routeForEvent(closed, { screen: 'checkin', sessionId: 7 })).toBeNull();
    const viewing = { type: 'checkin_window', sessionId: 2, state: 'open', title: '节目2' } as const;
    expect(routeForEvent(viewing, { screen: 'checkin', activityId: 7 })).toEqual({ screen: 'checkin', sessionId: 2 });
    expect(routeForEvent({ ...viewing, state: 'closed' }, { screen: 'checkin', activityId: 7 })).toBeNull();
  });

  it('resyncs to it, and leaves it alone when already there', () => {
    expect(routeAfterResync(withActivity([], 7), { screen: 'board' })).toEqual({ screen: 'checkin', activityId: 7 });
    expect(routeAfterResync(withActivity([], 7), { screen: 'checkin', activityId: 7 })).toBeNull();
    expect(routeAfterResync(state([]), { screen: 'checkin', activityId: 7 })).toEqual({ screen: 'board' });
    expect(routeAfterResync(withActivity([], 7), { screen: 'checkin', sessionId: 7 })).toEqual({ screen: 'checkin', activityId: 7 });
  });
});

describe('an activity check-in opened or closed by another process (seen in the state)', () => {
  const withActivity = (activityId: number | null) => ({ live: [], activityCheckin: activityId === null ? null : { activity: { id: activityId } } }) as unknown as StationState;

  it('takes the board to a newly opened one, and leaves one that closed', () => {
    expect(routeForActivityChange(null, withActivity(7), { screen: 'board' })).toEqual({ screen: 'checkin', activityId: 7 });
    expect(routeForActivityChange(7, withActivity(null), { screen: 'checkin', activityId: 7 })).toEqual({ screen: 'board' });
    expect(routeForActivityChange(7, withActivity(8), { screen: 'checkin', activityId: 7 })).toEqual({ screen: 'checkin', activityId: 8 });
  });

  it('leaves the screen alone when nothing changed, or elsewhere', () => {
    // Back to the board from an activity still open: the room chose the board.
    expect(routeForActivityChange(7, withActivity(7), { screen: 'board' })).toBeNull();
    expect(routeForActivityChange(null, withActivity(7), { screen: 'admin' })).toBeNull();
    expect(routeForActivityChange(null, withActivity(7), { screen: 'checkin', sessionId: 2 })).toBeNull();
    expect(routeForActivityChange(7, withActivity(null), { screen: 'checkin', sessionId: 2 })).toBeNull();
  });
});
