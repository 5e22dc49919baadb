// The one place every kiosk window is created and locked down (Electron main process).
//
// Every BrowserWindow the shell opens comes from createHardenedWindow: the secure web preferences are
// set here and cannot be overridden by the caller, and every handler (navigation, new windows,
// permissions, downloads, DevTools, escape shortcuts, closing) is attached here. The decisions
// themselves live in the pure policy modules beside it, which have their own tests.
import type { BrowserWindow, BrowserWindowConstructor, Input, Session, WebContents, WebPreferences } from './electron-api.ts';
import { isAllowedNavigation, type AgentOrigin } from './navigation-policy.pure.ts';
import { isPermissionGranted } from './permission-policy.pure.ts';
import { isAdminExitChord, matchEscapeShortcut } from './shortcuts.pure.ts';

/** The web preferences of every kiosk window. */
export function secureWebPreferences(preload: string, dev: boolean): WebPreferences {
  return {
    preload,
    // The page and the preload live in separate JavaScript worlds; the page sees only what
    // contextBridge exposes.
    contextIsolation: true,
    // The renderer runs in Chromium's OS sandbox; the preload gets only the sandboxed Electron subset.
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    // Off in production: DevTools would be a way into the page and the file system.
    devTools: dev,
    // A file dragged onto the window must not replace the kiosk.
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    // The scheduled course starts by itself; nobody is there to click "play".
    autoplayPolicy: 'no-user-gesture-required',
    // The player keeps reporting progress even if the compositor thinks the window is hidden.
    backgroundThrottling: false,
  };
}

export interface HardeningOptions {
  origin: AgentOrigin;
  /** The bundled preload script (preload.cjs). */
  preload: string;
  /** Developer mode: DevTools allowed (F12 opens them). Never on a station. */
  dev: boolean;
  backgroundColor?: string;
  /** Ctrl+Alt+Shift+Q was pressed: show the admin exit prompt. */
  onAdminChord(): void;
  /** Whether the window may close now (only after the admin exit). */
  canClose(): boolean;
  log(message: string): void;
}

const hardenedSessions = new WeakSet<Session>();

/** Permissions and downloads are per session; set them once however many windows share it. */
function hardenSession(session: Session, options: HardeningOptions): void {
  if (hardenedSessions.has(session)) return;
  hardenedSessions.add(session);
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const url = details.requestingUrl ?? contents.getURL();
    const granted = isPermissionGranted(permission, url, options.origin);
    if (!granted) options.log(`permission refused: ${permission} for ${url}`);
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionGranted(permission, requestingOrigin, options.origin));
  // Nothing is saved from the kiosk: files come in through the agent (USB, inbox), never the browser.
  session.on('will-download', (event) => {
    options.log('download refused');
    event.preventDefault();
  });
}

/** The minimum for any web contents at all (also DevTools' own in developer mode): no new windows, no webviews. */
export function denyNewWindows(contents: WebContents, log: (message: string) => void): void {
  contents.setWindowOpenHandler(({ url }) => {
    log(`new window refused: ${url}`);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function hardenWebContents(contents: WebContents, options: HardeningOptions): void {
  denyNewWindows(contents, options.log);

  const guard = (kind: string) => (event: { preventDefault(): void; url?: string }, legacyUrl?: string) => {
    const url = event.url ?? legacyUrl ?? '';
    if (isAllowedNavigation(url, options.origin)) return;
    options.log(`${kind} refused: ${url}`);
    event.preventDefault();
  };
  contents.on('will-navigate', guard('navigation'));
  contents.on('will-redirect', guard('redirect'));
  // Electron >= 25 reports sub-frame navigations here; the UI has no frames, so none may go elsewhere.
  contents.on('will-frame-navigate', guard('frame navigation'));

  contents.on('before-input-event', (event, input: Input) => {
    if (isAdminExitChord(input)) {
      event.preventDefault();
      if (input.type === 'keyDown' && !input.isAutoRepeat) options.onAdminChord();
      return;
    }
    const shortcut = matchEscapeShortcut(input);
    if (!shortcut) return;
    event.preventDefault();
    // Without a menu Electron has no DevTools key of its own; in developer mode the usual keys open them.
    if (options.dev && shortcut.id === 'devtools') {
      if (input.type === 'keyDown') contents.openDevTools({ mode: 'detach' });
      return;
    }
    if (input.type === 'keyDown' && !input.isAutoRepeat) options.log(`shortcut swallowed: ${shortcut.id} (${input.key})`);
  });

  contents.on('devtools-opened', () => {
    if (!options.dev) contents.closeDevTools();
  });

  // Pinch-zoom on a touch screen would leave the TV layout zoomed for the next showing.
  const noZoom = () => void contents.setVisualZoomLevelLimits(1, 1).catch(() => undefined);
  noZoom();
  contents.on('did-finish-load', noZoom);

  hardenSession(contents.session, options);
}

/**
 * Creates a full-screen kiosk window with every hardening applied. Callers choose nothing about
 * security: only what to load into it.
 */
export function createHardenedWindow(BrowserWindowCtor: BrowserWindowConstructor, options: HardeningOptions): BrowserWindow {
  const win = new BrowserWindowCtor({
    show: true,
    kiosk: true,
    fullscreen: true,
    frame: false,
    autoHideMenuBar: true,
    backgroundColor: options.backgroundColor ?? '#000000',
    title: '远教',
    webPreferences: secureWebPreferences(options.preload, options.dev),
  });
  win.removeMenu();
  win.on('close', (event) => {
    if (options.canClose()) return;
    // Alt+F4 on Windows arrives here rather than as a key; only the admin exit may close the window.
    options.log('close refused');
    event.preventDefault();
  });
  hardenWebContents(win.webContents, options);
  return win;
}
