// After the admin exit the kiosk service stays down for its automatic restart only, not for a later start or boot.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MARKER_FILE, MARKER_FRESH_MS, isFreshMarker, takeAdminExitMarker, writeAdminExitMarker } from '../../../kiosk/main/admin-exit-marker.ts';
import { tempDir } from '../../support/station-fixture.ts';

const T = 1_700_000_000_000;
const BOOT = 'boot-a';
const dirs: string[] = [];
const dir = () => {
  const d = tempDir('yj-marker-');
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('the admin exit marker', () => {
  it('is fresh in the same boot for a minute', () => {
    expect(isFreshMarker({ at: T, bootId: BOOT }, T + 3_000, BOOT)).toBe(true);
    expect(isFreshMarker({ at: T, bootId: BOOT }, T + MARKER_FRESH_MS - 1, BOOT)).toBe(true);
    expect(isFreshMarker({ at: T, bootId: BOOT }, T + MARKER_FRESH_MS, BOOT)).toBe(false);
  });

  it('means nothing after a reboot, or from the future, or when absent', () => {
    expect(isFreshMarker({ at: T, bootId: BOOT }, T + 1_000, 'boot-b')).toBe(false);
    expect(isFreshMarker({ at: T + 5_000, bootId: BOOT }, T, BOOT)).toBe(false);
    expect(isFreshMarker(null, T, BOOT)).toBe(false);
  });

  it('is used up by the first check', () => {
    const d = dir();
    writeAdminExitMarker(d, T, BOOT);
    expect(takeAdminExitMarker(d, T + 3_000, BOOT)).toBe(true);
    expect(takeAdminExitMarker(d, T + 4_000, BOOT)).toBe(false);
    expect(fs.existsSync(path.join(d, MARKER_FILE))).toBe(false);
  });

  it('is cleared when stale, so it cannot block a later start', () => {
    const d = dir();
    writeAdminExitMarker(d, T, BOOT);
    expect(takeAdminExitMarker(d, T + 10 * MARKER_FRESH_MS, BOOT)).toBe(false);
    expect(fs.existsSync(path.join(d, MARKER_FILE))).toBe(false);
  });

  it('ignores a damaged marker', () => {
    const d = dir();
    fs.writeFileSync(path.join(d, MARKER_FILE), '{not json');
    expect(takeAdminExitMarker(d, T, BOOT)).toBe(false);
    expect(fs.existsSync(path.join(d, MARKER_FILE))).toBe(false);
    fs.writeFileSync(path.join(d, MARKER_FILE), JSON.stringify({ at: 'x' }));
    expect(takeAdminExitMarker(d, T, BOOT)).toBe(false);
  });
});
