// A province's stations and their year, put into a hub's database in bulk (SQLite or PostgreSQL, through the
// hub's own seam), for bench/province.ts. Set-up, not measurement.
//
// Decisions:
// - Stations are inserted as enrolled rows (name, grade, secret, enrolled_at) in multi-row INSERTs: enrolling
//   20,000 over HTTP is one code issued and redeemed each, ~40,000 durable commits, longer than the ingest it
//   prepares. The secret is what redeeming a code would have handed the station; ingest checks signatures with it.
// - A year of history: TEMPLATES stations get their year through the hub's own ReportStore.storeBatch (the code
//   the ingest route runs, so every table the dashboard reads is filled as ingest fills it: uptime_spans,
//   session_reports, month_summaries, station_status, station_alerts, satisfaction/weekly reports …, at
//   bench/lib/county-year.ts's density); every other station gets a copy of its template's rows under its own
//   id, one INSERT … SELECT per table and chunk of stations (one SQL text for both databases). Station n's
//   template is n mod TEMPLATES and it has its template's grade, so the figures vary as 20 stations' do.
// - The raw `events` log of the year is NOT copied (only the templates have theirs): the overview and ranking
//   never read it, and 20,000 stations' 90 days kept after pruning would be ~9 million rows to generate.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import type { HubDatabase } from '../../county/store/hub-database.ts';
import { hubContext } from '../../county/hub-context.ts';
import { seededRandom } from '../../scripts/simulate-county.ts';
import { stationHistory, stationName, stationProfile, type StationProfile } from '../../scripts/county-traffic.ts';
import type { SimEvent } from '../../scripts/simulate-county.ts';
import type { EnrolledStation } from './virtual-county.ts';
import { YEAR_HEALTH_EVERY_MS } from './county-year.ts';
import { chunk } from './latency.pure.ts';

export const TEMPLATES = 20;
export const COUNTIES_PER_CITY = 10;
export const PROVINCE_UNIT = 'pv';
const INSERT_CHUNK = 1000;
/** Tables keyed by station that are not copied: the station itself, its raw log, its budget and codes. */
const NOT_COPIED = new Set(['stations', 'events', 'station_ingest_budget', 'enrollment_codes', 'pin_reset_codes']);

export interface ProvincePlan {
  stations: number;
  /**
   * Stations per county unit of the org tree (one province, cities of COUNTIES_PER_CITY counties, each station
   * placed in a county with coordinates); null: no units, a county-only hub as today.
   */
  stationsPerCounty: number | null;
  zone: string;
  /** The local day the stations report in the ingest ('YYYY-MM-DD'); the year ends the day before. */
  ingestDay: string;
  historyDays: number;
}

export interface SeededProvince {
  stations: EnrolledStation[];
  /** County units in the org tree (0: none). */
  counties: number;
  profiles: StationProfile[];
  /** Rows per table after seeding. */
  rows: Record<string, number>;
  templateMs: number;
  copyMs: number;
}

export function templateProfiles(): StationProfile[] {
  const rand = seededRandom(7);
  return Array.from({ length: TEMPLATES }, () => stationProfile(rand));
}

export function countyUnitId(county: number): string {
  return `county-${county + 1}`;
}

/** The province, its cities and its counties (through the hub's OrgStore: a handful of rows). */
async function addUnits(database: HubDatabase, plan: ProvincePlan, at: number): Promise<number> {
  if (plan.stationsPerCounty === null) return 0;
  const org = hubContext(database).org;
  const counties = Math.ceil(plan.stations / plan.stationsPerCounty);
  await org.addUnit({ id: PROVINCE_UNIT, parentId: null, level: 'province', name: '模拟省' }, at);
  for (let c = 0; c < Math.ceil(counties / COUNTIES_PER_CITY); c++) await org.addUnit({ id: `city-${c + 1}`, parentId: PROVINCE_UNIT, level: 'city', name: `第${c + 1}市` }, at);
  for (let k = 0; k < counties; k++) await org.addUnit({ id: countyUnitId(k), parentId: `city-${Math.floor(k / COUNTIES_PER_CITY) + 1}`, level: 'county', name: `第${k + 1}县` }, at);
  return counties;
}

export function provinceStationId(n: number): string {
  return `st-pv${n.toString(36).padStart(5, '0')}`;
}

function historyStart(plan: ProvincePlan): DateTime {
  return DateTime.fromISO(plan.ingestDay, { zone: plan.zone }).minus({ days: plan.historyDays });
}

