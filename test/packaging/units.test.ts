// The systemd units, udev rule, Chromium policy and maintainer scripts the packages install: the keys that
// must be there, no typos, and units that agree with the users, directories and commands the packages make.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADMIN_EXIT_CODE } from '../../kiosk/main/shell-api.pure.ts';
import { DAMAGED_DATABASE_EXIT_CODE } from '../../common/database-check.ts';
import { PACKAGES } from '../../packaging/build-debs.ts';
import { parseEnvironmentFile, serviceCommand } from '../../packaging/drill/unit-file.ts';
import { REPO } from '../support/agent-process.ts';

const PACKAGING = path.join(REPO, 'packaging');
const STATION = path.join(PACKAGING, 'station');
const COUNTY = path.join(PACKAGING, 'county');
const AGENT_UNIT = path.join(STATION, 'yuanjiao-agent.service');
const KIOSK_UNIT = path.join(STATION, 'yuanjiao-kiosk.service');
const HUB_UNIT = path.join(COUNTY, 'yuanjiao-county.service');

type Unit = Map<string, Map<string, string[]>>;

/** Reads a unit file the way systemd does for what matters here: sections, repeated keys, comments, continuations. */
function parseUnit(file: string): Unit {
  const unit: Unit = new Map();
  let section: Map<string, string[]> | null = null;
  const lines = fs.readFileSync(file, 'utf8').replace(/\\\n/g, ' ').split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      section = new Map();
      unit.set(header[1]!, section);
      continue;
    }
    const kv = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (!kv || !section) throw new Error(`${path.basename(file)}:${i + 1}: not a key=value line inside a section: ${line}`);
    section.set(kv[1]!, [...(section.get(kv[1]!) ?? []), kv[2]!]);
  }
  return unit;
}

/** The directives these units may use; anything else is a typo systemd would only warn about and ignore. */
const KNOWN: Record<string, string[]> = {
  Unit: ['Description', 'Documentation', 'Wants', 'Requires', 'After', 'Before', 'Conflicts', 'ConditionPathExists', 'StartLimitIntervalSec', 'StartLimitBurst'],
  Service: [
    'Type', 'User', 'Group', 'Environment', 'EnvironmentFile', 'WorkingDirectory', 'ExecCondition', 'ExecStart', 'Restart', 'RestartSec', 'RestartPreventExitStatus', 'TimeoutStopSec', 'UMask',
    'StateDirectory', 'StateDirectoryMode', 'CacheDirectory', 'CacheDirectoryMode', 'NoNewPrivileges', 'PrivateTmp', 'PrivateDevices', 'ProtectSystem', 'ReadWritePaths', 'ProtectHome', 'ProtectKernelTunables',
    'ProtectKernelModules', 'ProtectKernelLogs', 'ProtectControlGroups', 'ProtectClock', 'ProtectHostname', 'RestrictSUIDSGID', 'RestrictRealtime',
    'RestrictNamespaces', 'LockPersonality', 'SystemCallArchitectures', 'RestrictAddressFamilies', 'PAMName', 'TTYPath', 'TTYReset', 'TTYVHangup',
    'TTYVTDisallocate', 'StandardInput', 'StandardOutput', 'StandardError', 'UtmpIdentifier', 'UtmpMode',
  ],
  Install: ['WantedBy', 'RequiredBy', 'Alias'],
};

const one = (unit: Unit, section: string, key: string): string => {
  const values = unit.get(section)?.get(key);
  if (!values || values.length !== 1) throw new Error(`[${section}] ${key}: expected exactly one value, got ${JSON.stringify(values)}`);
  return values[0]!;
};
const all = (unit: Unit, section: string, key: string): string[] => (unit.get(section)?.get(key) ?? []).flatMap((v) => v.split(/\s+/)).filter(Boolean);

/** A shell variable a maintainer script sets at its top, so units and scripts cannot drift apart. */
function scriptVar(file: string, name: string): string {
  const m = new RegExp(`^${name}=(\\S+)$`, 'm').exec(fs.readFileSync(file, 'utf8'));
  if (!m) throw new Error(`${path.relative(REPO, file)} sets no ${name}`);
  return m[1]!;
}
const stationVar = (name: string) => scriptVar(path.join(STATION, 'postinst'), name);
const countyVar = (name: string) => scriptVar(path.join(COUNTY, 'postinst'), name);
const commandOf = (name: string) => `/usr/bin/${PACKAGES.find((p) => p.name === name)!.command}`;

