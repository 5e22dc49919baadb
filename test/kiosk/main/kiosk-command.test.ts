// `yuanjiao kiosk` against a real agent: prints the URL without a display, waits for health before
// Chromium, and reports how the screen ended. Run in-process through main() with a capturing io.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main, type Output } from '../../../cli/main.ts';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { electronBinary } from '../../../kiosk/main/launcher.ts';
import { ADMIN_EXIT_CODE } from '../../../kiosk/main/shell-api.pure.ts';
import { tempDir } from '../../support/station-fixture.ts';

const hasElectron = electronBinary() !== null;
const DISPLAY_VARS = ['DISPLAY', 'WAYLAND_DISPLAY', 'YUANJIAO_CHROMIUM'] as const;

let agent: RunningAgent;
let agentDir: string;
let dir: string;
let savedEnv: Partial<Record<(typeof DISPLAY_VARS)[number], string | undefined>>;

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: Output = { out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
  const code = await main(['node', 'yuanjiao', 'kiosk', ...args, '--data', dir], io);
  return { code, out: stdout.join('\n'), err: stderr.join('\n') };
}

/** A stand-in browser: records its arguments and exits with the given code, like a Chromium closed at once. */
function fakeBrowser(exitCode: number): { command: string; argsFile: string } {
  const argsFile = path.join(dir, `browser-args-${exitCode}.txt`);
  const command = path.join(dir, `fake-browser-${exitCode}.sh`);
  fs.writeFileSync(command, `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\nexit ${exitCode}\n`, { mode: 0o755 });
  return { command, argsFile };
}

beforeAll(async () => {
  agentDir = tempDir('yj-kiosk-agent-');
  agent = await startDaemon({ dataDir: agentDir, port: 0, logLevel: 'error' });
});

afterAll(async () => {
  await agent.stop();
  fs.rmSync(agentDir, { recursive: true, force: true });
});

beforeEach(() => {
  dir = tempDir('yj-kiosk-');
  savedEnv = Object.fromEntries(DISPLAY_VARS.map((k) => [k, process.env[k]]));
  for (const k of DISPLAY_VARS) delete process.env[k];
});

afterEach(() => {
  for (const k of DISPLAY_VARS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('yuanjiao kiosk without a display', () => {
  it('prints the URL of the running agent and says it answers', async () => {
    const res = await run('--port', String(agent.port));
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(res.out).toContain(`http://127.0.0.1:${agent.port}/`);
    expect(res.out).toContain('DISPLAY');
    expect(res.out).toContain('站点服务正在运行');
  });

  it('takes the whole URL with --url', async () => {
    const res = await run('--url', `http://127.0.0.1:${agent.port}/#/board`);
    expect(res.code).toBe(0);
    expect(res.out).toContain(`http://127.0.0.1:${agent.port}/#/board`);
  });

  it('still prints the URL when the agent is not running, and says how to start it', async () => {
    const res = await run('--port', '9');
    expect(res.code).toBe(0);
    expect(res.out).toContain('http://127.0.0.1:9/');
    expect(res.out).toContain('yuanjiao start');
  });
});

describe('yuanjiao kiosk usage mistakes', () => {
  it('refuses --url together with --port', async () => {
    expect((await run('--url', 'http://127.0.0.1:8720/', '--port', '8720')).code).toBe(2);
  });

  it('refuses a URL that is not http(s)', async () => {
    const res = await run('--url', 'file:///etc/passwd');
    expect(res.code).toBe(2);
    expect(res.err).toContain('http');
    expect((await run('--url', 'not a url')).code).toBe(2);
  });

  it('refuses a port or a wait that is not a number', async () => {
    expect((await run('--port', 'abc')).code).toBe(2);
    expect((await run('--wait', '-1')).code).toBe(2);
  });
});

describe.skipIf(hasElectron)('yuanjiao kiosk with Chromium', () => {
  it('opens the browser in kiosk mode on the agent, with its own profile, and returns when it closes', async () => {
    const browser = fakeBrowser(0);
    process.env.DISPLAY = ':99';
    process.env.YUANJIAO_CHROMIUM = browser.command;
    const res = await run('--port', String(agent.port));
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(res.out).toContain('chromium');
    const args = fs.readFileSync(browser.argsFile, 'utf8').trim().split('\n');
    expect(args).toEqual(expect.arrayContaining(['--kiosk', `--app=http://127.0.0.1:${agent.port}/`, `--user-data-dir=${path.join(dir, 'kiosk-profile')}`]));
  });

  it('does not open the browser before the agent answers, and gives up at the deadline with a clear message', async () => {
    const browser = fakeBrowser(0);
    process.env.DISPLAY = ':99';
    process.env.YUANJIAO_CHROMIUM = browser.command;
    const started = Date.now();
    const res = await run('--port', '9', '--wait', '1');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(res.code).toBe(1);
    expect(res.out).toContain('正在等待站点服务');
    expect(res.err).toContain('站点服务在 1 秒内未响应');
    expect(fs.existsSync(browser.argsFile)).toBe(false);
  });

  it('passes the admin exit code on and leaves the marker, so systemd does not restart the screen', async () => {
    const browser = fakeBrowser(ADMIN_EXIT_CODE);
    process.env.DISPLAY = ':99';
    process.env.YUANJIAO_CHROMIUM = browser.command;
    expect((await run('--check-admin-exit')).code).toBe(0);
    const res = await run('--port', String(agent.port));
    expect(res.code).toBe(ADMIN_EXIT_CODE);
    expect(res.err).toContain('管理员已退出屏幕');
    // The unit's ExecCondition: skip the restart once, then open normally again.
    const check = await run('--check-admin-exit');
    expect(check.code).toBe(1);
    expect(check.err).toContain('管理员退出');
    expect((await run('--check-admin-exit')).code).toBe(0);
  });

  it('fails (so systemd starts it again) when the browser dies', async () => {
    const browser = fakeBrowser(3);
    process.env.DISPLAY = ':99';
    process.env.YUANJIAO_CHROMIUM = browser.command;
    const res = await run('--port', String(agent.port));
    expect(res.code).toBe(1);
    expect(res.err).toContain('退出码 3');
  });

  it('restarts the browser when remote help asks the agent, and stays up', async () => {
    // A stand-in browser that stays open the first time and closes by itself the second (so the run ends).
    const starts = path.join(dir, 'starts.txt');
    const command = path.join(dir, 'fake-browser-restart.sh');
    fs.writeFileSync(command, `#!/bin/sh\nif [ -e '${starts}' ]; then echo again >> '${starts}'; exit 0; fi\necho first > '${starts}'\nexec sleep 60\n`, { mode: 0o755 });
    process.env.DISPLAY = ':99';
    process.env.YUANJIAO_CHROMIUM = command;
    const running = run('--port', String(agent.port), '--screen-grace', '120');
    await expect.poll(() => fs.existsSync(starts)).toBe(true);
    // The agent's side, as remote help's restart_kiosk asks it (agent/remote-help/remote-help-service.ts).
    await agent.ctx.proof.relay.restart();
    const res = await running;
    expect(res.code).toBe(0);
    expect(res.out).toContain('远程协助：重启屏幕');
    expect(fs.readFileSync(starts, 'utf8').trim().split('\n')).toEqual(['first', 'again']);
  });
});

