// Removable volumes (USB sticks, card readers, discs) as the operating system has mounted them: the narrow
// RemovableMedia interface the agent watches, and its real implementation over the mount table and sysfs.
//
// Decided behaviour:
// - The library never mounts anything: the OS (udisks2, a udev rule, or the operator) mounts a stick, and
//   this reads /proc/self/mountinfo. A volume counts as removable when its block device, or the disk it is
//   a partition of, says removable=1 in sysfs, or sits on a USB bus (USB hard disks report removable=0).
// - Only whole filesystems are listed (mountinfo's root field '/'), once per device: bind mounts of the
//   same stick, or of a folder on it, are the same volume.
// - A mount appears a moment after the USB attach (the automounter needs a second or two), so after a hint
//   (expectChange, called on a USB attach or detach) the table is read every half second for ten seconds;
//   otherwise every ten seconds, which is also how volumes are found where USB events are unavailable.
// - A volume's id is a hash of its device number and mount point: stable while it stays mounted, and safe
//   in a URL. Free space and size are read on every list(), so a listing is never stale.
// - Linux only. Where there is no mountinfo (Windows, macOS) the list is empty and nothing fails.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface RemovableVolume {
  id: string;
  /** The filesystem label (from /dev/disk/by-label), else the mount point's folder name. */
  label: string;
  mountPoint: string;
  /** The block device, e.g. /dev/sdb1. */
  device: string;
  fsType: string;
  readOnly: boolean;
  sizeBytes: number;
  freeBytes: number;
}

/** What the agent needs of removable media; the real thing reads the mount table, tests present a folder. */
export interface RemovableMedia {
  /** The removable volumes mounted now. */
  list(): Promise<RemovableVolume[]>;
  /** Called with the new list whenever a volume appears or goes. Returns an unsubscribe function. */
  onChange(listener: (volumes: RemovableVolume[]) => void): () => void;
  /** A hint that a device was just attached or detached: look more often for a little while. */
  expectChange(): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface MountEntry {
  /** 'major:minor' of the device. */
  devNumber: string;
  /** The folder of the filesystem that is mounted here ('/' for the whole filesystem). */
  root: string;
  mountPoint: string;
  options: string[];
  fsType: string;
  source: string;
}

/** mountinfo escapes space, tab, newline and backslash as three octal digits ('\\040'); each escape is a byte. */
export function unescapeMountField(field: string): string {
  if (!field.includes('\\')) return field;
  const parts = field.split(/(\\[0-7]{3})/);
  const bytes = parts.map((p) => (/^\\[0-7]{3}$/.test(p) ? Buffer.from([parseInt(p.slice(1), 8)]) : Buffer.from(p, 'utf8')));
  return Buffer.concat(bytes).toString('utf8');
}

/**
 * Parses /proc/self/mountinfo: "36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw".
 * Lines that do not have that shape are skipped.
 */
export function parseMountInfo(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(' ');
    const dash = fields.indexOf('-');
    if (fields.length < 10 || dash < 6 || dash + 2 >= fields.length) continue;
    entries.push({
      devNumber: fields[2]!,
      root: unescapeMountField(fields[3]!),
      mountPoint: unescapeMountField(fields[4]!),
      options: fields[5]!.split(','),
      fsType: fields[dash + 1]!,
      source: unescapeMountField(fields[dash + 2]!),
    });
  }
  return entries;
}

/** Mount points that are the system itself, never a stick to import from. */
function isSystemMountPoint(mountPoint: string): boolean {
  return mountPoint === '/' || mountPoint === '/boot' || mountPoint.startsWith('/boot/') || mountPoint === '/usr' || mountPoint === '/var' || mountPoint === '/home';
}

export function volumeId(devNumber: string, mountPoint: string): string {
  return createHash('sha256').update(`${devNumber}\0${mountPoint}`).digest('hex').slice(0, 12);
}

export interface SystemRemovableMediaOptions {
  mountInfoPath?: string;
  /** /sys/dev/block: one link per 'major:minor' to the device's sysfs folder. */
  sysDevBlockDir?: string;
  /** /dev/disk/by-label: one link per labelled filesystem. */
  labelsDir?: string;
  pollMs?: number;
  burstMs?: number;
  burstEveryMs?: number;
  onError?: (error: unknown) => void;
}

/** The real removable media: the kernel's mount table, told apart by what sysfs says about each device. */
export class SystemRemovableMedia implements RemovableMedia {
  private readonly mountInfoPath: string;
  private readonly sysDevBlockDir: string;
  private readonly labelsDir: string;
  private readonly listeners = new Set<(volumes: RemovableVolume[]) => void>();
  private known = '';
  private timer: NodeJS.Timeout | null = null;
  private burstUntil = 0;
  private running = false;
  private scanning: Promise<void> = Promise.resolve();

