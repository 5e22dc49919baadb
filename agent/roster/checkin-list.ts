// The roster as the check-in tiles need it — id, name, branch, category and the name's search keys, never a phone
// or a card — bounded by the roster cap, and built without holding the event loop: the pinyin of a name is worked
// out once and kept, a slice at a time.
import type { Db } from '../store/database.ts';
import { isRegisteredCategory, type MemberCategory } from './categories.pure.ts';
import { MemberStore } from './member-store.ts';
import { MAX_ROSTER_MEMBERS } from './roster-limits.pure.ts';
import type { NameKeys, NameReading } from './name-search.pure.ts';
import type { NameSortKey } from './name-order.ts';
import { nameOrderOf } from './roster-order.ts';

export interface CheckinTile {
  id: number;
  name: string;
  branch: string | null;
  category: MemberCategory;
  registered: boolean;
  initials: string;
  pinyin: string;
  /** The name's other readings (曾 read ceng as well as zeng). */
  alternates: NameReading[];
  /** Where the tile sits among those still to check in: the list's order, 姓氏笔画 or full pinyin (the station's setting). */
  order: number;
}

/** Search and sort keys by name: a roster's worth, and a little over when names change; cleared past that. */
const keysByName = new Map<string, { keys: NameKeys; sort: NameSortKey }>();

/** Working out the pinyin of 5,000 new names takes 100–200 ms: in slices of this much time, yielding between them. */
const SLICE_MS = 20;

export async function checkinTiles(db: Db, today: string): Promise<CheckinTile[]> {
  // The pinyin dictionary (half a megabyte) loads when the door first opens, not with the agent.
  const [{ nameKeys }, { nameSortKey, compareNameKeys }] = await Promise.all([import('./name-search.pure.ts'), import('./name-order.ts')]);
  // A roster that grew past the cap before there was one still answers in bounded size.
  const members = new MemberStore(db).tilesOn(today, MAX_ROSTER_MEMBERS);
  if (keysByName.size > 2 * MAX_ROSTER_MEMBERS) keysByName.clear();
  let sliceFrom = performance.now();
  for (const member of members) {
    if (keysByName.has(member.name)) continue;
    keysByName.set(member.name, { keys: nameKeys(member.name), sort: nameSortKey(member.name) });
    if (performance.now() - sliceFrom > SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceFrom = performance.now();
    }
  }
  const compare = compareNameKeys(nameOrderOf(db));
  const sorted = members
    .map((m, index) => ({ m, index, sort: keysByName.get(m.name)!.sort }))
    .sort((a, b) => compare(a.sort, b.sort) || a.index - b.index);
  return sorted.map(({ m }, order) => {
    const { initials, pinyin, alternates } = keysByName.get(m.name)!.keys;
    return { id: m.id, name: m.name, branch: m.branch, category: m.category, registered: isRegisteredCategory(m.category), initials, pinyin, alternates, order };
  });
}

/**
 * The list as last answered per station database, and what it was made from: the day and the members table as
 * it stood then. Per database, not per process: two stations in one process (a drill, the tests) each have theirs.
 */
const answered = new WeakMap<Db, { key: string; json: string }>();

/**
 * The check-in list as the answer's JSON text, made again only when the day or the members table changed: the
 * door asks for it on every opening and after every roster event, and sorting and serialising 5,000 tiles each
 * time held the agent's loop past 100 ms on a busy machine.
 */
export async function checkinListJson(db: Db, today: string): Promise<string> {
  const stamp = db.prepare('SELECT count(*) AS n, max(id) AS id, max(updated_at) AS at FROM members').get() as { n: number; id: number | null; at: number | null };
  const key = `${today}|${nameOrderOf(db)}|${stamp.n}|${stamp.id}|${stamp.at}`;
  const last = answered.get(db);
  if (last?.key === key) return last.json;
  const json = JSON.stringify({ members: await checkinTiles(db, today) });
  answered.set(db, { key, json });
  return json;
}
