// Tells the agent every 30 s that this screen is alive and what it shows (POST /api/kiosk/heartbeat); the
// agent alerts when a program should be on screen and no heartbeat came for 90 s. Starts itself on import.
// The screen is read from the page ([data-screen]) rather than from the router, so a heartbeat says what is
// actually drawn; with no screen drawn (still connecting, or the printable notice) nothing is sent.

const BEAT_MS = 30_000;
/** A screen change is reported at once, but never more often than this (a burst of renders is one change). */
const MIN_GAP_MS = 1_000;

let lastSent = 0;
let lastScreen: string | null = null;
let pending: ReturnType<typeof setTimeout> | null = null;

function currentScreen(): string | null {
  return document.querySelector<HTMLElement>('[data-screen]')?.dataset.screen ?? null;
}

function beat(): void {
  const screen = currentScreen();
  if (screen === null) return;
  lastSent = Date.now();
  lastScreen = screen;
  const body = { screen, width: window.innerWidth, height: window.innerHeight, visible: document.visibilityState === 'visible' };
  // A refused or lost heartbeat is simply the next one's job: the agent only needs one in 90 s.
  void fetch('/api/kiosk/heartbeat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), keepalive: true }).catch(
    () => undefined,
  );
}

function beatSoon(): void {
  if (pending !== null) return;
  const wait = Math.max(0, lastSent + MIN_GAP_MS - Date.now());
  pending = setTimeout(() => {
    pending = null;
    beat();
  }, wait);
}

export function startKioskHeartbeat(): void {
  setInterval(beat, BEAT_MS);
  document.addEventListener('visibilitychange', beatSoon);
  // The first screen appears once the agent's state arrives, and screens change with programs: report both promptly.
  new MutationObserver(() => {
    if (currentScreen() !== lastScreen) beatSoon();
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-screen'] });
  beatSoon();
}

startKioskHeartbeat();
