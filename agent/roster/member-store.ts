// Owner of the roster tables (members, member_excusals): the only code that writes them.
import { isLocalDate, isMonth } from '../clock/local-time.pure.ts';
import { inTransaction, type Db } from '../store/database.ts';
import { GENDERS, MEMBER_CATEGORIES, type Gender, type MemberCategory } from './categories.pure.ts';
import { normalizeBranch, normalizeCardUid, normalizeName, normalizePhone } from './roster-columns.pure.ts';
import { RosterError } from './roster-error.pure.ts';
import { statement } from '../../common/prepared-statements.ts';
import type { StationRefusals } from '../../protocol/refusals/station-refusals.pure.ts';

export interface Member {
  id: number;
  name: string;
  gender: Gender | null;
  category: MemberCategory;
  /** 困难党员: a flag beside the category (docs/domain.md); it changes no figure. */
  hardship: boolean;
  branch: string | null;
  cardUid: string | null;
  phone: string | null;
  /** First day on the roster (YYYY-MM-DD, station-local), null = always. */
  activeFrom: string | null;
  /** Last day on the roster, null = still on it. Members leave this way and are never deleted: attendance points at them. */
  activeTo: string | null;
  createdAt: number;
  updatedAt: number;
}

/** `hardship` may be left out (false): the flag came after the first callers. */
export type MemberInput = Omit<Member, 'id' | 'createdAt' | 'updatedAt' | 'hardship'> & { hardship?: boolean };

export { RosterError, type RosterErrorCode } from './roster-error.pure.ts';

interface MemberRow {
  id: number;
  name: string;
  gender: Gender | null;
  category: MemberCategory;
  hardship: 0 | 1;
  branch: string | null;
  card_uid: string | null;
  phone: string | null;
  active_from: string | null;
  active_to: string | null;
  created_at: number;
  updated_at: number;
}

