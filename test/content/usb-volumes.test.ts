// The real removable-media watcher, read against a mount table and a sysfs tree written by the test (the
// shapes the kernel gives): which mounts are sticks, their labels and sizes, and how soon a new one is seen.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeUdevName, parseMountInfo, SystemRemovableMedia, unescapeMountField, type RemovableVolume } from '../../content/usb-volumes.ts';
import { tempDir } from '../support/station-fixture.ts';
import { waitFor } from '../support/wait.ts';

const dirs: string[] = [];
const watchers: SystemRemovableMedia[] = [];

afterEach(async () => {
  for (const w of watchers.splice(0)) await w.stop();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A mountinfo field as the kernel writes it: space, tab, newline and backslash as octal escapes. */
function escaped(p: string): string {
  return p.replace(/[\\ \t\n]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

interface FakeSystem {
  root: string;
  mountInfo: string;
  sysDevBlock: string;
  labels: string;
  /** Creates a block device in the fake sysfs; returns its major:minor. */
  device(devNumber: string, sysPath: string, options: { removable: '0' | '1'; partition: boolean }): void;
  label(label: string, device: string): void;
  mountPoint(name: string): string;
  write(lines: string[]): void;
}

function fakeSystem(): FakeSystem {
  const root = tempDir('yj-usb-sys-');
  dirs.push(root);
  const sys = path.join(root, 'sys');
  const sysDevBlock = path.join(sys, 'dev', 'block');
  const labels = path.join(root, 'dev', 'disk', 'by-label');
  fs.mkdirSync(sysDevBlock, { recursive: true });
  fs.mkdirSync(labels, { recursive: true });
  fs.mkdirSync(path.join(root, 'dev', 'nodes'), { recursive: true });
  const mountInfo = path.join(root, 'mountinfo');
  return {
    root,
    mountInfo,
    sysDevBlock,
    labels,
    device(devNumber, sysPath, { removable, partition }) {
      const deviceDir = path.join(sys, 'devices', sysPath);
      fs.mkdirSync(deviceDir, { recursive: true });
      const disk = partition ? path.dirname(deviceDir) : deviceDir;
      fs.writeFileSync(path.join(disk, 'removable'), `${removable}\n`);
      if (partition) fs.writeFileSync(path.join(deviceDir, 'partition'), '1\n');
      fs.symlinkSync(deviceDir, path.join(sysDevBlock, devNumber));
    },
    label(label, device) {
      // udev's links point at /dev/<name>; the realpath's base name is what is matched.
      const node = path.join(root, 'dev', 'nodes', device);
      fs.writeFileSync(node, '');
      fs.symlinkSync(node, path.join(labels, label));
    },
    mountPoint(name) {
      const p = path.join(root, 'media', name);
      fs.mkdirSync(p, { recursive: true });
      return p;
    },
    write(lines) {
      fs.writeFileSync(mountInfo, lines.join('\n') + '\n');
    },
  };
}

function watcher(sys: FakeSystem, options: { pollMs?: number; burstEveryMs?: number } = {}): SystemRemovableMedia {
  const w = new SystemRemovableMedia({ mountInfoPath: sys.mountInfo, sysDevBlockDir: sys.sysDevBlock, labelsDir: sys.labels, ...options });
  watchers.push(w);
  return w;
}

const USB_PATH = 'pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/host6/target6:0:0/6:0:0:0/block/sdb';

describe('parseMountInfo', () => {
  it('reads each field, with optional fields before the dash and octal escapes in paths', () => {
    const entries = parseMountInfo(
      [
        '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard',
        '98 27 8:17 / /media/station/\\345\\255\\246\\344\\271\\240\\040U\\347\\233\\230 rw,nosuid,nodev shared:55 master:3 - vfat /dev/sdb1 rw,fmask=0022',
        'garbage line',
        '',
      ].join('\n'),
    );
    expect(entries).toHaveLength(2);
    expect(entries[0]).toEqual({ devNumber: '254:0', root: '/', mountPoint: '/', options: ['rw', 'relatime'], fsType: 'ext4', source: '/dev/vda' });
    // Each octal escape is one byte of the UTF-8 name.
    expect(entries[1]!.mountPoint).toBe('/media/station/学习 U盘');
    expect(entries[1]).toMatchObject({ devNumber: '8:17', options: ['rw', 'nosuid', 'nodev'], fsType: 'vfat', source: '/dev/sdb1' });
  });

  it('unescapes space, tab, newline and backslash', () => {
    expect(unescapeMountField('a\\040b\\011c\\012d\\134e')).toBe('a b\tc\nd\\e');
  });

  it('decodes udev label names that mix UTF-8 and \\x escapes', () => {
    expect(decodeUdevName('KINGSTON\\x20DT')).toBe('KINGSTON DT');
    expect(decodeUdevName('课件\\x20盘')).toBe('课件 盘');
    expect(decodeUdevName('\\xe8\\xaf\\xbe')).toBe('课');
  });
});

describe('SystemRemovableMedia', () => {
  it('lists USB and removable volumes with label, size and free space, and leaves out system disks, pseudo filesystems and bind mounts', async () => {
    const sys = fakeSystem();
    sys.device('254:0', 'virtual/block/vda', { removable: '0', partition: false });
    // A USB hard disk says removable=0; being on a USB bus is what makes it a stick to offer.
    sys.device('8:17', `${USB_PATH}/sdb1`, { removable: '0', partition: true });
    // An SD card in a built-in reader: not USB, but removable=1.
    sys.device('179:1', 'platform/mmc/mmc0:0001/block/mmcblk0/mmcblk0p1', { removable: '1', partition: true });
    // A fixed second disk: neither.
    sys.device('8:1', 'pci0000:00/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda1', { removable: '0', partition: true });
    sys.label('\\xe8\\xaf\\xbe\\xe4\\xbb\\xb6\\x20U', 'sdb1');
    const stick = sys.mountPoint('学习 U盘');
    const sd = sys.mountPoint('SDCARD');
    const data = sys.mountPoint('data');
    sys.write([
      '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw',
      '28 27 0:21 / /proc rw - proc proc rw',
      `40 27 0:30 / ${escaped(sys.mountPoint('shm'))} rw - tmpfs tmpfs rw`,
      `98 27 8:17 / ${escaped(stick)} rw,nosuid shared:55 - vfat /dev/sdb1 rw`,
      // The same stick again, and a folder of it bound elsewhere: one volume.
      `99 27 8:17 / ${escaped(sys.mountPoint('again'))} rw - vfat /dev/sdb1 rw`,
      `100 27 8:17 /courses ${escaped(sys.mountPoint('bound'))} rw - vfat /dev/sdb1 rw`,
      `101 27 179:1 / ${escaped(sd)} ro,relatime - exfat /dev/mmcblk0p1 ro`,
      `102 27 8:1 / ${escaped(data)} rw - ext4 /dev/sda1 rw`,
    ]);
    const volumes = await watcher(sys).list();
    expect(volumes.map((v) => [v.label, v.mountPoint, v.device, v.fsType, v.readOnly])).toEqual([
      ['课件 U', stick, '/dev/sdb1', 'vfat', false],
      ['SDCARD', sd, '/dev/mmcblk0p1', 'exfat', true],
    ]);
    const stats = fs.statfsSync(stick);
    expect(volumes[0]).toMatchObject({ sizeBytes: stats.blocks * stats.bsize });
    expect(volumes[0]!.freeBytes).toBeGreaterThan(0);
    expect(volumes[0]!.id).toMatch(/^[0-9a-f]{12}$/);
    expect(volumes[0]!.id).not.toBe(volumes[1]!.id);
  });

  it('answers an empty list where there is no mount table', async () => {
    const w = new SystemRemovableMedia({ mountInfoPath: path.join(tempDir(), 'nothing-here') });
    expect(await w.list()).toEqual([]);
  });

  it('after a USB attach hint looks every half second, so a stick mounted a moment later is seen at once', async () => {
    const sys = fakeSystem();
    sys.device('8:17', `${USB_PATH}/sdb1`, { removable: '1', partition: true });
    const stick = sys.mountPoint('STICK');
    sys.write(['27 1 254:0 / / rw - ext4 /dev/vda rw']);
    // The slow poll is set far beyond the test's deadline: only the hint can make the change seen in time.
    const w = watcher(sys, { pollMs: 600_000, burstEveryMs: 50 });
    const seen: RemovableVolume[][] = [];
    w.onChange((v) => seen.push(v));
    await w.start();
    w.expectChange();
    // The automounter takes its time.
    await new Promise((resolve) => setTimeout(resolve, 120));
    sys.write(['27 1 254:0 / / rw - ext4 /dev/vda rw', `98 27 8:17 / ${escaped(stick)} rw - vfat /dev/sdb1 rw`]);
    await waitFor(() => seen.length > 0, 5_000, 'the new volume');
    expect(seen[0]!.map((v) => v.mountPoint)).toEqual([stick]);

    // Unplugged: the change is reported too, and only once.
    sys.write(['27 1 254:0 / / rw - ext4 /dev/vda rw']);
    w.expectChange();
    await waitFor(() => seen.length > 1, 5_000, 'the volume to go');
    expect(seen[1]).toEqual([]);
  });

  it('finds a volume by its own slow poll when no USB event comes', async () => {
    const sys = fakeSystem();
    sys.device('8:17', `${USB_PATH}/sdb1`, { removable: '1', partition: true });
    const stick = sys.mountPoint('STICK');
    sys.write(['27 1 254:0 / / rw - ext4 /dev/vda rw']);
    const w = watcher(sys, { pollMs: 100 });
    const seen: RemovableVolume[][] = [];
    w.onChange((v) => seen.push(v));
    await w.start();
    sys.write([`98 27 8:17 / ${escaped(stick)} rw - vfat /dev/sdb1 rw`]);
    await waitFor(() => seen.length > 0, 5_000, 'the volume by polling');
    expect(seen[0]![0]!.label).toBe('STICK');
  });
});
