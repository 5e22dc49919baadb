// Tells a card reader from a person at the keyboard. Pure: the screen feeds it keys with their times.
//
// A USB card reader "types" the card number like a keyboard, a key every few milliseconds, and ends
// with Enter; nobody types four keys under 50 ms apart. So every character is held back until we know
// which it was: a burst ending in Enter is a card (its characters never reach the search field),
// anything else is released as a person's typing a moment later.
//
// Decisions:
// - Whether keys belong to one burst is decided on their own timestamps (KeyboardEvent.timeStamp: when the
//   system saw the key), never on when the page got round to them. A page busy for two seconds mid-card
//   gets the rest of the card all at once afterwards, still stamped 3 ms apart: still one card.
// - A held key sequence is let go (as typing) only by a look the screen takes RELEASE_AFTER_MS after the
//   last key. A look that runs late means the page was busy, and keys that came during the busy spell may
//   still be queued behind the look: it releases nothing and looks again, so they are read first.
// - Keys can also be late before they reach the page (a loaded machine holds up the browser between two keys
//   of one card, measured at up to 140 ms): no look on the page can see those. So what a look released is
//   kept until the next key: if that key's timestamp says it continues the burst, the release is taken back
//   (KeyOutcome.retract) and the card is read whole, never as a wrong, shorter number.

export interface BurstTiming {
  /** Two keys further apart than this are a person's, not a reader's. */
  maxGapMs: number;
  /** The shortest card number a reader sends. */
  minLength: number;
}

export const DEFAULT_TIMING: BurstTiming = { maxGapMs: 50, minLength: 4 };

/**
 * How long the screen waits after the last held key before looking whether to release it: longer than the gap,
 * so a key still on its way cannot split a card in two; short enough to feel instant.
 */
export const RELEASE_AFTER_MS = 100;

/** A look that runs later than this after it was due ran after a busy spell of the page (see the decisions). */
export const LATE_LOOK_MS = 20;

export interface KeyOutcome {
  /** Held characters now known to be typed by a person: put them in the search field before anything else. */
  typed: string;
  /** This key itself: held back (maybe a card), let through as usual, or the Enter that completed a card. */
  key: 'hold' | 'pass' | 'card';
  /** The card number, when key is 'card'. */
  card?: string;
  /**
   * Characters a look released as typing that this key shows were a card's beginning: take them back out of
   * the search field (they were typed last, and nothing came between).
   */
  retract?: string;
}

/** Keys that arrive between a reader's characters (Shift for upper-case hex) and say nothing about timing. */
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'Fn']);

/** A key that types one character (KeyboardEvent.key). A space is not part of any card number. */
export function isCharacterKey(key: string): boolean {
  return [...key].length === 1 && key !== ' ';
}

export class CardBurstDetector {
  /** Characters held back, maybe a card. */
  private held = '';
  /** What the last look released as typing, until the next key says whether the burst went on. */
  private released = '';
  /** The timestamp of the last character (held or released). */
  private lastAt = Number.NEGATIVE_INFINITY;
  /** On the page's clock: when the last character was handled. */
  private handledAt = Number.NEGATIVE_INFINITY;
  /** On the page's clock: what the next look is counted from (the last character, or a late look). */
  private lookFrom = Number.NEGATIVE_INFINITY;

  constructor(private readonly timing: BurstTiming = DEFAULT_TIMING) {}

  /**
   * A key went down at `at` (its own timestamp, KeyboardEvent.timeStamp) and the page handles it at `now`
   * (performance.now(); the same clock, later when the page or the machine is busy).
   */
  keyDown(key: string, at: number, now: number = at): KeyOutcome {
    if (MODIFIERS.has(key)) return { typed: '', key: 'pass' };
    const quick = (this.held !== '' || this.released !== '') && at - this.lastAt < this.timing.maxGapMs;
    // A key that continues a burst a look has already let go: that release was too early, take it back.
    const retract = quick ? this.released : '';
    const burst = retract + this.held;
    this.released = '';
    if (isCharacterKey(key)) {
      // After a pause, what was held is a person's typing; this key may start a new burst.
      const typed = quick ? '' : this.take();
      this.held = (quick ? burst : '') + key;
      this.lastAt = at;
      this.handledAt = this.lookFrom = now;
      return retract === '' ? { typed, key: 'hold' } : { typed, key: 'hold', retract };
    }
    if (key === 'Enter' && quick && burst.length >= this.timing.minLength) {
      this.take();
      return retract === '' ? { typed: '', key: 'card', card: burst } : { typed: '', key: 'card', card: burst, retract };
    }
    // Too short to be a card: what was released stays typed, what is held is typed now.
    return { typed: this.take(), key: 'pass' };
  }

  /** On the page's clock, when the screen should look at what is held (release(now) then), or null if nothing is. */
  get lookDue(): number | null {
    return this.held === '' ? null : this.lookFrom + RELEASE_AFTER_MS;
  }

  /**
   * The screen looks at what is held, at `now` on the page's clock: characters no later key can join (a pause
   * of the gap since the last, on the keys' own clock) were typed by a person. A look that runs late after a
   * busy spell releases nothing; lookDue then says when to look again.
   */
  release(now: number): string {
    if (this.held === '') return '';
    if (now - (this.lookFrom + RELEASE_AFTER_MS) > LATE_LOOK_MS) {
      this.lookFrom = now;
      return '';
    }
    // Now, on the keys' clock, is the last key's timestamp plus the time since the page handled it: the pause
    // so far is the time since it was handled, however late the key reached the page.
    if (now - this.handledAt < this.timing.maxGapMs) return '';
    const text = this.held;
    this.held = '';
    this.released = text;
    return text;
  }

  /** Everything held, now (the screen is about to do something else, e.g. open a dialog). */
  flush(): string {
    this.released = '';
    return this.take();
  }

  get holding(): boolean {
    return this.held !== '';
  }

  private take(): string {
    const text = this.held;
    this.held = '';
    return text;
  }
}
