// The library's budget on a full disk: the share it shows stays within 0–100 %. Found as "779555800 %": a
// 7.8 MB library on a disk with less free than the 2 GiB reserve has a budget of 0, and the alert divided by
// max(1, 0). Pure figures with the numbers statfs gives for a full disk (bavail 0; a file system reporting
// no blocks at all), then the agent's library service on a real small disk (a tmpfs, which has less free
// than the reserve), raising its alert and writing its records.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertCenter } from '../../../agent/alerts/alert-center.ts';
import { StationEvents } from '../../../agent/events.ts';
import { decideHealthAlerts } from '../../../agent/health/health-alerts.pure.ts';
import { mirrorContentLog } from '../../../agent/library/library-records.ts';
import { BUDGET_ALERT, budgetFromDisk, effectiveBudgetBytes, LibraryService } from '../../../agent/library/library-service.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { queryContentLog } from '../../../content/content-log.ts';
import { importFile } from '../../../content/ingest.ts';
import { budgetPlan, percentShown, usedShare } from '../../../content/storage-budget.pure.ts';
import { diskFreeShare } from '../../../county/figures/alerts.pure.ts';
import { at, createStation, tempDir } from '../../support/station-fixture.ts';
import { makeMedia } from '../../content/media-fixtures.ts';

const NOW = at('2026-12-01 09:00');
/** The library of the station where the figure was seen. */
const LIBRARY_BYTES = 7_795_558;

describe('shares on a full disk (pure)', () => {
  it('gives a full disk a budget of 0, and a library on it 100 %, not its bytes × 100', () => {
    // statfs of a full disk: no block available to the agent; and a file system that reports no blocks at all.
    expect(budgetFromDisk(LIBRARY_BYTES, { bavail: 0, bsize: 4096 })).toBe(0);
    expect(budgetFromDisk(LIBRARY_BYTES, { bavail: 0, bsize: 0 })).toBe(0);
    expect(usedShare(LIBRARY_BYTES, 0)).toBe(1);
    expect(percentShown(usedShare(LIBRARY_BYTES, 0))).toBe(100);
    const plan = budgetPlan([{ id: 1, bytes: LIBRARY_BYTES, receivedAt: 0, lastPlayedAt: null, neededSoon: true }], 0, NOW);
    expect(plan).toMatchObject({ warn: true, shortfallBytes: LIBRARY_BYTES });
  });

  it('keeps every shown share within 0–100 %, and an empty library on a full disk warns of nothing', () => {
    expect(usedShare(0, 0)).toBe(0);
    expect(budgetPlan([], 0, NOW).warn).toBe(false);
    for (const share of [-3, 0, 0.5, 1, 1.2, 7_795_558, Infinity, -Infinity, NaN]) {
      const shown = percentShown(share);
      expect(shown, String(share)).toBeGreaterThanOrEqual(0);
      expect(shown, String(share)).toBeLessThanOrEqual(100);
    }
  });

  it('says the disk alert without a share when statfs reports no blocks, and never past 100 %', () => {
    const base = { at: NOW, cpuTempC: null, memUsedBytes: null, memTotalBytes: null, kioskConnected: true, kioskLastSeenAt: NOW, hubReachable: null, hubFailingSince: null };
    const none = decideHealthAlerts(new Set(), { ...base, diskFreeBytes: 0, diskTotalBytes: 0 } as never);
    const alert = none.raise.find((a) => a.code === 'disk_low')!;
    expect(alert.message).not.toMatch(/%/);
    expect(alert.message).not.toMatch(/NaN|Infinity/);
    // A hostile station's report at the hub: more free than its disk holds, or a total of 0.
    expect(diskFreeShare({ diskFreeBytes: 10 * LIBRARY_BYTES, diskTotalBytes: LIBRARY_BYTES })).toBe(1);
    expect(diskFreeShare({ diskFreeBytes: -5, diskTotalBytes: LIBRARY_BYTES })).toBe(0);
    expect(diskFreeShare({ diskFreeBytes: 0, diskTotalBytes: 0 })).toBeNull();
  });
});

describe('the library service on a disk with less free than the reserve', () => {
  let mount: string | null = null;
  let skipped: string | null = null;
  let media: string;

  beforeAll(async () => {
    media = tempDir('yj-fulldisk-media-');
    await makeMedia(path.join(media, 'a.mp4'), 'mp4', 2);
    const dir = tempDir('yj-fulldisk-');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=32m,mode=0755', 'tmpfs', dir], { stdio: 'pipe' });
      mount = dir;
    } catch (err) {
      fs.rmSync(dir, { recursive: true, force: true });
      skipped = `cannot mount a tmpfs here (${(err as Error).message.split('\n')[0]}); run as root`;
    }
  });

  afterAll(() => {
    if (mount) {
      execFileSync('umount', [mount], { stdio: 'pipe' });
      fs.rmSync(mount, { recursive: true, force: true });
    }
    fs.rmSync(media, { recursive: true, force: true });
  });

  it('raises its alert at 100 % and records the share as full', async ({ skip }) => {
    if (!mount) return skip(skipped ?? 'no tmpfs');
    const station = createStation({ dir: path.join(mount, 'station') });
    try {
      const r = await importFile(station.db, station.dir, path.join(media, 'a.mp4'), { source: 'inbox', now: () => NOW, onLog: mirrorContentLog(station.db, 'system') });
      expect(r.outcome).toBe('stored');
      // Less free than the reserve: the library has no room at all.
      expect(await effectiveBudgetBytes(station.db, station.dir)).toBe(0);
      const alerts = new AlertCenter(station.db, new StationEvents());
      const service = new LibraryService({ db: station.db, dataDir: station.dir, now: () => NOW, alerts });
      await service.checkBudget();
      const raised = alerts.list().find((a) => a.code === BUDGET_ALERT)!;
      expect(raised.message).toMatch(/已用 100%/);
      expect(raised.message).not.toMatch(/\d{4,}\s?%/);
      const warning = queryContentLog(station.db, { events: ['budget_warning'] })[0]!;
      expect(warning.detail).toMatchObject({ budgetBytes: 0, share: 1 });
      expect(queryStationLog(station.db, { type: 'content' }).map((e) => e.message).join('\n')).not.toMatch(/\d{4,}\s?%/);
    } finally {
      station.close();
    }
  });
});
