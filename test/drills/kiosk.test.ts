// Drill: the kiosk under a curious hand and a crashing renderer.
//  1. Every escape shortcut on the list — the one kiosk/main/README.md gives operators and the labels in
//     kiosk/main/shortcuts.pure.ts — is turned into the key events Electron would report (US layout, physical
//     key, numpad, a Chinese IME composing) and fed to the real hardened window (window-hardening.electron.ts)
//     through a stand-in that implements electron-api.ts: each must be swallowed, and what the UI needs
//     (typing, Ctrl+C/V, arrows, Enter, Escape, the remote's Back, media keys) must pass.
//  2. The same shortcuts pressed in a real Chromium on the real board: the board stays, the same document,
//     unzoomed, no new window, no dialog. (Synthetic input reaches the page, not Chromium's own
//     accelerators; in the Chromium fallback those cannot be swallowed, as the README says.)
//  3. The Chromium-fallback kiosk (`yuanjiao kiosk`, a real system Chromium) loses its renderer (SIGKILL,
//     as an out-of-memory kill or a GPU fault would): the board must come back by itself.
// Electron is not installed on this machine; its own crash reload is covered against the same stand-in
// by test/kiosk/main/electron-main.test.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { BrowserWindow, BrowserWindowOptions, Input } from '../../kiosk/main/electron-api.ts';
import { createHardenedWindow } from '../../kiosk/main/window-hardening.electron.ts';
import { agentOriginOf } from '../../kiosk/main/navigation-policy.pure.ts';
import { ESCAPE_SHORTCUTS, matchEscapeShortcut } from '../../kiosk/main/shortcuts.pure.ts';
import { startDaemon, type RunningAgent } from '../../agent/daemon.ts';
import { createStation, tempDir } from '../support/station-fixture.ts';
import { waitFor } from '../support/wait.ts';
import { CHROMIUM_PATH, launchBrowser } from '../support/browser.ts';
import { BIN, REPO, childPids, pidAlive } from '../support/agent-process.ts';
import { FULL_DRILLS, recordDrill } from '../support/drill-log.ts';

/** How long the kiosk waits for a page that dropped its event stream before reopening Chromium (default 30 s). */
const GRACE_S = 4;

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

// ---------------------------------------------------------------------------------------------------
// The list, as written for people, turned into key presses

interface Combo {
  label: string;
  control: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
  key: string;
}

const NAMED: Record<string, string> = { Left: 'ArrowLeft', Right: 'ArrowRight', Plus: '+', Minus: '-' };
const ANY_KEY = ['d', 'l', 'Tab', 'F4', 'ArrowLeft', 'Meta'];
const MODIFIER_SETS = [[], ['Ctrl'], ['Alt'], ['Shift'], ['Ctrl', 'Shift'], ['Ctrl', 'Alt']];

/** 'Ctrl+Shift+I/J/C, F5 (any modifier), Super (Windows/Command) with anything' → one combo per key press. */
function expandList(text: string): Combo[] {
  const combos: Combo[] = [];
  const items = text
    .replace(/\*\*/g, '')
    .replace(/\s+/g, ' ')
    .split(/,\s*(?:and\s+)?/)
    .map((s) => s.trim())
    .filter(Boolean);
  const make = (label: string, mods: string[], key: string): Combo => ({
    label,
    control: mods.includes('Ctrl'),
    alt: mods.includes('Alt'),
    shift: mods.includes('Shift'),
    meta: mods.includes('Super'),
    key: NAMED[key] ?? key,
  });
  for (const item of items) {
    if (/^Super\b/.test(item)) {
      for (const key of ANY_KEY) combos.push(make(item, ['Super'], key));
      continue;
    }
    const anyModifier = /\((with )?any modifier\)/.test(item);
    const parts = item.replace(/\s*\(.*\)$/, '').split('+');
    const mods = parts.slice(0, -1);
    for (const key of parts[parts.length - 1]!.split('/')) {
      if (anyModifier) for (const extra of MODIFIER_SETS) combos.push(make(item, [...mods, ...extra], key));
      else combos.push(make(item, mods, key));
    }
  }
  return combos;
}

function comboName(c: Combo): string {
  return [c.control && 'Ctrl', c.alt && 'Alt', c.shift && 'Shift', c.meta && 'Super', c.key].filter(Boolean).join('+');
}

