// The systemd units and install.sh for a Debian terminal: the keys that must be there, no typos, and an
// installer that shows what it does and refuses politely without root.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ADMIN_EXIT_CODE } from '../../kiosk/main/shell-api.ts';

const OS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/os');
const AGENT_UNIT = path.join(OS_DIR, 'yuanjiao-agent.service');
const KIOSK_UNIT = path.join(OS_DIR, 'yuanjiao-kiosk.service');
const INSTALL = path.join(OS_DIR, 'install.sh');

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
    'Type', 'User', 'Group', 'Environment', 'WorkingDirectory', 'ExecCondition', 'ExecStart', 'Restart', 'RestartSec', 'RestartPreventExitStatus', 'TimeoutStopSec', 'UMask',
    'StateDirectory', 'StateDirectoryMode', 'NoNewPrivileges', 'PrivateTmp', 'ProtectSystem', 'ReadWritePaths', 'ProtectHome', 'ProtectKernelTunables',
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

/** A shell variable assigned at the top of install.sh, so the units and the installer cannot drift apart. */
function installVar(name: string): string {
  const m = new RegExp(`^${name}=(\\S+)$`, 'm').exec(fs.readFileSync(INSTALL, 'utf8'));
  if (!m) throw new Error(`install.sh sets no ${name}`);
  return m[1]!;
}

describe.each([AGENT_UNIT, KIOSK_UNIT])('%s', (file) => {
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
});

