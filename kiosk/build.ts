// Bundles the kiosk web UI (kiosk/ui/src) for the browser with esbuild, into kiosk/ui/dist.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const UI_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ui');
const SRC_DIR = path.join(UI_DIR, 'src');
export const UI_DIST_DIR = path.join(UI_DIR, 'dist');
const ENTRY = path.join(SRC_DIR, 'main.tsx');
const OUTPUT = path.join(UI_DIST_DIR, 'app.js');

export async function buildKioskUi(options: { minify?: boolean } = {}): Promise<void> {
  const result = await build({
    // Written below file by file through a temporary name: a page loading during a rebuild (another
    // test run, or a start-up while the screen is up) never reads half a bundle.
    write: false,
    entryPoints: [ENTRY],
    outfile: OUTPUT,
    bundle: true,
    format: 'esm',
    // The kiosk runs Debian's or Electron's Chromium: no need to transpile for old browsers.
    target: 'chrome110',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: options.minify ?? true,
    sourcemap: true,
    legalComments: 'linked',
    loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file' },
    // Served by the agent from the font package; not bundled.
    external: ['/fonts/*'],
    logLevel: 'warning',
  });
  fs.mkdirSync(UI_DIST_DIR, { recursive: true });
  for (const file of result.outputFiles) {
    fs.mkdirSync(path.dirname(file.path), { recursive: true });
    const temp = `${file.path}.${process.pid}.tmp`;
    fs.writeFileSync(temp, file.contents);
    fs.renameSync(temp, file.path);
  }
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds when the bundle is missing or older than any source file; a clean checkout builds once. */
export async function ensureKioskUiBuilt(): Promise<'built' | 'fresh'> {
  const built = fs.existsSync(OUTPUT) ? fs.statSync(OUTPUT).mtimeMs : 0;
  if (built > 0 && built >= newestSource(SRC_DIR)) return 'fresh';
  await buildKioskUi();
  return 'built';
}
