// The Debian packages' contents, laid out as `npm run package` lays them out (from this checkout's node_modules
// rather than a fresh production install, which needs a minute and the registry), then run from where they
// would be installed: each program finds its code, screens, fonts and runtime npm packages in its own tree
// and nothing else. (`npm run package` builds the real .debs with lintian; `npm run drills -- package`
// installs them on a Debian 13.)
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGES, entryClosure, stagePackage, type PackageSpec } from '../../packaging/build-debs.ts';
import { METAFILE } from '../../scripts/build.ts';
import { REPO } from '../support/agent-process.ts';
import { tempDir } from '../support/station-fixture.ts';
import { waitFor } from '../support/wait.ts';
import { CHROMIUM_PATH } from '../support/browser.ts';

const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
let dir: string;
let meta: Metafile;
const stages = new Map<string, string>();
const spec = (name: PackageSpec['name']) => PACKAGES.find((p) => p.name === name)!;
const lib = (name: PackageSpec['name']) => path.join(stages.get(name)!, 'usr/lib', name);

function files(root: string): string[] {
  return fs
    .readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort();
}

/** The source files compiled into the build/app files a package carries. */
function sourcesIn(name: PackageSpec['name']): string[] {
  const outputs = files(path.join(lib(name), 'build/app')).filter((f) => f.endsWith('.js')).map((f) => `build/app/${f}`);
  return [...new Set(outputs.flatMap((out) => Object.keys(meta.outputs[out]?.inputs ?? {})))];
}

