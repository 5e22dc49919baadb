// What each unit's stations are sent — the programs and notices reaching its path and the policy holding there —
// kept in this hub process for as long as the database's downlink epoch is the one it was read under
// (county/store/downlink-epoch.ts). A report then reads none of the downlink's tables: every change to them writes
// a new epoch in its own transaction, and the station's own row, read first by every report and wait
// (StationStore.reporterOf), carries the epoch along. So a change committed through any hub process on the same
// database reaches each station at its next contact, never a stale downlink after it.
//
// Why an entry read under an epoch may be trusted while the epoch is unchanged: its rows were read after the epoch
// was, and any later change would have written a new one. A report that read an older epoch than the cache holds
// only makes the cache read again (wasted work, never staleness).
import type { UnitDownlink } from '../store/downlink-assembly.ts';

/** Stations whose last recorded downlink this process remembers (more are forgotten: one extra write each). */
const SENT_REMEMBERED = 100_000;

export class DownlinkCache {
  private epoch: string | null = null;
  /** By unit id ('' for stations under no unit); a read in flight is shared by the reports that wait for it. */
  private units = new Map<string, Promise<UnitDownlink>>();
  /** The downlink version each station was last recorded as sent by this process (delivery-store.ts). */
  private sent = new Map<string, string>();

  constructor(private readonly read: (unitId: string | null) => Promise<UnitDownlink>) {}

  /** What reaches the stations of `unitId`, as of `epoch` (read from the database by the caller, before this). */
  unit(unitId: string | null, epoch: string): Promise<UnitDownlink> {
    if (epoch !== this.epoch) {
      this.units.clear();
      this.epoch = epoch;
    }
    const key = unitId ?? '';
    let entry = this.units.get(key);
    if (entry === undefined) {
      entry = this.read(unitId);
      this.units.set(key, entry);
      // A failed read is not kept: the next report reads again.
      entry.catch(() => {
        if (this.units.get(key) === entry) this.units.delete(key);
      });
    }
    return entry;
  }

  /** Whether this process already recorded the station as sent this very downlink (its programs and notices). */
  recordedSent(stationId: string, version: string): boolean {
    return this.sent.get(stationId) === version;
  }

  rememberSent(stationId: string, version: string): void {
    if (this.sent.size >= SENT_REMEMBERED) this.sent.clear();
    this.sent.set(stationId, version);
  }
}
