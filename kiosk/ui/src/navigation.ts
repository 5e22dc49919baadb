// Which screen is showing, and the stack of Back handlers (a dialog closes before its screen does).
import { useLayoutEffect } from 'preact/hooks';

export type Route =
  | { screen: 'board' }
  | { screen: 'checkin'; sessionId: number }
  /** The door's check-in to a branch activity (支部活动): the same screen, another target. */
  | { screen: 'checkin'; activityId: number }
  | { screen: 'player'; sessionId: number | null; courseId: number; title: string }
  | { screen: 'satisfaction'; sessionId: number }
  | { screen: 'admin' };

type RouteListener = (route: Route) => void;
/**
 * A Back press, given when it was pressed: the key's own timestamp (KeyboardEvent.timeStamp, performance.now()'s
 * clock), not when the page got round to it — a screen that counts the time between two presses must not
 * count the page's or the machine's busy spells.
 */
export type BackHandler = (pressedAt: number) => void;

let route: Route = { screen: 'board' };
const routeListeners = new Set<RouteListener>();
const backHandlers: BackHandler[] = [];

export function currentRoute(): Route {
  return route;
}

export function navigate(next: Route): void {
  route = next;
  for (const l of routeListeners) l(route);
}

export function onRoute(listener: RouteListener): () => void {
  routeListeners.add(listener);
  return () => routeListeners.delete(listener);
}

/** Back goes to the innermost handler; with none, to the notice board. */
export function goBack(pressedAt: number = performance.now()): void {
  const handler = backHandlers[backHandlers.length - 1];
  if (handler) handler(pressedAt);
  else if (route.screen !== 'board') navigate({ screen: 'board' });
}

/** Registered before paint, so a Back pressed in a dialog's first frame closes the dialog, not its screen. */
export function useBackHandler(handler: BackHandler | null): void {
  useLayoutEffect(() => {
    if (!handler) return;
    backHandlers.push(handler);
    return () => {
      const i = backHandlers.lastIndexOf(handler);
      if (i >= 0) backHandlers.splice(i, 1);
    };
  }, [handler]);
}
