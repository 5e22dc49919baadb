// Bundles the county dashboard (county/dashboard/ui/src) for staff browsers into county/dashboard/ui/dist,
// with common/ui-bundle.ts. The hub serves index.html, the bundle under /assets/ and the fonts (serve-dashboard.ts).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildUi, ensureUiBuilt, type UiBundle } from '../../common/ui-bundle.ts';

export const DASHBOARD_UI_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ui');
const SRC_DIR = path.join(DASHBOARD_UI_DIR, 'src');
export const DASHBOARD_DIST_DIR = path.join(DASHBOARD_UI_DIR, 'dist');

const DASHBOARD_UI: UiBundle = {
  srcDir: SRC_DIR,
  entry: path.join(SRC_DIR, 'main.tsx'),
  outDir: DASHBOARD_DIST_DIR,
  // County offices run whatever the PC came with — Windows, Kylin or UOS, a Chromium-based browser a few
  // years old, or Firefox. (Not Safari 14, whose destructuring bugs esbuild cannot work around.)
  target: ['chrome87', 'edge88', 'firefox78'],
  external: ['/fonts/*'],
};

export async function buildDashboardUi(options: { minify?: boolean } = {}): Promise<void> {
  await buildUi(DASHBOARD_UI, options);
}

/** Builds when the bundle is missing or older than any source file. */
export async function ensureDashboardUiBuilt(): Promise<'built' | 'fresh'> {
  return ensureUiBuilt(DASHBOARD_UI);
}
