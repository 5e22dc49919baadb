// Bundles a browser UI (Preact + CSS) with esbuild into a folder of the build, with its page. The kiosk's
// screen and the county dashboard are built the same way; each says where its files are. Build time only.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

export interface UiBundle {
  /** The entry module, e.g. <srcDir>/main.tsx. */
  entry: string;
  /** The page that loads the bundle, copied beside it as index.html. */
  page?: string;
  outDir: string;
  /** Base name of the outputs: `app` gives app.js and app.css. */
  name?: string;
  /** esbuild targets: the browsers the UI must run in. */
  target?: string[];
  /** URL paths the server answers itself (fonts from their npm package), left out of the bundle. */
  external?: string[];
}

export interface BuildOptions {
  minify?: boolean;
}

/** The bundle's JavaScript file: the one a staleness check looks at. */
export function bundleScript(ui: UiBundle): string {
  return path.join(ui.outDir, `${ui.name ?? 'app'}.js`);
}

export async function buildUi(ui: UiBundle, options: BuildOptions = {}): Promise<void> {
  const result = await build({
    // Written below file by file through a temporary name: a page loading during a rebuild (another test
    // run, or a start-up while a screen is up) never reads half a bundle.
    write: false,
    entryPoints: [ui.entry],
    outfile: bundleScript(ui),
    bundle: true,
    format: 'esm',
    target: ui.target ?? ['chrome110'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: options.minify ?? true,
    sourcemap: true,
    legalComments: 'linked',
    loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file' },
    external: ui.external ?? [],
    logLevel: 'warning',
  });
  fs.mkdirSync(ui.outDir, { recursive: true });
  for (const file of result.outputFiles) {
    fs.mkdirSync(path.dirname(file.path), { recursive: true });
    const temp = `${file.path}.${process.pid}.tmp`;
    fs.writeFileSync(temp, file.contents);
    fs.renameSync(temp, file.path);
  }
  if (ui.page) fs.copyFileSync(ui.page, path.join(ui.outDir, 'index.html'));
}