/** Station n's reports of the ingest day: heartbeats every 5 min while it runs, hourly health, its viewings. */
export function dayTraffic(plan: ProvincePlan, n: number, now: number): SimEvent[] {
  const profile = templateProfiles()[n % TEMPLATES]!;
  // Session ids past any of the year's, so the day's viewings are new reports, not corrections of old ones.
  return stationHistory({ zone: plan.zone, firstDay: plan.ingestDay, days: 1, until: now, heartbeatMs: 5 * 60_000, healthEveryMs: 3600_000, profile, rand: seededRandom(1000 + n), firstSessionId: 10_000 });
}

export async function seedProvince(database: HubDatabase, plan: ProvincePlan, log: (line: string) => void): Promise<SeededProvince> {
  const db = database.kysely;
  const profiles = templateProfiles();
  const first = historyStart(plan);
  const enrolledAt = first.minus({ days: 1 }).set({ hour: 10 }).toMillis();
  const until = DateTime.fromISO(plan.ingestDay, { zone: plan.zone }).toMillis();
  const stations: EnrolledStation[] = Array.from({ length: plan.stations }, (_, n) => ({ id: provinceStationId(n), secret: randomBytes(32).toString('base64url') }));

  const counties = await addUnits(database, plan, enrolledAt);
  const perCounty = plan.stationsPerCounty;
  const place = (n: number) =>
    perCounty === null
      ? {}
      : { unit_id: countyUnitId(Math.floor(n / perCounty)), latitude: 36 + Math.floor(n / perCounty) * 0.1 + (n % 97) * 0.001, longitude: 80 + (n % perCounty) * 0.002 };
  for (const part of chunk(stations.map((s, n) => ({ s, n })), INSERT_CHUNK)) {
    await db
      .insertInto('stations')
      .values(part.map(({ s, n }) => ({ id: s.id, name: stationName(n), grade: profiles[n % TEMPLATES]!.grade, secret: s.secret, created_at: enrolledAt, enrolled_at: enrolledAt, last_seen_at: until - 3 * 3600_000, ...place(n) })))
      .execute();
  }
  if (counties > 0) log(`org tree: 1 province, ${Math.ceil(counties / COUNTIES_PER_CITY)} cities, ${counties} counties of ${perCounty} stations`);

  // The templates' year, through the hub's stores.
  let started = performance.now();
  const ctx = hubContext(database, { now: () => until, timeZone: plan.zone });
  const templates = Math.min(TEMPLATES, plan.stations);
  // A few stations at once: on PostgreSQL their transactions overlap (each holds only its own station's row).
  const storeYear = async (t: number) => {
    const history = stationHistory({ zone: plan.zone, firstDay: first.toISODate()!, days: plan.historyDays, until, heartbeatMs: null, healthEveryMs: YEAR_HEALTH_EVERY_MS, profile: profiles[t]!, rand: seededRandom(100 + t) });
    for (const batch of chunk(history, 500)) await ctx.reports.storeBatch(stations[t]!.id, batch, batch[batch.length - 1]!.at);
  };
  const parallel = database.dialect === 'postgres' ? 4 : 1;
  for (let t = 0; t < templates; t += parallel) await Promise.all(Array.from({ length: Math.min(parallel, templates - t) }, (_, i) => storeYear(t + i)));
  const templateMs = performance.now() - started;
  log(`${templates} template stations' ${plan.historyDays} days stored through the hub's ReportStore in ${(templateMs / 1000).toFixed(1)} s`);

  // Every other station: a copy of its template's rows.
  started = performance.now();
  const tables = (await db.introspection.getTables()).filter((t) => !NOT_COPIED.has(t.name) && t.columns.some((c) => c.name === 'station_id'));
  const copies = stations.slice(templates).map((s, i) => ({ id: s.id, template: stations[(i + templates) % TEMPLATES]!.id }));
  for (const table of tables) {
    const columns = table.columns.map((c) => c.name);
    const select = columns.map((c) => (c === 'station_id' ? sql`m.station_id` : sql`t.${sql.ref(c)}`));
    for (const part of chunk(copies, INSERT_CHUNK)) {
      const values = sql.join(part.map((p) => sql`(${p.id}, ${p.template})`));
      await sql`WITH m (station_id, template_id) AS (VALUES ${values})
                INSERT INTO ${sql.table(table.name)} (${sql.join(columns.map((c) => sql.ref(c)))})
                SELECT ${sql.join(select)} FROM ${sql.table(table.name)} t JOIN m ON m.template_id = t.station_id`.execute(db);
    }
  }
  const copyMs = performance.now() - started;
  const rows: Record<string, number> = {};
  for (const table of ['stations', 'events', ...tables.map((t) => t.name)]) {
    const r = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
    rows[table] = Number(r.rows[0]!.n);
  }
  log(`copied to ${copies.length} stations in ${(copyMs / 1000).toFixed(1)} s: ${Object.entries(rows).map(([t, n]) => `${t} ${n}`).join(', ')}`);
  return { stations, counties, profiles, rows, templateMs, copyMs };
}
