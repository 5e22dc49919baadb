// Which screen the room should see: on start-up from the station's state, afterwards from its events. Pure.
import type { Route } from './navigation.ts';
import type { StationEvent, StationState } from './api-types.ts';

/**
 * Where the room should be when the kiosk (re)starts: playing, checking in (a viewing's check-in before a branch
 * activity's), answering the survey, or the board.
 */
export function routeForState(state: StationState): Route {
  const playing = state.live.find((v) => v.session.status === 'playing');
  if (playing) return { screen: 'player', sessionId: playing.session.id, courseId: playing.session.courseId, title: playing.session.title };
  const checkin = state.live.find((v) => v.session.kind === 'group_viewing' && v.session.status === 'checkin' && v.window === 'open');
  if (checkin) return { screen: 'checkin', sessionId: checkin.session.id };
  if (state.activityCheckin) return { screen: 'checkin', activityId: state.activityCheckin.activity.id };
  // A survey left open by a restart, or due after a viewing the administrator stopped, is asked again.
  if (state.survey) return { screen: 'satisfaction', sessionId: state.survey.sessionId };
  return { screen: 'board' };
}

function sameCheckin(a: Route, b: Route): boolean {
  if (a.screen !== 'checkin' || b.screen !== 'checkin') return false;
  if ('activityId' in a) return 'activityId' in b && a.activityId === b.activityId;
  return 'sessionId' in b && a.sessionId === b.sessionId;
}

/**
 * After the event stream (re)connects, what its missed events would have done: a kiosk that connects a moment
 * after a showing started, or whose stream dropped across a start or a closing window, still follows the room.
 * Only the board and check-in are moved: the player ends by its own report, and admin is left to the person
 * using it (leaving admin resumes whatever is on).
 */
export function routeAfterResync(state: StationState, current: Route): Route | null {
  if (current.screen !== 'board' && current.screen !== 'checkin') return null;
  const target = routeForState(state);
  if (target.screen === 'board' && current.screen === 'board') return null;
  if (sameCheckin(target, current)) return null;
  return target;
}

/**
 * When the station's state names another open activity check-in than before (`before`: the id last seen, null for
 * none) — opened or closed by another process (the CLI), which the stream reports only as `data_changed` — the
 * board goes to the new one, and its screen leaves one that closed. Null leaves the screen where it is.
 */
export function routeForActivityChange(before: number | null, state: StationState, current: Route): Route | null {
  const now = state.activityCheckin?.activity.id ?? null;
  if (now === before) return null;
  if (now !== null && current.screen === 'board') return { screen: 'checkin', activityId: now };
  if (before !== null && current.screen === 'checkin' && 'activityId' in current && current.activityId === before) return now === null ? { screen: 'board' } : { screen: 'checkin', activityId: now };
  return null;
}

/** How an event from the agent moves the screen; null leaves it where it is. */
export function routeForEvent(event: StationEvent, current: Route): Route | null {
  switch (event.type) {
    case 'program_starting':
      return { screen: 'player', sessionId: event.sessionId, courseId: event.courseId, title: event.title };
    case 'checkin_window':
      // A viewing's check-in takes the door from a branch activity's too: the viewing has a schedule to keep.
      if (event.state === 'open' && (current.screen === 'board' || (current.screen === 'checkin' && 'activityId' in current))) {
        return { screen: 'checkin', sessionId: event.sessionId };
      }
      if (event.state === 'closed' && current.screen === 'checkin' && 'sessionId' in current && current.sessionId === event.sessionId) return { screen: 'board' };
      return null;
    case 'activity_checkin':
      if (event.state === 'open' && current.screen === 'board') return { screen: 'checkin', activityId: event.activityId };
      if (event.state === 'closed' && current.screen === 'checkin' && 'activityId' in current && current.activityId === event.activityId) return { screen: 'board' };
      return null;
    case 'playback_state':
      if (current.screen !== 'player' || current.sessionId !== event.sessionId) return null;
      // A showing that played out or was stopped asks the room's satisfaction (the screen leaves at once when
      // there is nothing to ask: background play, nobody present).
      if ((event.state === 'ended' || event.state === 'stopped') && event.sessionId !== null) return { screen: 'satisfaction', sessionId: event.sessionId };
      if (event.state === 'stopped' || event.state === 'ended') return { screen: 'board' };
      return null;
    default:
      return null;
  }
}
