// Owner of session_rosters: the registered members (应到) each ended group viewing was held for, fixed when it
// ended, so that a member added, back-dated or removed later does not move a finished viewing's figures.
import type { Db } from '../store/database.ts';
import { isRegisteredCategory, type MemberCategory } from './categories.pure.ts';
import { MemberStore } from './member-store.ts';
import { readStationSettings } from '../settings/settings-store.ts';
import type { NameOrderSetting } from '../settings/station-settings.pure.ts';

/** A registered member as a viewing's sheet names them: as they stood when it ended. */
export interface ExpectedMember {
  id: number;
  name: string;
  category: MemberCategory;
  branch: string | null;
  /** Kept so that the figures' pure functions take these rows as roster entries; always null. */
  activeFrom: null;
  activeTo: null;
}

interface StoredEntry {
  id: number;
  name: string;
  category: MemberCategory;
  branch: string | null;
}

const toExpected = (e: StoredEntry): ExpectedMember => ({ id: e.id, name: e.name, category: e.category, branch: e.branch, activeFrom: null, activeTo: null });

export class SessionRosterStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /**
   * Fixes a viewing's list from the roster of its date, with the station's name order of that moment (its sheet
   * lists names in it from then on); a list already fixed is kept (ending twice changes nothing).
   */
  take(sessionId: number, date: string, at: number): void {
    const members = new MemberStore(this.#db)
      .list({ activeOn: date })
      .filter((m) => isRegisteredCategory(m.category))
      .map((m) => ({ id: m.id, name: m.name, category: m.category, branch: m.branch }));
    this.#db
      .prepare('INSERT INTO session_rosters (session_id, members, taken_at, name_order) VALUES (?, ?, ?, ?) ON CONFLICT (session_id) DO NOTHING')
      .run(sessionId, JSON.stringify(members), at, readStationSettings(this.#db).nameOrder);
  }

  /** The fixed list of a viewing, or undefined while it has none (not ended yet, or not a group viewing). */
  get(sessionId: number): ExpectedMember[] | undefined {
    const row = this.#db.prepare('SELECT members FROM session_rosters WHERE session_id = ?').get(sessionId) as { members: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.members) as StoredEntry[]).map(toExpected);
  }

  /** The name order a viewing's list was fixed in (its sheet's order), or undefined while it has none. */
  nameOrder(sessionId: number): NameOrderSetting | undefined {
    const row = this.#db.prepare('SELECT name_order FROM session_rosters WHERE session_id = ?').get(sessionId) as { name_order: NameOrderSetting } | undefined;
    return row?.name_order;
  }

  /** A confirmed roster correction: the viewing's list becomes `members` (the caller keeps roster order). */
  replace(sessionId: number, members: readonly ExpectedMember[], at: number): void {
    const stored: StoredEntry[] = members.map((m) => ({ id: m.id, name: m.name, category: m.category, branch: m.branch }));
    this.#db.prepare('UPDATE session_rosters SET members = ?, changed_at = ? WHERE session_id = ?').run(JSON.stringify(stored), at, sessionId);
  }
}
