// A screen whose code loads when it is first shown (its own chunk of the bundle): the player brings video.js
// and hls.js, admin its thirty forms, and the notice board — on screen most of the day — carries neither.
// The chunk comes from the agent on this machine, so it is there in a blink; meanwhile the screen is empty.
// (Their styles are in app.css from the start: a chunk loaded later brings no CSS with it — see main.tsx.)
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { focusFirst } from './focus/remote-keys.ts';

export type LazyScreen<P> = ComponentType<P> & {
  /** Loads the screen's chunk now, ahead of showing it (a showing about to start). */
  preload(): void;
};

export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): LazyScreen<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const fetchScreen = () => {
    loading ??= load().then(
      (c) => (loaded = c),
      (err: unknown) => {
        // A failed load (the agent restarting) is tried again the next time the screen is wanted.
        loading = null;
        throw err;
      },
    );
    return loading;
  };
  const LazyScreen = function LazyScreen(props: P) {
    const [screen, setScreen] = useState<ComponentType<P> | null>(() => loaded);
    useEffect(() => {
      if (screen) return;
      let live = true;
      fetchScreen().then(
        (c) => live && setScreen(() => c),
        (err: unknown) => console.error('could not load a screen', err),
      );
      return () => {
        live = false;
      };
    }, [screen]);
    // The app put the focus on the screen as it opened, when only the empty placeholder was there: once the
    // screen is in, the remote needs somewhere to start (unless the screen placed the focus itself).
    useEffect(() => {
      if (!screen) return;
      const id = requestAnimationFrame(() => {
        if (!document.activeElement || document.activeElement === document.body) focusFirst();
      });
      return () => cancelAnimationFrame(id);
    }, [screen]);
    const Screen = screen;
    return Screen ? <Screen {...props} /> : <div class="screen-loading" aria-busy="true" />;
  } as LazyScreen<P>;
  LazyScreen.preload = () => void fetchScreen().catch(() => undefined);
  return LazyScreen;
}