/** The inputs Electron may report for a combo: the US-layout key with its physical code, the numpad, a composing IME. */
function inputsOf(c: Combo): Input[] {
  const base = { type: 'keyDown', isAutoRepeat: false, control: c.control, alt: c.alt, shift: c.shift, meta: c.meta };
  if (/^[a-z]$/i.test(c.key)) {
    const code = `Key${c.key.toUpperCase()}`;
    return [
      { ...base, key: c.shift ? c.key.toUpperCase() : c.key.toLowerCase(), code },
      { ...base, key: 'Process', code },
    ];
  }
  if (/^\d$/.test(c.key)) return [{ ...base, key: c.key, code: `Digit${c.key}` }, { ...base, key: c.key, code: `Numpad${c.key}` }];
  if (c.key === '+') return [{ ...base, key: '=', code: 'Equal' }, { ...base, shift: true, key: '+', code: 'Equal' }, { ...base, key: '+', code: 'NumpadAdd' }];
  if (c.key === '-') return [{ ...base, key: '-', code: 'Minus' }, { ...base, key: '-', code: 'NumpadSubtract' }];
  return [{ ...base, key: c.key, code: c.key }];
}

function readmeList(): Combo[] {
  const readme = fs.readFileSync(path.join(REPO, 'kiosk/main/README.md'), 'utf8');
  const list = /Swallowed in the Electron shell: ([\s\S]*?)\. Ctrl\+P is swallowed/.exec(readme)?.[1];
  if (!list) throw new Error('kiosk/main/README.md no longer has its "Swallowed in the Electron shell:" list');
  return expandList(list);
}

function codeList(): Combo[] {
  return ESCAPE_SHORTCUTS.flatMap((s) => expandList(s.label.replace(/\/Windows\/Command \+ anything/, ' with anything')));
}

const PASS_THROUGH: Input[] = [
  ...['a', 'z', 'q', 'w', '1', ' '].map((key) => ({ key, code: key === ' ' ? 'Space' : /\d/.test(key) ? `Digit${key}` : `Key${key.toUpperCase()}` })),
  { key: 'Process', code: 'KeyZ' },
  ...['a', 'c', 'v', 'x', 'z'].map((key) => ({ key, code: `Key${key.toUpperCase()}`, control: true })),
  ...['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Enter', 'Escape', 'Backspace', 'Tab', 'BrowserBack', 'AudioVolumeUp', 'AudioVolumeDown', 'MediaPlayPause'].map((key) => ({ key, code: key })),
].map((k) => ({ type: 'keyDown', isAutoRepeat: false, control: false, alt: false, shift: false, meta: false, ...k }));

// ---------------------------------------------------------------------------------------------------
// A stand-in for Electron's window, implementing what window-hardening.electron.ts uses of electron-api.ts

class StandInEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

class StandInWebContents extends EventEmitter {
  readonly session = Object.assign(new EventEmitter(), { setPermissionRequestHandler() {}, setPermissionCheckHandler() {} });
  getURL() {
    return 'http://127.0.0.1:8720/';
  }
  setWindowOpenHandler() {}
  setVisualZoomLevelLimits() {
    return Promise.resolve();
  }
  closeDevTools() {}
  openDevTools() {}
}

class StandInWindow extends EventEmitter {
  static last: StandInWindow | null = null;
  readonly webContents = new StandInWebContents();
  constructor(readonly options: BrowserWindowOptions) {
    super();
    StandInWindow.last = this;
  }
  removeMenu() {}
  show() {}
  focus() {}
  isDestroyed() {
    return false;
  }
}

function hardenedWindow(): { press: (input: Input) => boolean; logs: string[] } {
  const logs: string[] = [];
  createHardenedWindow(StandInWindow as unknown as new (o: BrowserWindowOptions) => BrowserWindow, {
    origin: agentOriginOf('http://127.0.0.1:8720/'),
    preload: '/shell/preload.cjs',
    dev: false,
    onAdminChord: () => undefined,
    canClose: () => false,
    log: (m) => logs.push(m),
  });
  const contents = StandInWindow.last!.webContents;
  return {
    logs,
    press(input) {
      const event = new StandInEvent();
      contents.emit('before-input-event', event, input);
      return event.defaultPrevented;
    },
  };
}

// ---------------------------------------------------------------------------------------------------

