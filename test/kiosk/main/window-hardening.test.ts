// Every kiosk window gets the whole hardening from one function. Electron cannot be installed here, so a
// stand-in implementing the same narrow interface (electron-api.ts) records what the function set up.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { BrowserWindow, BrowserWindowOptions, ElectronEvent, Input, PermissionCheckHandler, PermissionRequestHandler, Session, WebContents } from '../../../kiosk/main/electron-api.ts';
import { createHardenedWindow, type HardeningOptions } from '../../../kiosk/main/window-hardening.electron.ts';
import { agentOriginOf } from '../../../kiosk/main/navigation-policy.pure.ts';

class FakeEvent implements ElectronEvent {
  defaultPrevented = false;
  constructor(readonly url?: string) {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

class FakeSession extends EventEmitter {
  request: PermissionRequestHandler | null = null;
  check: PermissionCheckHandler | null = null;
  setPermissionRequestHandler(h: PermissionRequestHandler | null) {
    this.request = h;
  }
  setPermissionCheckHandler(h: PermissionCheckHandler | null) {
    this.check = h;
  }
}

class FakeWebContents extends EventEmitter {
  url = 'http://127.0.0.1:8720/';
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  zoomLimits: number[] = [];
  devToolsOpen = false;
  opened = 0;
  constructor(readonly session: FakeSession) {
    super();
  }
  getURL() {
    return this.url;
  }
  setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' | 'allow' }) {
    this.openHandler = h;
  }
  setVisualZoomLevelLimits(min: number, max: number) {
    this.zoomLimits = [min, max];
    return Promise.resolve();
  }
  closeDevTools() {
    this.devToolsOpen = false;
  }
  openDevTools() {
    this.opened += 1;
  }
}

const sharedSession = new FakeSession();
let created: FakeWindow[] = [];

class FakeWindow extends EventEmitter {
  readonly webContents: FakeWebContents;
  menuRemoved = false;
  constructor(readonly options: BrowserWindowOptions) {
    super();
    this.webContents = new FakeWebContents(sharedSession);
    created.push(this);
  }
  removeMenu() {
    this.menuRemoved = true;
  }
  show() {}
  focus() {}
  isDestroyed() {
    return false;
  }
}

function open(over: Partial<HardeningOptions> = {}) {
  created = [];
  const logs: string[] = [];
  const calls = { adminChord: 0 };
  let closable = false;
  const win = createHardenedWindow(FakeWindow as unknown as new (o: BrowserWindowOptions) => BrowserWindow, {
    origin: agentOriginOf('http://127.0.0.1:8720/'),
    preload: '/shell/preload.cjs',
    dev: false,
    onAdminChord: () => (calls.adminChord += 1),
    canClose: () => closable,
    log: (m) => logs.push(m),
    ...over,
  });
  const fake = created[0]!;
  const wc = fake.webContents;
  return { win, fake, wc, logs, calls, allowClose: () => (closable = true) };
}

function key(k: Partial<Input> & { key: string }): Input {
  return { type: 'keyDown', code: '', isAutoRepeat: false, shift: false, control: false, alt: false, meta: false, ...k };
}

describe('a hardened kiosk window', () => {
  it('is created full screen and in kiosk mode, without a menu', () => {
    const { fake } = open();
    expect(fake.options).toMatchObject({ kiosk: true, fullscreen: true, frame: false, autoHideMenuBar: true });
    expect(fake.menuRemoved).toBe(true);
  });

  it('gets isolated, sandboxed web preferences without Node, webviews or DevTools', () => {
    const { fake } = open();
    expect(fake.options.webPreferences).toMatchObject({
      preload: '/shell/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      devTools: false,
      navigateOnDragDrop: false,
      autoplayPolicy: 'no-user-gesture-required',
    });
  });

  it('allows DevTools only in developer mode', () => {
    expect(open({ dev: true }).fake.options.webPreferences?.devTools).toBe(true);
  });

  it('refuses every new window', () => {
    const { wc } = open();
    expect(wc.openHandler!({ url: 'http://127.0.0.1:8720/other' })).toEqual({ action: 'deny' });
    expect(wc.openHandler!({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
  });

  it.each(['will-navigate', 'will-redirect', 'will-frame-navigate'])('checks %s against the navigation policy', (eventName) => {
    const { wc, logs } = open();
    const inside = new FakeEvent('http://127.0.0.1:8720/#/admin');
    wc.emit(eventName, inside, inside.url);
    expect(inside.defaultPrevented).toBe(false);
    for (const url of ['http://127.0.0.1:8720.evil.com/', 'file:///etc/passwd', 'data:text/html,x', 'javascript:alert(1)', 'devtools://devtools/']) {
      const outside = new FakeEvent(url);
      wc.emit(eventName, outside, url);
      expect(outside.defaultPrevented, url).toBe(true);
    }
    // Older Electron passes the URL only as the second argument.
    const legacy = new FakeEvent();
    wc.emit(eventName, legacy, 'https://example.org/');
    expect(legacy.defaultPrevented).toBe(true);
    expect(logs.some((l) => l.includes('refused'))).toBe(true);
  });

  it('refuses webviews', () => {
    const { wc } = open();
    const e = new FakeEvent();
    wc.emit('will-attach-webview', e);
    expect(e.defaultPrevented).toBe(true);
  });

  it('swallows escape shortcuts and lets typing through', () => {
    const { wc } = open();
    for (const input of [key({ key: 'F12', code: 'F12' }), key({ key: 'r', code: 'KeyR', control: true }), key({ key: 'F4', code: 'F4', alt: true }), key({ key: 'w', code: 'KeyW', control: true, type: 'keyUp' })]) {
      const e = new FakeEvent();
      wc.emit('before-input-event', e, input);
      expect(e.defaultPrevented, input.key).toBe(true);
    }
    for (const input of [key({ key: 'a', code: 'KeyA' }), key({ key: 'Enter', code: 'Enter' }), key({ key: 'BrowserBack', code: 'BrowserBack' }), key({ key: 'v', code: 'KeyV', control: true })]) {
      const e = new FakeEvent();
      wc.emit('before-input-event', e, input);
      expect(e.defaultPrevented, input.key).toBe(false);
    }
  });

  it('opens the admin exit prompt on the chord, once per press', () => {
    const { wc, calls } = open();
    const chord = { key: 'Q', code: 'KeyQ', control: true, alt: true, shift: true };
    for (const input of [key(chord), key({ ...chord, isAutoRepeat: true }), key({ ...chord, type: 'keyUp' })]) {
      const e = new FakeEvent();
      wc.emit('before-input-event', e, input);
      expect(e.defaultPrevented).toBe(true);
    }
    expect(calls.adminChord).toBe(1);
  });

  it('closes DevTools that open anyway, except in developer mode', () => {
    const prod = open();
    prod.wc.devToolsOpen = true;
    prod.wc.emit('devtools-opened');
    expect(prod.wc.devToolsOpen).toBe(false);
    const dev = open({ dev: true });
    dev.wc.devToolsOpen = true;
    dev.wc.emit('devtools-opened');
    expect(dev.wc.devToolsOpen).toBe(true);
    const e = new FakeEvent();
    dev.wc.emit('before-input-event', e, key({ key: 'F12', code: 'F12' }));
    expect(dev.wc.opened).toBe(1);
  });

  it('cannot be closed (Alt+F4 on Windows) until the admin exit allows it', () => {
    const { fake, allowClose } = open();
    const refused = new FakeEvent();
    fake.emit('close', refused);
    expect(refused.defaultPrevented).toBe(true);
    allowClose();
    const allowed = new FakeEvent();
    fake.emit('close', allowed);
    expect(allowed.defaultPrevented).toBe(false);
  });

  it('locks pinch zoom', () => {
    const { wc } = open();
    expect(wc.zoomLimits).toEqual([1, 1]);
  });

  it('grants full screen to the agent page and refuses every other permission and all downloads', () => {
    const { wc } = open();
    const s = sharedSession;
    const ask = (permission: string, requestingUrl: string) => {
      let granted: boolean | null = null;
      s.request!(wc as unknown as WebContents, permission, (g) => (granted = g), { requestingUrl });
      return granted;
    };
    expect(ask('fullscreen', 'http://127.0.0.1:8720/#/player')).toBe(true);
    expect(ask('media', 'http://127.0.0.1:8720/')).toBe(false);
    expect(ask('notifications', 'http://127.0.0.1:8720/')).toBe(false);
    expect(ask('fullscreen', 'file:///shell/waiting.html')).toBe(false);
    expect(s.check!(null, 'fullscreen', 'http://127.0.0.1:8720')).toBe(true);
    expect(s.check!(null, 'geolocation', 'http://127.0.0.1:8720')).toBe(false);
    const download = new FakeEvent();
    (s as unknown as Session & EventEmitter).emit('will-download', download);
    expect(download.defaultPrevented).toBe(true);
  });

  it('sets the session up once however many windows share it', () => {
    open();
    open();
    expect(sharedSession.listenerCount('will-download')).toBe(1);
  });
});
