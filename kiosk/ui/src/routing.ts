// Which screen the room should see: on start-up from the station's state, afterwards from its events. Pure.
import type { Route } from './navigation.ts';
import type { StationEvent, StationState } from './api-types.ts';

/** Where the room should be when the kiosk (re)starts: playing, checking in, or the board. */
export function routeForState(state: StationState): Route {
  const playing = state.live.find((v) => v.session.status === 'playing');
  if (playing) return { screen: 'player', sessionId: playing.session.id, courseId: playing.session.courseId, title: playing.session.title };
  const checkin = state.live.find((v) => v.session.kind === 'group_viewing' && v.session.status === 'checkin' && v.window === 'open');
  if (checkin) return { screen: 'checkin', sessionId: checkin.session.id };
  return { screen: 'board' };
}

/** How an event from the agent moves the screen; null leaves it where it is. */
export function routeForEvent(event: StationEvent, current: Route): Route | null {
  switch (event.type) {
    case 'program_starting':
      return { screen: 'player', sessionId: event.sessionId, courseId: event.courseId, title: event.title };
    case 'checkin_window':
      if (event.state === 'open' && current.screen === 'board') return { screen: 'checkin', sessionId: event.sessionId };
      if (event.state === 'closed' && current.screen === 'checkin' && current.sessionId === event.sessionId) return { screen: 'board' };
      return null;
    case 'playback_state':
      if ((event.state === 'stopped' || event.state === 'ended') && current.screen === 'player' && current.sessionId === event.sessionId) return { screen: 'board' };
      return null;
    default:
      return null;
  }
}
