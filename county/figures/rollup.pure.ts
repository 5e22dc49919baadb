// A group of stations' figures added up — a unit's, or one station's as a row beside its sibling units — and the
// siblings' ranks. Pure: the rows are the ranking's own (views/station-rows.ts), so a unit's figures are exactly
// those of its stations, whatever level it sits at.
//
// - Online now counts the enrolled stations heard from in the window; the online rate is over enrolled ones.
// - Uptime is the average of the stations' uptime in the month (the overview's rule), participation Σ attended ÷
//   Σ registered (a weighted rate), compliance the share of the month's stations that held their minimum.
// - Siblings rank by participation rate, best first; equal rates share a place (1, 2, 2, 4); none is last.
import { ratio } from './online.pure.ts';
import { countyParticipation, type Participation } from './participation.pure.ts';

/** What a roll-up needs of a station: its registry state now and its row of the month (null: not in the month). */
export interface RollupStation {
  enrolled: boolean;
  online: boolean;
  month: {
    uptime: number | null;
    compliant: boolean;
    registered: number | null;
    attendedRegistered: number | null;
  } | null;
}

export interface Rollup {
  /** Stations registered (current ones), enrolled among them, and those heard from in the online window. */
  stations: number;
  enrolled: number;
  onlineNow: number;
  onlineRate: number | null;
  uptime: number | null;
  participation: Participation;
  /** Stations counted in the month, those that held the minimum, and the share (达标率). */
  inMonth: number;
  compliant: number;
  complianceRate: number | null;
}

export function rollUp(stations: readonly RollupStation[]): Rollup {
  const enrolled = stations.filter((s) => s.enrolled);
  const online = enrolled.filter((s) => s.online).length;
  const months = stations.flatMap((s) => (s.month ? [s.month] : []));
  const uptimes = months.flatMap((m) => (m.uptime === null ? [] : [m.uptime]));
  const reporting = months.flatMap((m) => (m.registered === null || m.attendedRegistered === null ? [] : [{ registered: m.registered, attendedRegistered: m.attendedRegistered }]));
  const compliant = months.filter((m) => m.compliant).length;
  return {
    stations: stations.length,
    enrolled: enrolled.length,
    onlineNow: online,
    onlineRate: ratio(online, enrolled.length),
    uptime: uptimes.length === 0 ? null : ratio(uptimes.reduce((a, b) => a + b, 0), uptimes.length),
    participation: countyParticipation(reporting),
    inMonth: months.length,
    compliant,
    complianceRate: ratio(compliant, months.length),
  };
}

/** Each sibling's place by participation rate: 1 + the number with a strictly better rate; no rate is worst. */
export function siblingRanks<T extends { participation: { rate: number | null } }>(siblings: readonly T[]): number[] {
  const rate = (s: T) => s.participation.rate ?? -1;
  const order = siblings.map((s, i) => ({ rate: rate(s), i })).sort((a, b) => b.rate - a.rate);
  const ranks: number[] = new Array<number>(siblings.length);
  order.forEach((o, place) => (ranks[o.i] = place > 0 && order[place - 1]!.rate === o.rate ? ranks[order[place - 1]!.i]! : place + 1));
  return ranks;
}
