// With a few names left, one press reaches them: once a search (pinyin initials on the letter pad or the
// keyboard, or a phone's last four digits on the number keys) leaves 1–4 names, the next ↓ (Down) puts the
// focus on the first name instead of walking down the letter keys. Only the next press: an arrow that moves
// the focus elsewhere first gives Down back its usual meaning (a person steering through the pad, or up into
// the search field and down again, is not thrown to the tiles).
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { RefObject } from 'preact';

/** At most this many names found, Down jumps to them (more would need looking over anyway). */
export const JUMP_MAX_MATCHES = 4;

export function canJumpToResults(query: string, matches: number): boolean {
  return query.trim() !== '' && matches >= 1 && matches <= JUMP_MAX_MATCHES;
}

/**
 * Arms the jump each time the search changes to 1–4 names, on the element that has the focus then (the letter
 * key just pressed, the field); returns whether it is armed, for the screen's hint. Listens in the capture
 * phase, before the remote's spatial navigation (remote-keys.ts, which skips a key already handled).
 */
export function useResultJump(query: string, matches: number, panel: RefObject<HTMLElement>, grid: RefObject<HTMLElement>): boolean {
  const [armed, setArmed] = useState(false);
  const armedOn = useRef<Element | null>(null);
  const possible = canJumpToResults(query, matches);
  useEffect(() => {
    armedOn.current = possible ? document.activeElement : null;
    setArmed(possible);
  }, [query, possible]);
  useLayoutEffect(() => {
    const disarm = () => {
      armedOn.current = null;
      setArmed(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (armedOn.current === null || !e.key.startsWith('Arrow')) return;
      // An open dialog has the keys to itself.
      if (document.querySelector('[data-focus-scope]')) return;
      const here = document.activeElement;
      const first = grid.current?.querySelector<HTMLElement>('[data-autofocus]');
      if (e.key !== 'ArrowDown' || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || here !== armedOn.current || !panel.current?.contains(here) || !first) {
        disarm();
        return;
      }
      e.preventDefault();
      disarm();
      first.focus();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  return armed;
}