function toMember(row: MemberRow): Member {
  return {
    id: row.id,
    name: row.name,
    gender: row.gender,
    category: row.category,
    hardship: row.hardship === 1,
    branch: row.branch,
    cardUid: row.card_uid,
    phone: row.phone,
    activeFrom: row.active_from,
    activeTo: row.active_to,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const INPUT_FIELDS = ['name', 'gender', 'category', 'hardship', 'branch', 'cardUid', 'phone', 'activeFrom', 'activeTo'] as const;

function invalid(rule: StationRefusals['invalid_member']['rule'], value: string, other = ''): RosterError {
  return RosterError.of('invalid_member', { rule, value, other });
}

/** Spells every field the one way the roster stores it, and refuses what the schema would refuse less clearly. */
function cleanInput(input: MemberInput): Required<MemberInput> {
  const member: Required<MemberInput> = {
    name: normalizeName(input.name ?? ''),
    gender: input.gender ?? null,
    category: input.category,
    hardship: input.hardship ?? false,
    branch: normalizeBranch(input.branch),
    cardUid: normalizeCardUid(input.cardUid),
    phone: normalizePhone(input.phone),
    activeFrom: input.activeFrom ?? null,
    activeTo: input.activeTo ?? null,
  };
  if (member.name === '') throw invalid('name', '');
  if (!MEMBER_CATEGORIES.includes(member.category)) throw invalid('category', String(member.category));
  if (typeof member.hardship !== 'boolean') throw invalid('hardship', String(member.hardship));
  if (member.gender !== null && !GENDERS.includes(member.gender)) throw invalid('gender', String(member.gender));
  for (const [field, rule] of [['activeFrom', 'active_from'], ['activeTo', 'active_to']] as const) {
    const date = member[field];
    if (date !== null && !isLocalDate(date)) throw invalid(rule, date);
  }
  if (member.activeFrom !== null && member.activeTo !== null && member.activeFrom > member.activeTo) {
    throw invalid('order', member.activeTo, member.activeFrom);
  }
  return member;
}

function checkMonth(month: string): void {
  if (!isMonth(month)) throw RosterError.of('invalid_month', { month });
}

/**
 * Reads and writes roster entries and excused months. It writes no station-log entries itself: the
 * caller knows who acted and why (an import logs one summary for hundreds of rows).
 */
export class MemberStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  list(options: { activeOn?: string } = {}): Member[] {
    const { activeOn } = options;
    if (activeOn !== undefined && !isLocalDate(activeOn)) {
      throw RosterError.of('invalid_date', { date: activeOn });
    }
    // Members without a branch go last, where a grouped roster puts "未分支部".
    const rows = this.#db
      .prepare(
        `SELECT * FROM members
         WHERE @day IS NULL OR ((active_from IS NULL OR active_from <= @day) AND (active_to IS NULL OR @day <= active_to))
         ORDER BY branch IS NULL, branch, name, id`,
      )
      .all({ day: activeOn ?? null }) as MemberRow[];
    return rows.map(toMember);
  }

  /**
   * Who on the roster on a date has a phone number ending in `tail` (four digits typed on the remote's number
   * keys at the door, as church and school kiosks do): their ids only, never the numbers; at most `limit`.
   */
  idsByPhoneTail(day: string, tail: string, limit = 20): number[] {
    if (!/^\d{4}$/.test(tail)) throw RosterError.of('invalid_phone_tail', { tail });
    return (
      this.#db
        .prepare(
          `SELECT id FROM members
           WHERE phone IS NOT NULL AND substr(phone, -4) = @tail
             AND (active_from IS NULL OR active_from <= @day) AND (active_to IS NULL OR @day <= active_to)
           ORDER BY id LIMIT @limit`,
        )
        .all({ day, tail, limit }) as { id: number }[]
    ).map((r) => r.id);
  }

  /** Who is on the roster on a date, as the check-in tiles show them (no phone, no card), at most `limit`, in list() order. */
  tilesOn(day: string, limit: number): Pick<Member, 'id' | 'name' | 'branch' | 'category'>[] {
    if (!isLocalDate(day)) throw RosterError.of('invalid_date', { date: day });
    return this.#db
      .prepare(
        `SELECT id, name, branch, category FROM members
         WHERE (active_from IS NULL OR active_from <= @day) AND (active_to IS NULL OR @day <= active_to)
         ORDER BY branch IS NULL, branch, name, id
         LIMIT @limit`,
      )
      .all({ day, limit }) as Pick<Member, 'id' | 'name' | 'branch' | 'category'>[];
  }

  /** Members on the roster on a station-local date or joining later: everyone who has not left by then. */
  countOnRoster(today: string): number {
    if (!isLocalDate(today)) throw RosterError.of('invalid_date', { date: today });
    return (this.#db.prepare('SELECT COUNT(*) AS n FROM members WHERE active_to IS NULL OR active_to >= ?').get(today) as { n: number }).n;
  }

  get(id: number): Member | undefined {
    const row = statement(this.#db, 'SELECT * FROM members WHERE id = ?').get(id) as MemberRow | undefined;
    return row === undefined ? undefined : toMember(row);
  }

  findByCardUid(uid: string): Member | undefined {
    const card = normalizeCardUid(uid);
    if (card === null) return undefined;
    const row = statement(this.#db, 'SELECT * FROM members WHERE card_uid = ?').get(card) as MemberRow | undefined;
    return row === undefined ? undefined : toMember(row);
  }

  add(input: MemberInput, at: number): Member {
    const member = cleanInput(input);
    return inTransaction(this.#db, () => {
      this.#assertCardFree(member.cardUid, null);
      const id = Number(
        statement(
          this.#db,
          `INSERT INTO members (name, gender, category, hardship, branch, card_uid, phone, active_from, active_to, created_at, updated_at)
             VALUES (@name, @gender, @category, @hardship, @branch, @cardUid, @phone, @activeFrom, @activeTo, @at, @at)`,
        ).run({ ...member, hardship: member.hardship ? 1 : 0, at }).lastInsertRowid,
      );
      return this.get(id)!;
    });
  }

  /** Fields absent from the patch (or undefined) keep their value; null clears. A patch that changes nothing leaves updatedAt alone. */
  update(id: number, patch: Partial<MemberInput>, at: number): Member {
    return inTransaction(this.#db, () => {
      const current = this.#require(id);
      const merged: Required<MemberInput> = { ...current };
      for (const field of INPUT_FIELDS) {
        if (patch[field] !== undefined) Object.assign(merged, { [field]: patch[field] });
      }
      const next = cleanInput(merged);
      if (INPUT_FIELDS.every((field) => next[field] === current[field])) return current;
      this.#assertCardFree(next.cardUid, id);
      statement(
        this.#db,
        `UPDATE members SET name = @name, gender = @gender, category = @category, hardship = @hardship, branch = @branch,
             card_uid = @cardUid, phone = @phone, active_from = @activeFrom, active_to = @activeTo, updated_at = @at
           WHERE id = @id`,
      ).run({ ...next, hardship: next.hardship ? 1 : 0, at, id });
      return this.get(id)!;
    });
  }

  /** 请假: the member is left out of both sides of the month's participation rate. Setting it again replaces the reason. */
  setExcused(memberId: number, month: string, reason: string, at: number): void {
    checkMonth(month);
    const text = reason.trim();
    if (text === '') throw RosterError.of('invalid_reason', {});
    inTransaction(this.#db, () => {
      this.#require(memberId);
      this.#db
        .prepare(
          `INSERT INTO member_excusals (member_id, month, reason, created_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (member_id, month) DO UPDATE SET reason = excluded.reason`,
        )
        .run(memberId, month, text, at);
    });
  }

  clearExcused(memberId: number, month: string): void {
    checkMonth(month);
    this.#db.prepare('DELETE FROM member_excusals WHERE member_id = ? AND month = ?').run(memberId, month);
  }

  excusedIn(month: string): Map<number, string> {
    checkMonth(month);
    const rows = this.#db
      .prepare('SELECT member_id, reason FROM member_excusals WHERE month = ? ORDER BY member_id')
      .all(month) as { member_id: number; reason: string }[];
    return new Map(rows.map((r) => [r.member_id, r.reason]));
  }

  #require(id: number): Member {
    const member = this.get(id);
    if (member === undefined) throw RosterError.of('member_not_found', { memberId: id });
    return member;
  }

  #assertCardFree(card: string | null, ownerId: number | null): void {
    if (card === null) return;
    const holder = this.findByCardUid(card);
    if (holder !== undefined && holder.id !== ownerId) {
      throw RosterError.of('duplicate_card', { cardUid: card, holder: holder.name });
    }
  }
}
