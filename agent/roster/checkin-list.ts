// The roster as the check-in tiles need it — id, name, branch, category and the name's search keys, never a phone
// or a card — bounded by the roster cap, and built without holding the event loop: the pinyin of a name is worked
// out once and kept, a slice at a time.
import type { Db } from '../store/database.ts';
import { isRegisteredCategory, type MemberCategory } from './categories.ts';
import { MemberStore } from './member-store.ts';
import { MAX_ROSTER_MEMBERS } from './roster-limits.ts';
import type { NameKeys } from './name-search.ts';

export interface CheckinTile {
  id: number;
  name: string;
  branch: string | null;
  category: MemberCategory;
  registered: boolean;
  initials: string;
  pinyin: string;
}

/** Search keys by name: a roster's worth, and a little over when names change; cleared past that. */
const keysByName = new Map<string, NameKeys>();

/** Working out the pinyin of 5,000 new names takes 100–200 ms: in slices of this much time, yielding between them. */
const SLICE_MS = 20;

export async function checkinTiles(db: Db, today: string): Promise<CheckinTile[]> {
  // The pinyin dictionary (half a megabyte) loads when the door first opens, not with the agent.
  const { nameKeys } = await import('./name-search.ts');
  // A roster that grew past the cap before there was one still answers in bounded size.
  const members = new MemberStore(db).tilesOn(today, MAX_ROSTER_MEMBERS);
  if (keysByName.size > 2 * MAX_ROSTER_MEMBERS) keysByName.clear();
  let sliceFrom = performance.now();
  for (const member of members) {
    if (keysByName.has(member.name)) continue;
    keysByName.set(member.name, nameKeys(member.name));
    if (performance.now() - sliceFrom > SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceFrom = performance.now();
    }
  }
  return members.map((m) => ({
    id: m.id,
    name: m.name,
    branch: m.branch,
    category: m.category,
    registered: isRegisteredCategory(m.category),
    ...keysByName.get(m.name)!,
  }));
}
