// Pages as hash routes (#/overview?month=2026-11, #/stations/st-abc…), so Back, Forward, bookmarks and a
// reload all land on the same page.
import { observable, useObservable } from './observable.ts';
import type { RankingSort, SortOrder } from './api-types.ts';

export type Route =
  | { page: 'overview'; month?: string; sort?: RankingSort; order?: SortOrder; unit?: string; from?: number }
  | { page: 'station'; id: string; month?: string }
  | { page: 'alerts'; code?: string }
  | { page: 'programs' }
  | { page: 'notices' }
  | { page: 'policy' }
  | { page: 'stations' }
  | { page: 'users' }
  | { page: 'notify' }
  | { page: 'password' }
  | { page: 'mine'; month?: string };

export type PageName = Route['page'];

const SORTS: readonly RankingSort[] = ['participationRate', 'uptime', 'sessionsHeld', 'compliance', 'name', 'lastSeenAt', 'alerts'];
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function parseRoute(hash: string): Route {
  const [pathPart = '', search = ''] = hash.replace(/^#/, '').split('?');
  const q = new URLSearchParams(search);
  const month = MONTH.test(q.get('month') ?? '') ? q.get('month')! : undefined;
  const parts = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'stations':
      return parts[1] ? { page: 'station', id: parts[1], month } : { page: 'stations' };
    case 'alerts':
      return { page: 'alerts', code: q.get('code') ?? undefined };
    case 'mine':
      return { page: 'mine', month };
    case 'programs':
    case 'notices':
    case 'policy':
    case 'users':
    case 'notify':
    case 'password':
      return { page: parts[0] };
    default: {
      const sort = SORTS.find((s) => s === q.get('sort'));
      const order = q.get('order') === 'asc' ? 'asc' : q.get('order') === 'desc' ? 'desc' : undefined;
      // The org tree's unit the overview is over (none: the whole hub); the hub checks it.
      const unit = q.get('unit') || undefined;
      // Where the ranking's page starts (a province's ranking is read 100 rows at a time).
      const from = /^\d{1,6}$/.test(q.get('from') ?? '') ? Number(q.get('from')) || undefined : undefined;
      return { page: 'overview', month, sort, order, unit, from };
    }
  }
}

function withQuery(path: string, params: Record<string, string | undefined>): string {
  const pairs = Object.entries(params).filter((p): p is [string, string] => p[1] !== undefined);
  return pairs.length === 0 ? path : `${path}?${new URLSearchParams(pairs).toString()}`;
}

export function routeHref(route: Route): string {
  switch (route.page) {
    case 'overview':
      return withQuery('#/overview', { unit: route.unit, month: route.month, sort: route.sort, order: route.order, from: route.from === undefined ? undefined : String(route.from) });
    case 'station':
      return withQuery(`#/stations/${encodeURIComponent(route.id)}`, { month: route.month });
    case 'alerts':
      return withQuery('#/alerts', { code: route.code });
    case 'mine':
      return withQuery('#/mine', { month: route.month });
    default:
      return `#/${route.page}`;
  }
}

export const currentRoute = observable<Route>(parseRoute(location.hash));
window.addEventListener('hashchange', () => currentRoute.set(parseRoute(location.hash)));

/** A new history entry (Back returns), or with replace the same entry changed (a re-sort). */
export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const href = routeHref(route);
  if (options.replace) {
    history.replaceState(history.state, '', href);
    currentRoute.set(route);
  } else if (location.hash !== href) {
    location.hash = href;
  }
}

export function useRoute(): Route {
  return useObservable(currentRoute);
}
