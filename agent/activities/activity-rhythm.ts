// The 三会一课 rhythm of the station's register as of a day: the county's rule (its policy downlink, or the
// regulations' default) applied to the activities that stand — withdrawn ones do not count.
import type { Db } from '../store/database.ts';
import { ActivityStore } from './activity-store.ts';
import { readSetting } from '../settings/settings-store.ts';
import { POLICY_SETTING } from '../uplink/uplink-settings.ts';
import { checkRhythm, periodOf, rhythmOf, type BranchRhythm, type RhythmLine } from '../../protocol/branch-rhythm.pure.ts';
import type { Policy } from '../../protocol/downlink.pure.ts';

export function currentRhythm(db: Db): BranchRhythm {
  return rhythmOf(readSetting<Policy>(db, POLICY_SETTING));
}

/** The rhythm's lines for the periods holding `asOf` (a month's last day for its report, today for the board). */
export function rhythmAsOf(db: Db, asOf: string): RhythmLine[] {
  // A quarter is the longest period a rule counts over: its activities are all that can matter.
  const quarter = periodOf('quarter', asOf);
  const standing = new ActivityStore(db)
    .between(quarter.from, asOf)
    .filter((a) => a.withdrawn === null)
    .map((a) => ({ kind: a.kind, date: a.date }));
  return checkRhythm(currentRhythm(db), standing, asOf);
}
