// `npm run package`: the Debian packages yuanjiao-station_<version>_amd64.deb and yuanjiao-county_<version>_amd64.deb
// in dist/, made with dpkg-deb from the compiled build (npm run build, done first).
//
// Each package carries under /usr/lib/<package>/ only what its program loads: its entry of build/app and the
// chunks that entry reaches (the station's never holds the hub's code, nor the other way round), its screens and
// fonts, and the runtime npm packages it needs (package.json's `dependencies`, installed here with `npm ci
// --omit=dev`, native modules built for this Node's ABI — Node 20's, as Debian 13's nodejs). Debian provides
// the rest and its security updates: nodejs, chromium, cage, ffmpeg. The package also installs the command on
// the PATH, the systemd units, the udev rule, the Chromium policy and an /etc/default file (a conffile), and
// maintainer scripts that create the users and data directories (packaging/<program>/postinst).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Metafile } from 'esbuild';
import { APP_ROOT, BUILD_DIR, appPaths } from '../common/app-paths.ts';
import { APP_PACKAGE_JSON, buildAll, chunkClosure, CODE_CACHE_PRELOAD, METAFILE, runtimePackages, WORKER_ENTRIES, type AppEntry } from '../scripts/build.ts';
import { pruneRuntimeTree, runtimeClosure, scriptsIn } from './runtime-modules.ts';
import { copyrightFile } from './copyright.ts';

const PACKAGING = path.join(APP_ROOT, 'packaging');
export const DIST_DIR = path.join(APP_ROOT, 'dist');
const WORK_DIR = path.join(DIST_DIR, '.work');

type Asset = 'kioskUi' | 'kioskShell' | 'dashboardUi' | 'fonts';

/** What one package is made of. */
export interface PackageSpec {
  name: 'yuanjiao-station' | 'yuanjiao-county';
  /** packaging/<dir>: its control file, maintainer scripts, launcher, units … */
  dir: string;
  entry: AppEntry;
  /** The command it puts on the PATH. */
  command: string;
  assets: Asset[];
  /** The runtime npm packages its program loads (a subset of package.json's dependencies). */
  runtime: string[];
  depends: string[];
  /** packaging/<dir>/<from> → <to> in the installed system, with its mode. */
  files: { from: string; to: string; mode: number }[];
  conffiles: string[];
}

// Node 20 (ABI 115) whoever packaged it: Debian 13's nodejs, or NodeSource's on an older Debian. The native
// modules inside are built for that ABI and no other, so a Node 22 must not satisfy this.
const NODE_20 = ['nodejs (>= 20~)', 'nodejs (<< 21~)'];

export const PACKAGES: PackageSpec[] = [
  {
    name: 'yuanjiao-station',
    dir: 'station',
    entry: 'yuanjiao-station',
    command: 'yuanjiao',
    assets: ['kioskUi', 'kioskShell', 'fonts'],
    runtime: ['better-sqlite3', 'usb', 'playwright-core', 'exceljs'],
    depends: [...NODE_20, 'chromium', 'cage', 'ffmpeg', 'fonts-noto-cjk', 'systemd', 'udev', 'init-system-helpers (>= 1.54~)'],
    files: [
      { from: 'yuanjiao-agent.service', to: '/usr/lib/systemd/system/yuanjiao-agent.service', mode: 0o644 },
      { from: 'yuanjiao-kiosk.service', to: '/usr/lib/systemd/system/yuanjiao-kiosk.service', mode: 0o644 },
      { from: '99-yuanjiao-usb-mount.rules', to: '/usr/lib/udev/rules.d/99-yuanjiao-usb-mount.rules', mode: 0o644 },
      { from: 'usb-mount', to: '/usr/lib/yuanjiao-station/usb-mount', mode: 0o755 },
      // A conffile in /etc: an administrator's mask survives upgrades; a purge removes it (postrm re-applies the rest).
      { from: 'sysctl.conf', to: '/etc/sysctl.d/60-yuanjiao-kiosk.conf', mode: 0o644 },
      { from: 'chromium-policy.json', to: '/etc/chromium/policies/managed/yuanjiao-kiosk.json', mode: 0o644 },
      { from: 'default', to: '/etc/default/yuanjiao', mode: 0o644 },
    ],
    conffiles: ['/etc/default/yuanjiao', '/etc/chromium/policies/managed/yuanjiao-kiosk.json', '/etc/sysctl.d/60-yuanjiao-kiosk.conf'],
  },
  {
    name: 'yuanjiao-county',
    dir: 'county',
    entry: 'yuanjiao-county',
    command: 'yuanjiao-county',
    assets: ['dashboardUi', 'fonts'],
    // kysely and pg: the hub's queries, on its SQLite file or a province's PostgreSQL (--db postgres://…).
    runtime: ['better-sqlite3', 'playwright-core', 'exceljs', 'kysely', 'pg'],
    depends: [...NODE_20, 'systemd', 'init-system-helpers (>= 1.54~)'],
    files: [
      { from: 'yuanjiao-county.service', to: '/usr/lib/systemd/system/yuanjiao-county.service', mode: 0o644 },
      { from: 'default', to: '/etc/default/yuanjiao-county', mode: 0o644 },
    ],
    conffiles: ['/etc/default/yuanjiao-county'],
  },
];

