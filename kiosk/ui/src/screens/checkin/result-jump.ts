// With a few names left, one press reaches them: once a search (pinyin initials on the pad or the keyboard,
// or a phone's last four digits) leaves 1–4 names, ↓ (Down) anywhere on the search side — the field, the
// letter pad, the buttons — puts the focus on the first name instead of walking down the letter keys.
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { RefObject } from 'preact';

/** At most this many names found, Down jumps to them (more would need looking over anyway). */
export const JUMP_MAX_MATCHES = 4;

export function canJumpToResults(query: string, matches: number): boolean {
  return query.trim() !== '' && matches >= 1 && matches <= JUMP_MAX_MATCHES;
}

/**
 * Listens in the capture phase, before the remote's spatial navigation (remote-keys.ts, which skips a key
 * already handled), so Down goes to the names rather than to the next row of letters.
 */
export function useResultJump(active: boolean, panel: RefObject<HTMLElement>, grid: RefObject<HTMLElement>): void {
  const on = useRef(active);
  on.current = active;
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!on.current || e.key !== 'ArrowDown' || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      // An open dialog has the keys to itself.
      if (document.querySelector('[data-focus-scope]')) return;
      if (!panel.current?.contains(document.activeElement)) return;
      const first = grid.current?.querySelector<HTMLElement>('[data-autofocus]');
      if (!first) return;
      e.preventDefault();
      first.focus();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
