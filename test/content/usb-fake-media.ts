// The one fake of the USB work: removable media whose "sticks" are temp folders, plugged and unplugged by
// the test. It implements the same RemovableMedia interface the daemon takes (startDaemon's
// removableMedia option); everything behind it — listing, probing, importing — is the real code.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RemovableMedia, RemovableVolume } from '../../content/usb-volumes.ts';
import type { UsbChange, UsbDevice, UsbDeviceEvents, UsbDeviceListener } from '../../content/usb-devices.ts';

export class FakeRemovableMedia implements RemovableMedia {
  private readonly plugged = new Map<string, { label: string; mountPoint: string }>();
  private readonly listeners = new Set<(volumes: RemovableVolume[]) => void>();
  private next = 1;
  /** How often expectChange() was called: a USB attach should make the watcher look. */
  hints = 0;

  /** Presents a folder as a mounted stick; returns its id. */
  async plug(mountPoint: string, label = path.basename(mountPoint)): Promise<string> {
    const id = `fake${this.next++}`;
    this.plugged.set(id, { label, mountPoint });
    await this.emit();
    return id;
  }

  async unplug(id: string): Promise<void> {
    this.plugged.delete(id);
    await this.emit();
  }

  async list(): Promise<RemovableVolume[]> {
    const volumes: RemovableVolume[] = [];
    for (const [id, v] of this.plugged) {
      const stats = await fs.promises.statfs(v.mountPoint);
      volumes.push({ id, label: v.label, mountPoint: v.mountPoint, device: `/dev/fake-${id}`, fsType: 'vfat', readOnly: false, sizeBytes: stats.blocks * stats.bsize, freeBytes: stats.bavail * stats.bsize });
    }
    return volumes;
  }

  onChange(listener: (volumes: RemovableVolume[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  expectChange(): void {
    this.hints += 1;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  private async emit(): Promise<void> {
    const volumes = await this.list();
    for (const l of this.listeners) l(volumes);
  }
}

/** USB plug events the test fires by hand. */
export class FakeUsbDeviceEvents implements UsbDeviceEvents {
  private listener: UsbDeviceListener | null = null;

  async start(listener: UsbDeviceListener): Promise<boolean> {
    this.listener = listener;
    return true;
  }

  stop(): void {
    this.listener = null;
  }

  fire(change: UsbChange, device: UsbDevice): void {
    this.listener?.(change, device);
  }
}

export interface FolderSnapshot {
  /** Relative path → size, mtime and sha256 of every entry (folders too, by mtime). */
  entries: Record<string, string>;
}

/** Everything a folder holds, to prove an import left the stick as it was: names, sizes, mtimes, hashes. */
export function snapshotFolder(dir: string): FolderSnapshot {
  const entries: Record<string, string> = {};
  for (const rel of (fs.readdirSync(dir, { recursive: true }) as string[]).sort()) {
    const full = path.join(dir, rel);
    const stat = fs.lstatSync(full);
    if (stat.isFile()) {
      entries[rel] = `file ${stat.size} ${stat.mtimeMs} ${createHashOf(full)}`;
    } else {
      entries[rel] = `${stat.isDirectory() ? 'dir' : 'other'} ${stat.mtimeMs}`;
    }
  }
  entries['.'] = `dir ${fs.statSync(dir).mtimeMs}`;
  return { entries };
}

function createHashOf(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}
