// V8's code cache for the compiled programs (build/app), installed by each program's first line (the build's
// code-cache.js). Compiling the program's JavaScript is the largest part of the agent's start
// (bench/README.md, "Where the agent's start goes"), and Node 20 keeps no compiled code between runs for
// either module system (Node ≥ 22's module.enableCompileCache() would). So the build emits CommonJS and this
// compiles each file of build/app with vm.Script and the bytecode a previous run left; a file with none, or
// whose cache V8 refuses (another Node, other flags), compiles from source as always and its cache is written
// once the program has run a while — or as it exits, for a short run —, so that it holds the functions the
// start and the first requests compiled, not only the top level.
//
// Node has no public hook for this: Module.prototype._compile is what require() calls with a file's source (the
// way the v8-compile-cache package does it, which writes only at exit and to a shared /tmp that a service's
// PrivateTmp throws away). Any failure here only costs the cache, never the program.
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/** Long enough for the agent to start and serve the kiosk's first screens, whose code is then in the cache. */
const WRITE_AFTER_MS = 20_000;

interface CompilingModule {
  exports: unknown;
}
type Compile = (this: CompilingModule, content: string, filename: string, ...rest: unknown[]) => unknown;

/**
 * Where the cache lives: systemd's CacheDirectory= of the service (the installed package's own tree is
 * read-only), or what YUANJIAO_CODE_CACHE names (a checkout's bin/run-built.js: build/code-cache); none
 * otherwise — a command run by hand on a terminal compiles from source, as before, and writes nowhere.
 */
function cacheRoot(): string | undefined {
  const systemd = process.env.CACHE_DIRECTORY?.split(':')[0];
  if (systemd) return path.join(systemd, 'code-cache');
  return process.env.YUANJIAO_CODE_CACHE || undefined;
}

/**
 * One folder per build and Node: a file's cache is good for the file of the build it was made from (build-info
 * says which), and V8 itself refuses a cache from another version or other flags.
 */
function cacheFolder(appDir: string): { root: string; folder: string } | undefined {
  try {
    const root = cacheRoot();
    if (root === undefined) return undefined;
    const info = JSON.parse(fs.readFileSync(path.join(path.dirname(appDir), 'build-info.json'), 'utf8')) as { builtAt?: number };
    if (typeof info.builtAt !== 'number') return undefined;
    return { root, folder: path.join(root, `${info.builtAt}-v8-${process.versions.v8}`) };
  } catch {
    return undefined;
  }
}

function cacheFileOf(folder: string, appDir: string, filename: string): string {
  return path.join(folder, `${path.relative(appDir, filename).replaceAll(path.sep, '~')}.v8`);
}

/** Writes the caches of the files compiled without one; other builds' folders go. Written once per process. */
function writeCaches(root: string, folder: string, pending: Map<string, vm.Script>): void {
  if (pending.size === 0) return;
  try {
    fs.mkdirSync(folder, { recursive: true });
    for (const [file, script] of pending) {
      // Another process of the same build may write the same file: each renames a whole file of its own.
      const temporary = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, script.createCachedData());
      fs.renameSync(temporary, file);
    }
    for (const other of fs.readdirSync(root)) if (path.join(root, other) !== folder) fs.rmSync(path.join(root, other), { recursive: true, force: true });
  } catch {
    // A full or read-only disk: the next start compiles from source, as without a cache.
  } finally {
    pending.clear();
  }
}

/** Compiles the files of `appDir` (the folder of the compiled programs) through the code cache from now on. */
export function installCodeCache(appDir: string): void {
  const where = cacheFolder(appDir);
  if (where === undefined) return;
  const { root, folder } = where;
  const prefix = appDir.endsWith(path.sep) ? appDir : `${appDir}${path.sep}`;
  const pending = new Map<string, vm.Script>();
  const proto = Module.prototype as unknown as { _compile: Compile };
  const original = proto._compile;
  proto._compile = function compileWithCache(content, filename, ...rest) {
    if (!filename.startsWith(prefix)) return original.call(this, content, filename, ...rest);
    const cacheFile = cacheFileOf(folder, appDir, filename);
    let cachedData: Buffer | undefined;
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      // None yet: compiled from source, and its cache written later.
    }
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected === true) pending.set(cacheFile, script);
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, createRequire(filename), this, filename, path.dirname(filename));
  };
  const write = () => writeCaches(root, folder, pending);
  setTimeout(write, WRITE_AFTER_MS).unref();
  process.once('exit', write);
}