beforeAll(() => {
  dir = tempDir('yj-packages-');
  meta = JSON.parse(fs.readFileSync(METAFILE, 'utf8')) as Metafile;
  for (const p of PACKAGES) {
    const stage = path.join(dir, p.name);
    stagePackage(p, stage, { version: VERSION, meta, runtimeDir: REPO, date: new Date('2026-12-06T00:00:00Z') });
    stages.set(p.name, stage);
  }
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('what each package carries', () => {
  it('the station package: the station program, its screens and fonts — none of the hub', () => {
    const sources = sourcesIn('yuanjiao-station');
    expect(sources).toEqual(expect.arrayContaining(['agent/daemon.ts', 'cli/run-station.ts', 'content/ingest.ts']));
    expect(sources.filter((s) => s.startsWith('county/'))).toEqual([]);
    // The entry's closure, and the code cache every entry loads first (scripts/build.ts, not in the metafile).
    expect(files(path.join(lib('yuanjiao-station'), 'build/app')).filter((f) => f.endsWith('.js')).length).toBe(entryClosure(meta, 'yuanjiao-station').length + 1);
    for (const f of ['build/app/code-cache.js', 'build/app/package.json']) expect(fs.existsSync(path.join(lib('yuanjiao-station'), f)), f).toBe(true);
    for (const f of ['build/kiosk-ui/index.html', 'build/kiosk-ui/app.js', 'build/kiosk-shell/electron-main.cjs', 'build/fonts/noto-sans-sc-chinese-simplified-400-normal.woff2', 'build/build-info.json', 'bin/yuanjiao']) {
      expect(fs.existsSync(path.join(lib('yuanjiao-station'), f)), f).toBe(true);
    }
    expect(fs.existsSync(path.join(lib('yuanjiao-station'), 'build/dashboard-ui'))).toBe(false);
  });

  it('the hub package: the hub, its dashboard and fonts — none of the agent, the kiosk or the courseware library', () => {
    const sources = sourcesIn('yuanjiao-county');
    expect(sources).toEqual(expect.arrayContaining(['county/server.ts', 'cli/run-county.ts']));
    for (const prefix of ['kiosk/', 'content/']) expect(sources.filter((s) => s.startsWith(prefix)), prefix).toEqual([]);
    // Of agent/, only the command-line machinery that runs its commands (the protocol it speaks is protocol/).
    expect(sources.filter((s) => s.startsWith('agent/') && !s.startsWith('cli/'))).toEqual([]);
    expect(fs.existsSync(path.join(lib('yuanjiao-county'), 'build/dashboard-ui/index.html'))).toBe(true);
    expect(fs.existsSync(path.join(lib('yuanjiao-county'), 'build/kiosk-ui'))).toBe(false);
  });

  it('only the runtime npm packages each program loads, built for linux-x64 with glibc, without the npm ffmpeg', () => {
    const station = fs.readdirSync(path.join(lib('yuanjiao-station'), 'node_modules'));
    const county = fs.readdirSync(path.join(lib('yuanjiao-county'), 'node_modules'));
    expect(station).toEqual(expect.arrayContaining(['better-sqlite3', 'usb', 'playwright-core', 'exceljs']));
    expect(county).toEqual(expect.arrayContaining(['better-sqlite3', 'playwright-core', 'exceljs']));
    expect(county).not.toContain('usb');
    for (const compiledIn of ['fastify', 'luxon', 'pinyin-pro', 'commander', 'esbuild', 'tsx', 'typescript', '@ffmpeg-installer', '@fontsource', 'vitest']) {
      expect(station, compiledIn).not.toContain(compiledIn);
      expect(county, compiledIn).not.toContain(compiledIn);
    }
    const binaries = files(path.join(lib('yuanjiao-station'), 'node_modules')).filter((f) => f.endsWith('.node'));
    expect(binaries.sort()).toEqual(['better-sqlite3/build/Release/better_sqlite3.node', 'usb/prebuilds/linux-x64/node.napi.glibc.node']);
    expect(files(path.join(lib('yuanjiao-station'), 'node_modules')).filter((f) => path.basename(f).startsWith('.'))).toEqual([]);
  });

  it('no screen carries a source map or a TypeScript source, and the station’s keyboard mitigations are in /etc', () => {
    for (const [name, screen] of [['yuanjiao-station', 'build/kiosk-ui'], ['yuanjiao-county', 'build/dashboard-ui']] as const) {
      const shipped = files(path.join(lib(name), screen));
      expect(shipped, screen).toContain('app.js');
      expect(shipped.filter((f) => /\.(map|tsx?)$/.test(f)), screen).toEqual([]);
      expect(fs.existsSync(path.join(lib(name), 'build/ui-sourcemaps')), name).toBe(false);
    }
    const station = stages.get('yuanjiao-station')!;
    expect(fs.readFileSync(path.join(station, 'etc/sysctl.d/60-yuanjiao-kiosk.conf'), 'utf8')).toMatch(/^kernel\.sysrq = 0$/m);
    expect(fs.readFileSync(path.join(station, 'DEBIAN/conffiles'), 'utf8')).toContain('/etc/sysctl.d/60-yuanjiao-kiosk.conf');
    expect(fs.readFileSync(path.join(station, 'DEBIAN/postinst'), 'utf8')).toContain('mask_ctrl_alt_del');
  });

  it('the command on the PATH, the units, udev rule, policy and /etc/default files, with man pages and copyright', () => {
    const station = stages.get('yuanjiao-station')!;
    expect(fs.readlinkSync(path.join(station, 'usr/bin/yuanjiao'))).toBe('../lib/yuanjiao-station/bin/yuanjiao');
    const launcher = path.join(station, 'usr/lib/yuanjiao-station/bin/yuanjiao');
    expect(fs.statSync(launcher).mode & 0o777).toBe(0o755);
    expect(fs.readFileSync(launcher, 'utf8')).toContain('exec /usr/bin/node /usr/lib/yuanjiao-station/build/app/yuanjiao-station.js "$@"');
    expect(fs.readFileSync(path.join(stages.get('yuanjiao-county')!, 'usr/lib/yuanjiao-county/bin/yuanjiao-county'), 'utf8')).toContain('exec /usr/bin/node /usr/lib/yuanjiao-county/build/app/yuanjiao-county.js "$@"');
    for (const f of spec('yuanjiao-station').files) expect(fs.statSync(path.join(station, f.to)).mode & 0o777, f.to).toBe(f.mode);
    expect(fs.readlinkSync(path.join(stages.get('yuanjiao-county')!, 'usr/bin/yuanjiao-county'))).toBe('../lib/yuanjiao-county/bin/yuanjiao-county');
    for (const [name, page] of [['yuanjiao-station', 'yuanjiao'], ['yuanjiao-county', 'yuanjiao-county']] as const) {
      expect(fs.existsSync(path.join(stages.get(name)!, `usr/share/man/man1/${page}.1.gz`))).toBe(true);
      const copyright = fs.readFileSync(path.join(stages.get(name)!, `usr/share/doc/${name}/copyright`), 'utf8');
      expect(copyright).toMatch(/^Format: https:\/\/www\.debian\.org\/doc\/packaging-manuals\/copyright-format\/1\.0\//);
      expect(copyright).toContain('Files: usr/lib/*/node_modules/better-sqlite3/*');
      expect(copyright).toMatch(/ fastify \S+ \(Expat\)/);
    }
  });
});

describe('the control area', () => {
  it('says what the package needs from Debian: Node 20, and for the station Chromium, cage and ffmpeg', () => {
    const control = fs.readFileSync(path.join(stages.get('yuanjiao-station')!, 'DEBIAN/control'), 'utf8');
    expect(control).toMatch(/^Package: yuanjiao-station$/m);
    expect(control).toContain(`Version: ${VERSION}`);
    const depends = /^Depends: (.*)$/m.exec(control)![1]!.split(', ');
    expect(depends).toEqual(expect.arrayContaining(['nodejs (>= 20~)', 'nodejs (<< 21~)', 'chromium', 'cage', 'ffmpeg']));
    expect(depends.some((d) => d.startsWith('libc6 (>= '))).toBe(true);
    expect(depends.some((d) => d.startsWith('libudev1'))).toBe(true);
    expect(Number(/^Installed-Size: (\d+)$/m.exec(control)![1])).toBeGreaterThan(10_000);
    const hub = fs.readFileSync(path.join(stages.get('yuanjiao-county')!, 'DEBIAN/control'), 'utf8');
    expect(hub).not.toMatch(/^Depends:.*\b(cage|ffmpeg|libudev1)\b/m);
  });

  it('lists the conffiles it ships, and md5sums that match every file', () => {
    for (const p of PACKAGES) {
      const stage = stages.get(p.name)!;
      const conffiles = fs.readFileSync(path.join(stage, 'DEBIAN/conffiles'), 'utf8').trim().split('\n');
      expect(conffiles).toEqual(p.conffiles);
      for (const c of conffiles) expect(fs.existsSync(path.join(stage, c)), c).toBe(true);
      const sums = fs.readFileSync(path.join(stage, 'DEBIAN/md5sums'), 'utf8').trim().split('\n');
      const payload = files(stage).filter((f) => !f.startsWith('DEBIAN/'));
      expect(sums.map((l) => l.slice(34)).sort()).toEqual(payload);
      for (const line of sums.slice(0, 50)) expect(createHash('md5').update(fs.readFileSync(path.join(stage, line.slice(34)))).digest('hex')).toBe(line.slice(0, 32));
    }
  });

  it('is a package dpkg-deb builds and reads back', () => {
    const deb = path.join(dir, 'station.deb');
    const build = spawnSync('dpkg-deb', ['--root-owner-group', '-Znone', '--build', stages.get('yuanjiao-station')!, deb], { encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    expect(spawnSync('dpkg-deb', ['-f', deb, 'Package'], { encoding: 'utf8' }).stdout.trim()).toBe('yuanjiao-station');
    const listing = spawnSync('dpkg-deb', ['-c', deb], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stdout;
    expect(listing).toMatch(/root\/root .* \.\/usr\/lib\/systemd\/system\/yuanjiao-agent\.service/);
  });
});

/** A packaged program, run by Node from where the package puts it. */
function runPackaged(name: PackageSpec['name'], args: string[], env: NodeJS.ProcessEnv = {}) {
  const program = path.join(lib(name), 'build/app', `${spec(name).entry}.js`);
  return spawnSync(process.execPath, [program, ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, ...env }, timeout: 120_000 });
}

describe('the packaged programs run from their own tree', () => {
  it('the station’s: its version, and a clear word that the hub is another package', () => {
    expect(runPackaged('yuanjiao-station', ['--version']).stdout.trim()).toBe(VERSION);
    const county = runPackaged('yuanjiao-station', ['county', 'start']);
    expect(county.status).toBe(1);
    expect(county.stderr).toContain('yuanjiao-county');
  });

  it('the station’s agent starts, serves the kiosk and its fonts, and exports XLSX and PDF with the packaged exceljs and playwright-core', async () => {
    const data = path.join(dir, 'station-data');
    const program = path.join(lib('yuanjiao-station'), 'build/app/yuanjiao-station.js');
    const child = spawn(process.execPath, [program, 'start', '--no-kiosk', '--port', '0', '--data', data], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    try {
      const url = await waitFor(() => /http:\/\/127\.0\.0\.1:\d+\//.exec(output)?.[0], 60_000, `the packaged agent's address (output: ${output})`);
      const page = await (await fetch(url)).text();
      expect(page).toContain('/app.js');
      const status = async (route: string) => {
        const res = await fetch(new URL(route, url));
        await res.arrayBuffer();
        return res.status;
      };
      expect(await status('/app.js')).toBe(200);
      expect(await status('/fonts/noto-sans-sc-chinese-simplified-700-normal.woff2')).toBe(200);
      // Its sources are not there to serve.
      expect(await status('/src/main.tsx')).toBe(404);
    } finally {
      // A program that already died (a module missing from the package) has no exit left to wait for.
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
    }
    const xlsx = path.join(dir, 'equipment.xlsx');
    const x = runPackaged('yuanjiao-station', ['export', 'equipment', '--out', xlsx, '--data', data]);
    expect(x.status, x.stderr).toBe(0);
    expect(fs.readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
    const pdf = path.join(dir, 'notice.pdf');
    const p = runPackaged('yuanjiao-station', ['export', 'notice', '--out', pdf, '--data', data], { YUANJIAO_CHROMIUM: CHROMIUM_PATH });
    expect(p.status, p.stderr).toBe(0);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  }, 120_000);

  it('the hub’s: its version, and it starts and serves its dashboard', async () => {
    expect(runPackaged('yuanjiao-county', ['--version']).stdout.trim()).toBe(VERSION);
    const program = path.join(lib('yuanjiao-county'), 'build/app/yuanjiao-county.js');
    const child = spawn(process.execPath, [program, 'start', '--port', '0', '--data', path.join(dir, 'hub-data')], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    try {
      // Up to the line's end: a port whose digits arrived in two reads must not be taken for a shorter one.
      const url = await waitFor(() => /(http:\/\/127\.0\.0\.1:\d+)\s/.exec(output)?.[1], 60_000, `the packaged hub's address (output: ${output})`);
      const page = await (await fetch(url)).text();
      expect(page).toContain('/assets/app.js');
      const script = await fetch(new URL('/assets/app.js', url));
      await script.arrayBuffer();
      expect(script.status).toBe(200);
    } finally {
      // A program that already died (a module missing from the package) has no exit left to wait for.
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
    }
  }, 120_000);
});