export interface BuiltPackage {
  name: string;
  file: string;
  bytes: number;
  installedKiB: number;
}

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const res = spawnSync(command, args, { cwd: options.cwd, env: options.env ?? process.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.error) throw new Error(`${command} 无法运行 / could not run: ${res.error.message}`);
  if (res.status !== 0) throw new Error(`${command} ${args.join(' ')} 失败 / failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
  return res.stdout;
}

/**
 * package.json's runtime dependencies as npm installs them for production, built once per lockfile and Node
 * (dist/.work/runtime-<hash>): scripts off, then only the native modules rebuilt, since the project's own
 * prepare step needs the development tools a production install leaves out.
 */
export function installRuntime(log: (line: string) => void): string {
  // Keyed by what decides the install — the dependencies and the lockfile's packages, not the version number.
  const pkg = JSON.parse(fs.readFileSync(path.join(APP_ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const lock = JSON.parse(fs.readFileSync(path.join(APP_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
  const { '': _root, ...locked } = lock.packages;
  const decides = JSON.stringify([pkg.dependencies, pkg.optionalDependencies, pkg.overrides, locked, process.version]);
  const key = createHash('sha256').update(decides).digest('hex').slice(0, 16);
  const dir = path.join(WORK_DIR, `runtime-${key}`);
  if (fs.existsSync(path.join(dir, '.complete'))) return dir;
  log(`installing the runtime npm packages for ${process.version} (npm ci --omit=dev) …`);
  // An install for an earlier lockfile is of no more use.
  for (const old of fs.existsSync(WORK_DIR) ? fs.readdirSync(WORK_DIR) : []) if (old.startsWith('runtime-')) fs.rmSync(path.join(WORK_DIR, old), { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const f of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(APP_ROOT, f), path.join(dir, f));
  run('npm', ['ci', '--omit=dev', '--omit=optional', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir });
  run('npm', ['rebuild', ...runtimePackages().filter((p) => fs.existsSync(path.join(dir, 'node_modules', p, 'binding.gyp')))], { cwd: dir });
  fs.writeFileSync(path.join(dir, '.complete'), '');
  return dir;
}

/** The output files an entry loads: itself and every chunk it imports, at once or on demand — and the station's worker threads. */
export function entryClosure(meta: Metafile, entry: AppEntry): string[] {
  const outputs = meta.outputs;
  const find = (name: string): string => {
    const out = Object.keys(outputs).find((o) => outputs[o]!.entryPoint !== undefined && path.basename(o) === `${name}.js`);
    if (!out) throw new Error(`构建中没有 ${name}.js / the build has no ${name}.js: run npm run build`);
    return out;
  };
  const starts = [find(entry), ...(entry === 'yuanjiao-county' ? [] : Object.keys(WORKER_ENTRIES).map(find))];
  return [...new Set(starts.flatMap((start) => chunkClosure(meta, start, 'all')))].sort();
}

function copyTree(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true, dereference: true });
}

/** Regular files 0644 and directories 0755 unless told otherwise: what lintian expects and dpkg installs. */
function normaliseModes(root: string, executables: Set<string>): void {
  for (const entry of fs.readdirSync(root, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) fs.chmodSync(full, 0o755);
    else fs.chmodSync(full, executables.has(full) ? 0o755 : 0o644);
  }
  fs.chmodSync(root, 0o755);
}

function gzipInto(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // No name or time in the header (gzip -n), so the same input gives the same package.
  fs.writeFileSync(file, zlib.gzipSync(Buffer.from(content), { level: 9 }));
}

function changelog(spec: PackageSpec, version: string, at: Date): string {
  return `${spec.name} (${version}) trixie; urgency=medium\n\n  * Release ${version}: see the README of the project for what it holds.\n\n -- Yuanjiao developers <yuanjiao@example.org>  ${at.toUTCString().replace('GMT', '+0000')}\n`;
}

function md5sums(root: string): string {
  const lines: string[] = [];
  for (const entry of fs.readdirSync(root, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const rel = path.relative(root, full);
    if (!entry.isFile() || rel.startsWith('DEBIAN/')) continue;
    lines.push(`${createHash('md5').update(fs.readFileSync(full)).digest('hex')}  ${rel}`);
  }
  return `${lines.sort((a, b) => a.slice(34).localeCompare(b.slice(34))).join('\n')}\n`;
}

function duKiB(root: string): number {
  let bytes = 0;
  for (const entry of fs.readdirSync(root, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && !path.relative(root, full).startsWith('DEBIAN/')) bytes += Math.ceil(fs.statSync(full).size / 1024);
  }
  return bytes;
}

/** The time the package says it was made: the last commit's (reproducible), else now. */
function releaseDate(): Date {
  try {
    const seconds = Number(execFileSync('git', ['log', '-1', '--format=%ct'], { cwd: APP_ROOT, encoding: 'utf8' }).trim());
    if (Number.isFinite(seconds) && seconds > 0) return new Date(seconds * 1000);
  } catch {
    // Not a git checkout (a source tarball): the time of this build.
  }
  return new Date();
}

/** Lays out one package's tree under `stage` (its DEBIAN/ included). */
export function stagePackage(spec: PackageSpec, stage: string, options: { version: string; meta: Metafile; runtimeDir: string; date: Date }): void {
  fs.rmSync(stage, { recursive: true, force: true });
  const lib = path.join(stage, 'usr/lib', spec.name);
  const executables = new Set<string>();

  // The application: a package.json that marks its root (common/app-paths.ts), the build, node_modules.
  fs.mkdirSync(lib, { recursive: true });
  fs.writeFileSync(path.join(lib, 'package.json'), `${JSON.stringify({ name: 'yuanjiao', version: options.version, private: true, type: 'module' }, null, 2)}\n`);
  for (const out of entryClosure(options.meta, spec.entry)) {
    const from = path.join(APP_ROOT, out);
    const to = path.join(lib, 'build', path.relative(BUILD_DIR, from));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
    for (const beside of [`${from}.map`, `${from}.LEGAL.txt`]) if (fs.existsSync(beside)) fs.copyFileSync(beside, path.join(path.dirname(to), path.basename(beside)));
  }
  // Beside the programs: the code cache each entry loads first, and the package.json that says they are CommonJS.
  for (const file of [`${CODE_CACHE_PRELOAD}.js`, APP_PACKAGE_JSON]) fs.copyFileSync(path.join(appPaths.app, file), path.join(lib, 'build/app', file));
  for (const asset of spec.assets) copyTree(appPaths[asset], path.join(lib, 'build', path.relative(BUILD_DIR, appPaths[asset])));
  fs.copyFileSync(appPaths.buildInfo, path.join(lib, 'build', 'build-info.json'));
  const modules = runtimeClosure(options.runtimeDir, spec.runtime);
  for (const dir of modules) {
    const to = path.join(lib, path.relative(options.runtimeDir, dir));
    fs.cpSync(dir, to, { recursive: true, filter: (src) => src === dir || !src.startsWith(path.join(dir, 'node_modules')) });
  }
  pruneRuntimeTree(path.join(lib, 'node_modules'));
  for (const script of scriptsIn(path.join(lib, 'node_modules'))) executables.add(script);
  const shlibs = sharedLibraryDepends(lib);

  // The command: a launcher on Debian's node, linked onto the PATH.
  const launcher = path.join(lib, 'bin', spec.command);
  fs.mkdirSync(path.dirname(launcher), { recursive: true });
  fs.copyFileSync(path.join(PACKAGING, spec.dir, 'launcher'), launcher);
  executables.add(launcher);
  fs.mkdirSync(path.join(stage, 'usr/bin'), { recursive: true });
  fs.symlinkSync(`../lib/${spec.name}/bin/${spec.command}`, path.join(stage, 'usr/bin', spec.command));

  for (const file of spec.files) {
    const to = path.join(stage, file.to);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(path.join(PACKAGING, spec.dir, file.from), to);
    if (file.mode & 0o111) executables.add(to);
  }
  const man = fs.readFileSync(path.join(PACKAGING, spec.dir, `${spec.command}.1`), 'utf8');
  gzipInto(path.join(stage, 'usr/share/man/man1', `${spec.command}.1.gz`), man);
  const doc = path.join(stage, 'usr/share/doc', spec.name);
  gzipInto(path.join(doc, 'changelog.gz'), changelog(spec, options.version, options.date));
  fs.writeFileSync(path.join(doc, 'copyright'), copyrightFile(path.join(lib, 'node_modules'), options.meta, entryClosure(options.meta, spec.entry)));

  // Control area.
  const debian = path.join(stage, 'DEBIAN');
  fs.mkdirSync(debian, { recursive: true });
  for (const script of ['postinst', 'prerm', 'postrm']) {
    fs.copyFileSync(path.join(PACKAGING, spec.dir, script), path.join(debian, script));
    executables.add(path.join(debian, script));
  }
  fs.writeFileSync(path.join(debian, 'conffiles'), `${spec.conffiles.join('\n')}\n`);
  normaliseModes(stage, executables);
  fs.writeFileSync(path.join(debian, 'md5sums'), md5sums(stage));
  const control = fs
    .readFileSync(path.join(PACKAGING, spec.dir, 'control'), 'utf8')
    .replace('@VERSION@', options.version)
    .replace('@INSTALLED_SIZE@', String(duKiB(stage)))
    .replace('@DEPENDS@', [...spec.depends, ...shlibs].join(', '));
  fs.writeFileSync(path.join(debian, 'control'), control);
  normaliseModes(debian, executables);
}

/** Strips the native modules, and says which libraries they link (libc6, libstdc++6, libudev1 …), as dpkg-shlibdeps reads them. */
function sharedLibraryDepends(lib: string): string[] {
  const objects = fs
    .readdirSync(lib, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.node'))
    .map((e) => path.join(e.parentPath, e.name));
  if (objects.length === 0) return [];
  for (const object of objects) run('strip', ['--strip-unneeded', '--remove-section=.comment', '--remove-section=.note', object]);
  // dpkg-shlibdeps wants a source package around it; an empty one in a scratch folder serves.
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const scratch = fs.mkdtempSync(path.join(WORK_DIR, 'shlibs-'));
  try {
    fs.mkdirSync(path.join(scratch, 'debian'));
    fs.writeFileSync(path.join(scratch, 'debian/control'), 'Source: yuanjiao\n\nPackage: yuanjiao\nArchitecture: amd64\n');
    const out = run('dpkg-shlibdeps', ['-O', ...objects], { cwd: scratch });
    const value = /^shlibs:Depends=(.*)$/m.exec(out)?.[1] ?? '';
    return value.split(',').map((d) => d.trim()).filter(Boolean);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

export async function buildPackages(options: { log?: (line: string) => void; skipBuild?: boolean } = {}): Promise<BuiltPackage[]> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  if (!options.skipBuild) {
    log('building (npm run build) …');
    await buildAll();
  }
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const version = (JSON.parse(fs.readFileSync(path.join(APP_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const meta = JSON.parse(fs.readFileSync(METAFILE, 'utf8')) as Metafile;
  const runtimeDir = installRuntime(log);
  const date = releaseDate();
  const built: BuiltPackage[] = [];
  for (const spec of PACKAGES) {
    const stage = path.join(WORK_DIR, spec.name);
    stagePackage(spec, stage, { version, meta, runtimeDir, date });
    const file = path.join(DIST_DIR, `${spec.name}_${version}_amd64.deb`);
    fs.rmSync(file, { force: true });
    run('dpkg-deb', ['--root-owner-group', '-Zxz', '--build', stage, file], { env: { ...process.env, SOURCE_DATE_EPOCH: String(Math.floor(date.getTime() / 1000)) } });
    const item = { name: spec.name, file, bytes: fs.statSync(file).size, installedKiB: duKiB(stage) };
    built.push(item);
    log(`${path.relative(process.cwd(), file)}: ${(item.bytes / 1024 / 1024).toFixed(1)} MB (installed ${(item.installedKiB / 1024).toFixed(1)} MB)`);
  }
  return built;
}

/** lintian's verdict on a package: its error and warning tags (empty when lintian is not installed). */
export function lintian(file: string): { available: boolean; errors: string[]; warnings: string[]; output: string } {
  const res = spawnSync('lintian', ['--no-tag-display-limit', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.error) return { available: false, errors: [], warnings: [], output: '' };
  const lines = `${res.stdout}${res.stderr}`.split('\n').filter((l) => /^[EW]: /.test(l));
  return { available: true, errors: lines.filter((l) => l.startsWith('E: ')), warnings: lines.filter((l) => l.startsWith('W: ')), output: `${res.stdout}${res.stderr}` };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = performance.now();
  const built = await buildPackages();
  let failed = false;
  for (const item of process.argv.includes('--no-lintian') ? [] : built) {
    const verdict = lintian(item.file);
    if (!verdict.available) {
      process.stdout.write('lintian is not installed (apt-get install lintian): the packages were not checked\n');
      break;
    }
    const tags = (lines: string[]) => [...new Set(lines.map((l) => l.split(' ')[2]))].join(', ') || 'none';
    process.stdout.write(`lintian ${path.basename(item.file)}: ${verdict.errors.length} errors (${tags(verdict.errors)}), ${verdict.warnings.length} warnings (${tags(verdict.warnings)})\n`);
    if (verdict.errors.length > 0) {
      process.stdout.write(`${verdict.errors.join('\n')}\n`);
      failed = true;
    }
  }
  process.stdout.write(`done in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  if (failed) process.exitCode = 1;
}