async function stationAgent(): Promise<RunningAgent> {
  const dir = tempDir('yj-drill-kiosk-');
  const station = createStation({ dir });
  station.addMember({ name: '张三' });
  station.close();
  const agent = await startDaemon({ dataDir: dir, port: 0 });
  cleanups.push(async () => {
    await agent.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return agent;
}

/** Every process below pid, from /proc. */
function descendants(pid: number): number[] {
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of childPids(queue.shift()!)) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

interface Screen {
  streams: number;
  kiosk: { lastSeenAt: number | null; screen: string | null };
}

describe('drill: kiosk', () => {
  it('swallows every escape shortcut on the list in the hardened window, and passes what the UI needs', () => {
    const readme = readmeList();
    const code = codeList();
    const window = hardenedWindow();
    const leaks: string[] = [];
    let presses = 0;
    for (const combo of [...readme, ...code]) {
      for (const input of inputsOf(combo)) {
        presses++;
        if (!matchEscapeShortcut(input)) leaks.push(`policy: ${comboName(combo)} (${input.key}/${input.code}) from "${combo.label}"`);
        if (!window.press(input)) leaks.push(`window: ${comboName(combo)} (${input.key}/${input.code}) from "${combo.label}"`);
      }
    }
    expect(leaks, 'escape shortcuts that got through').toEqual([]);
    // The operators' list and the code's list name the same shortcuts.
    const names = (list: Combo[]) => [...new Set(list.map(comboName))].sort();
    expect(names(readme)).toEqual(names(code));
    // Every group of the policy is on the list people read.
    for (const s of ESCAPE_SHORTCUTS) expect(readme.some((c) => matchEscapeShortcut(inputsOf(c)[0]!)?.id === s.id), s.id).toBe(true);
    const blocked = PASS_THROUGH.filter((input) => window.press(input)).map((i) => `${i.control ? 'Ctrl+' : ''}${i.key}`);
    expect(blocked, 'keys the UI needs that were swallowed').toEqual([]);
    expect(window.logs.filter((l) => l.startsWith('shortcut swallowed')).length).toBeGreaterThan(0);

    recordDrill({
      name: 'kiosk escape shortcuts (hardened window)',
      faults: presses,
      acknowledged: 0,
      stored: 0,
      lost: leaks.length,
      notes: [`${names(readme).length} shortcuts from the README, ${presses} key events (layout, physical key, numpad, IME): all swallowed; ${PASS_THROUGH.length} UI keys passed`],
    });
  });

  it('keeps the board in a real Chromium whatever escape shortcut is pressed on it', { timeout: 60_000 }, async () => {
    const agent = await stationAgent();
    const browser: Browser = await launchBrowser();
    cleanups.push(() => browser.close());
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.type());
      void d.dismiss();
    });
    await page.goto(agent.url);
    await page.waitForSelector('[data-screen="board"]', { timeout: 20_000 });
    await page.evaluate(() => ((window as unknown as { drillMarker: number }).drillMarker = 4242));
    const url = page.url();
    const zoom = await page.evaluate(() => [window.devicePixelRatio, window.visualViewport?.scale ?? 1]);

    const combos = [...new Map(readmeList().map((c) => [comboName(c), c])).values()];
    const moved: string[] = [];
    for (const c of combos) {
      const key = /^[a-z]$/i.test(c.key) ? `Key${c.key.toUpperCase()}` : /^\d$/.test(c.key) ? `Digit${c.key}` : c.key === '+' ? 'Equal' : c.key === '-' ? 'Minus' : c.key;
      const chord = [c.control && 'Control', c.alt && 'Alt', c.shift && 'Shift', c.meta && 'Meta', key].filter(Boolean).join('+');
      await page.keyboard.press(chord);
      const still = await page.evaluate(() => ({ marker: (window as unknown as { drillMarker?: number }).drillMarker, screen: document.querySelector('[data-screen]')?.getAttribute('data-screen') }));
      if (still.marker !== 4242 || still.screen !== 'board' || page.url() !== url) moved.push(`${comboName(c)}: ${JSON.stringify(still)} ${page.url()}`);
    }
    expect(moved, 'shortcuts that changed what the board shows').toEqual([]);
    expect(context.pages()).toHaveLength(1);
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => [window.devicePixelRatio, window.visualViewport?.scale ?? 1])).toEqual(zoom);

    recordDrill({
      name: 'kiosk escape shortcuts (real Chromium, board)',
      faults: combos.length,
      acknowledged: 0,
      stored: 0,
      lost: moved.length,
      notes: [`${combos.length} shortcuts pressed on the board in ${CHROMIUM_PATH}: same document, board, zoom; no window or dialog (synthetic input does not reach Chromium's own accelerators)`],
    });
  });

  it('brings the board back after the Chromium-fallback kiosk loses its renderer', { timeout: 120_000 }, async () => {
    const agent = await stationAgent();
    const dir = tempDir('yj-drill-kiosk-shell-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    // The system Chromium as `yuanjiao kiosk` finds it, with what this machine needs: no display (ozone
    // headless runs the whole browser, kiosk mode and crash page included), root (no sandbox), no GPU.
    const wrapper = path.join(dir, 'chromium');
    fs.writeFileSync(wrapper, `#!/bin/sh\nexec ${CHROMIUM_PATH} --no-sandbox --disable-gpu --ozone-platform=headless "$@"\n`, { mode: 0o755 });
    const kiosk: ChildProcess = spawn(process.execPath, [BIN, 'kiosk', '--port', String(agent.port), '--data', dir, '--screen-grace', String(GRACE_S), '--wait', '20'], {
      cwd: REPO,
      env: { ...process.env, YUANJIAO_CHROMIUM: wrapper, DISPLAY: ':99', WAYLAND_DISPLAY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    kiosk.stdout!.on('data', (b: Buffer) => (output += b.toString()));
    kiosk.stderr!.on('data', (b: Buffer) => (output += b.toString()));
    const exited = new Promise<number | null>((resolve) => kiosk.once('exit', (code) => resolve(code)));
    cleanups.push(() => {
      if (kiosk.exitCode === null) kiosk.kill('SIGKILL');
      for (const pid of descendants(kiosk.pid!)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    });
    const screen = async (): Promise<Screen> => (await (await fetch(`${agent.url}api/kiosk/screen`)).json()) as Screen;

    await waitFor(async () => {
      const s = await screen();
      return s.streams > 0 && s.kiosk.screen === 'board';
    }, 45_000, `the board on the kiosk\n${output}`);

    const crashes = FULL_DRILLS ? 3 : 1;
    const recoveries: number[] = [];
    for (let i = 0; i < crashes; i++) {
      // The page has been up long enough for the kiosk's one-second watch to have seen it alive.
      await waitFor(async () => {
        const s = await screen();
        return s.streams > 0 && s.kiosk.screen === 'board' && Date.now() - s.kiosk.lastSeenAt! >= 1_500;
      }, 30_000, 'the board to settle');
      const browserBefore = descendants(kiosk.pid!).find((pid) => cmdline(pid).includes('--kiosk') && !cmdline(pid).includes('--type='));
      const renderers = descendants(kiosk.pid!).filter((pid) => cmdline(pid).includes('--type=renderer'));
      expect(renderers.length, 'renderer processes of the kiosk').toBeGreaterThan(0);
      const seenBefore = (await screen()).kiosk.lastSeenAt!;
      const killedAt = Date.now();
      for (const pid of renderers) process.kill(pid, 'SIGKILL');
      // The page is gone: its event stream drops at once …
      await waitFor(async () => (await screen()).streams === 0, 10_000, 'the page to drop its event stream');
      // … and the board comes back by itself: a new page, connected, saying it shows the board.
      await waitFor(
        async () => {
          const s = await screen();
          return s.streams > 0 && s.kiosk.screen === 'board' && s.kiosk.lastSeenAt! > seenBefore;
        },
        45_000,
        `the board to come back\n${output}`,
      );
      recoveries.push(Date.now() - killedAt);
      expect(recoveries.at(-1)!, 'not reopened before the grace').toBeGreaterThanOrEqual(GRACE_S * 1000);
      const browserAfter = descendants(kiosk.pid!).find((pid) => cmdline(pid).includes('--kiosk') && !cmdline(pid).includes('--type='));
      expect(browserAfter).toBeDefined();
      expect(browserAfter).not.toBe(browserBefore);
    }
    expect(output).toContain('正在重新打开 Chromium');
    expect(kiosk.exitCode, 'yuanjiao kiosk kept running').toBeNull();

    // The service is stopped: the kiosk closes cleanly and takes Chromium with it.
    const browser = descendants(kiosk.pid!).find((pid) => cmdline(pid).includes('--kiosk') && !cmdline(pid).includes('--type='))!;
    kiosk.kill('SIGTERM');
    expect(await exited).toBe(0);
    await waitFor(() => !pidAlive(browser), 10_000, 'Chromium to close with the kiosk');

    recordDrill({
      name: 'kiosk renderer crash (Chromium fallback)',
      faults: crashes,
      acknowledged: crashes,
      stored: recoveries.length,
      notes: [`renderer SIGKILLed ${crashes}×; board back after ${recoveries.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')} (${GRACE_S} s grace); Electron not installed here`],
    });
  });
});
