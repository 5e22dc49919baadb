// A station's downlink made from what reaches its unit (DownlinkStore.unitContent, read once per unit and kept by
// county/live/downlink-cache.ts): the programs and notices its grade and id are targeted by, the notices still
// current on `today`, the policy of its unit's path and its own withdrawn PIN reset codes, versioned by content.
import { downlinkVersion, type Downlink, type Policy } from '../../protocol/downlink.pure.ts';
import { targetReaches, type ReachedStation } from './downlink-targets.ts';
import type { CountyNoticeRecord, CountyProgramRecord } from './downlink-store.ts';

/** What reaches every station of one unit (or of no unit), before targets and dates narrow it. */
export interface UnitDownlink {
  /** The unit and its ancestors, top first (empty: a station under no unit). */
  path: readonly string[];
  /** Current programs that are hub-wide or of a unit on the path. */
  programs: readonly CountyProgramRecord[];
  /** Current notices that are hub-wide or of a unit on the path, whatever their last day. */
  notices: readonly CountyNoticeRecord[];
  /** The policy that holds on the path (the nearest unit's own, else the hub-wide one). */
  policy: Policy;
}

/**
 * What `station` receives; notices past their last day are no longer sent; its withdrawn PIN reset codes ride
 * along when there are any (so a downlink without them hashes as before). A call that does not say whose
 * downlink it is gets only what is not targeted.
 */
export function assembleDownlink(unit: UnitDownlink, today: string, withdrawn: readonly { window: number; nonce: number }[], station?: ReachedStation): Downlink {
  const content: Omit<Downlink, 'version'> = {
    programs: unit.programs.filter((p) => targetReaches(p, station)).map((p) => ({
      id: p.stationKey,
      title: p.title,
      kind: p.kind,
      rule: p.rule,
      checkinOpensBeforeMin: p.checkinOpensBeforeMin,
      checkinClosesAfterMin: p.checkinClosesAfterMin,
      notes: p.notes,
      course: p.course,
      ...(p.liveStartedAt === undefined ? {} : { liveStartedAt: p.liveStartedAt }),
      ...(p.liveEndedAt === undefined ? {} : { liveEndedAt: p.liveEndedAt }),
    })),
    notices: unit.notices.filter((n) => targetReaches(n, station) && (n.until === null || n.until >= today)).map((n) => ({ id: n.stationKey, text: n.text, until: n.until })),
    policy: unit.policy,
    ...(withdrawn.length > 0 ? { withdrawnResetCodes: [...withdrawn] } : {}),
  };
  return { version: downlinkVersion(content), ...content };
}