describe.each([AGENT_UNIT, KIOSK_UNIT, HUB_UNIT])('%s', (file) => {
  const unit = parseUnit(file);

  it('has the three sections and only directives we know', () => {
    expect([...unit.keys()]).toEqual(['Unit', 'Service', 'Install']);
    for (const [section, keys] of unit) {
      for (const key of keys.keys()) expect(KNOWN[section], `[${section}] ${key}`).toContain(key);
    }
  });

  it('runs an absolute command, restarts for ever and starts at boot', () => {
    expect(one(unit, 'Service', 'ExecStart')).toMatch(/^\//);
    expect(one(unit, 'Service', 'Restart')).toBe('always');
    expect(Number(one(unit, 'Service', 'RestartSec'))).toBeGreaterThan(0);
    expect(one(unit, 'Unit', 'StartLimitIntervalSec')).toBe('0');
    expect(one(unit, 'Install', 'WantedBy')).toBe('multi-user.target');
    expect(one(unit, 'Unit', 'Description').length).toBeGreaterThan(0);
  });

  it('is installed by its package', () => {
    expect(PACKAGES.flatMap((p) => p.files.map((f) => f.to))).toContain(`/usr/lib/systemd/system/${path.basename(file)}`);
  });
});

describe.each([AGENT_UNIT, HUB_UNIT])('%s on a damaged database', (file) => {
  it('does not restart on the exit code of a damaged database (it cannot mend by starting again every 3 s)', () => {
    expect(all(parseUnit(file), 'Service', 'RestartPreventExitStatus')).toEqual([String(DAMAGED_DATABASE_EXIT_CODE)]);
  });
});

describe('the agent unit', () => {
  const unit = parseUnit(AGENT_UNIT);

  it('runs `yuanjiao start --no-kiosk` from the packaged command as the agent user', () => {
    expect(one(unit, 'Service', 'ExecStart')).toBe(`${commandOf('yuanjiao-station')} start --no-kiosk`);
    expect(one(unit, 'Service', 'User')).toBe(stationVar('AGENT_USER'));
  });

  it('keeps its data in the directory postinst creates, and reads /etc/default/yuanjiao', () => {
    const dataDir = stationVar('DATA_DIR');
    expect(all(unit, 'Service', 'Environment')).toContain(`YUANJIAO_DATA=${dataDir}`);
    expect(one(unit, 'Service', 'WorkingDirectory')).toBe(dataDir);
    expect(`/var/lib/${one(unit, 'Service', 'StateDirectory')}`).toBe(dataDir);
    expect(one(unit, 'Service', 'EnvironmentFile')).toBe('-/etc/default/yuanjiao');
  });

  it('has a cache directory for the V8 code cache (the installed tree is read-only), which a purge removes', () => {
    const cache = `/var/cache/${one(unit, 'Service', 'CacheDirectory')}`;
    expect(cache).toBe('/var/cache/yuanjiao');
    expect(fs.readFileSync(path.join(STATION, 'postrm'), 'utf8')).toMatch(new RegExp(`rm -rf [^\\n]*${cache}(\\s|$)`, 'm'));
  });

  it('is hardened, without the options that would break Node or USB', () => {
    expect(one(unit, 'Service', 'NoNewPrivileges')).toBe('yes');
    expect(one(unit, 'Service', 'ProtectSystem')).toBe('strict');
    expect(one(unit, 'Service', 'PrivateTmp')).toBe('yes');
    const service = unit.get('Service')!;
    expect(service.has('MemoryDenyWriteExecute')).toBe(false);
    expect(service.has('PrivateDevices')).toBe(false);
    expect(service.has('PrivateNetwork')).toBe(false);
    expect(all(unit, 'Service', 'RestrictAddressFamilies')).toEqual(expect.arrayContaining(['AF_UNIX', 'AF_INET']));
  });

  it('takes the port from /etc/default, and the file the package ships sets nothing by default', () => {
    const command = serviceCommand(fs.readFileSync(AGENT_UNIT, 'utf8'), (f) => (f === '/etc/default/yuanjiao' ? 'YUANJIAO_PORT=18720\n' : null));
    expect(command).toMatchObject({ user: 'yuanjiao', workingDirectory: '/var/lib/yuanjiao', argv: ['/usr/bin/yuanjiao', 'start', '--no-kiosk'] });
    expect(command.environment).toMatchObject({ YUANJIAO_DATA: '/var/lib/yuanjiao', YUANJIAO_PORT: '18720' });
    expect(parseEnvironmentFile(fs.readFileSync(path.join(STATION, 'default'), 'utf8'))).toEqual({});
  });
});

describe('the kiosk unit', () => {
  const unit = parseUnit(KIOSK_UNIT);

  it('runs `yuanjiao kiosk` under cage on tty1 as the kiosk user, in a login session', () => {
    expect(one(unit, 'Service', 'ExecStart')).toBe(`/usr/bin/cage -- ${commandOf('yuanjiao-station')} kiosk`);
    expect(one(unit, 'Service', 'User')).toBe(stationVar('KIOSK_USER'));
    expect(one(unit, 'Service', 'PAMName')).toBe('login');
    expect(one(unit, 'Service', 'TTYPath')).toBe('/dev/tty1');
    expect(all(unit, 'Unit', 'Conflicts')).toContain('getty@tty1.service');
  });

  it('keeps its browser profile in the kiosk user’s own folder, not the agent’s data', () => {
    expect(all(unit, 'Service', 'Environment')).toContain(`YUANJIAO_DATA=${stationVar('KIOSK_HOME')}`);
  });

  it('comes after the agent and pulls it in', () => {
    expect(all(unit, 'Unit', 'After')).toContain('yuanjiao-agent.service');
    expect(all(unit, 'Unit', 'Wants')).toContain('yuanjiao-agent.service');
  });

  it('stays down after the admin exit, and only then, whether or not cage passes the exit code on', () => {
    expect(all(unit, 'Service', 'RestartPreventExitStatus')).toEqual([String(ADMIN_EXIT_CODE)]);
    expect(one(unit, 'Service', 'ExecCondition')).toBe(`${commandOf('yuanjiao-station')} kiosk --check-admin-exit`);
  });

  it('does not let cage switch terminals (no -s)', () => {
    expect(one(unit, 'Service', 'ExecStart')).not.toMatch(/cage\s+(-\w*s|.*\s-s\s)/);
  });
});

describe('the hub unit', () => {
  const unit = parseUnit(HUB_UNIT);

  it('runs `yuanjiao-county start` as the hub user on the data directory postinst creates', () => {
    expect(one(unit, 'Service', 'ExecStart')).toBe(`${commandOf('yuanjiao-county')} start`);
    expect(one(unit, 'Service', 'User')).toBe(countyVar('HUB_USER'));
    expect(all(unit, 'Service', 'Environment')).toContain(`YUANJIAO_COUNTY_DATA=${countyVar('DATA_DIR')}`);
    expect(one(unit, 'Service', 'EnvironmentFile')).toBe('-/etc/default/yuanjiao-county');
  });
});

const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
describe.skipIf(analyze.status !== 0)('systemd-analyze verify (where systemd is installed)', () => {
  it('finds nothing wrong but the commands this machine does not have', () => {
    const res = spawnSync('systemd-analyze', ['verify', AGENT_UNIT, KIOSK_UNIT, HUB_UNIT], { encoding: 'utf8' });
    const problems = `${res.stdout}\n${res.stderr}`
      .split('\n')
      .filter((l) => l.trim() !== '')
      .filter((l) => l.includes('yuanjiao-'))
      // The commands and man pages the packages install are not on this machine.
      .filter((l) => !/is not executable|No such file or directory|Command 'man /.test(l));
    expect(problems).toEqual([]);
  });
});

describe('the maintainer scripts and launchers', () => {
  const scripts = ['station', 'county'].flatMap((dir) => ['postinst', 'prerm', 'postrm', 'launcher'].map((name) => path.join(PACKAGING, dir, name)));

  it.each(scripts)('%s is a valid POSIX shell script, executable', (file) => {
    const res = spawnSync('sh', ['-n', file], { encoding: 'utf8' });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(fs.statSync(file).mode & 0o111).not.toBe(0);
  });

  it('deletes the data only on purge', () => {
    for (const dir of ['station', 'county']) {
      const postrm = fs.readFileSync(path.join(PACKAGING, dir, 'postrm'), 'utf8');
      const purge = postrm.slice(postrm.indexOf('if [ "$1" = purge ]'));
      expect(purge).toMatch(/rm -rf \/var\/lib\/yuanjiao/);
      expect(postrm.slice(0, postrm.indexOf('if [ "$1" = purge ]'))).not.toContain('rm -rf');
      expect(fs.readFileSync(path.join(PACKAGING, dir, 'postinst'), 'utf8')).not.toContain('rm -');
    }
  });

  it('does not start the screen at first install (the installer may be logged in on tty1)', () => {
    const postinst = fs.readFileSync(path.join(STATION, 'postinst'), 'utf8');
    expect(postinst).not.toMatch(/deb-systemd-invoke (start|restart) yuanjiao-kiosk/);
    expect(postinst).toContain('systemctl try-restart yuanjiao-kiosk.service');
  });
});

describe('the USB automount rule and its helper', () => {
  const rule = fs.readFileSync(path.join(STATION, '99-yuanjiao-usb-mount.rules'), 'utf8');

  it('runs the packaged helper for USB filesystems only', () => {
    const run = rule.split('\n').find((l) => l.startsWith('RUN'));
    expect(run).toContain('/usr/lib/yuanjiao-station/usb-mount $devnode %k $env{ID_FS_TYPE}');
    expect(rule).toContain('ENV{ID_BUS}!="usb"');
    expect(PACKAGES[0]!.files.map((f) => f.to)).toContain('/usr/lib/yuanjiao-station/usb-mount');
  });

  // The helper with a fake systemd-mount on PATH (this machine has no USB stick to plug in): what it would mount.
  const helper = (fstype: string, name = 'sdb1') => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'yj-usb-'));
    fs.writeFileSync(path.join(bin, 'systemd-mount'), '#!/bin/sh\necho "$@"\n', { mode: 0o755 });
    const script = fs.readFileSync(path.join(STATION, 'usb-mount'), 'utf8').replace('/usr/bin/systemd-mount', 'systemd-mount').replace(/id -([ug]) yuanjiao/g, 'echo 4242');
    fs.writeFileSync(path.join(bin, 'usb-mount'), script, { mode: 0o755 });
    const res = spawnSync('sh', [path.join(bin, 'usb-mount'), '/dev/sdb1', name, fstype], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    fs.rmSync(bin, { recursive: true, force: true });
    return res;
  };

  it('mounts read-only under /media/yuanjiao through systemd-mount, unmounted on unplug, FAT in GBK for the agent', () => {
    const vfat = helper('vfat');
    expect(vfat.status, vfat.stderr).toBe(0);
    expect(vfat.stdout).toContain('--collect');
    expect(vfat.stdout).toContain('--options=ro,nosuid,nodev,noexec,uid=4242,gid=4242,codepage=936,iocharset=utf8');
    expect(vfat.stdout.trim().endsWith('/dev/sdb1 /media/yuanjiao/sdb1')).toBe(true);
    expect(helper('ext4').stdout).toContain('--options=ro,nosuid,nodev,noexec /dev/sdb1');
  });

  it('refuses a device name that could leave /media/yuanjiao', () => {
    const res = helper('vfat', '../../etc');
    expect(res.status).toBe(1);
    expect(res.stdout).toBe('');
  });
});

describe('the Chromium policy', () => {
  it('is valid JSON that keeps the DevTools window blocked, downloads off and printing on', () => {
    const policy = JSON.parse(fs.readFileSync(path.join(STATION, 'chromium-policy.json'), 'utf8')) as Record<string, unknown>;
    expect(policy).toMatchObject({ DeveloperToolsAvailability: 1, RemoteDebuggingAllowed: true, DownloadRestrictions: 3, PrintingEnabled: true });
    expect(policy.URLBlocklist).toContain('devtools://*');
  });
});
