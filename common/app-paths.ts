// Where the application's own files are, found from the code itself: the folder holding its package.json —
// the checkout when run from sources, /usr/lib/yuanjiao* when installed from a package. The same for the
// compiled bundles (build/app/*.js), whose modules no longer sit where their sources did, so nothing may
// find a file relative to its own module; everything asks here.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package name that marks the application's root (a package's own package.json says the same). */
const APP_NAME = 'yuanjiao';

function findAppRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === APP_NAME) return dir;
    } catch {
      // No package.json here, or not ours: look further up.
    }
    if (path.dirname(dir) === dir) throw new Error(`找不到远教程序目录（${from} 之上没有 package.json）/ cannot find the Yuanjiao application folder above ${from}`);
  }
}

export const APP_ROOT = findAppRoot(path.dirname(fileURLToPath(import.meta.url)));
/** What `npm run build` makes; a package ships it as it is. */
export const BUILD_DIR = path.join(APP_ROOT, 'build');

export const appPaths = {
  /** The compiled programs (esbuild bundles and their chunks). */
  app: path.join(BUILD_DIR, 'app'),
  /** The kiosk's web UI, served by the agent at /. */
  kioskUi: path.join(BUILD_DIR, 'kiosk-ui'),
  /** The county dashboard, served by the hub at / and /assets/. */
  dashboardUi: path.join(BUILD_DIR, 'dashboard-ui'),
  /**
   * The screens' source maps, for a developer's debugger: beside the served folders, never inside them (a map
   * holds the TypeScript sources). Not shipped in the packages.
   */
  uiSourceMaps: path.join(BUILD_DIR, 'ui-sourcemaps'),
  /** The Electron shell (for terminals where Electron is installed). */
  kioskShell: path.join(BUILD_DIR, 'kiosk-shell'),
  /** Noto Sans SC, the faces the UIs and the printed records use. */
  fonts: path.join(BUILD_DIR, 'fonts'),
  /** What the build was made from and when (scripts/build.ts writes it, bin/*.js read it). */
  buildInfo: path.join(BUILD_DIR, 'build-info.json'),
} as const;

/** The faces of Noto Sans SC the UIs and documents use: the only font files a build and a package carry. */
export const FONT_FILES = [
  'noto-sans-sc-chinese-simplified-400-normal.woff2',
  'noto-sans-sc-chinese-simplified-700-normal.woff2',
  'noto-sans-sc-latin-400-normal.woff2',
  'noto-sans-sc-latin-700-normal.woff2',
] as const;

/** The application's version, from its package.json. */
export function appVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(APP_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
