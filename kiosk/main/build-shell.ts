// Bundles the Electron shell (electron-main.ts, preload.ts, the local pages) into a directory Electron starts.
//
// Electron cannot run TypeScript, and a sandboxed preload cannot require local files, so both entries
// are bundled with esbuild into CommonJS (`electron` itself stays external: Electron provides it).
// The output goes to the user's cache directory, not the source tree: the kiosk user on a terminal
// cannot write to the installed application, and a build there would show up in everyone's checkout.
// Synchronous, because the launcher that calls it is (`yuanjiao start` opens the kiosk in one step).
import { buildSync } from 'esbuild';
import envPaths from 'env-paths';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const PAGES = path.join(HERE, 'pages');
const STAMP = 'build-stamp.json';

export const DEFAULT_SHELL_DIR = path.join(envPaths('yuanjiao', { suffix: '' }).cache, 'kiosk-shell');

export interface ShellBuild {
  /** The app directory to hand to Electron (holds package.json). */
  dir: string;
  main: string;
  preload: string;
  /** False when the previous build matched the sources and was kept. */
  built: boolean;
}

function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
}

/** A hash of everything that goes into the bundle, so a stale build is never started. */
function sourceHash(version: string): string {
  const hash = createHash('sha256').update(version);
  for (const dir of [HERE, PAGES]) {
    for (const name of fs.readdirSync(dir).sort()) {
      if (!/\.(ts|html)$/.test(name)) continue;
      hash.update(name).update(fs.readFileSync(path.join(dir, name)));
    }
  }
  return hash.digest('hex');
}

export function buildShell(options: { outDir?: string; force?: boolean } = {}): ShellBuild {
  const dir = options.outDir ?? DEFAULT_SHELL_DIR;
  const result = { dir, main: path.join(dir, 'electron-main.cjs'), preload: path.join(dir, 'preload.cjs') };
  const version = packageVersion();
  const hash = sourceHash(version);
  const stampFile = path.join(dir, STAMP);
  if (!options.force && fs.existsSync(result.main) && fs.existsSync(result.preload)) {
    try {
      if ((JSON.parse(fs.readFileSync(stampFile, 'utf8')) as { hash?: string }).hash === hash) return { ...result, built: false };
    } catch {
      // No stamp or a broken one: build.
    }
  }
  fs.mkdirSync(dir, { recursive: true });
  buildSync({
    entryPoints: { 'electron-main': path.join(HERE, 'electron-main.ts'), preload: path.join(HERE, 'preload.ts') },
    outdir: dir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // Electron 25 ships Node 18; nothing newer is needed.
    target: 'node18',
    external: ['electron'],
    define: { __YUANJIAO_VERSION__: JSON.stringify(version) },
    sourcemap: true,
    logLevel: 'warning',
  });
  for (const page of fs.readdirSync(PAGES)) {
    if (page.endsWith('.html')) fs.copyFileSync(path.join(PAGES, page), path.join(dir, page));
  }
  const pkg = { name: 'yuanjiao-kiosk', productName: 'Yuanjiao kiosk', version, private: true, main: 'electron-main.cjs' };
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  fs.writeFileSync(stampFile, JSON.stringify({ hash, version }));
  return { ...result, built: true };
}
