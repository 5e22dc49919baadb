// Bundles the county dashboard (county/dashboard/ui/src, and its page) for staff browsers into
// build/dashboard-ui, which the hub serves (serve-dashboard.ts). Build time only.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildUi, type UiBundle } from '../../common/ui-bundle.ts';
import { appPaths } from '../../common/app-paths.ts';

const UI_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ui');

const DASHBOARD_UI: UiBundle = {
  entry: path.join(UI_DIR, 'src', 'main.tsx'),
  page: path.join(UI_DIR, 'index.html'),
  outDir: appPaths.dashboardUi,
  // Out of the served folder: the maps hold the sources.
  mapsDir: path.join(appPaths.uiSourceMaps, 'dashboard-ui'),
  // County offices run whatever the PC came with — Windows, Kylin or UOS, a Chromium-based browser a few
  // years old, or Firefox. (Not Safari 14, whose destructuring bugs esbuild cannot work around.)
  target: ['chrome87', 'edge88', 'firefox78'],
  external: ['/fonts/*'],
};

export async function buildDashboardUi(options: { minify?: boolean } = {}): Promise<void> {
  await buildUi(DASHBOARD_UI, options);
}
