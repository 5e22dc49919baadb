// How the kiosk gets on screen: Electron, else Chromium in kiosk mode, else the URL printed.
import { describe, expect, it } from 'vitest';
import { CHROMIUM_CANDIDATES, chromiumKioskArgs, electronShellArgs, planKioskLaunch, type LaunchEnvironment } from '../../../kiosk/main/launch-plan.pure.ts';
import { parseShellArgs } from '../../../kiosk/main/shell-args.pure.ts';

const URL_ = 'http://127.0.0.1:8720/';
const PROFILE = '/var/lib/yuanjiao-kiosk/kiosk-profile';
const APP = '/usr/lib/yuanjiao-station/build/kiosk-shell';
const SHELL = `${APP}/electron-main.cjs`;

function env(over: Partial<LaunchEnvironment> & { files?: string[] } = {}): LaunchEnvironment {
  const files = new Set(over.files ?? []);
  return { platform: 'linux', env: { DISPLAY: ':0' }, electronBinary: null, electronApp: APP, exists: (f) => files.has(f), ...over };
}

describe('the launch plan', () => {
  it('prints the URL on a Linux box without a display, even with Electron installed', () => {
    const plan = planKioskLaunch(URL_, PROFILE, env({ env: {}, electronBinary: '/e/electron', files: ['/e/electron', '/usr/bin/chromium'] }));
    expect(plan).toEqual({ kind: 'none', reason: expect.stringContaining('DISPLAY') });
  });

  it('counts a Wayland session (cage) as a display', () => {
    const plan = planKioskLaunch(URL_, PROFILE, env({ env: { WAYLAND_DISPLAY: 'wayland-0' }, files: ['/usr/bin/chromium'] }));
    expect(plan.kind).toBe('chromium');
  });

  it('does not ask for DISPLAY on Windows', () => {
    const plan = planKioskLaunch(URL_, PROFILE, env({ platform: 'win32', env: {}, electronBinary: 'C:\\e\\electron.exe', files: ['C:\\e\\electron.exe', SHELL] }));
    expect(plan.kind).toBe('electron');
  });

  it('prefers Electron, started with the built shell, the URL and the profile', () => {
    const plan = planKioskLaunch(URL_, PROFILE, env({ electronBinary: '/e/electron', files: ['/e/electron', SHELL, '/usr/bin/chromium'] }));
    expect(plan).toEqual({ kind: 'electron', command: '/e/electron', args: [APP, `--url=${URL_}`, `--profile=${PROFILE}`] });
  });

  it('falls back to Chromium when Electron is installed but the shell was never built', () => {
    const plan = planKioskLaunch(URL_, PROFILE, env({ electronBinary: '/e/electron', files: ['/e/electron', '/usr/bin/chromium'] }));
    expect(plan).toMatchObject({ kind: 'chromium', command: '/usr/bin/chromium' });
  });

  it('falls back to Chromium when the electron package is there but its binary is not', () => {
    const plan = planKioskLaunch(URL_, PROFILE, env({ electronBinary: '/e/electron', files: ['/usr/bin/chromium-browser'] }));
    expect(plan).toMatchObject({ kind: 'chromium', command: '/usr/bin/chromium-browser' });
  });

  it('tries the Chromium candidates in order', () => {
    for (const [i, candidate] of CHROMIUM_CANDIDATES.entries()) {
      const plan = planKioskLaunch(URL_, PROFILE, env({ files: CHROMIUM_CANDIDATES.slice(i) }));
      expect(plan).toMatchObject({ kind: 'chromium', command: candidate });
    }
  });

  it('takes the browser from YUANJIAO_CHROMIUM, and only from there when it is set', () => {
    expect(planKioskLaunch(URL_, PROFILE, env({ env: { DISPLAY: ':0', YUANJIAO_CHROMIUM: '/opt/chrome/chrome' }, files: ['/opt/chrome/chrome', '/usr/bin/chromium'] }))).toMatchObject({
      kind: 'chromium',
      command: '/opt/chrome/chrome',
    });
    expect(planKioskLaunch(URL_, PROFILE, env({ env: { DISPLAY: ':0', YUANJIAO_CHROMIUM: '/missing' }, files: ['/usr/bin/chromium'] }))).toMatchObject({ kind: 'none' });
  });

  it('says so when there is neither', () => {
    expect(planKioskLaunch(URL_, PROFILE, env())).toEqual({ kind: 'none', reason: expect.stringContaining('Chromium') });
  });

  it('opens Chromium locked to the one page, with its own profile, autoplay and no pinch or swipe-back', () => {
    const args = chromiumKioskArgs(URL_, PROFILE);
    expect(args).toEqual(expect.arrayContaining(['--kiosk', `--app=${URL_}`, `--user-data-dir=${PROFILE}`, '--autoplay-policy=no-user-gesture-required', '--disable-pinch', '--overscroll-history-navigation=0', '--no-first-run', '--kiosk-printing']));
    expect(args.some((a) => a.startsWith('--ozone'))).toBe(false);
  });

  it('tells Chromium and Electron to speak Wayland under cage', () => {
    const wayland = { WAYLAND_DISPLAY: 'wayland-0' };
    expect(planKioskLaunch(URL_, PROFILE, env({ env: wayland, files: ['/usr/bin/chromium'] }))).toMatchObject({ args: expect.arrayContaining(['--ozone-platform-hint=auto']) });
    expect(planKioskLaunch(URL_, PROFILE, env({ env: wayland, electronBinary: '/e/electron', files: ['/e/electron', SHELL] }))).toMatchObject({ args: expect.arrayContaining(['--ozone-platform-hint=auto']) });
  });

  it('passes developer mode to Electron only when asked', () => {
    expect(electronShellArgs(APP, URL_, PROFILE, { YUANJIAO_KIOSK_DEV: '1' })).toContain('--dev');
    expect(electronShellArgs(APP, URL_, PROFILE, {})).not.toContain('--dev');
  });
});

describe('the Electron shell reads back what the plan wrote', () => {
  it('round-trips URL, profile and flags, ignoring what Electron and Chromium add', () => {
    const argv = ['/e/electron', ...electronShellArgs(APP, 'http://127.0.0.1:43121/#/board', PROFILE, { YUANJIAO_KIOSK_DEV: '1', WAYLAND_DISPLAY: 'w' }), '--no-sandbox', '--smoke'];
    expect(parseShellArgs(argv)).toEqual({ url: 'http://127.0.0.1:43121/#/board', profile: PROFILE, dev: true, smoke: true });
  });

  it('defaults to the agent on its default port', () => {
    expect(parseShellArgs(['/e/electron', APP])).toEqual({ url: 'http://127.0.0.1:8720/', profile: null, dev: false, smoke: false });
  });

  it('refuses a URL that is not http(s) rather than open a window on it', () => {
    expect(() => parseShellArgs(['/e/electron', APP, '--url=file:///etc/passwd'])).toThrow(/http/);
  });
});
