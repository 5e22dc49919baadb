// The Electron shell bundles into a directory Electron can start, and the preload exposes exactly the shell API.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { buildShell } from '../../../kiosk/main/build-shell.ts';
import { EXIT_KIOSK_CHANNEL, SHELL_GLOBAL, parseAdminCredential } from '../../../kiosk/main/shell-api.pure.ts';
import { tempDir } from '../../support/station-fixture.ts';

const dir = tempDir('yj-shell-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('building the Electron shell', () => {
  it('writes the app directory: package.json, both bundles, the local pages', () => {
    const build = buildShell({ outDir: dir });
    expect(build.main).toBe(path.join(dir, 'electron-main.cjs'));
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { main: string; version: string };
    expect(pkg.main).toBe('electron-main.cjs');
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+/);
    for (const f of ['electron-main.cjs', 'preload.cjs', 'waiting.html', 'error.html', 'admin-exit.html']) expect(fs.existsSync(path.join(dir, f)), f).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'waiting.html'), 'utf8')).toContain('正在等待站点服务启动');
  });

  it('leaves electron to Electron, and the sandboxed preload requires nothing else', () => {
    const main = fs.readFileSync(path.join(dir, 'electron-main.cjs'), 'utf8');
    expect(main).toContain('require("electron")');
    const preload = fs.readFileSync(path.join(dir, 'preload.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(required).toEqual(['electron']);
  });

  it('exposes window.yuanjiaoShell with the version and exitKiosk, passing only the credential on', async () => {
    const exposed: Record<string, unknown> = {};
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
      ipcRenderer: { invoke: (...args: unknown[]) => (invoked.push(args), Promise.resolve({ ok: false, message: 'no' })) },
    };
    const code = fs.readFileSync(path.join(dir, 'preload.cjs'), 'utf8');
    // The sandboxed preload's world: a CommonJS wrapper whose require knows only 'electron'.
    const module = { exports: {} };
    const requireFn = (id: string) => {
      if (id !== 'electron') throw new Error(`the sandboxed preload may not require ${id}`);
      return electron;
    };
    vm.runInNewContext(`(function (require, module, exports) { ${code}\n })`, {})(requireFn, module, module.exports);

    expect(Object.keys(exposed)).toEqual([SHELL_GLOBAL]);
    const api = exposed[SHELL_GLOBAL] as { version: string; exitKiosk(c: unknown): Promise<unknown> };
    expect(Object.keys(api).sort()).toEqual(['exitKiosk', 'version']);
    expect(api.version).toMatch(/^\d+\.\d+\.\d+/);
    await expect(api.exitKiosk({ pin: '246810' })).resolves.toEqual({ ok: false, message: 'no' });
    expect(invoked).toEqual([[EXIT_KIOSK_CHANNEL, { pin: '246810' }]]);
  });
});

describe('what the main process accepts from the page', () => {
  it('takes a token or a PIN, and nothing else', () => {
    expect(parseAdminCredential({ token: 'Ab_-9xYz' })).toEqual({ token: 'Ab_-9xYz' });
    expect(parseAdminCredential({ pin: '246810' })).toEqual({ pin: '246810' });
    for (const bad of [null, undefined, 'pin', 42, [], {}, { pin: 246810 }, { pin: '' }, { pin: '12ab' }, { pin: '1'.repeat(17) }, { token: '' }, { token: 'a b' }, { token: 'x'.repeat(257) }, { token: 'ok', pin: '1' }, { token: 'a\nb' }]) {
      expect(parseAdminCredential(bad), JSON.stringify(bad)).toBeNull();
    }
  });
});