  constructor(private readonly options: SystemRemovableMediaOptions = {}) {
    this.mountInfoPath = options.mountInfoPath ?? '/proc/self/mountinfo';
    this.sysDevBlockDir = options.sysDevBlockDir ?? '/sys/dev/block';
    this.labelsDir = options.labelsDir ?? '/dev/disk/by-label';
  }

  async list(): Promise<RemovableVolume[]> {
    let text: string;
    try {
      text = await fs.promises.readFile(this.mountInfoPath, 'utf8');
    } catch {
      return [];
    }
    const seen = new Set<string>();
    const labels = await this.readLabels();
    const volumes: RemovableVolume[] = [];
    for (const entry of parseMountInfo(text)) {
      if (entry.root !== '/' || isSystemMountPoint(entry.mountPoint) || seen.has(entry.devNumber)) continue;
      const device = await this.removableDevice(entry.devNumber);
      if (device === null) continue;
      let stats: fs.StatsFs;
      try {
        stats = await fs.promises.statfs(entry.mountPoint);
      } catch {
        // Listed but not readable (being unmounted right now): not a volume to offer.
        continue;
      }
      seen.add(entry.devNumber);
      volumes.push({
        id: volumeId(entry.devNumber, entry.mountPoint),
        label: labels.get(device) ?? (path.basename(entry.mountPoint) || entry.mountPoint),
        mountPoint: entry.mountPoint,
        device: entry.source.startsWith('/dev/') ? entry.source : `/dev/${device}`,
        fsType: entry.fsType,
        readOnly: entry.options.includes('ro'),
        sizeBytes: stats.blocks * stats.bsize,
        freeBytes: stats.bavail * stats.bsize,
      });
    }
    return volumes;
  }

  onChange(listener: (volumes: RemovableVolume[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  expectChange(): void {
    this.burstUntil = Date.now() + (this.options.burstMs ?? 10_000);
    if (this.running) this.schedule(0);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.known = idsOf(await this.list());
    this.schedule(this.options.pollMs ?? 10_000);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.scanning;
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.scanning = this.scan().finally(() => {
        if (!this.running) return;
        const bursting = Date.now() < this.burstUntil;
        this.schedule(bursting ? (this.options.burstEveryMs ?? 500) : (this.options.pollMs ?? 10_000));
      });
    }, ms);
  }

  private async scan(): Promise<void> {
    try {
      const volumes = await this.list();
      const ids = idsOf(volumes);
      if (ids === this.known) return;
      this.known = ids;
      for (const l of this.listeners) l(volumes);
    } catch (err) {
      this.options.onError?.(err);
    }
  }

  /** The kernel name of a removable device ('sdb1'), or null when the device is not removable. */
  private async removableDevice(devNumber: string): Promise<string | null> {
    let deviceDir: string;
    try {
      deviceDir = await fs.promises.realpath(path.join(this.sysDevBlockDir, devNumber));
    } catch {
      // Not a block device (tmpfs, proc, network filesystems).
      return null;
    }
    const isPartition = await exists(path.join(deviceDir, 'partition'));
    const diskDir = isPartition ? path.dirname(deviceDir) : deviceDir;
    let removable = false;
    try {
      removable = (await fs.promises.readFile(path.join(diskDir, 'removable'), 'utf8')).trim() === '1';
    } catch {
      // no flag: judge by the bus alone
    }
    const onUsb = deviceDir.split(path.sep).some((part) => /^usb\d+$/.test(part));
    return removable || onUsb ? path.basename(deviceDir) : null;
  }

  /** Device name → label, from the udev links; udev escapes spaces and other bytes as '\x20'. */
  private async readLabels(): Promise<Map<string, string>> {
    const labels = new Map<string, string>();
    let names: string[];
    try {
      names = await fs.promises.readdir(this.labelsDir);
    } catch {
      return labels;
    }
    for (const name of names) {
      try {
        const target = await fs.promises.realpath(path.join(this.labelsDir, name));
        labels.set(path.basename(target), decodeUdevName(name));
      } catch {
        // a dangling link: the device went away
      }
    }
    return labels;
  }
}

/** udev keeps UTF-8 as it is and writes other bytes (and spaces) as '\\x20'; both may mix in one name. */
export function decodeUdevName(name: string): string {
  const parts = name.split(/(\\x[0-9a-fA-F]{2})/);
  const bytes = parts.map((p) => (/^\\x[0-9a-fA-F]{2}$/.test(p) ? Buffer.from([parseInt(p.slice(2), 16)]) : Buffer.from(p, 'utf8')));
  return Buffer.concat(bytes).toString('utf8');
}

function idsOf(volumes: RemovableVolume[]): string {
  return volumes
    .map((v) => v.id)
    .sort()
    .join(',');
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.promises.access(file);
    return true;
  } catch {
    return false;
  }
}
