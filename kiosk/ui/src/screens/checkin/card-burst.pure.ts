// Tells a card reader from a person at the keyboard. Pure: the screen feeds it keys with their times.
//
// A USB card reader "types" the card number like a keyboard, a key every few milliseconds, and ends
// with Enter; nobody types four keys under 50 ms apart. So every character is held back until we know
// which it was: a burst ending in Enter is a card (its characters never reach the search field),
// anything else is released as a person's typing a moment later.

export interface BurstTiming {
  /** Two keys further apart than this are a person's, not a reader's. */
  maxGapMs: number;
  /** The shortest card number a reader sends. */
  minLength: number;
}

export const DEFAULT_TIMING: BurstTiming = { maxGapMs: 50, minLength: 4 };

/**
 * How long the screen waits after the last held key before asking for its release: longer than the
 * gap, so a key still queued behind a busy frame cannot split a card in two; short enough to feel instant.
 */
export const RELEASE_AFTER_MS = 100;

export interface KeyOutcome {
  /** Held characters now known to be typed by a person: put them in the search field before anything else. */
  typed: string;
  /** This key itself: held back (maybe a card), let through as usual, or the Enter that completed a card. */
  key: 'hold' | 'pass' | 'card';
  /** The card number, when key is 'card'. */
  card?: string;
}

/** Keys that arrive between a reader's characters (Shift for upper-case hex) and say nothing about timing. */
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'Fn']);

/** A key that types one character (KeyboardEvent.key). A space is not part of any card number. */
export function isCharacterKey(key: string): boolean {
  return [...key].length === 1 && key !== ' ';
}

export class CardBurstDetector {
  private held = '';
  private lastAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly timing: BurstTiming = DEFAULT_TIMING) {}

  /** A key went down at `at` milliseconds (any monotonic clock, e.g. KeyboardEvent.timeStamp). */
  keyDown(key: string, at: number): KeyOutcome {
    if (MODIFIERS.has(key)) return { typed: '', key: 'pass' };
    const quick = this.held !== '' && at - this.lastAt < this.timing.maxGapMs;
    if (isCharacterKey(key)) {
      // After a pause, what was held is a person's typing; this key may start a new burst.
      const typed = quick ? '' : this.take();
      this.held += key;
      this.lastAt = at;
      return { typed, key: 'hold' };
    }
    if (key === 'Enter' && quick && this.held.length >= this.timing.minLength) {
      return { typed: '', key: 'card', card: this.take() };
    }
    return { typed: this.take(), key: 'pass' };
  }

  /** Asked once the keys have stopped: held characters older than the gap were typed by a person. */
  release(at: number): string {
    if (this.held === '' || at - this.lastAt < this.timing.maxGapMs) return '';
    return this.take();
  }

  /** Everything held, now (the screen is about to do something else, e.g. open a dialog). */
  flush(): string {
    return this.take();
  }

  get holding(): boolean {
    return this.held !== '';
  }

  private take(): string {
    const text = this.held;
    this.held = '';
    this.lastAt = Number.NEGATIVE_INFINITY;
    return text;
  }
}
