// Every escape shortcut is swallowed; typing, editing and the TV remote's keys reach the page.
import { describe, expect, it } from 'vitest';
import { ESCAPE_SHORTCUTS, NOT_BLOCKABLE, isAdminExitChord, isEscapeShortcut, matchEscapeShortcut, type KeyInput } from '../../../kiosk/main/shortcuts.pure.ts';

const CODES: Record<string, string> = { ArrowLeft: 'ArrowLeft', ArrowRight: 'ArrowRight', Home: 'Home', Escape: 'Escape', Enter: 'Enter', Tab: 'Tab', Backspace: 'Backspace', ' ': 'Space' };

/** 'Ctrl+Shift+I' → the input Electron reports (key as a US layout gives it). */
function press(combo: string): KeyInput {
  const parts = combo.split('+');
  // 'Ctrl++' means Ctrl and the plus key.
  const key = combo.endsWith('++') ? '+' : parts[parts.length - 1]!;
  const mods = new Set(parts.slice(0, combo.endsWith('++') ? -2 : -1));
  const shift = mods.has('Shift');
  let code = CODES[key] ?? key;
  if (/^[a-z]$/i.test(key)) code = `Key${key.toUpperCase()}`;
  else if (/^\d$/.test(key)) code = `Digit${key}`;
  else if (key === '=' || key === '+') code = 'Equal';
  else if (key === '-') code = 'Minus';
  return {
    key: key.length === 1 && /[a-z]/i.test(key) ? (shift ? key.toUpperCase() : key.toLowerCase()) : key,
    code,
    control: mods.has('Ctrl'),
    alt: mods.has('Alt'),
    shift,
    meta: mods.has('Super'),
  };
}

describe('escape shortcuts', () => {
  it.each([
    'Alt+F4',
    'Ctrl+F4',
    'Ctrl+W',
    'Ctrl+Shift+W',
    'Ctrl+Q',
    'Ctrl+Shift+Q',
    'Ctrl+R',
    'Ctrl+Shift+R',
    'F5',
    'Ctrl+F5',
    'Shift+F5',
    'F11',
    'F12',
    'Ctrl+Shift+I',
    'Ctrl+Shift+J',
    'Ctrl+Shift+C',
    'Ctrl+U',
    'Ctrl+P',
    'Ctrl+Shift+P',
    'Ctrl+N',
    'Ctrl+Shift+N',
    'Ctrl+T',
    'Ctrl+Shift+T',
    'Alt+ArrowLeft',
    'Alt+ArrowRight',
    'Alt+Home',
    'Ctrl+L',
    'Alt+D',
    'F6',
    'Ctrl+=',
    'Ctrl+-',
    'Ctrl+0',
    'Ctrl+Shift++',
    'Super+D',
    'Super+L',
    'Super+Tab',
    'Super+Meta',
  ])('swallows %s', (combo) => {
    expect(isEscapeShortcut(press(combo))).toBe(true);
  });

  it('matches letters by physical key too, so a non-US layout or an IME does not open a gap', () => {
    // AZERTY: the key labelled W sends key 'w' from the physical Z position, and vice versa.
    expect(isEscapeShortcut({ key: 'w', code: 'KeyZ', control: true, alt: false, shift: false, meta: false })).toBe(true);
    // A Chinese IME reports key 'Process' while composing; the physical key still gives it away.
    expect(isEscapeShortcut({ key: 'Process', code: 'KeyW', control: true, alt: false, shift: false, meta: false })).toBe(true);
    expect(isEscapeShortcut({ key: 'Process', code: 'KeyR', control: true, alt: false, shift: false, meta: false })).toBe(true);
  });

  it('names the shortcut it matched, for the log', () => {
    expect(matchEscapeShortcut(press('F12'))?.id).toBe('devtools');
    expect(matchEscapeShortcut(press('Ctrl+P'))?.id).toBe('print');
    expect(matchEscapeShortcut(press('Alt+F4'))?.id).toBe('close');
    expect(matchEscapeShortcut(press('Super+E'))?.id).toBe('super');
  });

  it('documents every entry (label and reason) and what cannot be blocked', () => {
    for (const s of ESCAPE_SHORTCUTS) {
      expect(s.label.length, s.id).toBeGreaterThan(0);
      expect(s.why.length, s.id).toBeGreaterThan(0);
    }
    expect(NOT_BLOCKABLE.map((n) => n.keys).join(' ')).toContain('Ctrl+Alt+F1');
  });
});

describe('ordinary keys reach the page', () => {
  it.each([
    'a',
    'z',
    'A',
    'Shift+A',
    '1',
    '0',
    ' ',
    'Enter',
    'Escape',
    'Tab',
    'Shift+Tab',
    'Backspace',
    'ArrowLeft',
    'ArrowRight',
    'ArrowUp',
    'ArrowDown',
    'Home',
    'End',
    'PageDown',
    // Editing in the admin forms and the check-in search.
    'Ctrl+A',
    'Ctrl+C',
    'Ctrl+V',
    'Ctrl+X',
    'Ctrl+Z',
    'Ctrl+Shift+Z',
    'Ctrl+Y',
    'Ctrl+ArrowLeft',
    'Shift+ArrowRight',
    // Keys TV remotes and card readers send.
    'BrowserBack',
    'MediaPlayPause',
    'AudioVolumeUp',
    'AudioVolumeMute',
    'ContextMenu',
    'F1',
    'F2',
    'F3',
    'F7',
    'F8',
    'F9',
    'F10',
    // Ctrl+Alt combinations are AltGr on many layouts: typing, not shortcuts.
    'Ctrl+Alt+Q',
    'Ctrl+Alt+E',
    'Ctrl+Alt+W',
  ])('lets %s through', (combo) => {
    expect(isEscapeShortcut(press(combo))).toBe(false);
  });

  it('lets a Chinese IME compose', () => {
    expect(isEscapeShortcut({ key: 'Process', code: 'KeyW', control: false, alt: false, shift: false, meta: false })).toBe(false);
    expect(isEscapeShortcut({ key: '王', code: '', control: false, alt: false, shift: false, meta: false })).toBe(false);
  });
});

describe('the admin exit chord', () => {
  it('is Ctrl+Alt+Shift+Q, on any layout', () => {
    expect(isAdminExitChord(press('Ctrl+Alt+Shift+Q'))).toBe(true);
    expect(isAdminExitChord({ key: 'a', code: 'KeyQ', control: true, alt: true, shift: true, meta: false })).toBe(true);
  });

  it('is nothing less', () => {
    for (const combo of ['Ctrl+Shift+Q', 'Ctrl+Alt+Q', 'Alt+Shift+Q', 'Ctrl+Q', 'Q', 'Ctrl+Alt+Shift+W', 'Super+Ctrl+Alt+Shift+Q']) {
      expect(isAdminExitChord(press(combo)), combo).toBe(false);
    }
  });

  it('is not confused with the quit shortcut', () => {
    expect(matchEscapeShortcut(press('Ctrl+Alt+Shift+Q'))).toBeUndefined();
    expect(matchEscapeShortcut(press('Ctrl+Shift+Q'))?.id).toBe('quit');
  });
});
