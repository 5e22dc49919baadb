// The compiled programs' V8 code cache (common/code-cache.ts): a run writes it where it is told, the next run
// takes it as it is, and a cache V8 refuses or none at all only costs the speed, never the command.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appPaths, appVersion } from '../../common/app-paths.ts';

const PROGRAM = path.join(appPaths.app, 'yuanjiao.js');
let dir: string | undefined;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The compiled `yuanjiao --version` with the cache in `cache` (none: no cache named). */
function version(cache: string | undefined): string {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.CACHE_DIRECTORY;
  delete env.YUANJIAO_CODE_CACHE;
  if (cache !== undefined) env.YUANJIAO_CODE_CACHE = cache;
  const run = spawnSync(process.execPath, [PROGRAM, '--version'], { env, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout.trim();
}

/** The cache files under `cache` (one folder per build), with their contents. */
function cacheFiles(cache: string): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  for (const entry of fs.readdirSync(cache, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) found.set(path.relative(cache, path.join(entry.parentPath, entry.name)), fs.readFileSync(path.join(entry.parentPath, entry.name)));
  }
  return found;
}

describe('the compiled programs’ code cache', () => {
  it('is written by a first run, taken as it is by the next, and written again where V8 refuses it', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yj-code-cache-'));
    expect(version(dir)).toBe(appVersion());
    const first = cacheFiles(dir);
    // The chunks the command loaded, in one folder for this build; no temporary file left.
    expect([...first.keys()].some((f) => /^\d+-v8-[^/]+\/chunks~chunk-[A-Z0-9]+\.js\.v8$/.test(f))).toBe(true);
    expect([...first.keys()].filter((f) => !f.endsWith('.js.v8'))).toEqual([]);

    expect(version(dir)).toBe(appVersion());
    expect(cacheFiles(dir)).toEqual(first);

    const [spoilt] = [...first.keys()];
    fs.writeFileSync(path.join(dir, spoilt!), 'not bytecode');
    expect(version(dir)).toBe(appVersion());
    const rewritten = cacheFiles(dir).get(spoilt!)!;
    expect(rewritten.toString('latin1')).not.toBe('not bytecode');
    expect(rewritten.length).toBeGreaterThan(1000);
  });

  it('is not needed: with no cache directory named, the command runs as before', () => {
    expect(version(undefined)).toBe(appVersion());
  });
});
