// A compiled program refuses a missing build or one older than the sources beside it (common/build-info.ts),
// checked while the command loads and awaited before it runs (cli/program.ts staleBuildGuard).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { buildProblem, newestSourceAt } from '../../common/build-info.ts';
import { runCommands, type Output } from '../../cli/program.ts';
import { CliError } from '../../cli/cli-error.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, number>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yj-build-info-'));
  dirs.push(root);
  for (const [file, mtimeS] of Object.entries(files)) {
    const full = path.join(root, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, 'x');
    fs.utimesSync(full, mtimeS, mtimeS);
  }
  return root;
}

describe('the sources a build is made from', () => {
  it('finds the newest source file in any depth, ignoring node_modules, dist and files that are not built', async () => {
    const root = tree({
      'agent/a.ts': 1_000,
      'agent/deep/er/b.tsx': 3_000,
      'kiosk/ui/style.css': 2_000,
      'agent/README.md': 9_000,
      'county/node_modules/x/index.ts': 9_000,
      'common/dist/y.json': 9_000,
      'elsewhere/z.ts': 9_000,
    });
    expect(await newestSourceAt(root)).toBe(3_000_000);
  });

  it('is null where there are no sources (an installed package)', async () => {
    expect(await newestSourceAt(tree({ 'build/app/yuanjiao.js': 5 }))).toBeNull();
  });

  it('calls a missing build and one older than its sources a problem that names the command, and a current one fine', () => {
    expect(buildProblem(null, null)).toMatch(/npm run build/);
    const info = { version: '1', builtAt: 0, sourcesNewestAt: 2_000, node: process.version };
    expect(buildProblem(info, 3_000)).toMatch(/npm run build/);
    expect(buildProblem(info, 2_000)).toBeNull();
    expect(buildProblem(info, null)).toBeNull();
  });
});

describe('a command of a refused build', () => {
  it('does not run, and says why', async () => {
    const said: string[] = [];
    const io: Output = { out: (t) => said.push(t), err: (t) => said.push(t) };
    let ran = false;
    const commands = { hello: async () => () => new Command('hello').action(() => void (ran = true)) };
    const code = await runCommands(['node', 'yuanjiao', 'hello'], io, commands, undefined, async () => {
      throw new CliError('源代码在上次构建之后有改动，请先运行 npm run build / the sources changed since the last build: run npm run build first');
    });
    expect(code).toBe(1);
    expect(ran).toBe(false);
    expect(said.join('\n')).toMatch(/npm run build/);
    expect(await runCommands(['node', 'yuanjiao', 'hello'], io, commands, undefined, async () => {})).toBe(0);
    expect(ran).toBe(true);
  });
});
