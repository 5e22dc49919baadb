// Telling a card reader from a person by keystroke timing (kiosk/ui/src/screens/checkin/card-burst.pure.ts).
import { describe, expect, it } from 'vitest';
import { CardBurstDetector, DEFAULT_TIMING, LATE_LOOK_MS, RELEASE_AFTER_MS, isCharacterKey, type KeyOutcome } from '../../../kiosk/ui/src/screens/checkin/card-burst.pure.ts';

interface Run {
  /** What reached the search field, in order. */
  typed: string;
  cards: string[];
  /** Keys let through to the page (arrows, Enter that was not a card, …). */
  passed: string[];
}

/**
 * Plays keys at the given times the way the screen does: each held key asks for a release
 * RELEASE_AFTER_MS later, unless another key comes first. Each key reaches the page the moment it is stamped.
 */
function play(keys: readonly (readonly [key: string, at: number])[], detector = new CardBurstDetector()): Run {
  const run: Run = { typed: '', cards: [], passed: [] };
  let releaseAt: number | null = null;
  const apply = (o: KeyOutcome, key: string) => {
    run.typed += o.typed;
    if (o.key === 'card') run.cards.push(o.card!);
    if (o.key === 'pass') run.passed.push(key);
  };
  for (const [key, at] of keys) {
    if (releaseAt !== null && releaseAt <= at) {
      run.typed += detector.release(releaseAt);
      releaseAt = null;
    }
    const o = detector.keyDown(key, at);
    apply(o, key);
    releaseAt = o.key === 'hold' ? at + RELEASE_AFTER_MS : releaseAt;
  }
  if (releaseAt !== null) run.typed += detector.release(releaseAt);
  return run;
}

/** A string typed one key every `gap` ms from `start`, optionally followed by Enter after the same gap. */
function keys(text: string, gap: number, options: { start?: number; enter?: boolean; enterGap?: number } = {}): [string, number][] {
  const start = options.start ?? 1_000;
  const out: [string, number][] = [...text].map((c, i) => [c, start + i * gap]);
  if (options.enter ?? true) out.push(['Enter', start + (text.length - 1) * gap + (options.enterGap ?? gap)]);
  return out;
}

