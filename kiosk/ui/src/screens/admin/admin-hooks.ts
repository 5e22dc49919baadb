// Small hooks the admin screens share: stable callbacks, loading a resource, toasts, reloading on station events.
import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import { station } from '../../station-store.ts';
import type { StationEvent } from '../../api-types.ts';
import { adminApi, failureText } from './admin-api.ts';
import { focusFirst } from '../../focus/remote-keys.ts';

/**
 * A callback whose identity never changes but which always runs the latest closure. Back handlers need it:
 * useBackHandler re-registers a handler whose identity changed, which would put a parent's handler above
 * an open dialog's.
 */
export function useStable<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const ref = useRef(fn);
  ref.current = fn;
  return useCallback((...args: A) => ref.current(...args), []);
}

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/** GETs an admin resource, again whenever `path` changes or reload() is called; keeps the last data while reloading. */
export function useAdminResource<T>(path: string | null): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setLoading(true);
    adminApi
      .get<T>(path)
      .then((value) => {
        if (!live) return;
        setData(value);
        setError(null);
      })
      .catch((err: unknown) => live && setError(failureText(err)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [path, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading, reload };
}

/** Runs `fn` when the agent reports one of these events (another screen or the CLI changed something). */
export function useStationEvents(types: readonly StationEvent['type'][], fn: () => void): void {
  const stable = useStable(fn);
  const key = types.join(',');
  useEffect(() => station.onEvent((e) => types.includes(e.type) && stable()), [key]);
}

export interface AdminTools {
  notify: (text: string, kind?: 'ok' | 'warn' | 'error') => void;
}

export const AdminContext = createContext<AdminTools>({ notify: () => undefined });

export function useAdmin(): AdminTools {
  return useContext(AdminContext);
}

let returnKey: string | null = null;

/**
 * Sub-views (a form, the import) replace the list they were opened from, so the button that opened them
 * is gone when they close. Openers carry data-focus-key; remember it on open, and on close the focus goes
 * back to the new element with that key, else to the first thing in the content panel.
 */
export function rememberFocus(): void {
  returnKey = (document.activeElement as HTMLElement | null)?.dataset?.focusKey ?? null;
}

export function restoreFocus(): void {
  const key = returnKey;
  returnKey = null;
  requestAnimationFrame(() => {
    const target = key === null ? null : document.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`);
    if (target) {
      target.focus();
      target.scrollIntoView({ block: 'nearest' });
      return;
    }
    const content = document.querySelector<HTMLElement>('.adm-content');
    if (content) focusFirst(content);
  });
}
