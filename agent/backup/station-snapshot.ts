// What a station backup must give back on a replacement terminal: every table's row count and the figures an
// inspection reads — each month's report (as of the backup's instant), the members on the roster and the
// outbox's position (the last event queued, how many wait) — read the same way before and after.
import type { Db } from '../store/database.ts';
import { monthlyReport } from '../reports/monthly-report.ts';
import { readSetting, readStationSettings } from '../settings/settings-store.ts';
import { SECRET_SETTING } from '../uplink/uplink-settings.ts';

/** Tables whose rows are the station's records: a target holding any of them is not a fresh terminal. */
export const STATION_RECORD_TABLES = ['members', 'sessions', 'attendance', 'activities', 'mobile_ledger', 'room_uses', 'weekly_reports'] as const;

/** Months of reports a manifest carries at most (ten years of monthly viewings). */
const MAX_MONTHS = 120;

export interface StationSnapshot {
  counts: Record<string, number>;
  figures: StationFigures;
}

export interface StationFigures {
  station: { id: string; name: string; enrolled: boolean };
  members: number;
  outbox: { lastSeq: number; pending: number };
  /** Month → the monthly report's figures (its sessions included), without the instant it was made. */
  months: Record<string, unknown>;
}

export function stationTableCounts(db: Db): Record<string, number> {
  const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  return Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n]));
}

/** Whether the station holds records or is enrolled: a restore onto it then needs --replace. */
export function stationHoldsRecords(db: Db): boolean {
  const present = new Set(Object.keys(stationTableCounts(db)));
  if (STATION_RECORD_TABLES.some((t) => present.has(t) && db.prepare(`SELECT 1 FROM "${t}" LIMIT 1`).get() !== undefined)) return true;
  return present.has('settings') && readSetting<string>(db, SECRET_SETTING) !== undefined;
}

export function stationFigures(db: Db, at: number): StationFigures {
  const settings = readStationSettings(db);
  const months = (db.prepare('SELECT DISTINCT substr(occurrence_date, 1, 7) AS m FROM sessions ORDER BY m DESC LIMIT ?').all(MAX_MONTHS) as { m: string }[]).map((r) => r.m).sort();
  const reports: Record<string, unknown> = {};
  for (const month of months) {
    const { generatedAt, ...figures } = monthlyReport(db, month, at);
    void generatedAt; // the instant of the read, not a figure
    reports[month] = figures;
  }
  const outbox = db.prepare('SELECT coalesce(max(seq), 0) AS lastSeq, coalesce(sum(delivered_at IS NULL), 0) AS pending FROM outbox').get() as { lastSeq: number; pending: number };
  return {
    station: { id: settings.stationId, name: settings.stationName, enrolled: readSetting<string>(db, SECRET_SETTING) !== undefined },
    members: (db.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n,
    outbox,
    months: reports,
  };
}

export function stationSnapshot(db: Db, at: number): StationSnapshot {
  return { counts: stationTableCounts(db), figures: stationFigures(db, at) };
}

/** The figures as the CLI prints them after a backup or a restore. */
export function describeStation(s: StationSnapshot): string[] {
  const f = s.figures;
  const lines = [
    `  站点 / station: ${f.station.name}（${f.station.id}${f.station.enrolled ? '，已加入平台 / enrolled' : ''}）；名册 / roster: ${f.members} 人；待上报 / outbox pending: ${f.outbox.pending}（最后序号 / last seq ${f.outbox.lastSeq}）`,
  ];
  for (const [month, r] of Object.entries(f.months as Record<string, { sessionsHeld: number; participationRate: number | null; registered: number }>)) {
    const rate = r.participationRate === null ? '—' : `${(r.participationRate * 100).toFixed(1)}%`;
    lines.push(`  ${month}: 集中收看 ${r.sessionsHeld} 次，在册 ${r.registered} 人，参学率 ${rate} / viewings held ${r.sessionsHeld}, registered ${r.registered}, participation ${rate}`);
  }
  return lines;
}
