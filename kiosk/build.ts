// Bundles the kiosk web UI (kiosk/ui/src, and its page kiosk/ui/index.html) for the browser into
// build/kiosk-ui, which the agent serves at /. Build time only (scripts/build.ts, the tests' setup).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildUi, type UiBundle } from '../common/ui-bundle.ts';
import { appPaths } from '../common/app-paths.ts';

const UI_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ui');

const KIOSK_UI: UiBundle = {
  entry: path.join(UI_DIR, 'src', 'main.tsx'),
  page: path.join(UI_DIR, 'index.html'),
  outDir: appPaths.kioskUi,
  // Out of the served folder: the maps hold the sources.
  mapsDir: path.join(appPaths.uiSourceMaps, 'kiosk-ui'),
  // The kiosk runs Debian's or Electron's Chromium: no need to transpile for old browsers.
  target: ['chrome110'],
  // Served by the agent from the build's fonts; not bundled.
  external: ['/fonts/*'],
};

export async function buildKioskUi(options: { minify?: boolean } = {}): Promise<void> {
  await buildUi(KIOSK_UI, options);
}
