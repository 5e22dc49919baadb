// The keys of the room's keyboard that could take the terminal down without a PIN, closed by the station
// package: Ctrl+Alt+Delete (systemd's ctrl-alt-del.target, masked by postinst, unmasked by postrm's purge —
// only if the package masked it) and Alt+SysRq (kernel.sysrq = 0 in a conffile under /etc/sysctl.d). The
// maintainer scripts' own functions are run on a temporary root (DPKG_ROOT), never on this machine's /etc.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PACKAGES } from '../../packaging/build-debs.ts';
import { REPO } from '../support/agent-process.ts';
import { tempDir } from '../support/station-fixture.ts';

const STATION = path.join(REPO, 'packaging', 'station');
const POSTINST = fs.readFileSync(path.join(STATION, 'postinst'), 'utf8');
const POSTRM = fs.readFileSync(path.join(STATION, 'postrm'), 'utf8');

/** The script's text from `from` up to (not including) `to`: its variables and functions, not its actions. */
function part(script: string, from: string, to: string): string {
  const start = script.indexOf(from);
  const end = script.indexOf(to, start);
  if (start < 0 || end < 0) throw new Error(`no ${from} … ${to} in the script`);
  return script.slice(start, end);
}

const MASK = part(POSTINST, 'CAD_TARGET=', '# What dh_installsystemd would write');
const UNMASK = part(POSTRM, 'CAD_TARGET=', 'if [ "$1" = purge ]');

let root: string;
const target = () => path.join(root, 'etc/systemd/system/ctrl-alt-del.target');

/** Runs one of the scripts' functions with DPKG_ROOT at the temporary root, as dpkg would run the script. */
function run(functions: string, call: string): void {
  const res = spawnSync('sh', ['-c', `set -e\n${functions}\n${call}\n`], { env: { PATH: process.env.PATH, DPKG_ROOT: root }, encoding: 'utf8' });
  expect(res.status, res.stderr).toBe(0);
}

beforeEach(() => {
  root = tempDir('yj-kiosk-keys-');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('Ctrl+Alt+Delete', () => {
  it('is masked at install, stays masked through an upgrade, and the purge takes the mask back', () => {
    run(MASK, 'mask_ctrl_alt_del');
    expect(fs.readlinkSync(target())).toBe('/dev/null');
    run(MASK, 'mask_ctrl_alt_del');
    expect(fs.readlinkSync(target())).toBe('/dev/null');
    run(UNMASK, 'unmask_ctrl_alt_del');
    expect(() => fs.lstatSync(target())).toThrow();
    expect(fs.existsSync(path.join(root, 'var/lib/yuanjiao-station'))).toBe(false);
  });

  it('keeps an administrator’s choice: unmasked after install stays unmasked through upgrades', () => {
    run(MASK, 'mask_ctrl_alt_del');
    fs.rmSync(target());
    run(MASK, 'mask_ctrl_alt_del');
    expect(() => fs.lstatSync(target())).toThrow();
  });

  it('leaves a file the administrator had there before, at install and at purge', () => {
    fs.mkdirSync(path.dirname(target()), { recursive: true });
    fs.writeFileSync(target(), '[Unit]\nDescription=their own\n');
    run(MASK, 'mask_ctrl_alt_del');
    expect(fs.readFileSync(target(), 'utf8')).toContain('their own');
    run(UNMASK, 'unmask_ctrl_alt_del');
    expect(fs.readFileSync(target(), 'utf8')).toContain('their own');
  });

  it('runs the mask at every configure, before the services start', () => {
    const configure = POSTINST.slice(POSTINST.indexOf('configure|abort-upgrade'));
    expect(configure.indexOf('mask_ctrl_alt_del')).toBeGreaterThan(0);
    expect(configure.indexOf('mask_ctrl_alt_del')).toBeLessThan(configure.indexOf('enable_unit'));
    const purge = POSTRM.slice(POSTRM.indexOf('if [ "$1" = purge ]'));
    expect(purge).toContain('unmask_ctrl_alt_del');
  });
});

describe('Alt+SysRq', () => {
  it('is off from a conffile in /etc/sysctl.d, applied at install and given back at purge', () => {
    const station = PACKAGES.find((p) => p.name === 'yuanjiao-station')!;
    const file = '/etc/sysctl.d/60-yuanjiao-kiosk.conf';
    expect(station.files).toContainEqual({ from: 'sysctl.conf', to: file, mode: 0o644 });
    expect(station.conffiles).toContain(file);
    const settings = fs
      .readFileSync(path.join(STATION, 'sysctl.conf'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'));
    expect(settings).toEqual(['kernel.sysrq = 0']);
    expect(POSTINST).toContain(`systemd-sysctl ${file}`);
    // dpkg removes the conffile at purge; the system's own sysctl settings are applied again.
    expect(POSTRM.slice(POSTRM.indexOf('if [ "$1" = purge ]'))).toMatch(/\n\s+systemd-sysctl >/);
  });
});
