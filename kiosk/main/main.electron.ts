// The kiosk's Electron main process (bundled to electron-main.cjs): one hardened full-screen window kept alive.
//
// Thin on purpose: what to allow, what to swallow, when to reload and when to keep the display awake
// are decided by the pure modules beside it. This file wires them to Electron's events.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindow, ElectronMain } from './electron-api.ts';
import { agentOriginOf, isAllowedNavigation, originString } from './navigation-policy.pure.ts';
import { parseShellArgs, type ShellArgs } from './shell-args.pure.ts';
import { createHardenedWindow, denyNewWindows } from './window-hardening.electron.ts';
import { RecoveryLoop } from './recovery-loop.pure.ts';
import type { RecoveryAction } from './recovery.pure.ts';
import { isAgentAnswering, readAgentState } from './agent-probe.ts';
import { awakeStateOf, shouldKeepDisplayAwake } from './keep-awake.pure.ts';
import { verifyAdminExit } from './admin-exit.ts';
import { relayCaptures } from './capture-relay.ts';
import { ElectronScreenCapturer } from './electron-capturer.electron.ts';
import { ADMIN_EXIT_CODE, EXIT_KIOSK_CHANNEL, parseAdminCredential, type ExitVerdict } from './shell-api.pure.ts';

const KEEP_AWAKE_POLL_MS = 30_000;
const SMOKE_DEADLINE_MS = 60_000;
/** Chromium's net::ERR_ABORTED: a load replaced by the next one, not a failure. */
const ERR_ABORTED = -3;

function log(message: string): void {
  process.stdout.write(`[kiosk] ${new Date().toISOString()} ${message}\n`);
}

export function runShell(electron: ElectronMain, args: ShellArgs, shellDir: string): void {
  const { app, BrowserWindow: BrowserWindowCtor, Menu, ipcMain, powerSaveBlocker } = electron;
  const origin = agentOriginOf(args.url);
  const agent = originString(origin);
  const pages = {
    waiting: path.join(shellDir, 'waiting.html'),
    error: path.join(shellDir, 'error.html'),
    adminExit: path.join(shellDir, 'admin-exit.html'),
  };
  const adminExitPath = pathToFileURL(pages.adminExit).pathname;

  if (args.profile) app.setPath('userData', args.profile);
  app.commandLine.appendSwitch('disable-pinch');
  app.commandLine.appendSwitch('overscroll-history-navigation', '0');
  // A second `yuanjiao kiosk` (a double start, a stray desktop launcher) must not open a second window.
  if (!app.requestSingleInstanceLock()) {
    log('another kiosk is already running on this screen; leaving');
    app.quit();
    return;
  }

  let win: BrowserWindow | null = null;
  let leaving = false;
  let loop: RecoveryLoop | null = null;

  app.on('second-instance', () => {
    win?.show();
    win?.focus();
  });
  // Only reachable after the admin exit: the window refuses to close otherwise.
  app.on('window-all-closed', () => app.quit());
  app.on('web-contents-created', (_event, contents) => denyNewWindows(contents, log));

  const leave = (code: number) => {
    leaving = true;
    loop?.stop();
    // Let the IPC answer reach the page before the process goes.
    setTimeout(() => app.exit(code), 50);
  };

  ipcMain.handle(EXIT_KIOSK_CHANNEL, async (event, raw): Promise<ExitVerdict> => {
    const sender = event.senderFrame?.url ?? '';
    const fromShellPrompt = sender.startsWith('file:') && new URL(sender).pathname === adminExitPath;
    if (!fromShellPrompt && !isAllowedNavigation(sender, origin)) {
      log(`admin exit refused: call from ${sender}`);
      return { ok: false, message: '拒绝 / refused' };
    }
    const credential = parseAdminCredential(raw);
    if (!credential) return { ok: false, message: '请输入管理 PIN / enter the admin PIN' };
    const verdict = await verifyAdminExit(agent, credential);
    log(verdict.ok ? 'admin exit' : `admin exit refused: ${verdict.message}`);
    if (verdict.ok) leave(ADMIN_EXIT_CODE);
    return verdict;
  });

  // Electron's default would be a modal error box over the kiosk; exit instead and let systemd (or
  // `yuanjiao start`) bring a clean shell back.
  process.on('uncaughtException', (err) => {
    log(`fatal: ${err.stack ?? String(err)}`);
    app.exit(1);
  });

  void app.whenReady().then(() => {
    Menu.setApplicationMenu(null);
    const w = createHardenedWindow(BrowserWindowCtor, {
      origin,
      preload: path.join(shellDir, 'preload.cjs'),
      dev: args.dev,
      // The UI's and the local pages' red: no black flash between pages.
      backgroundColor: '#8b0f0f',
      onAdminChord: () => {
        log('admin exit prompt');
        loop?.record({ type: 'local-page-shown', page: 'admin-exit' });
        void w.webContents.loadFile(pages.adminExit, { query: { back: args.url } }).catch(() => undefined);
      },
      canClose: () => leaving,
      log,
    });
    win = w;

    const perform = (action: RecoveryAction) => {
      switch (action) {
        case 'poll-health':
          void isAgentAnswering(args.url).then((ok) => loop?.record({ type: 'health', ok }));
          return;
        case 'show-waiting':
          void w.webContents.loadFile(pages.waiting).catch(() => undefined);
          return;
        case 'show-error':
          void w.webContents.loadFile(pages.error).catch(() => undefined);
          return;
        case 'load-ui':
          // A failure arrives as did-fail-load, which the loop hears below.
          void w.webContents.loadURL(args.url).catch(() => undefined);
          return;
        case 'kill-renderer':
          w.webContents.forcefullyCrashRenderer();
          return;
      }
    };
    loop = new RecoveryLoop({ now: Date.now, setTimer: (fn, ms) => setTimeout(fn, ms), clearTimer: (t) => clearTimeout(t as NodeJS.Timeout), perform, log });

    w.webContents.on('did-finish-load', () => {
      // Local pages (waiting, error, admin exit) finish loading too; only the agent's page counts.
      if (isAllowedNavigation(w.webContents.getURL(), origin)) loop?.record({ type: 'ui-loaded' });
    });
    w.webContents.on('did-fail-load', (_event, code, description, url, isMainFrame) => {
      if (!isMainFrame || code === ERR_ABORTED || !isAllowedNavigation(url, origin)) return;
      log(`UI did not load: ${code} ${description}`);
      loop?.record({ type: 'ui-load-failed', code });
    });
    w.webContents.on('render-process-gone', (_event, details) => {
      if (leaving) return;
      log(`page process gone: ${details.reason} (${details.exitCode})`);
      loop?.record({ type: 'crashed', reason: details.reason });
    });
    w.on('unresponsive', () => loop?.record({ type: 'unresponsive' }));
    w.on('responsive', () => loop?.record({ type: 'responsive' }));
    loop.record({ type: 'started' });

    keepDisplayAwake(args.url, powerSaveBlocker);
    // Proof of viewing and remote help: the agent did not launch this window, so it asks, and the shell answers a
    // screenshot with capturePage and a restart by starting itself afresh (the relaunch keeps its arguments).
    if (!args.smoke) {
      relayCaptures(args.url, new ElectronScreenCapturer(w.webContents), {
        onRestart: () => {
          log('remote help: restarting the kiosk shell');
          app.relaunch();
          leave(0);
        },
      });
    }
    if (args.smoke) runSmoke(electron, w, args, origin);
  });
}

