// Bundles the Electron shell (main.electron.ts, shell.preload.ts, the local pages) into a directory Electron starts:
// build/kiosk-shell, made by `npm run build` and shipped as it is (no build on the terminal).
//
// Electron cannot run TypeScript, and a sandboxed preload cannot require local files, so both entries
// are bundled with esbuild into CommonJS (`electron` itself stays external: Electron provides it).
import { buildSync } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appPaths, appVersion } from '../../common/app-paths.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PAGES = path.join(HERE, 'pages');

export interface ShellBuild {
  /** The app directory to hand to Electron (holds package.json). */
  dir: string;
  main: string;
  preload: string;
}

export function buildShell(options: { outDir?: string } = {}): ShellBuild {
  const dir = options.outDir ?? appPaths.kioskShell;
  const result = { dir, main: path.join(dir, 'electron-main.cjs'), preload: path.join(dir, 'preload.cjs') };
  const version = appVersion();
  fs.mkdirSync(dir, { recursive: true });
  buildSync({
    entryPoints: { 'electron-main': path.join(HERE, 'main.electron.ts'), preload: path.join(HERE, 'shell.preload.ts') },
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
  return result;
}
