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
  /**
   * Where the source maps go: outside `outDir`, which a server hands out whole. A map carries the UI's
   * TypeScript sources; the screen has no use for them and a curious visitor should not read them. None are
   * written when absent.
   */
  mapsDir?: string;
}

export interface BuildOptions {
  minify?: boolean;
}

export async function buildUi(ui: UiBundle, options: BuildOptions = {}): Promise<void> {
  const result = await build({
    // Written below file by file through a temporary name: a page loading during a rebuild (another test
    // run, or a start-up while a screen is up) never reads half a bundle.
    write: false,
    entryPoints: { [ui.name ?? 'app']: ui.entry },
    outdir: ui.outDir,
    // Screens a UI opens on demand (the kiosk's player and admin) are chunks of their own, loaded with them:
    // the notice board does not parse, compile and keep video.js and hls.js.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    assetNames: 'assets/[name]-[hash]',
    bundle: true,
    format: 'esm',
    target: ui.target ?? ['chrome110'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: options.minify ?? true,
    // 'external': the maps are written (below, into mapsDir) but the bundle does not name them, so a browser
    // asks for nothing the server will not give.
    sourcemap: ui.mapsDir ? 'external' : false,
    legalComments: 'linked',
    loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file' },
    external: ui.external ?? [],
    logLevel: 'warning',
  });
  // A lazily loaded chunk's CSS goes to a file of its own that no page loads: the screen would show unstyled.
  const strayCss = result.outputFiles.filter((f) => f.path.endsWith('.css') && path.basename(f.path) !== `${ui.name ?? 'app'}.css`);
  if (strayCss.length > 0) {
    throw new Error(`CSS imported by a lazily loaded module would never load (${strayCss.map((f) => path.relative(ui.outDir, f.path)).join(', ')}): import it from the entry (${path.basename(ui.entry)}) instead`);
  }
  fs.mkdirSync(ui.outDir, { recursive: true });
  const written = new Set<string>();
  const writeFile = (target: string, contents: Uint8Array | string) => {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(temp, contents);
    fs.renameSync(temp, target);
    written.add(target);
  };
  for (const file of result.outputFiles) {
    if (file.path.endsWith('.map') && ui.mapsDir) writeFile(...movedMap(file.path, file.text, ui.outDir, ui.mapsDir));
    else writeFile(file.path, file.contents);
  }
  if (ui.page) {
    fs.copyFileSync(ui.page, path.join(ui.outDir, 'index.html'));
    written.add(path.join(ui.outDir, 'index.html'));
  }
  // Chunks of an earlier build (their names carry a hash) would only pile up; and a map an earlier build
  // left in the served folder must go.
  for (const dir of [ui.outDir, ui.mapsDir]) {
    if (!dir || !fs.existsSync(dir)) continue;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
      const full = path.join(entry.parentPath, entry.name);
      if (entry.isFile() && !written.has(full)) fs.rmSync(full);
    }
  }
}

/**
 * A map moved from beside its bundle into mapsDir (same sub-folder), its sources still found: sourceRoot
 * leads from the map's new place back to where esbuild wrote the sources' paths from.
 */
function movedMap(mapPath: string, text: string, outDir: string, mapsDir: string): [string, string] {
  const target = path.join(mapsDir, path.relative(outDir, mapPath));
  const map = JSON.parse(text) as { sourceRoot?: string };
  const back = path.relative(path.dirname(target), path.dirname(mapPath)).split(path.sep).join('/');
  map.sourceRoot = back ? `${back}/` : '';
  return [target, JSON.stringify(map)];
}
