// `npm run drills -- package`: the packages on a real Debian 13, as a county's IT person would use them. Not in
// CI: it needs root, minutes and Debian's archive (a minimal trixie is debootstrapped once and cached, with the
// packages' dependencies; each run is a fresh overlay on top of that cache).
//
//   1. build both packages (npm run package) and install them with apt, which resolves their dependencies;
//   2. start the hub and the agent the way their units do (User=, Environment=, EnvironmentFile=, ExecStart=
//      read from the installed unit files), enroll the station, make records, and see its reports arrive;
//   3. build a newer version with a new schema migration, upgrade in place, restart, and find every record;
//   4. remove (data kept), then purge (data gone), and say what is left.
// Each step prints what it did and what it found; the result goes to the drills' ledger.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { APP_ROOT } from '../common/app-paths.ts';
import { recordDrill } from '../test/support/drill-log.ts';
import { DebianRoot, checkHost, ensureBase, ensureDependencyLayer } from './drill/debian-root.ts';
import { serviceCommand } from './drill/unit-file.ts';
import { DIST_DIR, PACKAGES } from './build-debs.ts';

const AGENT_PORT = 18720;
const HUB_PORT = 18730;

let stepNo = 0;
const problems: string[] = [];

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function step<T>(title: string, work: () => Promise<T> | T, describe: (result: T) => string = (r) => (typeof r === 'string' ? r : 'ok')): Promise<T> {
  stepNo += 1;
  say(`\n[${stepNo}] ${title}`);
  const started = performance.now();
  try {
    const result = await work();
    say(`    ✓ ${describe(result)} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    return result;
  } catch (err) {
    say(`    ✗ ${err instanceof Error ? err.message : String(err)}`);
    throw err;
  }
}

function check(condition: boolean, what: string): void {
  if (!condition) {
    problems.push(what);
    throw new Error(what);
  }
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | false> | T | null | false): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The packages' Depends, minus what the drill installs itself: the layer apt fills once. */
function dependenciesOf(debs: string[]): string[] {
  const names = new Set<string>();
  for (const deb of debs) {
    const field = execFileSync('dpkg-deb', ['-f', deb, 'Depends'], { encoding: 'utf8' });
    for (const dep of field.split(',')) names.add(dep.trim().split(/[\s(|]/)[0]!);
  }
  return [...names].filter(Boolean).sort();
}

interface Service {
  stop(): Promise<void>;
  output(): string;
}

/** Starts a service the way its installed unit says. */
function startService(root: DebianRoot, unit: string): Service {
  const command = serviceCommand(fs.readFileSync(root.path(`/usr/lib/systemd/system/${unit}`), 'utf8'), (file) => {
    const inside = root.path(file);
    return fs.existsSync(inside) ? fs.readFileSync(inside, 'utf8') : null;
  });
  const started = root.start(
    ['/usr/bin/setpriv', `--reuid=${command.user}`, `--regid=${command.group}`, '--init-groups', '--', '/bin/sh', '-c', 'cd "$0" && exec "$@"', command.workingDirectory, ...command.argv],
    command.environment,
  );
  return { stop: () => root.stop(started.child), output: started.output };
}

interface Counts {
  members: number;
  programs: number;
  sessions: number;
  attendance: number;
  stationLog: number;
  schema: number;
  hubEvents: number;
  hubStations: number;
}

function counts(root: DebianRoot): Counts {
  const station = new Database(root.path('/var/lib/yuanjiao/station.sqlite'), { readonly: true });
  const hub = new Database(root.path('/var/lib/yuanjiao-county/county.sqlite'), { readonly: true });
  try {
    const n = (db: Database.Database, sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      members: n(station, 'SELECT COUNT(*) AS n FROM members'),
      programs: n(station, 'SELECT COUNT(*) AS n FROM programs'),
      sessions: n(station, 'SELECT COUNT(*) AS n FROM sessions'),
      attendance: n(station, 'SELECT COUNT(*) AS n FROM attendance'),
      stationLog: n(station, 'SELECT COUNT(*) AS n FROM station_log'),
      schema: station.pragma('user_version', { simple: true }) as number,
      hubEvents: n(hub, 'SELECT COUNT(*) AS n FROM events'),
      hubStations: n(hub, 'SELECT COUNT(*) AS n FROM stations'),
    };
  } finally {
    station.close();
    hub.close();
  }
}

/** The records kept before the upgrade that a station would be inspected on: none may be missing after. */
function recordsOf(c: Counts): number {
  return c.members + c.programs + c.sessions + c.attendance + c.stationLog + c.hubEvents;
}

/** A copy of this checkout one version on, with a new station migration: the release an upgrade installs. */
function newerRelease(version: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yj-drill-release-'));
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: APP_ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const file of files) {
    const from = path.join(APP_ROOT, file);
    if (!fs.existsSync(from)) continue;
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(from, path.join(dir, file));
  }
  fs.symlinkSync(path.join(APP_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  // The runtime npm install is the same: share its cache.
  fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
  fs.symlinkSync(path.join(DIST_DIR, '.work'), path.join(dir, 'dist', '.work'));
  const pkgFile = path.join(dir, 'package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { version: string };
  pkg.version = version;
  fs.writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
  const migrations = path.join(dir, 'agent/store/migrations');
  fs.writeFileSync(
    path.join(migrations, '9999-install-drill.ts'),
    "import type { Migration } from '../migrate.ts';\n\n" +
      "// Made by the install drill: a release whose schema moved on, to upgrade a station into.\n" +
      "export const installDrill: Migration = {\n  version: 9999,\n  name: 'install-drill',\n  up: `CREATE TABLE install_drill (id INTEGER PRIMARY KEY, note TEXT NOT NULL); INSERT INTO install_drill (note) VALUES ('upgraded');`,\n};\n",
  );
  const index = path.join(migrations, 'index.ts');
  const text = fs.readFileSync(index, 'utf8');
  fs.writeFileSync(
    index,
    text.replace("import type { Migration } from '../migrate.ts';\n", "import type { Migration } from '../migrate.ts';\nimport { installDrill } from './9999-install-drill.ts';\n").replace(/export const migrations: readonly Migration\[\] = \[(.*)\];/, 'export const migrations: readonly Migration[] = [$1, installDrill];'),
  );
  execFileSync(process.execPath, ['--import', 'tsx', 'packaging/build-debs.ts', '--no-lintian'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  return dir;
}

async function main(): Promise<number> {
  const hostProblem = checkHost();
  if (hostProblem) {
    say(`安装演练无法在本机运行 / the install drill cannot run here: ${hostProblem}`);
    recordDrill({ name: 'install: Debian 13 packages', faults: 0, acknowledged: 0, stored: 0, skipped: hostProblem });
    return 1;
  }
  say('远教软件包安装演练 / Yuanjiao package install drill (Debian 13 trixie)');
  const version = (JSON.parse(fs.readFileSync(path.join(APP_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const newer = `${version}+drill1`;

  const built = await step('build both packages (npm run package)', () => {
    execFileSync(process.execPath, ['--import', 'tsx', 'packaging/build-debs.ts', '--no-lintian'], { cwd: APP_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    return PACKAGES.map((p) => path.join(DIST_DIR, `${p.name}_${version}_amd64.deb`));
  }, (debs) => debs.map((d) => `${path.basename(d)} ${(fs.statSync(d).size / 1024 / 1024).toFixed(1)} MB`).join(', '));

  const base = await step('a minimal Debian 13 (debootstrap, cached)', () => ensureBase(say), (dir) => dir);
  const deps = await step('their dependencies from Debian (apt, cached)', () => ensureDependencyLayer(base, dependenciesOf(built), say), (dir) => `${dependenciesOf(built).length} packages in ${dir}`);
  const root = DebianRoot.mount([deps, base]);
  let hub: Service | null = null;
  let agent: Service | null = null;
  let before: Counts | null = null;
  let after: Counts | null = null;
  try {
    await step('apt install ./yuanjiao-station.deb ./yuanjiao-county.deb', () => {
      for (const deb of built) fs.copyFileSync(deb, root.path(`/tmp/${path.basename(deb)}`));
      const res = root.run(['apt-get', 'install', '-y', '-q', '--no-install-recommends', ...built.map((d) => `/tmp/${path.basename(d)}`)]);
      check(root.run(['getent', 'passwd', 'yuanjiao', 'kiosk', 'yuanjiao-county'], { allowFail: true }).stdout.split('\n').filter(Boolean).length === 3, 'the users yuanjiao, kiosk and yuanjiao-county exist');
      for (const dir of ['/var/lib/yuanjiao', '/var/lib/yuanjiao-kiosk', '/var/lib/yuanjiao-county']) check(fs.existsSync(root.path(dir)), `${dir} exists`);
      const v = root.run(['/usr/bin/yuanjiao', '--version']).stdout.trim();
      check(v === version, `yuanjiao --version says ${version} (said ${v})`);
      check(root.run(['/usr/bin/yuanjiao-county', '--version']).stdout.trim() === version, 'yuanjiao-county --version says the version');
      const notInstalled = root.run(['/usr/bin/yuanjiao', 'county', 'start'], { allowFail: true });
      check(notInstalled.status !== 0 && notInstalled.stderr.includes('yuanjiao-county'), 'the station command says the hub is a package of its own');
      return res.stdout.split('\n').filter((l) => /^(Setting up|Unpacking) yuanjiao/.test(l)).join('; ');
    });

    await step(`configure both in /etc/default (ports ${AGENT_PORT}, ${HUB_PORT}) and start them as their units do`, async () => {
      fs.appendFileSync(root.path('/etc/default/yuanjiao'), `YUANJIAO_PORT=${AGENT_PORT}\n`);
      fs.appendFileSync(root.path('/etc/default/yuanjiao-county'), `YUANJIAO_COUNTY_PORT=${HUB_PORT}\n`);
      hub = startService(root, 'yuanjiao-county.service');
      agent = startService(root, 'yuanjiao-agent.service');
      // The dashboard's page: the hub answers once it listens.
      await waitFor('the hub to answer', 60_000, async () => (await fetch(`http://127.0.0.1:${HUB_PORT}/`)).ok);
      await waitFor('the agent to answer', 60_000, async () => (await fetch(`http://127.0.0.1:${AGENT_PORT}/api/health`)).ok);
      const state = (await (await fetch(`http://127.0.0.1:${AGENT_PORT}/api/state`)).json()) as { station: { name: string } };
      const kiosk = await fetch(`http://127.0.0.1:${AGENT_PORT}/`);
      check(kiosk.ok && (await kiosk.text()).includes('/app.js'), 'the agent serves the kiosk screen');
      return `hub on :${HUB_PORT}, agent on :${AGENT_PORT} (station “${state.station.name}”), both as their units' users`;
    });

    await step('enroll the station at the hub, make records, and see its reports arrive', async () => {
      const added = root.run(['/usr/bin/yuanjiao-county', 'station', 'add', '演练村', '--grade', 'standard']);
      const code = /[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(added.stdout)?.[0];
      check(code !== undefined, `yuanjiao-county station add printed an enrollment code:\n${added.stdout}`);
      root.run(['/usr/bin/yuanjiao', 'enroll', '--hub', `http://127.0.0.1:${HUB_PORT}`, '--code', code!]);
      fs.writeFileSync(root.path('/tmp/roster.csv'), '姓名,性别,类别,所在支部\n张三,男,正式党员,第一支部\n李四,女,正式党员,第一支部\n王五,男,预备党员,第二支部\n');
      fs.chmodSync(root.path('/tmp/roster.csv'), 0o644);
      root.run(['/usr/bin/yuanjiao', 'roster', 'import', '/tmp/roster.csv']);
      const today = root.run(['date', '+%Y-%m-%d'], { env: { TZ: 'Asia/Shanghai' } }).stdout.trim();
      const soon = root.run(['date', '-d', '+20 minutes', '+%H:%M'], { env: { TZ: 'Asia/Shanghai' } }).stdout.trim();
      // A course for the program: a short clip made by Debian's ffmpeg inside the root.
      root.run(['/usr/bin/ffmpeg', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=3', '-f', 'lavfi', '-i', 'sine=duration=3', '-c:v', 'libx264', '-c:a', 'aac', '-shortest', '/tmp/drill-course.mp4']);
      fs.chmodSync(root.path('/tmp/drill-course.mp4'), 0o644);
      root.run(['/usr/bin/yuanjiao', 'content', 'import', '/tmp/drill-course.mp4', '--title', '演练课件']);
      const courses = JSON.parse(root.run(['/usr/bin/yuanjiao', 'content', 'list', '--json']).stdout) as { id: number }[];
      check(courses.length === 1, 'the course was imported with Debian\'s ffmpeg');
      const courseId = String(courses[0]!.id);
      root.run(['/usr/bin/yuanjiao', 'program', 'add', '--course', courseId, '--once', today, '--time', soon, '--open-before', '30', '--title', '安装演练集中收看']);
      const session = await waitFor('the check-in window to open', 60_000, () => {
        const views = JSON.parse(root.run(['/usr/bin/yuanjiao', 'session', 'list', '--json']).stdout) as { session: { id: number } }[];
        return views.length > 0 ? String(views[0]!.session.id) : null;
      });
      root.run(['/usr/bin/yuanjiao', 'checkin', '--session', session, '--member', '1']);
      root.run(['/usr/bin/yuanjiao', 'checkin', '--session', session, '--member', '2']);
      const c = await waitFor('the station’s reports at the hub', 120_000, () => {
        const now = counts(root);
        return now.hubEvents >= 5 && now.hubStations === 1 ? now : null;
      });
      return `3 members, 1 program, session ${session} with 2 check-ins; the hub holds ${c.hubEvents} events from the station`;
    });

    before = counts(root);
    const release = await step(`build ${newer} with a new station migration (schema 9999)`, () => newerRelease(newer), (dir) => dir);

    await step(`upgrade in place with apt (the agent keeps running while dpkg unpacks, then restarts as postinst would)`, async () => {
      const debs = PACKAGES.map((p) => path.join(release, 'dist', `${p.name}_${newer}_amd64.deb`));
      for (const deb of debs) fs.copyFileSync(deb, root.path(`/tmp/${path.basename(deb)}`));
      const res = root.run(['apt-get', 'install', '-y', '-q', '--no-install-recommends', ...debs.map((d) => `/tmp/${path.basename(d)}`)]);
      await agent!.stop();
      await hub!.stop();
      hub = startService(root, 'yuanjiao-county.service');
      agent = startService(root, 'yuanjiao-agent.service');
      await waitFor('the upgraded agent to answer', 60_000, async () => (await fetch(`http://127.0.0.1:${AGENT_PORT}/api/health`)).ok);
      check(root.run(['/usr/bin/yuanjiao', '--version']).stdout.trim() === newer, `yuanjiao --version says ${newer}`);
      fs.rmSync(release, { recursive: true, force: true });
      return res.stdout.split('\n').filter((l) => /^Setting up yuanjiao/.test(l)).join('; ');
    });

    after = await step('every record is still there, and the new migration ran', async () => {
      await waitFor('the new schema', 30_000, () => counts(root).schema === 9999);
      const now = counts(root);
      for (const key of ['members', 'programs', 'sessions', 'attendance'] as const) check(now[key] === before![key], `${key}: ${before![key]} before, ${now[key]} after`);
      check(now.stationLog >= before!.stationLog, `station log: ${before!.stationLog} before, ${now.stationLog} after`);
      check(now.hubEvents >= before!.hubEvents, `hub events: ${before!.hubEvents} before, ${now.hubEvents} after`);
      const db = new Database(root.path('/var/lib/yuanjiao/station.sqlite'), { readonly: true });
      const note = (db.prepare('SELECT note FROM install_drill').get() as { note: string }).note;
      db.close();
      check(note === 'upgraded', 'the migration wrote its row');
      return now;
    }, (c) => `schema ${before!.schema} → ${c.schema}; members ${c.members}, programs ${c.programs}, sessions ${c.sessions}, check-ins ${c.attendance}, station log ${before!.stationLog} → ${c.stationLog}, hub events ${before!.hubEvents} → ${c.hubEvents}`);

    await step('remove both packages: the programs go, every record stays', async () => {
      await agent!.stop();
      await hub!.stop();
      root.run(['apt-get', 'remove', '-y', '-q', 'yuanjiao-station', 'yuanjiao-county']);
      for (const gone of ['/usr/lib/yuanjiao-station', '/usr/lib/yuanjiao-county', '/usr/bin/yuanjiao', '/usr/lib/systemd/system/yuanjiao-agent.service']) check(!fs.existsSync(root.path(gone)), `${gone} removed`);
      for (const kept of ['/var/lib/yuanjiao/station.sqlite', '/var/lib/yuanjiao-county/county.sqlite', '/etc/default/yuanjiao', '/etc/default/yuanjiao-county']) check(fs.existsSync(root.path(kept)), `${kept} kept`);
      // The agent's stop line and its last reports may have come since: more, never fewer.
      const now = counts(root);
      for (const key of ['members', 'programs', 'sessions', 'attendance'] as const) check(now[key] === after![key], `${key} kept: ${after![key]} before removal, ${now[key]} after`);
      check(now.stationLog >= after!.stationLog && now.hubEvents >= after!.hubEvents, 'the station log and the hub events are all still in the kept databases');
      return 'data and settings kept: /var/lib/yuanjiao, /var/lib/yuanjiao-county, /etc/default/yuanjiao*';
    });

    await step('purge both packages: the data and settings go', () => {
      root.run(['apt-get', 'purge', '-y', '-q', 'yuanjiao-station', 'yuanjiao-county']);
      for (const gone of ['/var/lib/yuanjiao', '/var/lib/yuanjiao-kiosk', '/var/lib/yuanjiao-county', '/etc/default/yuanjiao', '/etc/default/yuanjiao-county', '/etc/chromium/policies/managed/yuanjiao-kiosk.json']) {
        check(!fs.existsSync(root.path(gone)), `${gone} deleted by the purge`);
      }
      const left = root.run(['sh', '-c', 'find / -xdev \\( -path /proc -o -path /dev -o -path /tmp -o -path /run \\) -prune -o -name "*yuanjiao*" -print'], { allowFail: true }).stdout.trim();
      const users = root.run(['getent', 'passwd', 'yuanjiao', 'kiosk', 'yuanjiao-county'], { allowFail: true }).stdout.split('\n').filter(Boolean).map((l) => l.split(':')[0]);
      return `left behind: the system users ${users.join(', ')} (Debian leaves them)${left ? `, and ${left.replace(/\n/g, ', ')}` : '; no file named yuanjiao anywhere'}`;
    });
  } catch {
    // The step said what failed; the summary below counts it.
  } finally {
    for (const service of [agent as Service | null, hub as Service | null]) if (service) await service.stop();
    await root.unmount();
  }

  const acknowledged = before ? recordsOf(before) : 0;
  const stored = after ? recordsOf(after) : 0;
  recordDrill({
    name: 'install: Debian 13 packages',
    faults: 1,
    acknowledged,
    stored: Math.min(stored, acknowledged),
    notes: problems.length > 0 ? problems : [`install, enroll, upgrade ${version} → ${newer}, remove and purge on ${process.platform} chroot (trixie)`],
  });
  say(problems.length === 0 && after ? '\n安装演练通过 / the install drill passed' : `\n安装演练失败 / the install drill failed: ${problems.join('; ') || 'see the step above'}`);
  return problems.length === 0 && after ? 0 : 1;
}

process.exitCode = await main();
