// What a screen's folder hands a browser: the built page, bundle and styles, never the TypeScript sources nor
// the source maps that carry them — from the real agent (the kiosk's screen) and the real hub (the
// dashboard) over HTTP on 127.0.0.1, on the build the test run made, and with a map or a source dropped into
// the served folder by hand.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appPaths } from '../../common/app-paths.ts';
import { startDaemon, type RunningAgent } from '../../agent/daemon.ts';
import { createStation, tempDir } from '../support/station-fixture.ts';
import { startTestHub, type TestHub } from '../county/support/hub-fixture.ts';

let dir: string;
let agent: RunningAgent;
let hub: TestHub;

beforeAll(async () => {
  dir = tempDir('yj-sources-');
  createStation({ dir }).close();
  [agent, hub] = await Promise.all([startDaemon({ dataDir: dir, port: 0, logLevel: 'silent' }), startTestHub()]);
});

afterAll(async () => {
  await Promise.all([agent?.stop(), hub?.stop()]);
  fs.rmSync(dir, { recursive: true, force: true });
  if (hub) fs.rmSync(hub.dataDir, { recursive: true, force: true });
});

/** The files under a folder, as URL paths relative to it. */
function filesUnder(root: string): string[] {
  return fs
    .readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

async function status(url: URL): Promise<number> {
  const res = await fetch(url);
  await res.arrayBuffer();
  return res.status;
}

describe('the build', () => {
  it('writes no source map into a served folder, names none in a bundle, and keeps the maps beside it for a debugger', () => {
    for (const [served, maps] of [
      [appPaths.kioskUi, path.join(appPaths.uiSourceMaps, 'kiosk-ui')],
      [appPaths.dashboardUi, path.join(appPaths.uiSourceMaps, 'dashboard-ui')],
    ] as const) {
      const files = filesUnder(served);
      expect(files, served).toContain('app.js');
      expect(files.filter((f) => /\.(map|tsx?)$/.test(f)), served).toEqual([]);
      for (const f of files.filter((n) => /\.(js|css)$/.test(n))) expect(fs.readFileSync(path.join(served, f), 'utf8'), f).not.toContain('sourceMappingURL');
      // Each bundle's map is outside, and its sources still lead to the files in the checkout.
      const map = JSON.parse(fs.readFileSync(path.join(maps, 'app.js.map'), 'utf8')) as { sourceRoot: string; sources: string[] };
      const main = map.sources.find((s) => s.endsWith('/ui/src/main.tsx'))!;
      expect(main, maps).toBeDefined();
      expect(fs.existsSync(path.resolve(maps, map.sourceRoot, main)), `${maps}: ${map.sourceRoot}${main}`).toBe(true);
    }
  });
});

describe('the agent’s screen', () => {
  it('still loads: its page, bundle, styles and lazily loaded chunks', async () => {
    const page = await fetch(agent.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('app.js');
    for (const f of filesUnder(appPaths.kioskUi)) expect(await status(new URL(`/${f}`, agent.url)), f).toBe(200);
  });

  it('answers 404 for every map and every source, those a build once wrote and those someone drops in', async () => {
    const tried = [
      ...filesUnder(appPaths.kioskUi).filter((f) => /\.(js|css)$/.test(f)).map((f) => `/${f}.map`),
      '/src/main.tsx',
      '/main.tsx',
      '/ui/src/main.tsx',
      '/kiosk/ui/src/main.tsx',
      '/i18n/i18n.ts',
    ];
    for (const route of tried) expect(await status(new URL(route, agent.url)), route).toBe(404);
    // Dropped into the served folder by hand (or left by an older build): still not handed out.
    const planted = [`yj-planted-${process.pid}.js.map`, `yj-planted-${process.pid}.ts`, `yj-planted-${process.pid}.tsx`];
    try {
      for (const name of planted) fs.writeFileSync(path.join(appPaths.kioskUi, name), 'export const secret = 1;\n');
      for (const name of planted) {
        const res = await fetch(new URL(`/${name}`, agent.url));
        expect(res.status, name).toBe(404);
        expect(await res.text(), name).not.toContain('secret');
      }
    } finally {
      for (const name of planted) fs.rmSync(path.join(appPaths.kioskUi, name), { force: true });
    }
  });
});

describe('the hub’s dashboard', () => {
  it('still loads its bundle, and answers 404 for maps and sources, even ones dropped into its folder', async () => {
    expect((await fetch(`${hub.url}/`)).status).toBe(200);
    expect(await status(new URL('/assets/app.js', hub.url))).toBe(200);
    expect(await status(new URL('/assets/app.css', hub.url))).toBe(200);
    for (const route of ['/assets/app.js.map', '/assets/app.css.map', '/assets/src/main.tsx', '/assets/main.tsx']) expect(await status(new URL(route, hub.url)), route).toBe(404);
    const planted = [`yj-planted-${process.pid}.js.map`, `yj-planted-${process.pid}.ts`];
    try {
      for (const name of planted) fs.writeFileSync(path.join(appPaths.dashboardUi, name), 'export const secret = 1;\n');
      for (const name of planted) expect(await status(new URL(`/assets/${name}`, hub.url)), name).toBe(404);
    } finally {
      for (const name of planted) fs.rmSync(path.join(appPaths.dashboardUi, name), { force: true });
    }
  });
});
