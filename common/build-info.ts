// What `npm run build` records about the build (build/build-info.json), and the refusal to run a build that is
// missing or older than the sources beside it. Production runs only compiled code: a checkout whose sources
// changed since the last build says which command to run rather than run yesterday's code.
import fs from 'node:fs';
import path from 'node:path';
import { APP_ROOT, appPaths } from './app-paths.ts';

export interface BuildInfo {
  version: string;
  /** When the build was made (ms since the epoch). */
  builtAt: number;
  /** The newest modification time among the sources it was made from; null for a build without sources. */
  sourcesNewestAt: number | null;
  /** The Node.js that made it: native modules are built for its ABI. */
  node: string;
}

/** The folders a build is made from. An installed package has none of them, and so is never stale. */
export const SOURCE_DIRS = ['agent', 'cli', 'common', 'content', 'county', 'kiosk', 'protocol'] as const;
const SKIPPED = new Set(['node_modules', 'dist']);
/** What goes into a build; a README edited beside the code does not make it stale. */
const BUILT_FROM = /\.(ts|tsx|css|html|json)$/;

/**
 * The newest modification time of any source file under root, or null when root holds no sources. Asynchronous,
 * stat calls in parallel: a compiled program walks a checkout's sources while it loads its own code.
 */
export async function newestSourceAt(root: string = APP_ROOT): Promise<number | null> {
  const walk = async (dir: string): Promise<number | null> => {
    const entries = await fs.promises.readdir(dir, { withFileTypes: true });
    const times = await Promise.all(
      entries.map((entry) => {
        if (SKIPPED.has(entry.name)) return null;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return walk(full);
        return BUILT_FROM.test(entry.name) ? fs.promises.stat(full).then((s) => s.mtimeMs) : null;
      }),
    );
    return times.reduce<number | null>((newest, t) => (t === null ? newest : Math.max(newest ?? 0, t)), null);
  };
  const dirs = SOURCE_DIRS.map((dir) => path.join(root, dir)).filter((dir) => fs.existsSync(dir));
  const times = await Promise.all(dirs.map(walk));
  return times.reduce<number | null>((newest, t) => (t === null ? newest : Math.max(newest ?? 0, t)), null);
}

export function readBuildInfo(file: string = appPaths.buildInfo): BuildInfo | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as BuildInfo;
  } catch {
    return null;
  }
}

/** Why this build must not run, in words that name the command to fix it; null when it may. */
export function buildProblem(info: BuildInfo | null, sourcesNow: number | null): string | null {
  if (info === null) return '程序尚未构建，请先在程序目录运行 npm run build / the application is not built: run npm run build in its folder first';
  if (sourcesNow !== null && (info.sourcesNewestAt === null || sourcesNow > info.sourcesNewestAt)) {
    return '源代码在上次构建之后有改动，请先运行 npm run build / the sources changed since the last build: run npm run build first';
  }
  return null;
}

/**
 * For the compiled entry points: why this build must not run (missing, or older than the sources beside it), or
 * null. Started before the program loads its commands and awaited before one runs (see staleBuildGuard), so a
 * checkout's walk over its sources overlaps the load instead of adding to it.
 */
export async function staleBuildProblem(): Promise<string | null> {
  const info = readBuildInfo();
  if (info === null) return buildProblem(null, null);
  try {
    return buildProblem(info, await newestSourceAt());
  } catch (err) {
    return `无法检查源代码是否改动，请运行 npm run build / could not check the sources against the build (${err instanceof Error ? err.message : String(err)}): run npm run build`;
  }
}
