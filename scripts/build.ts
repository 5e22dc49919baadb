// `npm run build` (also npm install's prepare step): compiles every program into build/, which is what runs in
// production and what the Debian packages carry —
//   build/app/          the station's and the hub's Node programs: esbuild bundles (ESM, code-split, so a
//                       command loads only its own code), with every npm package compiled in except the
//                       runtime `dependencies` of package.json (native modules, Chromium's driver, exceljs)
//   build/kiosk-ui/     the kiosk's screen;  build/dashboard-ui/  the county dashboard
//   build/kiosk-shell/  the Electron shell, for terminals that install Electron themselves
//   build/fonts/        the faces of Noto Sans SC the screens and printed records use
//   build/build-info.json  the version, the time and the sources' newest change (the programs refuse a stale build)
import { build, type Metafile, type Plugin } from 'esbuild';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { APP_ROOT, BUILD_DIR, FONT_FILES, appPaths, appVersion } from '../common/app-paths.ts';
import { newestSourceAt, type BuildInfo } from '../common/build-info.ts';
import { buildKioskUi } from '../kiosk/build.ts';
import { buildDashboardUi } from '../county/dashboard/build.ts';
import { buildShell } from '../kiosk/main/build-shell.ts';

/** The compiled programs: the checkout's whole CLI, and what each package installs as its command. */
export const APP_ENTRIES = {
  yuanjiao: 'cli/run.ts',
  'yuanjiao-station': 'cli/run-station.ts',
  'yuanjiao-county': 'cli/run-county.ts',
} as const;
export type AppEntry = keyof typeof APP_ENTRIES;

/**
 * Worker threads' entries, each its own bundle beside the programs (build/app/<name>.js), since a worker starts
 * from a file: the station's programs start them, so the station's package carries them (packaging/build-debs.ts).
 */
export const WORKER_ENTRIES = {
  'roster-reader-worker': 'agent/roster/roster-reader-worker.ts',
} as const;

export const METAFILE = path.join(appPaths.app, 'meta.json');
/** build/app/<this>.js: the first thing each program loads; it compiles the rest through V8's code cache. */
export const CODE_CACHE_PRELOAD = 'code-cache';
/** Beside the programs: says they are CommonJS (the project's own package.json says ES modules). */
export const APP_PACKAGE_JSON = 'package.json';

interface PackageJson {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** What stays in node_modules beside the build: package.json's dependencies (the rest is compiled in). */
export function runtimePackages(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(APP_ROOT, 'package.json'), 'utf8')) as PackageJson;
  return [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})];
}

/**
 * The programs run as CommonJS, so that V8's code cache can take their compilation (common/code-cache.ts): the
 * bundles are made as ES modules first, since only that format splits them into chunks each command loads on
 * demand, then each output file is turned into a CommonJS module of the same name (its imports requires, its
 * dynamic imports requires in a promise, import.meta.url its own file's URL), with a package.json that says so.
 */
const IMPORT_META_URL = '__yjImportMetaUrl';
// "use strict" first, as ES modules are: a directive counts only at the top.
const COMMONJS_BANNER = `'use strict'; const ${IMPORT_META_URL} = require('node:url').pathToFileURL(__filename).href;`;

/**
 * Fastify falls back to its own schema compilers (ajv, fast-json-stringify) when a server passes none; ours
 * always pass theirs (common/fastify-compilers.ts: ajv loaded after start, response schemas never compiled). Bundled, the
 * fallbacks would put ajv back on the start path (half a megabyte every start parses), so fastify's own
 * requires of them get a stub that says so.
 */
const fastifyUsesOurCompilers: Plugin = {
  name: 'fastify-uses-our-compilers',
  setup(b) {
    b.onResolve({ filter: /^@fastify\/(ajv-compiler|fast-json-stringify-compiler)$/ }, (args) =>
      /[\\/]node_modules[\\/]fastify[\\/]/.test(args.importer) ? { path: args.path, namespace: 'yuanjiao-stub' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'yuanjiao-stub' }, () => ({
      loader: 'js',
      contents: "module.exports = function () { throw new Error('this build has no default schema compilers: pass those of common/fastify-compilers.ts'); };",
    }));
  },
};

