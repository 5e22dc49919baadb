// The check-in screen's keyboard: a card reader's burst checks the card in, a person's typing reaches the search
// from anywhere on the screen (card-burst.pure.ts tells the two apart on the keys' own timestamps).
import { useLayoutEffect, useRef } from 'preact/hooks';
import { CardBurstDetector } from './card-burst.pure.ts';

export interface DoorKeys {
  /** Characters a person typed: into the search. */
  type: (text: string) => void;
  /** Characters typed into the search a moment ago that the next key showed were a card's beginning: out again. */
  untype: (text: string) => void;
  card: (uid: string) => void;
  /** Backspace (`justTyped` went into the search with it): true if it deleted something; otherwise it means Back. */
  backspace: (justTyped: string) => boolean;
}

/** Listens while the screen is up; an open dialog (the PIN pad, a guest's name) has the keys to itself. */
export function useDoorKeys(handlers: DoorKeys): void {
  const live = useRef(handlers);
  live.current = handlers;
  // Listened for as the screen is drawn (a layout effect): a card swiped the moment it appears counts.
  useLayoutEffect(() => {
    const detector = new CardBurstDetector();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const type = (text: string) => {
      if (text !== '') live.current.type(text);
    };
    // One look at what is held, when the detector asks for it; a look that ran late asks for another.
    const lookLater = () => {
      clearTimeout(timer);
      const due = detector.lookDue;
      if (due === null) return;
      timer = setTimeout(() => {
        type(detector.release(performance.now()));
        lookLater();
      }, Math.max(0, due - performance.now()));
    };
    const onKey = (e: KeyboardEvent) => {
      if (document.querySelector('[data-focus-scope]')) return;
      if (e.isComposing || e.key === 'Process' || e.ctrlKey || e.altKey || e.metaKey) {
        type(detector.flush());
        lookLater();
        return;
      }
      const outcome = detector.keyDown(e.key, e.timeStamp, performance.now());
      if (outcome.retract) live.current.untype(outcome.retract);
      type(outcome.typed);
      lookLater();
      if (outcome.key === 'hold') {
        e.preventDefault();
        e.stopPropagation();
      } else if (outcome.key === 'card') {
        // The Enter that ends a card must not also press the tile or button that has the focus.
        e.preventDefault();
        e.stopPropagation();
        live.current.card(outcome.card!);
      } else if (e.key === 'Backspace' && live.current.backspace(outcome.typed)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keydown', onKey, true);
    };
  }, []);
}
