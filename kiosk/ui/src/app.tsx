// The kiosk application: one screen at a time, switched by the station's events and by the people in the room.
import { useEffect, useRef, useState } from 'preact/hooks';
import { currentRoute, navigate, onRoute, type Route } from './navigation.ts';
import { station, useStation, useTicker } from './station-store.ts';
import { focusFirst } from './focus/remote-keys.ts';
import { t } from './i18n/i18n.ts';
import { AlertStrip } from './alert-strip.tsx';
import { BoardScreen } from './screens/board.tsx';
import { CheckinScreen } from './screens/checkin/checkin-screen.tsx';
import { checkinTargetOf } from './screens/checkin/checkin-target.pure.ts';
import { lazyScreen } from './lazy-screen.tsx';
import { routeAfterResync, routeForActivityChange, routeForEvent, routeForState } from './routing.pure.ts';
import { readShowingSoon } from './screens/player/showing-read.ts';

/** How long before a showing the kiosk fetches the player's code. */
const PRELOAD_PLAYER_MS = 10 * 60_000;
const PlayerScreen = lazyScreen(() => import('./screens/player/player-screen.tsx').then((m) => m.PlayerScreen));
const SatisfactionScreen = lazyScreen(() => import('./screens/satisfaction/satisfaction-screen.tsx').then((m) => m.SatisfactionScreen));
const AdminScreen = lazyScreen(() => import('./screens/admin/admin-screen.tsx').then((m) => m.AdminScreen));

export function App() {
  const [route, setRoute] = useState<Route>(currentRoute());
  const { state } = useStation();
  const [placed, setPlaced] = useState(false);

  useEffect(
    () =>
      onRoute((next) => {
        // The course is read while the player's code loads, not after.
        if (next.screen === 'player') readShowingSoon(next.courseId, next.sessionId);
        setRoute(next);
      }),
    [],
  );
  useEffect(() => station.onEvent((event) => {
    const next = routeForEvent(event, currentRoute());
    if (next) navigate(next);
  }), []);
  useEffect(() => station.onResync((fresh) => {
    const next = routeAfterResync(fresh, currentRoute());
    if (next) navigate(next);
  }), []);
  useEffect(() => {
    if (state && !placed) {
      setPlaced(true);
      navigate(routeForState(state));
    }
  }, [state, placed]);
  // A branch activity's check-in opened or closed from the CLI arrives as a fresher state, not as its own event.
  const activityAtDoor = state?.activityCheckin?.activity.id ?? null;
  const seenActivity = useRef<number | null>(null);
  useEffect(() => {
    if (!state || !placed) return;
    const next = routeForActivityChange(seenActivity.current, state, currentRoute());
    seenActivity.current = activityAtDoor;
    if (next) navigate(next);
  }, [activityAtDoor, placed]);
  // The player's code (video.js, hls.js) is fetched while check-in is open or a showing is minutes away, so the
  // showing starts without waiting for it; the board carries it only then.
  const now = useTicker(60_000);
  const showingNear = state !== null && (state.live.length > 0 || (state.next !== null && state.next.startsAt - now < PRELOAD_PLAYER_MS));
  useEffect(() => {
    if (showingNear) PlayerScreen.preload();
  }, [showingNear]);
  // Each new screen puts the focus somewhere sensible, so the remote works at once.
  useEffect(() => {
    const id = requestAnimationFrame(() => focusFirst());
    return () => cancelAnimationFrame(id);
  }, [route, placed]);

  if (!state) {
    return (
      <div class="waiting" data-testid="waiting">
        <h1>{t('app.connecting')}</h1>
        <p>{t('app.connecting.detail')}</p>
      </div>
    );
  }
  const back = () => navigate({ screen: 'board' });
  // After a scheduled showing, the satisfaction screen asks the room (it returns to the board by itself when the
  // agent has nothing to ask: background play, nobody present).
  const afterShowing = (sessionId: number | null) => () => navigate(sessionId === null ? { screen: 'board' } : { screen: 'satisfaction', sessionId });
  // Leaving admin returns the room to what it should see now: a showing that is still on resumes. Asked of
  // the agent afresh: the last snapshot may predate a start that happened while admin was open.
  const leaveAdmin = () => {
    void station.refresh().then(() => navigate(station.current.state ? routeForState(station.current.state) : { screen: 'board' }));
  };
  return (
    <div class={`screen screen-${route.screen}`} data-screen={route.screen}>
      {route.screen !== 'player' && <AlertStrip />}
      {route.screen === 'board' && <BoardScreen />}
      {route.screen === 'checkin' && (
        <CheckinScreen key={'activityId' in route ? `a${route.activityId}` : `s${route.sessionId}`} target={checkinTargetOf(route)} onDone={back} />
      )}
      {route.screen === 'player' && <PlayerScreen sessionId={route.sessionId} courseId={route.courseId} title={route.title} onDone={afterShowing(route.sessionId)} />}
      {route.screen === 'satisfaction' && <SatisfactionScreen sessionId={route.sessionId} onDone={back} />}
      {route.screen === 'admin' && <AdminScreen onExit={leaveAdmin} />}
    </div>
  );
}
