// A card reader's burst (keys ending in Enter, faster than a person types) heard on a screen that is not the
// check-in screen: the satisfaction survey and the player while a showing plays. The check-in screen reads cards
// with its search field and keeps its own listener (use-door-keys.ts).
//
// Decision — no release timer here: the keys of a burst are not held back from the page on these screens, so
// there is nothing to release; the detector forgets a person's keys when the next one comes after a pause. Whether
// keys make one card is decided on their own timestamps alone, so a page or a machine busy mid-card cannot split it.
import { useLayoutEffect, useRef } from 'preact/hooks';
import { CardBurstDetector } from './card-burst.pure.ts';

/** Calls onCard with each card's UID while `listening`; the Enter that ends a card reaches nothing else. */
export function useCardTaps(listening: boolean, onCard: (uid: string) => void): void {
  const live = useRef({ listening, onCard });
  live.current = { listening, onCard };
  useLayoutEffect(() => {
    const detector = new CardBurstDetector();
    const onKey = (e: KeyboardEvent) => {
      if (!live.current.listening || e.ctrlKey || e.altKey || e.metaKey) return;
      const outcome = detector.keyDown(e.key, e.timeStamp, performance.now());
      if (outcome.key !== 'card') return;
      // The Enter that ends a card must not also press what has the focus (an answer, the overlay, the title card).
      e.preventDefault();
      e.stopPropagation();
      live.current.onCard(outcome.card!);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
