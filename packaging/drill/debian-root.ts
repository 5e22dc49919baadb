// A Debian 13 root for the install drill: debootstrapped once and cached (minbase, then a layer with the
// packages' dependencies installed by apt), and for each drill a fresh overlay on top of the cache, so every
// run starts from the same clean system and throws its changes away. Root only: debootstrap, mount, chroot.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const SUITE = 'trixie';
export const MIRROR = 'http://deb.debian.org/debian';
const CACHE_DIR = process.env.YUANJIAO_DRILL_CACHE ?? path.join(os.homedir(), '.cache', 'yuanjiao-drills');
const BASE = path.join(CACHE_DIR, `${SUITE}-minbase`);
/** Beside a cached layer, not inside it (the drill lists what the packages leave in the root). */
const ready = (layer: string) => `${layer}.ready`;

export interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

function sh(command: string, args: string[], options: { input?: string; allowFail?: boolean; timeoutMs?: number } = {}): Run {
  const res = spawnSync(command, args, { encoding: 'utf8', input: options.input, maxBuffer: 256 * 1024 * 1024, timeout: options.timeoutMs ?? 30 * 60_000 });
  const run = { status: res.status ?? 1, stdout: res.stdout ?? '', stderr: `${res.stderr ?? ''}${res.error ? res.error.message : ''}` };
  if (run.status !== 0 && !options.allowFail) throw new Error(`${command} ${args.join(' ')} → ${run.status}\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-3000)}`);
  return run;
}

export function checkHost(): string | null {
  if (process.getuid?.() !== 0) return '需要 root（debootstrap、mount、chroot）/ needs root (debootstrap, mount, chroot)';
  for (const tool of ['debootstrap', 'chroot', 'mount', 'dpkg-deb']) {
    if (sh('sh', ['-c', `command -v ${tool}`], { allowFail: true }).status !== 0) return `找不到 ${tool}：apt-get install ${tool === 'debootstrap' ? 'debootstrap' : 'dpkg'} / ${tool} is missing`;
  }
  if (!fs.readFileSync('/proc/filesystems', 'utf8').includes('overlay')) return '内核不支持 overlayfs / the kernel has no overlayfs';
  return null;
}

/** The cached minimal Debian 13 (debootstrap --variant=minbase), made on first use. */
export function ensureBase(log: (line: string) => void): string {
  if (fs.existsSync(ready(BASE))) return BASE;
  log(`debootstrap ${SUITE} (minbase) into ${BASE} — once, a few minutes …`);
  const temp = `${BASE}.tmp`;
  fs.rmSync(temp, { recursive: true, force: true });
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  sh('debootstrap', ['--variant=minbase', SUITE, temp, MIRROR]);
  fs.rmSync(BASE, { recursive: true, force: true });
  fs.renameSync(temp, BASE);
  fs.writeFileSync(ready(BASE), new Date().toISOString());
  return BASE;
}

/** A running root: an overlay over its lower layers, with /proc, /dev, /run and /tmp inside. */
export class DebianRoot {
  private mounts: string[] = [];
  private readonly children = new Set<ChildProcess>();

  private constructor(
    readonly dir: string,
    private readonly scratch: string,
  ) {}

