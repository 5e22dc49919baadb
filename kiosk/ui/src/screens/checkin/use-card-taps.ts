// A card reader's burst (keys ending in Enter, faster than a person types) heard on a screen that is not the
// check-in screen: the satisfaction survey and the player while a showing plays. The check-in screen reads cards
// with its search field and keeps its own listener.
import { useLayoutEffect, useRef } from 'preact/hooks';
import { CardBurstDetector, RELEASE_AFTER_MS } from './card-burst.pure.ts';

/** Calls onCard with each card's UID while `listening`; the Enter that ends a card reaches nothing else. */
export function useCardTaps(listening: boolean, onCard: (uid: string) => void): void {
  const live = useRef({ listening, onCard });
  live.current = { listening, onCard };
  useLayoutEffect(() => {
    const detector = new CardBurstDetector();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onKey = (e: KeyboardEvent) => {
      if (!live.current.listening || e.ctrlKey || e.altKey || e.metaKey) return;
      const outcome = detector.keyDown(e.key, e.timeStamp);
      if (outcome.key === 'hold') {
        clearTimeout(timer);
        timer = setTimeout(() => detector.release(performance.now()), RELEASE_AFTER_MS);
        return;
      }
      if (outcome.key !== 'card') return;
      // The Enter that ends a card must not also press what has the focus (an answer, the overlay, the title card).
      e.preventDefault();
      e.stopPropagation();
      clearTimeout(timer);
      live.current.onCard(outcome.card!);
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keydown', onKey, true);
    };
  }, []);
}
