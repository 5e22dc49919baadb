// Which stations of its unit's subtree a program or notice reaches (hub migration 0022): all of them, those of some
// site grades, or a list of stations. The unit (migration 0015) still says whose it is and which subtree it may
// reach; a target only narrows that. Kept as JSON text in two columns, read and written only here.
import type { Grade } from '../../protocol/site-grades.pure.ts';

/** What narrows a program's or notice's reach within its unit: nothing, some grades, or some stations. */
export interface DownlinkTarget {
  grades?: Grade[];
  stationIds?: string[];
}

/** The station a downlink is for, as far as targets ask. */
export interface ReachedStation {
  id: string;
  grade: string;
}

export function targetColumns(target: DownlinkTarget): { target_grades: string | null; target_stations: string | null } {
  return {
    target_grades: target.grades === undefined ? null : JSON.stringify([...new Set(target.grades)].sort()),
    target_stations: target.stationIds === undefined ? null : JSON.stringify([...new Set(target.stationIds)].sort()),
  };
}

export function targetOf(row: { target_grades: string | null; target_stations: string | null }): DownlinkTarget {
  return {
    ...(row.target_grades === null ? {} : { grades: JSON.parse(row.target_grades) as Grade[] }),
    ...(row.target_stations === null ? {} : { stationIds: JSON.parse(row.target_stations) as string[] }),
  };
}

/**
 * Whether a targeted item reaches `station`. An untargeted one reaches every station of its unit's subtree; a
 * targeted one only a station the downlink names (none: a call that does not say whose downlink it is).
 */
export function targetReaches(target: DownlinkTarget, station: ReachedStation | undefined): boolean {
  if (target.grades === undefined && target.stationIds === undefined) return true;
  if (station === undefined) return false;
  if (target.grades !== undefined && !target.grades.includes(station.grade as Grade)) return false;
  if (target.stationIds !== undefined && !target.stationIds.includes(station.id)) return false;
  return true;
}
