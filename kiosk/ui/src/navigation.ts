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

let route: Route = { screen: 'board' };
const routeListeners = new Set<RouteListener>();
const backHandlers: (() => void)[] = [];

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
export function goBack(): void {
  const handler = backHandlers[backHandlers.length - 1];
  if (handler) handler();
  else if (route.screen !== 'board') navigate({ screen: 'board' });
}

/** Registered before paint, so a Back pressed in a dialog's first frame closes the dialog, not its screen. */
export function useBackHandler(handler: (() => void) | null): void {
  useLayoutEffect(() => {
    if (!handler) return;
    backHandlers.push(handler);
    return () => {
      const i = backHandlers.lastIndexOf(handler);
      if (i >= 0) backHandlers.splice(i, 1);
    };
  }, [handler]);
}