describe('the agent unit', () => {
  const unit = parseUnit(AGENT_UNIT);

  it('runs `yuanjiao start --no-kiosk` from the installed link as the agent user', () => {
    expect(one(unit, 'Service', 'ExecStart')).toBe(`${installVar('BIN_LINK')} start --no-kiosk`);
    expect(one(unit, 'Service', 'User')).toBe(installVar('AGENT_USER'));
  });

  it('keeps its data in the directory install.sh creates', () => {
    const dataDir = installVar('DATA_DIR');
    expect(all(unit, 'Service', 'Environment')).toContain(`YUANJIAO_DATA=${dataDir}`);
    expect(one(unit, 'Service', 'WorkingDirectory')).toBe(dataDir);
    expect(`/var/lib/${one(unit, 'Service', 'StateDirectory')}`).toBe(dataDir);
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
});

describe('the kiosk unit', () => {
  const unit = parseUnit(KIOSK_UNIT);

  it('runs `yuanjiao kiosk` under cage on tty1 as the kiosk user, in a login session', () => {
    expect(one(unit, 'Service', 'ExecStart')).toBe(`/usr/bin/cage -- ${installVar('BIN_LINK')} kiosk`);
    expect(one(unit, 'Service', 'User')).toBe(installVar('KIOSK_USER'));
    expect(one(unit, 'Service', 'PAMName')).toBe('login');
    expect(one(unit, 'Service', 'TTYPath')).toBe('/dev/tty1');
    expect(all(unit, 'Unit', 'Conflicts')).toContain('getty@tty1.service');
  });

  it('comes after the agent and pulls it in', () => {
    expect(all(unit, 'Unit', 'After')).toContain('yuanjiao-agent.service');
    expect(all(unit, 'Unit', 'Wants')).toContain('yuanjiao-agent.service');
  });

  it('stays down after the admin exit, and only then, whether or not cage passes the exit code on', () => {
    expect(all(unit, 'Service', 'RestartPreventExitStatus')).toEqual([String(ADMIN_EXIT_CODE)]);
    expect(one(unit, 'Service', 'ExecCondition')).toBe(`${installVar('BIN_LINK')} kiosk --check-admin-exit`);
  });

  it('does not let cage switch terminals (no -s)', () => {
    expect(one(unit, 'Service', 'ExecStart')).not.toMatch(/cage\s+(-\w*s|.*\s-s\s)/);
  });
});

const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
describe.skipIf(analyze.status !== 0)('systemd-analyze verify (where systemd is installed)', () => {
  it('finds nothing wrong but the commands this machine does not have', () => {
    const res = spawnSync('systemd-analyze', ['verify', AGENT_UNIT, KIOSK_UNIT], { encoding: 'utf8' });
    const problems = `${res.stdout}\n${res.stderr}`
      .split('\n')
      .filter((l) => l.trim() !== '')
      .filter((l) => l.includes('yuanjiao-'))
      .filter((l) => !/is not executable|No such file or directory/.test(l));
    expect(problems).toEqual([]);
  });
});

describe('install.sh', () => {
  it('is valid bash', () => {
    const res = spawnSync('bash', ['-n', INSTALL], { encoding: 'utf8' });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
  });

  it('shows every step in a dry run and changes nothing', () => {
    const res = spawnSync('bash', [INSTALL, '--dry-run'], { encoding: 'utf8' });
    expect(res.status, res.stderr).toBe(0);
    for (const expected of ['yuanjiao-agent.service', 'yuanjiao-kiosk.service', 'systemctl enable', installVar('BIN_LINK'), installVar('DATA_DIR')]) {
      expect(res.stdout).toContain(expected);
    }
    expect(res.stdout).toContain('演练');
  });

  it('installs only the agent with --no-kiosk', () => {
    const res = spawnSync('bash', [INSTALL, '--dry-run', '--no-kiosk'], { encoding: 'utf8' });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain('yuanjiao-agent.service');
    expect(res.stdout).not.toContain('yuanjiao-kiosk.service');
  });

  it('refuses an unknown option as a usage mistake', () => {
    expect(spawnSync('bash', [INSTALL, '--dry-run', '--bogus'], { encoding: 'utf8' }).status).toBe(2);
  });

  // As root here, the refusal is shown as the unprivileged user nobody, when nobody can read the script.
  const isRoot = process.getuid?.() === 0;
  const asNobody = isRoot && spawnSync('runuser', ['-u', 'nobody', '--', 'test', '-r', INSTALL]).status === 0;
  it.skipIf(isRoot && !asNobody)('refuses politely without root, saying how to run it', () => {
    const res = isRoot ? spawnSync('runuser', ['-u', 'nobody', '--', 'bash', INSTALL], { encoding: 'utf8' }) : spawnSync('bash', [INSTALL], { encoding: 'utf8' });
    expect(res.status).toBe(1);
    expect(res.stdout).toContain('root');
    expect(res.stdout).toContain('sudo');
  });
});

describe('the USB automount rule', () => {
  const rule = fs.readFileSync(path.join(OS_DIR, '99-yuanjiao-usb-mount.rules'), 'utf8');

  it('mounts USB filesystems read-only through systemd-mount, unmounted on unplug', () => {
    const run = rule.split('\n').find((l) => l.startsWith('RUN'));
    expect(run).toContain('/usr/bin/systemd-mount');
    expect(run).toContain('--collect');
    expect(run).toContain('/media/yuanjiao/');
    for (const line of rule.split('\n').filter((l) => l.includes('YUANJIAO_MOUNT_OPTIONS}="'))) expect(line).toMatch(/="ro,nosuid,nodev,noexec/);
    expect(rule).toContain('ENV{ID_BUS}!="usb"');
  });

  it('leaves no placeholder that install.sh does not fill in', () => {
    const placeholders = new Set(rule.match(/@[A-Z_]+@/g));
    expect([...placeholders].sort()).toEqual(['@AGENT_GID@', '@AGENT_UID@']);
    const installer = fs.readFileSync(INSTALL, 'utf8');
    for (const p of placeholders) expect(installer).toContain(`s/${p}/`);
  });

  it('is installed by install.sh with the kiosk, not without it', () => {
    const withKiosk = spawnSync('bash', [INSTALL, '--dry-run'], { encoding: 'utf8' });
    expect(withKiosk.stdout).toContain('/etc/udev/rules.d/99-yuanjiao-usb-mount.rules');
    expect(withKiosk.stdout).toContain('udevadm control --reload');
    const agentOnly = spawnSync('bash', [INSTALL, '--dry-run', '--no-kiosk'], { encoding: 'utf8' });
    expect(agentOnly.stdout).not.toContain('99-yuanjiao-usb-mount.rules');
  });
});

describe('the Chromium policy', () => {
  it('is valid JSON that turns DevTools and downloads off and keeps printing', () => {
    const policy = JSON.parse(fs.readFileSync(path.join(OS_DIR, 'chromium-policy.json'), 'utf8')) as Record<string, unknown>;
    expect(policy).toMatchObject({ DeveloperToolsAvailability: 2, DownloadRestrictions: 3, PrintingEnabled: true });
  });
});
