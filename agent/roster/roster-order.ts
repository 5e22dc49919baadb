// The station's chosen order of names (设置 › 名单排序: 姓氏笔画 or full pinyin) applied to a roster list: the
// branches stay grouped as they came, the names inside each follow the order. name-order.ts (with the pinyin
// and stroke data under it, half a megabyte) loads on first use, not with the agent, as for the check-in tiles.
import type { Db } from '../store/database.ts';
import { readStationSettings } from '../settings/settings-store.ts';
import type { NameOrderSetting } from '../settings/station-settings.pure.ts';
import type * as NameOrderModule from './name-order.ts';
import type { NameSortKey } from './name-order.ts';
import { MAX_ROSTER_MEMBERS } from './roster-limits.pure.ts';

let loaded: typeof NameOrderModule | null = null;

/** Sort keys by name, made once per name: a roster is listed far more often than its names change. */
const keys = new Map<string, NameSortKey>();

export function nameOrderOf(db: Db): NameOrderSetting {
  return readStationSettings(db).nameOrder;
}

/** Loads the ordering data; a synchronous caller (a document's loader) awaits this first. */
export async function loadNameOrder(): Promise<void> {
  loaded ??= await import('./name-order.ts');
}

/** `members` with each branch's names in `order`; the branches keep the order they came in; equals keep theirs. */
export async function orderRoster<T extends { name: string; branch?: string | null }>(members: readonly T[], order: NameOrderSetting): Promise<T[]> {
  await loadNameOrder();
  return orderLoadedRoster(members, order);
}

/**
 * As orderRoster, once loadNameOrder() has resolved (it throws otherwise: a missing await is a bug). A list
 * without branches (a report's excused members) is one group.
 */
export function orderLoadedRoster<T extends { name: string; branch?: string | null }>(members: readonly T[], order: NameOrderSetting): T[] {
  if (!loaded) throw new Error('orderLoadedRoster before loadNameOrder()');
  const { nameSortKey, compareNameKeys } = loaded;
  if (keys.size > 2 * MAX_ROSTER_MEMBERS) keys.clear();
  const keyOf = (name: string) => {
    let key = keys.get(name);
    if (!key) keys.set(name, (key = nameSortKey(name)));
    return key;
  };
  const branchRank = new Map<string | null, number>();
  for (const m of members) if (!branchRank.has(m.branch ?? null)) branchRank.set(m.branch ?? null, branchRank.size);
  const compare = compareNameKeys(order);
  return members
    .map((m, index) => ({ m, index, branch: branchRank.get(m.branch ?? null)!, key: keyOf(m.name) }))
    .sort((a, b) => a.branch - b.branch || compare(a.key, b.key) || a.index - b.index)
    .map(({ m }) => m);
}