function keepDisplayAwake(url: string, blocker: ElectronMain['powerSaveBlocker']): void {
  let id: number | null = null;
  const refresh = async () => {
    const want = shouldKeepDisplayAwake(awakeStateOf(await readAgentState(url)));
    if (want && id === null) {
      id = blocker.start('prevent-display-sleep');
      log('display kept awake');
    } else if (!want && id !== null) {
      blocker.stop(id);
      id = null;
      log('display may sleep');
    }
  };
  void refresh();
  setInterval(() => void refresh(), KEEP_AWAKE_POLL_MS);
}

/** `--smoke`: once the UI has loaded, report what the page can and cannot reach, then quit. */
function runSmoke(electron: ElectronMain, w: BrowserWindow, args: ShellArgs, origin: ReturnType<typeof agentOriginOf>): void {
  const { app } = electron;
  const deadline = setTimeout(() => {
    log('smoke: the UI did not load in time');
    app.exit(1);
  }, SMOKE_DEADLINE_MS);
  let reported = false;
  w.webContents.on('did-finish-load', () => {
    if (reported || !isAllowedNavigation(w.webContents.getURL(), origin)) return;
    reported = true;
    void (async () => {
      const prefs = w.webContents.getLastWebPreferences() ?? {};
      const page = (await w.webContents.executeJavaScript(
        `JSON.stringify({ shell: typeof window.yuanjiaoShell, version: window.yuanjiaoShell && window.yuanjiaoShell.version,
          require: typeof require, process: typeof process, popup: window.open('https://example.org/') === null })`,
      )) as string;
      await w.webContents.executeJavaScript(`location.assign('file:///etc/hostname'); true`).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const report = {
        url: args.url,
        stayed: isAllowedNavigation(w.webContents.getURL(), origin),
        prefs: { contextIsolation: prefs.contextIsolation, sandbox: prefs.sandbox, nodeIntegration: prefs.nodeIntegration, webviewTag: prefs.webviewTag, devTools: prefs.devTools },
        page: JSON.parse(page) as unknown,
      };
      process.stdout.write(`YUANJIAO_SMOKE ${JSON.stringify(report)}\n`);
      clearTimeout(deadline);
      app.exit(0);
    })().catch((err: unknown) => {
      log(`smoke failed: ${String(err)}`);
      app.exit(1);
    });
  });
}

// The bundle's entry: Electron provides the module (there is no npm package behind it here), and the
// bundle is CommonJS, so __dirname is the built shell's directory with the pages and the preload.
// eslint-disable-next-line @typescript-eslint/no-require-imports
runShell(require('electron') as ElectronMain, parseShellArgs(process.argv), __dirname);
