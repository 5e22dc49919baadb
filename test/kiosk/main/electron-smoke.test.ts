// The real Electron shell against a real agent: the window loads the UI, hardened. Only where an
// Electron binary exists (it cannot be downloaded everywhere); elsewhere it is skipped and says why.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { electronBinary } from '../../../kiosk/main/launcher.ts';
import { buildShell } from '../../../kiosk/main/build-shell.ts';
import { electronShellArgs } from '../../../kiosk/main/launch-plan.pure.ts';
import { tempDir } from '../../support/station-fixture.ts';

const electron = electronBinary();
const display = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const reason = !electron ? 'skipped: no Electron binary on this machine' : !display ? 'skipped: no display (run under xvfb-run)' : 'runs';
if (reason !== 'runs') console.info(`electron smoke test ${reason}`);

describe(`electron smoke (${reason})`, () => {
  let agent: RunningAgent;
  let dir: string;

  beforeAll(async () => {
    if (!electron || !display) return;
    dir = tempDir('yj-electron-');
    agent = await startDaemon({ dataDir: path.join(dir, 'data'), port: 0, logLevel: 'error' });
  });

  afterAll(async () => {
    if (!electron || !display) return;
    await agent.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!electron || !display)('opens the UI in a sandboxed, isolated window the page cannot leave', async () => {
    const shell = buildShell({ outDir: path.join(dir, 'shell') });
    const args = [...electronShellArgs(shell.dir, agent.url, path.join(dir, 'profile'), process.env), '--smoke'];
    // Chromium refuses to run as root with its sandbox; CI containers often are root.
    if (process.getuid?.() === 0) args.push('--no-sandbox');
    const child = spawn(electron!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const line = out.split('\n').find((l) => l.startsWith('YUANJIAO_SMOKE '));
    expect(line, out).toBeDefined();
    expect(code, out).toBe(0);
    const report = JSON.parse(line!.slice('YUANJIAO_SMOKE '.length)) as {
      stayed: boolean;
      prefs: Record<string, unknown>;
      page: { shell: string; version: string; require: string; process: string; popup: boolean };
    };
    expect(report.prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, devTools: false });
    expect(report.page).toMatchObject({ shell: 'object', require: 'undefined', process: 'undefined', popup: true });
    expect(report.page.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(report.stayed).toBe(true);
  });
});