export async function buildApp(): Promise<Metafile> {
  fs.rmSync(appPaths.app, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: APP_ROOT,
    entryPoints: { ...APP_ENTRIES, ...WORKER_ENTRIES },
    outdir: appPaths.app,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: [...runtimePackages(), 'electron'],
    // Whitespace and syntax only: names stay, so a stack trace in the journal still reads.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [fastifyUsesOurCompilers],
  });
  fs.writeFileSync(METAFILE, JSON.stringify(result.metafile));
  await toCommonJs(Object.keys(result.metafile.outputs).filter((out) => out.endsWith('.js')));
  await buildCodeCachePreload();
  return result.metafile;
}

/**
 * Each output file (paths from APP_ROOT) rewritten in place as CommonJS; its source map still leads to the
 * sources. A program's entry first loads the code cache (CODE_CACHE_PRELOAD), so that everything it requires
 * after compiles through it, however the program is started.
 */
async function toCommonJs(outputs: string[]): Promise<void> {
  const programs = new Set(Object.keys(APP_ENTRIES).map((name) => path.relative(APP_ROOT, path.join(appPaths.app, `${name}.js`))));
  const convert = (files: string[], banner: string) =>
    build({
      absWorkingDir: APP_ROOT,
      entryPoints: files,
      outdir: appPaths.app,
      outbase: appPaths.app,
      allowOverwrite: true,
      bundle: false,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      supported: { 'dynamic-import': false },
      define: { 'import.meta.url': IMPORT_META_URL },
      banner: { js: banner },
      minifyWhitespace: true,
      minifySyntax: true,
      sourcemap: 'linked',
      sourcesContent: false,
      logLevel: 'warning',
    });
  // Written first: esbuild reads it too. Under the project's "type": "module" it would import the chunks' default
  // exports as Node imports a CommonJS file (the whole exports object), not as the ES modules they were.
  fs.writeFileSync(path.join(appPaths.app, APP_PACKAGE_JSON), `${JSON.stringify({ type: 'commonjs' })}\n`);
  await Promise.all([
    convert(outputs.filter((out) => programs.has(out)), `${COMMONJS_BANNER} require('./${CODE_CACHE_PRELOAD}.js');`),
    convert(outputs.filter((out) => !programs.has(out)), COMMONJS_BANNER),
  ]);
}

/** build/app/code-cache.js, which each program loads first: one file, on Node's modules only. */
async function buildCodeCachePreload(): Promise<void> {
  await build({
    absWorkingDir: APP_ROOT,
    entryPoints: { [CODE_CACHE_PRELOAD]: 'common/code-cache-preload.ts' },
    outdir: appPaths.app,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    define: { 'import.meta.dirname': '__dirname' },
    minifySyntax: true,
    logLevel: 'warning',
  });
}

/**
 * The output files `from` (an output path in the metafile) loads: itself and the chunks it imports —
 * statically only (what is read before its first line runs), or also on demand (what it may ever need).
 */
export function chunkClosure(meta: Metafile, from: string, which: 'static' | 'all'): string[] {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const out = stack.pop()!;
    if (seen.has(out)) continue;
    seen.add(out);
    for (const imported of meta.outputs[out]!.imports) {
      if (imported.external || !meta.outputs[imported.path]) continue;
      if (which === 'all' || imported.kind === 'import-statement') stack.push(imported.path);
    }
  }
  return [...seen].sort();
}

/** The font files the UIs' CSS and the documents name, from the npm package (a build-time dependency). */
export function copyFonts(): void {
  const from = path.join(path.dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans-sc/package.json')), 'files');
  fs.mkdirSync(appPaths.fonts, { recursive: true });
  for (const file of FONT_FILES) fs.copyFileSync(path.join(from, file), path.join(appPaths.fonts, file));
}

/** The screens, the shell and the fonts: what the tests need around the sources they run directly. */
export async function buildAssets(): Promise<void> {
  copyFonts();
  buildShell();
  await Promise.all([buildKioskUi(), buildDashboardUi()]);
}

export async function buildAll(): Promise<BuildInfo> {
  // A build that fails half-way must not pass for the previous one.
  fs.rmSync(appPaths.buildInfo, { force: true });
  fs.mkdirSync(BUILD_DIR, { recursive: true });
  const sourcesNewestAt = await newestSourceAt();
  await Promise.all([buildApp(), buildAssets()]);
  const info: BuildInfo = { version: appVersion(), builtAt: Date.now(), sourcesNewestAt, node: process.version };
  fs.writeFileSync(appPaths.buildInfo, `${JSON.stringify(info, null, 2)}\n`);
  return info;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = performance.now();
  const info = await buildAll();
  process.stdout.write(`已构建 / built ${info.version} → ${path.relative(process.cwd(), BUILD_DIR) || BUILD_DIR} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}
