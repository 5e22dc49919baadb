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
export const SOURCE_DIRS = ['agent', 'common', 'content', 'county', 'kiosk'] as const;
const SKIPPED = new Set(['node_modules', 'dist']);
/** What goes into a build; a README edited beside the code does not make it stale. */
const BUILT_FROM = /\.(ts|tsx|css|html|json)$/;

/** The newest modification time of any source file under root, or null when root holds no sources. */
export function newestSourceAt(root: string = APP_ROOT): number | null {
  let newest: number | null = null;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (SKIPPED.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (BUILT_FROM.test(entry.name)) newest = Math.max(newest ?? 0, fs.statSync(full).mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) {
    if (fs.existsSync(path.join(root, dir))) walk(path.join(root, dir));
  }
  return newest;
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

/** For the compiled entry points: exits with the reason when the build is missing or stale. */
export function refuseStaleBuild(): void {
  const problem = buildProblem(readBuildInfo(), newestSourceAt());
  if (problem === null) return;
  process.stderr.write(`错误 / error: ${problem}\n`);
  process.exit(1);
}