describe('card reader bursts', () => {
  it('reads a reader burst ending in Enter as a card, and nothing reaches the search field', () => {
    const run = play(keys('0012345678', 8));
    expect(run).toEqual({ typed: '', cards: ['0012345678'], passed: [] });
  });

  it('takes the same characters typed by a person as typing, and lets Enter through', () => {
    const run = play(keys('0012345678', 180));
    expect(run).toEqual({ typed: '0012345678', cards: [], passed: ['Enter'] });
  });

  it('needs every gap under the limit: 49 ms is a reader, 50 ms is a person', () => {
    expect(play(keys('a1b2', DEFAULT_TIMING.maxGapMs - 1)).cards).toEqual(['a1b2']);
    const slow = play(keys('a1b2', DEFAULT_TIMING.maxGapMs));
    expect(slow.cards).toEqual([]);
    expect(slow.typed).toBe('a1b2');
  });

  it('needs at least four characters: a quick "zs" + Enter is a person searching', () => {
    expect(play(keys('123', 5)).cards).toEqual([]);
    expect(play(keys('123', 5)).typed).toBe('123');
    expect(play(keys('1234', 5)).cards).toEqual(['1234']);
    const quickSearch = play(keys('zs', 30));
    expect(quickSearch).toEqual({ typed: 'zs', cards: [], passed: ['Enter'] });
  });

  it('is not a card when Enter comes late after a fast burst (a person pressing OK after a rollover)', () => {
    const run = play(keys('abcd', 5, { enterGap: 300 }));
    expect(run).toEqual({ typed: 'abcd', cards: [], passed: ['Enter'] });
  });

  it('one slow gap in the middle splits it: the part before is typing, the part after may still be a card', () => {
    // A person types "z", then a card is tapped 400 ms later.
    const run = play([['z', 0], ...keys('99887766', 6, { start: 400 })]);
    expect(run).toEqual({ typed: 'z', cards: ['99887766'], passed: [] });
    // A slow gap inside the card's digits leaves too few fast ones: all of it is typing.
    const broken = play([...keys('12', 5, { enter: false }), ...keys('34', 5, { start: 1_200 })]);
    expect(broken.cards).toEqual([]);
    expect(broken.typed).toBe('1234');
  });

  it('reads two cards tapped one after the other', () => {
    const run = play([...keys('11112222', 4), ...keys('33334444', 4, { start: 2_000 })]);
    expect(run.cards).toEqual(['11112222', '33334444']);
    expect(run.typed).toBe('');
  });

  it('ignores Shift between the characters of a reader that sends upper-case hex', () => {
    const seq: [string, number][] = [];
    let at = 0;
    for (const c of '04A3F9') {
      if (/[A-F]/.test(c)) seq.push(['Shift', (at += 2)]);
      seq.push([c, (at += 3)]);
    }
    seq.push(['Enter', (at += 3)]);
    expect(play(seq)).toEqual({ typed: '', cards: ['04A3F9'], passed: ['Shift', 'Shift'] });
  });

  it('releases held typing before a key that does something else (an arrow, Backspace, a space)', () => {
    const run = play([
      ['z', 0],
      ['s', 20],
      ['ArrowDown', 40],
      ['l', 500],
      ['Backspace', 520],
      [' ', 900],
    ]);
    expect(run).toEqual({ typed: 'zsl', cards: [], passed: ['ArrowDown', 'Backspace', ' '] });
  });

  it('lets Enter through with nothing held (OK on a tile is not a card)', () => {
    expect(play([['Enter', 0], ['Enter', 5], ['Enter', 10]])).toEqual({ typed: '', cards: [], passed: ['Enter', 'Enter', 'Enter'] });
  });

  it('holds characters until the pause is long enough, so a burst is never half released', () => {
    const d = new CardBurstDetector();
    expect(d.keyDown('1', 0)).toEqual({ typed: '', key: 'hold' });
    expect(d.keyDown('2', 10)).toEqual({ typed: '', key: 'hold' });
    expect(d.release(30)).toBe('');
    expect(d.holding).toBe(true);
    expect(d.keyDown('3', 40)).toEqual({ typed: '', key: 'hold' });
    expect(d.keyDown('4', 45)).toEqual({ typed: '', key: 'hold' });
    expect(d.keyDown('Enter', 50)).toEqual({ typed: '', key: 'card', card: '1234' });
    expect(d.holding).toBe(false);
    expect(d.release(1_000)).toBe('');
  });

  it('flush hands over whatever is held, at once', () => {
    const d = new CardBurstDetector();
    d.keyDown('l', 0);
    d.keyDown('y', 10);
    expect(d.flush()).toBe('ly');
    expect(d.flush()).toBe('');
  });

  it('decides on the keys\' own timestamps, not on when the page got to them (all of a card handled at once, late)', () => {
    const d = new CardBurstDetector();
    // Stamped 3 ms apart; the page was busy and handles them all 2 s later, within a millisecond.
    for (const [i, c] of [...'00776655'].entries()) expect(d.keyDown(c, 1_000 + i * 3, 3_000 + i * 0.1)).toEqual({ typed: '', key: 'hold' });
    expect(d.keyDown('Enter', 1_024, 3_001)).toEqual({ typed: '', key: 'card', card: '00776655' });
    // And a person's keys, 200 ms apart by their stamps, are typing however close together the page handles them.
    const p = new CardBurstDetector();
    let typed = '';
    for (const [i, c] of [...'1234'].entries()) typed += p.keyDown(c, 1_000 + i * 200, 3_000 + i * 0.1).typed;
    expect(p.keyDown('Enter', 1_800, 3_001)).toEqual({ typed: '4', key: 'pass' });
    expect(typed).toBe('123');
  });

  it('looks again instead of releasing when its look runs late (the page was busy): keys queued meanwhile still make the card', () => {
    const d = new CardBurstDetector();
    for (const [i, c] of [...'0077'].entries()) d.keyDown(c, 1_000 + i * 3, 1_000 + i * 3);
    expect(d.lookDue).toBe(1_009 + RELEASE_AFTER_MS);
    // A look on time after a pause releases; this one runs 2 s late, after the page's busy spell.
    expect(d.release(3_109)).toBe('');
    expect(d.holding).toBe(true);
    expect(d.lookDue).toBe(3_109 + RELEASE_AFTER_MS);
    for (const [i, c] of [...'665544'].entries()) expect(d.keyDown(c, 1_012 + i * 3, 3_110 + i)).toEqual({ typed: '', key: 'hold' });
    expect(d.keyDown('Enter', 1_030, 3_116)).toEqual({ typed: '', key: 'card', card: '0077665544' });
    expect(d.lookDue).toBe(null);
  });

  it('a look only a little late still releases a person\'s typing, and a late one releases at the next look on time', () => {
    const d = new CardBurstDetector();
    d.keyDown('z', 0);
    expect(d.release(RELEASE_AFTER_MS + LATE_LOOK_MS)).toBe('z');
    d.keyDown('s', 1_000);
    expect(d.release(1_000 + RELEASE_AFTER_MS + LATE_LOOK_MS + 1)).toBe('');
    expect(d.release(d.lookDue!)).toBe('s');
  });

  it('takes back what a look released when the next key, held up on its way, shows it was a card\'s beginning', () => {
    const d = new CardBurstDetector();
    for (const [i, c] of [...'0077'].entries()) d.keyDown(c, 1_000 + i * 3, 1_000 + i * 3);
    // The page was free and looked on time; the reader's next key was still on its way (a loaded machine).
    expect(d.release(1_009 + RELEASE_AFTER_MS)).toBe('0077');
    expect(d.keyDown('6', 1_012, 1_250)).toEqual({ typed: '', key: 'hold', retract: '0077' });
    for (const [i, c] of [...'65544'].entries()) d.keyDown(c, 1_015 + i * 3, 1_251 + i);
    expect(d.keyDown('Enter', 1_030, 1_256)).toEqual({ typed: '', key: 'card', card: '0077665544' });
    // Only the Enter held up: the whole card was released, and comes back.
    const e = new CardBurstDetector();
    for (const [i, c] of [...'12345678'].entries()) e.keyDown(c, i * 3, i * 3);
    expect(e.release(21 + RELEASE_AFTER_MS)).toBe('12345678');
    expect(e.keyDown('Enter', 24, 400)).toEqual({ typed: '', key: 'card', card: '12345678', retract: '12345678' });
  });

  it('keeps what a look released as typing when the next key comes after a pause, or is no card\'s', () => {
    const d = new CardBurstDetector();
    d.keyDown('z', 0);
    d.keyDown('s', 20);
    expect(d.release(20 + RELEASE_AFTER_MS)).toBe('zs');
    expect(d.keyDown('l', 500)).toEqual({ typed: '', key: 'hold' });
    expect(d.release(500 + RELEASE_AFTER_MS)).toBe('l');
    // Enter right after released typing too short for a card: OK pressed on the search, nothing taken back.
    expect(d.keyDown('Enter', 520)).toEqual({ typed: '', key: 'pass' });
    expect(d.keyDown('x', 530)).toEqual({ typed: '', key: 'hold' });
  });

  it('takes other limits when given them', () => {
    const strict = new CardBurstDetector({ maxGapMs: 20, minLength: 8 });
    expect(play(keys('1234567', 5), strict).cards).toEqual([]);
    expect(play(keys('12345678', 5), new CardBurstDetector({ maxGapMs: 20, minLength: 8 })).cards).toEqual(['12345678']);
    expect(play(keys('12345678', 30), new CardBurstDetector({ maxGapMs: 20, minLength: 8 })).cards).toEqual([]);
  });

  it('counts a character key by what it types, not by its name', () => {
    expect(['a', 'Z', '7', '张', '-'].every(isCharacterKey)).toBe(true);
    expect(['Enter', 'ArrowUp', 'Shift', 'Backspace', ' ', 'F1', 'Process'].some(isCharacterKey)).toBe(false);
  });
});
