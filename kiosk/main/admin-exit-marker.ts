// Remembers, for a minute, that the screen ended by the admin exit, so the kiosk service does not bring it back.
//
// The kiosk unit stops restarting on exit code 10 (RestartPreventExitStatus). That needs cage to pass
// its client's exit status on, which older cage releases do not: they exit 0 and systemd restarts the
// screen. So `yuanjiao kiosk` also leaves this marker, and the unit's ExecCondition
// (`yuanjiao kiosk --check-admin-exit`) skips the restart while it is fresh. Fresh means written in
// this boot and less than a minute ago: the automatic restart comes within seconds, while a manual
// `systemctl start` later, or the next boot, must open the screen again.
import fs from 'node:fs';
import path from 'node:path';

export const MARKER_FILE = 'kiosk-admin-exit.json';
export const MARKER_FRESH_MS = 60_000;

export interface AdminExitMarker {
  at: number;
  bootId: string;
}

/** The kernel's id of this boot ('' where there is none, e.g. not Linux). */
export function currentBootId(): string {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return '';
  }
}

export function isFreshMarker(marker: AdminExitMarker | null, now: number, bootId: string): boolean {
  return marker !== null && marker.bootId === bootId && now >= marker.at && now - marker.at < MARKER_FRESH_MS;
}

export function writeAdminExitMarker(dir: string, now = Date.now(), bootId = currentBootId()): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, MARKER_FILE), JSON.stringify({ at: now, bootId } satisfies AdminExitMarker));
}

/** True when the screen was just left through the admin exit; the marker is used up either way. */
export function takeAdminExitMarker(dir: string, now = Date.now(), bootId = currentBootId()): boolean {
  const file = path.join(dir, MARKER_FILE);
  if (!fs.existsSync(file)) return false;
  let marker: AdminExitMarker | null = null;
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<AdminExitMarker>;
    if (typeof parsed.at === 'number' && typeof parsed.bootId === 'string') marker = { at: parsed.at, bootId: parsed.bootId };
  } catch {
    // A damaged marker counts as none, and goes.
  }
  fs.rmSync(file, { force: true });
  return isFreshMarker(marker, now, bootId);
}
