// Tells the county how far its programs got here (issue 17, delivery state), from the station's own events: a
// county program's showing started ('shown'; for a live broadcast, playing) and its check-ins so far. What was
// received is queued where the downlink is applied (downlink.ts). Queued after the fact is committed (the events
// are emitted then); a crash in between loses only this progress note, never the fact.
import type { Db } from '../store/database.ts';
import type { StationEvent } from '../events.ts';
import { enqueueOutbox } from '../outbox/outbox-store.ts';
import { readSetting } from '../settings/settings-store.ts';
import { SessionStore } from '../sessions/session-store.ts';
import { writeSetting } from '../settings/settings-store.ts';
import type { Notice } from '../notices/notice-store.ts';
import { COUNTY_NOTICES_SETTING, COUNTY_PROGRAMS_SETTING, NOTICES_SHOWN_SETTING, readUplinkConfig } from './uplink-settings.ts';

/** The county's key of a station program that came from the county, or null. */
function countyKeyOf(db: Db, programId: number): string | null {
  const map = readSetting<Record<string, number>>(db, COUNTY_PROGRAMS_SETTING) ?? {};
  for (const [key, local] of Object.entries(map)) if (local === programId) return key;
  return null;
}

/** Queues the delivery event an event calls for, if any; returns whether one was queued. */
export function reportDelivery(db: Db, event: StationEvent, at: number): boolean {
  if (event.type !== 'program_starting' && event.type !== 'attendance_changed') return false;
  if (!readUplinkConfig(db)) return false;
  const programId = event.type === 'program_starting' ? event.programId : new SessionStore(db).get(event.sessionId)?.programId;
  if (programId === undefined || programId === null) return false;
  const key = countyKeyOf(db, programId);
  if (key === null) return false;
  if (event.type === 'program_starting') enqueueOutbox(db, 'delivery', at, { state: 'shown', keys: [key] });
  else enqueueOutbox(db, 'delivery', at, { state: 'checkins', keys: [key], checkedIn: event.attendedRegistered + event.guests });
  return true;
}

/**
 * The kiosk was handed its board with these notices (GET /api/state): the county notices among them not yet
 * reported are reported shown, once each. Returns whether anything was queued (the caller wakes the uplink).
 */
export function reportNoticesShown(db: Db, notices: readonly Notice[], at: number): boolean {
  if (!notices.some((n) => n.origin === 'county') || !readUplinkConfig(db)) return false;
  const keys = readSetting<Record<string, string>>(db, COUNTY_NOTICES_SETTING) ?? {};
  const shown = new Set(readSetting<string[]>(db, NOTICES_SHOWN_SETTING) ?? []);
  const fresh = notices.flatMap((n) => (n.origin === 'county' && keys[n.id] !== undefined && !shown.has(keys[n.id]!) ? [keys[n.id]!] : []));
  if (fresh.length === 0) return false;
  // Only keys still on the board are remembered: the list stays as short as the board.
  const onBoard = new Set(Object.values(keys));
  db.transaction(() => {
    enqueueOutbox(db, 'delivery', at, { state: 'shown', keys: fresh.slice(0, 250) });
    writeSetting(db, NOTICES_SHOWN_SETTING, [...[...shown].filter((k) => onBoard.has(k)), ...fresh], at);
  })();
  return true;
}
