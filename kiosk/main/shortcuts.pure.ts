// The keyboard shortcuts the Electron kiosk swallows, the admin exit chord, and what cannot be caught. Pure.
//
// Electron hands every key to `before-input-event` before the page or Chromium sees it; calling
// preventDefault there swallows it. The list below is what would leave, reload, inspect or re-arrange
// the kiosk. Ordinary typing (the check-in name search, the admin PIN and forms), editing shortcuts
// (Ctrl+A/C/V/X/Z), arrows, Enter, Escape and the TV remote's keys (BrowserBack, media keys, digits)
// pass through untouched: the UI relies on them.

/** The fields of Electron's `Input` that matter here. */
export interface KeyInput {
  key: string;
  code: string;
  control: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
}

/** A modifier that must be held (true), must not be held (false), or does not matter (absent). */
interface Chord {
  control?: boolean;
  alt?: boolean;
  shift?: boolean;
  /** Either `key` (layout-dependent, e.g. 'w') or `code` (physical key, e.g. 'KeyW') may match. */
  keys: readonly string[];
}

export interface EscapeShortcut {
  id: string;
  /** How a person would write it, for the README and logs. */
  label: string;
  why: string;
  chords: readonly Chord[];
}

const letter = (l: string): string[] => [l.toLowerCase(), `Key${l.toUpperCase()}`];

export const ESCAPE_SHORTCUTS: readonly EscapeShortcut[] = [
  {
    id: 'close',
    label: 'Alt+F4, Ctrl+F4, Ctrl+W, Ctrl+Shift+W',
    why: 'closes the window',
    chords: [
      { alt: true, keys: ['F4'] },
      { control: true, keys: ['F4'] },
      { control: true, alt: false, keys: letter('w') },
    ],
  },
  { id: 'quit', label: 'Ctrl+Q, Ctrl+Shift+Q', why: 'quits the browser', chords: [{ control: true, alt: false, keys: letter('q') }] },
  {
    id: 'reload',
    label: 'Ctrl+R, Ctrl+Shift+R, F5 (with any modifier)',
    why: 'reloads the page mid-showing; the shell reloads by itself when it must',
    chords: [{ control: true, alt: false, keys: letter('r') }, { keys: ['F5'] }],
  },
  { id: 'fullscreen', label: 'F11', why: 'leaves full screen', chords: [{ keys: ['F11'] }] },
  {
    id: 'devtools',
    label: 'F12, Ctrl+Shift+I, Ctrl+Shift+J, Ctrl+Shift+C, Ctrl+U',
    why: 'developer tools and page source: a way into the page and the file system',
    chords: [
      { keys: ['F12'] },
      { control: true, shift: true, keys: [...letter('i'), ...letter('j'), ...letter('c')] },
      { control: true, shift: false, alt: false, keys: letter('u') },
    ],
  },
  {
    id: 'print',
    label: 'Ctrl+P, Ctrl+Shift+P',
    // Decision: the keyboard cannot print. The door notice (节目预告) and the records print from the kiosk's
    // print preview, which calls print() on the printable page itself; that does not go through this key.
    why: 'opens the print dialog for whatever is on screen; the door notice prints from its own preview',
    chords: [{ control: true, alt: false, keys: letter('p') }],
  },
  {
    id: 'new-window',
    label: 'Ctrl+N, Ctrl+Shift+N, Ctrl+T, Ctrl+Shift+T',
    why: 'new windows and tabs',
    chords: [{ control: true, alt: false, keys: [...letter('n'), ...letter('t')] }],
  },
  {
    id: 'history',
    label: 'Alt+Left, Alt+Right, Alt+Home',
    // The remote's Back key (BrowserBack/Escape) is NOT here: the UI uses it to go back a screen.
    why: 'browser history and home page',
    chords: [{ alt: true, keys: ['ArrowLeft', 'ArrowRight', 'Home'] }],
  },
  {
    id: 'address',
    label: 'Ctrl+L, Alt+D, F6',
    why: 'the address bar, in case a build ever shows one',
    chords: [{ control: true, alt: false, shift: false, keys: letter('l') }, { alt: true, control: false, keys: letter('d') }, { keys: ['F6'] }],
  },
  {
    id: 'zoom',
    label: 'Ctrl+Plus, Ctrl+Minus, Ctrl+0',
    why: 'zoom breaks the TV layout and stays until someone knows to undo it',
    chords: [{ control: true, alt: false, keys: ['=', '+', '-', '_', '0', 'Equal', 'Minus', 'Digit0', 'NumpadAdd', 'NumpadSubtract', 'Numpad0'] }],
  },
  {
    id: 'super',
    label: 'Super/Windows/Command + anything',
    // Where Electron sees them at all: under cage there is no desktop to react, on a desktop session
    // the desktop usually takes them first (see NOT_BLOCKABLE).
    why: 'desktop and browser commands on every platform',
    chords: [],
  },
];

function matchesChord(input: KeyInput, chord: Chord): boolean {
  if (chord.control !== undefined && chord.control !== input.control) return false;
  if (chord.alt !== undefined && chord.alt !== input.alt) return false;
  if (chord.shift !== undefined && chord.shift !== input.shift) return false;
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  return chord.keys.includes(key) || chord.keys.includes(input.code);
}

/** The escape shortcut `input` is, if any. */
export function matchEscapeShortcut(input: KeyInput): EscapeShortcut | undefined {
  if (input.meta) return ESCAPE_SHORTCUTS.find((s) => s.id === 'super');
  return ESCAPE_SHORTCUTS.find((s) => s.chords.some((c) => matchesChord(input, c)));
}

export function isEscapeShortcut(input: KeyInput): boolean {
  return matchEscapeShortcut(input) !== undefined;
}

/**
 * The admin exit: Ctrl+Alt+Shift+Q opens the shell's own PIN page (the same admin PIN as the kiosk's
 * admin mode, checked by the agent, counting towards its delays). Nobody leaves with the chord alone:
 * it only keeps the prompt out of sight of the room. The admin screen of the UI can also end the kiosk
 * directly through `window.yuanjiaoShell.exitKiosk({ token })` with its admin session token.
 */
export const ADMIN_EXIT_CHORD = 'Ctrl+Alt+Shift+Q';

export function isAdminExitChord(input: KeyInput): boolean {
  return input.control && input.alt && input.shift && !input.meta && (input.code === 'KeyQ' || input.key.toLowerCase() === 'q');
}

/** What no kiosk application can swallow, and what stops it instead. */
export const NOT_BLOCKABLE: readonly { keys: string; why: string }[] = [
  { keys: 'Ctrl+Alt+F1…F12', why: 'virtual-terminal switch, done by the kernel/compositor; cage refuses it unless started with -s (the unit does not pass -s)' },
  { keys: 'Ctrl+Alt+Delete', why: "systemd's ctrl-alt-del.target reboots the terminal; the station package masks it (nothing is lost either way: the agent recovers on start)" },
  { keys: 'Alt+SysRq+…', why: 'kernel magic keys; the station package sets kernel.sysrq = 0 (/etc/sysctl.d/60-yuanjiao-kiosk.conf)' },
  { keys: 'Power button', why: 'handled by systemd-logind (HandlePowerKey= in logind.conf)' },
  { keys: 'Super, Alt+Tab, Ctrl+Alt+T … on a desktop session', why: 'the desktop takes them before any window; under cage there is no desktop' },
  { keys: 'Everything above in the Chromium fallback', why: 'a browser started with --kiosk has no hook for its own shortcuts; Ctrl+W/Alt+F4 close it and systemd starts it again' },
];
