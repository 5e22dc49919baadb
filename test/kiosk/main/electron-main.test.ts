// The bundled Electron main process, run against a real agent with a stand-in for the electron module
// (Electron cannot be installed here): it waits for the agent, loads the UI, reloads after a crash,
// shows the admin exit prompt on the chord, answers the agent's screenshots, and leaves with exit code 10 only for
// the admin PIN.
import { execFileSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { DEFAULT_ADMIN_PIN } from '../../../agent/admin/admin-auth.ts';
import { buildShell } from '../../../kiosk/main/build-shell.ts';
import { ADMIN_EXIT_CODE, EXIT_KIOSK_CHANNEL } from '../../../kiosk/main/shell-api.pure.ts';
import type { IpcMainInvokeEvent, NativeImage } from '../../../kiosk/main/electron-api.ts';
import { jpegSize } from '../../../agent/proof/jpeg-fit.pure.ts';
import { SYSTEM_FFMPEG } from '../../../content/ffmpeg.ts';
import { tempDir } from '../../support/station-fixture.ts';
import { waitFor } from '../../support/wait.ts';

const NEW_PIN = '240815';
const thumbnail = execFileSync(SYSTEM_FFMPEG, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=640x360', '-frames:v', '1', '-f', 'mjpeg', 'pipe:1']);

class FakeEvent {
  defaultPrevented = false;
  preventDefault() {
    this.defaultPrevented = true;
  }
}

class FakeWebContents extends EventEmitter {
  readonly session = Object.assign(new EventEmitter(), { setPermissionRequestHandler() {}, setPermissionCheckHandler() {} });
  readonly loads: { kind: 'url' | 'file'; target: string; query?: Record<string, string> }[] = [];
  url = '';
  crashes = 0;
  getURL() {
    return this.url;
  }
  loadURL(url: string) {
    this.loads.push({ kind: 'url', target: url });
    this.url = url;
    return Promise.resolve();
  }
  loadFile(file: string, options?: { query?: Record<string, string> }) {
    this.loads.push({ kind: 'file', target: file, query: options?.query });
    this.url = pathToFileURL(file).href;
    return Promise.resolve();
  }
  setWindowOpenHandler() {}
  setVisualZoomLevelLimits() {
    return Promise.resolve();
  }
  closeDevTools() {}
  openDevTools() {}
  forcefullyCrashRenderer() {
    this.crashes += 1;
  }
  /** The page as painted: a 1920×1080 window whose every thumbnail is the real 640×360 JPEG ffmpeg made. */
  capturePage() {
    const image = (width: number, height: number): NativeImage => ({
      getSize: () => ({ width, height }),
      isEmpty: () => false,
      resize: (o) => image(o.width!, Math.round((height * o.width!) / width)),
      toJPEG: () => thumbnail,
    });
    return Promise.resolve(image(1920, 1080));
  }
}

class FakeWindow extends EventEmitter {
  static created: FakeWindow[] = [];
  readonly webContents = new FakeWebContents();
  constructor(readonly options: unknown) {
    super();
    FakeWindow.created.push(this);
  }
  removeMenu() {}
  show() {}
  focus() {}
  isDestroyed() {
    return false;
  }
}

let agent: RunningAgent;
let dir: string;
let shellDir: string;
const exits: number[] = [];
const ipc = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>>();
const intervals: NodeJS.Timeout[] = [];
const logs: string[] = [];
const appEvents = new EventEmitter();

beforeAll(async () => {
  dir = tempDir('yj-emain-');
  agent = await startDaemon({ dataDir: path.join(dir, 'data'), port: 0, logLevel: 'error' });
  shellDir = buildShell({ outDir: path.join(dir, 'shell') }).dir;

  const electron = {
    app: Object.assign(appEvents, {
      commandLine: { appendSwitch() {} },
      requestSingleInstanceLock: () => true,
      setPath() {},
      whenReady: () => Promise.resolve(),
      quit() {},
      exit: (code: number) => exits.push(code),
    }),
    BrowserWindow: FakeWindow,
    Menu: { setApplicationMenu() {} },
    ipcMain: { handle: (channel: string, fn: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>) => ipc.set(channel, fn) },
    powerSaveBlocker: { start: () => 1, stop() {} },
  };
  // The bundle's own world: our electron, our argv and stdout, intervals we can clear afterwards.
  const fakeProcess: NodeJS.Process = Object.create(process, {
    argv: { value: ['/fake/electron', shellDir, `--url=${agent.url}`] },
    stdout: { value: { write: (t: string) => (logs.push(t), true) } },
    on: { value: () => fakeProcess },
  }) as NodeJS.Process;
  const realRequire = createRequire(path.join(shellDir, 'electron-main.cjs'));
  const requireFn = (id: string) => (id === 'electron' ? electron : realRequire(id));
  const setIntervalFn = (fn: () => void, ms: number) => {
    const t = setInterval(fn, ms);
    intervals.push(t);
    return t;
  };
  const code = fs.readFileSync(path.join(shellDir, 'electron-main.cjs'), 'utf8');
  const module = { exports: {} };
  new Function('require', 'module', 'exports', '__dirname', '__filename', 'process', 'setInterval', code)(
    requireFn,
    module,
    module.exports,
    shellDir,
    path.join(shellDir, 'electron-main.cjs'),
    fakeProcess,
    setIntervalFn,
  );
});

afterAll(async () => {
  intervals.forEach(clearInterval);
  await agent.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const win = () => FakeWindow.created[0]!;
const uiLoads = () => win().webContents.loads.filter((l) => l.kind === 'url' && l.target === agent.url).length;

describe('the Electron main process', () => {
  it('opens one hardened kiosk window and loads the UI once the agent answers', async () => {
    await waitFor(() => FakeWindow.created.length === 1 && uiLoads() === 1, 5_000, 'the UI to be loaded');
    expect(win().options).toMatchObject({ kiosk: true, fullscreen: true, webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, preload: path.join(shellDir, 'preload.cjs') } });
    win().webContents.emit('did-finish-load');
  });

  it('reloads the UI shortly after the page process crashes', async () => {
    win().webContents.emit('render-process-gone', new FakeEvent(), { reason: 'crashed', exitCode: 139 });
    await waitFor(() => uiLoads() === 2, 5_000, 'the reload after the crash');
    win().webContents.emit('did-finish-load');
    expect(logs.join('')).toContain('page process gone: crashed');
  });

  it('answers the agent’s screenshot with the window’s page (proof of viewing, capturePage)', async () => {
    const picture = await agent.ctx.proof.relay.capture();
    expect(jpegSize(picture.jpeg)).toEqual({ width: 640, height: 360 });
    expect(Buffer.compare(picture.jpeg, thumbnail)).toBe(0);
  });

  it('refuses to close the window', () => {
    const e = new FakeEvent();
    win().emit('close', e);
    expect(e.defaultPrevented).toBe(true);
  });

  it('shows the admin exit prompt on Ctrl+Alt+Shift+Q, with the way back', async () => {
    const e = new FakeEvent();
    win().webContents.emit('before-input-event', e, { type: 'keyDown', key: 'Q', code: 'KeyQ', control: true, alt: true, shift: true, meta: false, isAutoRepeat: false });
    expect(e.defaultPrevented).toBe(true);
    const last = win().webContents.loads.at(-1)!;
    expect(last).toEqual({ kind: 'file', target: path.join(shellDir, 'admin-exit.html'), query: { back: agent.url } });
  });

  it('refuses the exit from a page that is neither the agent nor the prompt, and with a wrong or default PIN', async () => {
    const exit = ipc.get(EXIT_KIOSK_CHANNEL)!;
    const prompt = { senderFrame: { url: `${pathToFileURL(path.join(shellDir, 'admin-exit.html')).href}?back=x` } };
    expect(await exit({ senderFrame: { url: 'https://evil.example/' } }, { pin: DEFAULT_ADMIN_PIN })).toMatchObject({ ok: false });
    expect(await exit({ senderFrame: { url: pathToFileURL('/tmp/other.html').href } }, { pin: DEFAULT_ADMIN_PIN })).toMatchObject({ ok: false });
    expect(await exit(prompt, { pin: 'abc' })).toMatchObject({ ok: false });
    expect(await exit(prompt, { pin: DEFAULT_ADMIN_PIN })).toMatchObject({ ok: false, message: expect.stringContaining('默认 PIN') });
    expect(await exit(prompt, { pin: '999999' })).toMatchObject({ ok: false });
    expect(exits).toEqual([]);
  });

  it('leaves with the admin exit code for the admin PIN', async () => {
    const login = (await (await fetch(new URL('/api/admin/login', agent.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pin: DEFAULT_ADMIN_PIN }) })).json()) as { token: string };
    await fetch(new URL('/api/admin/pin', agent.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}` },
      body: JSON.stringify({ currentPin: DEFAULT_ADMIN_PIN, newPin: NEW_PIN }),
    });
    const exit = ipc.get(EXIT_KIOSK_CHANNEL)!;
    expect(await exit({ senderFrame: { url: `${agent.url}#/admin` } }, { pin: NEW_PIN })).toEqual({ ok: true });
    await waitFor(() => exits.length === 1, 2_000, 'the exit');
    expect(exits).toEqual([ADMIN_EXIT_CODE]);
    // Leaving: the window may close now.
    const e = new FakeEvent();
    win().emit('close', e);
    expect(e.defaultPrevented).toBe(false);
  });
});
