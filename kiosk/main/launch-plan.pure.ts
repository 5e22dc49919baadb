// Decides how to put the kiosk on screen: Electron if installed, else a system Chromium in kiosk mode,
// else nothing (headless box or CI) and the URL is printed. Pure, so every branch is testable here.

export type LaunchPlan =
  | { kind: 'electron'; command: string; args: string[] }
  | { kind: 'chromium'; command: string; args: string[] }
  | { kind: 'none'; reason: string };

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export interface LaunchEnvironment {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  electronBinary: string | null;
  /** The built shell's app directory (package.json + electron-main.cjs), see build-shell.ts. */
  electronApp: string;
  exists(file: string): boolean;
}

/**
 * Under a Wayland compositor (cage on the terminal) Chromium and Electron must be told to speak
 * Wayland; without it they look for an X server, and cage may have none.
 */
function waylandArgs(env: NodeJS.ProcessEnv): string[] {
  return env.WAYLAND_DISPLAY ? ['--ozone-platform-hint=auto'] : [];
}

/** Flags that keep a kiosk Chromium quiet on a closed network and locked to the one page. */
export function chromiumKioskArgs(url: string, profileDir: string, env: NodeJS.ProcessEnv = {}): string[] {
  return [
    '--kiosk',
    `--app=${url}`,
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-translate',
    '--disable-pinch',
    '--overscroll-history-navigation=0',
    '--autoplay-policy=no-user-gesture-required',
    // window.print() (打印预告, the records' 打印) goes straight to the default printer: a print preview
    // window would stand over the kiosk with no remote key to leave it.
    '--kiosk-printing',
    '--noerrdialogs',
    '--disable-session-crashed-bubble',
    // Proof of viewing (agent/proof/): the screen is captured over the DevTools protocol on the pipe Chromium
    // opens on its fds 3 and 4 — only the process that spawned it holds them. Never a debugging port: any
    // process on the machine could drive the kiosk through it (docs/proof-of-viewing.md).
    '--remote-debugging-pipe',
    ...waylandArgs(env),
  ];
}

/** What the Electron shell is started with; shell-args.pure.ts reads it back. */
export function electronShellArgs(app: string, url: string, profileDir: string, env: NodeJS.ProcessEnv = {}): string[] {
  const dev = env.YUANJIAO_KIOSK_DEV === '1' ? ['--dev'] : [];
  return [app, `--url=${url}`, `--profile=${profileDir}`, ...dev, ...waylandArgs(env)];
}

export function planKioskLaunch(url: string, profileDir: string, e: LaunchEnvironment): LaunchPlan {
  if (e.platform === 'linux' && !e.env.DISPLAY && !e.env.WAYLAND_DISPLAY) {
    return { kind: 'none', reason: '没有图形界面（DISPLAY 未设置）/ no display (DISPLAY is not set)' };
  }
  // Electron needs the shell `npm run build` made; without it the system Chromium still shows the kiosk.
  if (e.electronBinary && e.exists(e.electronBinary) && e.exists(`${e.electronApp}/electron-main.cjs`)) {
    return { kind: 'electron', command: e.electronBinary, args: electronShellArgs(e.electronApp, url, profileDir, e.env) };
  }
  const chromium = (e.env.YUANJIAO_CHROMIUM ? [e.env.YUANJIAO_CHROMIUM] : CHROMIUM_CANDIDATES).find((c) => e.exists(c));
  if (chromium) return { kind: 'chromium', command: chromium, args: chromiumKioskArgs(url, profileDir, e.env) };
  return { kind: 'none', reason: '未找到 Electron 或 Chromium / neither Electron nor Chromium is installed' };
}
