// Bundles the kiosk web UI (kiosk/ui/src) for the browser into kiosk/ui/dist, with common/ui-bundle.ts.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildUi, ensureUiBuilt, type UiBundle } from '../common/ui-bundle.ts';

const UI_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ui');
const SRC_DIR = path.join(UI_DIR, 'src');
export const UI_DIST_DIR = path.join(UI_DIR, 'dist');

const KIOSK_UI: UiBundle = {
  srcDir: SRC_DIR,
  entry: path.join(SRC_DIR, 'main.tsx'),
  outDir: UI_DIST_DIR,
  // The kiosk runs Debian's or Electron's Chromium: no need to transpile for old browsers.
  target: ['chrome110'],
  // Served by the agent from the font package; not bundled.
  external: ['/fonts/*'],
};

export async function buildKioskUi(options: { minify?: boolean } = {}): Promise<void> {
  await buildUi(KIOSK_UI, options);
}

/** Builds when the bundle is missing or older than any source file; a clean checkout builds once. */
export async function ensureKioskUiBuilt(): Promise<'built' | 'fresh'> {
  return ensureUiBuilt(KIOSK_UI);
}