  /** A fresh overlay over `lowers` (highest first); its writes go to a scratch folder (or `upper`, to keep them). */
  static mount(lowers: string[], options: { upper?: string } = {}): DebianRoot {
    // Beside the cache, not in /tmp: an overlay's upper and work folders must be on one file system.
    fs.mkdirSync(path.join(CACHE_DIR, 'runs'), { recursive: true });
    const scratch = fs.mkdtempSync(path.join(CACHE_DIR, 'runs', 'root-'));
    const upper = options.upper ?? path.join(scratch, 'upper');
    const work = path.join(scratch, 'work');
    const dir = path.join(scratch, 'root');
    for (const d of [upper, work, dir]) fs.mkdirSync(d, { recursive: true });
    const root = new DebianRoot(dir, scratch);
    sh('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${lowers.join(':')},upperdir=${upper},workdir=${work}`, dir]);
    root.mounts.push(dir);
    root.mountInside('proc', ['-t', 'proc', 'proc']);
    root.mountInside('dev', ['--rbind', '/dev']);
    // No /run/systemd/system inside: maintainer scripts see a system without a running systemd, as in an
    // installer, and leave the services to the drill.
    root.mountInside('run', ['-t', 'tmpfs', 'tmpfs']);
    root.mountInside('tmp', ['-t', 'tmpfs', 'tmpfs']);
    fs.copyFileSync('/etc/resolv.conf', path.join(dir, 'etc/resolv.conf'));
    return root;
  }

  private mountInside(where: string, args: string[]): void {
    const target = path.join(this.dir, where);
    fs.mkdirSync(target, { recursive: true });
    sh('mount', [...args, target]);
    this.mounts.push(target);
  }

  /** A command inside the root, to completion. */
  run(args: string[], options: { input?: string; allowFail?: boolean; env?: Record<string, string>; timeoutMs?: number } = {}): Run {
    const env = Object.entries({ PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8', DEBIAN_FRONTEND: 'noninteractive', ...options.env }).map(([k, v]) => `${k}=${v}`);
    return sh('chroot', [this.dir, '/usr/bin/env', '-i', ...env, ...args], options);
  }

  /** A long-running command inside the root (a service), its output kept; stopped by stop() or unmount(). */
  start(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string } {
    const pairs = Object.entries({ PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8', ...env }).map(([k, v]) => `${k}=${v}`);
    const child = spawn('chroot', [this.dir, '/usr/bin/env', '-i', ...pairs, ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.children.add(child);
    let output = '';
    const keep = (b: Buffer) => (output = (output + b.toString()).slice(-20_000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.once('exit', () => this.children.delete(child));
    return { child, output: () => output };
  }

  /** SIGTERM to a started service (its whole process group), as systemd stops a unit; SIGKILL after 30 s. */
  async stop(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone already
      }
    }, 30_000);
    await exited;
    clearTimeout(timer);
  }

  path(inside: string): string {
    return path.join(this.dir, inside);
  }

  async unmount(): Promise<void> {
    await Promise.all([...this.children].map((c) => this.stop(c)));
    for (const target of this.mounts.reverse()) sh('umount', ['--lazy', '--recursive', target], { allowFail: true });
    this.mounts = [];
    fs.rmSync(this.scratch, { recursive: true, force: true });
  }
}

/**
 * The cached layer above the base with `packages` installed by apt (the .debs' dependencies: nodejs,
 * chromium, cage, ffmpeg …), keyed by the list, so a drill only downloads them the first time.
 */
export async function ensureDependencyLayer(base: string, packages: string[], log: (line: string) => void): Promise<string> {
  const key = createHash('sha256').update(packages.slice().sort().join(' ')).digest('hex').slice(0, 12);
  const layer = path.join(CACHE_DIR, `${SUITE}-deps-${key}`);
  if (fs.existsSync(ready(layer))) return layer;
  log(`apt-get install in the cached root, once: ${packages.join(' ')} …`);
  const temp = `${layer}.tmp`;
  fs.rmSync(temp, { recursive: true, force: true });
  fs.mkdirSync(temp, { recursive: true });
  const root = DebianRoot.mount([base], { upper: temp });
  try {
    root.run(['apt-get', 'update', '-q']);
    root.run(['apt-get', 'install', '-y', '-q', '--no-install-recommends', ...packages]);
    root.run(['apt-get', 'clean']);
  } finally {
    await root.unmount();
  }
  // The overlay's work files are not part of the layer.
  fs.rmSync(layer, { recursive: true, force: true });
  fs.renameSync(temp, layer);
  fs.writeFileSync(ready(layer), new Date().toISOString());
  return layer;
}
