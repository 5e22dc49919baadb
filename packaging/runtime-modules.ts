// The npm packages a program needs at run time, out of a production install: the closure of its runtime
// dependencies as Node resolves them (nested node_modules first, then upwards), and the files among them that
// nothing loads on a Linux amd64 terminal — other platforms' prebuilt binaries, native sources and build
// leftovers, browser bundles — pruned from the package.
import fs from 'node:fs';
import path from 'node:path';

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function manifest(dir: string): Manifest | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

/** Where `name` resolves from inside `from` (a package folder or the install's root), as Node looks for it. */
function resolvePackage(root: string, from: string, name: string): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (manifest(candidate)) return candidate;
    if (dir === root || !dir.startsWith(root)) return null;
  }
}

/** The package folders (absolute) that `names` need, themselves included, in a production install at `root`. */
export function runtimeClosure(root: string, names: string[]): string[] {
  const found = new Set<string>();
  const visit = (from: string, name: string, optional: boolean) => {
    const dir = resolvePackage(root, from, name);
    if (dir === null) {
      if (optional) return;
      throw new Error(`${name} 未安装（${path.relative(root, from) || '.'} 需要它）/ ${name} is not installed, though ${path.relative(root, from) || 'the application'} needs it`);
    }
    if (found.has(dir)) return;
    found.add(dir);
    const m = manifest(dir)!;
    for (const dep of Object.keys(m.dependencies ?? {})) visit(dir, dep, false);
    for (const dep of Object.keys(m.optionalDependencies ?? {})) visit(dir, dep, true);
  };
  for (const name of names) visit(root, name, false);
  return [...found].sort();
}

/** Package-specific leftovers: what is not loaded on linux-x64 with glibc. Paths relative to the package. */
const PRUNE: Record<string, { remove?: string[]; keepOnly?: { dir: string; keep: string[] } }> = {
  // Built from source here; only the module itself is loaded (lib/ finds build/Release/better_sqlite3.node).
  'better-sqlite3': { remove: ['deps', 'src', 'docs'], keepOnly: { dir: 'build', keep: ['Release/better_sqlite3.node'] } },
  // node-gyp-build picks prebuilds/linux-x64/node.napi.glibc.node; the other platforms' are dead weight.
  usb: { remove: ['libusb', 'src'], keepOnly: { dir: 'prebuilds', keep: ['linux-x64/node.napi.glibc.node'] } },
  // The browser bundles (21 MB); Node loads excel.js → lib/.
  exceljs: { remove: ['dist'] },
};

/**
 * Files no program loads, in any package: documentation, type declarations, source maps, and the dot files of
 * the packages' own development (.eslintrc, .github/, .gitattributes, …). Licences stay.
 */
const DEAD_FILE = /(\.d\.ts|\.d\.mts|\.d\.cts|\.map|\.md|\.markdown|\.tsbuildinfo)$/i;
const KEEP_FILE = /^(licen[cs]e|copying|notice)/i;

function keepOnly(dir: string, keep: string[]): void {
  if (!fs.existsSync(dir)) return;
  const wanted = new Set(keep.map((k) => path.join(dir, k)));
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && !wanted.has(full)) fs.rmSync(full);
  }
  // Folders emptied by the above.
  const prune = (d: string): boolean => {
    let empty = true;
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory() && prune(full)) fs.rmdirSync(full);
      else empty = false;
    }
    return empty;
  };
  prune(dir);
}

/** Removes from a staged node_modules what nothing loads (see PRUNE and DEAD_FILE). */
export function pruneRuntimeTree(nodeModules: string): void {
  if (!fs.existsSync(nodeModules)) return;
  for (const [name, rule] of Object.entries(PRUNE)) {
    const dir = path.join(nodeModules, name);
    if (!fs.existsSync(dir)) continue;
    for (const sub of rule.remove ?? []) fs.rmSync(path.join(dir, sub), { recursive: true, force: true });
    if (rule.keepOnly) keepOnly(path.join(dir, rule.keepOnly.dir), rule.keepOnly.keep);
  }
  for (const entry of fs.readdirSync(nodeModules, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (!fs.existsSync(full)) continue;
    if (entry.name.startsWith('.')) fs.rmSync(full, { recursive: true, force: true });
    else if (entry.isFile() && DEAD_FILE.test(entry.name) && !KEEP_FILE.test(entry.name)) fs.rmSync(full);
  }
}

/** Scripts with a #! line (packages' command-line helpers): executable, as their first line says. */
export function scriptsIn(nodeModules: string): string[] {
  if (!fs.existsSync(nodeModules)) return [];
  const scripts: string[] = [];
  for (const entry of fs.readdirSync(nodeModules, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const fd = fs.openSync(full, 'r');
    const head = Buffer.alloc(2);
    fs.readSync(fd, head, 0, 2, 0);
    fs.closeSync(fd);
    if (head.toString() === '#!') scripts.push(full);
  }
  return scripts;
}
