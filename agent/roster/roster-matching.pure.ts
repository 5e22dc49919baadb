// Pure roster rules across rows: the problems only the whole file shows (a card or a person twice), and which
// existing member each row is (the matching rule). Split from roster-rows.pure.ts, which checks each row alone.
import type { Member } from './member-store.ts';
import type { ParsedRow, RowError, RosterField } from './roster-rows.pure.ts';
import { MAX_ROWS_NAMED } from './roster-limits.pure.ts';
import type { MemberRef, RowProblem, RowRef } from '../../protocol/refusals/roster-row-texts.pure.ts';

export function rowError(rowNumber: number, field: RosterField | null, problem: RowProblem): RowError {
  return { rowNumber, field, ...problem };
}

/** The rows of a group, the first few by number and name: a person listed 4,000 times is named in a line, not a page. */
function describeRows(rows: readonly ParsedRow[]): { rows: RowRef[]; total: number } {
  return { rows: rows.slice(0, MAX_ROWS_NAMED).map((r) => ({ rowNumber: r.rowNumber, name: r.name ?? null })), total: rows.length };
}

function describeMember(member: Member): MemberRef {
  return { name: member.name, branch: member.branch };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}

/** A card UID may appear once in the file; every row that shares one is refused, since the file cannot say whose it is. */
export function checkCardsInFile(rows: readonly ParsedRow[]): void {
  for (const [card, group] of groupBy(rows, (r) => r.cardUid)) {
    if (group.length < 2) continue;
    const all = describeRows(group);
    for (const row of group) {
      row.errors.push(
        rowError(row.rowNumber, 'cardUid', { code: 'duplicate_card_in_file', params: { cardUid: card, ...all } }),
      );
    }
  }
}

/**
 * Two rows with the same name and branch, no card and the same phone (or none) could never be told
 * apart when the file is imported again, so they are almost certainly one person listed twice.
 */
export function checkPeopleInFile(rows: readonly ParsedRow[]): void {
  // A row whose phone was refused has no usable phone; grouping it as "no phone" would add a false alarm.
  const comparable = rows.filter((r) => r.name !== undefined && r.cardUid === undefined && !r.errors.some((e) => e.field === 'phone'));
  const groups = groupBy(comparable, (r) => `${r.name}\u0000${r.branch ?? ''}\u0000${r.phone ?? ''}`);
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const first = group[0]!;
    const all = describeRows(group);
    for (const row of group) {
      row.errors.push(
        rowError(row.rowNumber, 'name', { code: 'duplicate_person_in_file', params: { ...all, person: { name: first.name!, branch: first.branch ?? null } } }),
      );
    }
  }
}

/**
 * The matching rule (documented for people at the top of roster-import.ts). A row is an existing
 * member only if the name is identical: renaming a record would hand one person's attendance history
 * to another. Among members with that name, the card UID decides, then the phone, then the branch.
 * The passes run over the whole file in that order, and a member taken by a stronger pass is out of
 * reach of the weaker ones, so namesakes told apart by card or phone do not collide on branch.
 */
export function matchRows(rows: readonly ParsedRow[], existing: readonly Member[]): Map<ParsedRow, Member> {
  const matches = new Map<ParsedRow, Member>();
  const taken = new Set<number>();
  const byCard = new Map(existing.filter((m) => m.cardUid !== null).map((m) => [m.cardUid!, m] as const));

  // A card held by someone of another name is refused even on rows with other errors, so the person
  // fixing the file sees every problem at once.
  for (const row of rows) {
    if (row.name === undefined || row.cardUid === undefined) continue;
    const holder = byCard.get(row.cardUid);
    if (holder === undefined || holder.name === row.name) continue;
    row.errors.push(
      rowError(row.rowNumber, 'cardUid', { code: 'card_belongs_to_other', params: { cardUid: row.cardUid, holder: describeMember(holder) } }),
    );
  }

  const open = (): ParsedRow[] => rows.filter((r) => r.errors.length === 0 && r.name !== undefined && !matches.has(r));

  const claim = (pass: ReadonlyMap<ParsedRow, Member>): void => {
    const claimants = groupBy([...pass], ([, member]) => String(member.id));
    for (const group of claimants.values()) {
      const member = group[0]![1];
      taken.add(member.id);
      if (group.length === 1) {
        matches.set(group[0]![0], member);
        continue;
      }
      const all = describeRows(group.map(([row]) => row));
      for (const [row] of group) {
        row.errors.push(rowError(row.rowNumber, 'name', { code: 'same_member_twice', params: { ...all, member: describeMember(member) } }));
      }
    }
  };

  const ambiguous = (row: ParsedRow, candidates: readonly Member[]): void => {
    const members = candidates.slice(0, MAX_ROWS_NAMED).map(describeMember);
    row.errors.push(rowError(row.rowNumber, 'name', { code: 'ambiguous_match', params: { members, count: candidates.length } }));
  };

  // Members by name and phone, and by name and branch, so each row looks only at its own namesakes: linear in the
  // file and the roster, not their product.
  const byNamePhone = groupBy(existing, (m) => (m.phone === null ? undefined : `${m.name}\u0000${m.phone}`));
  const byNameBranch = groupBy(existing, (m) => `${m.name}\u0000${m.branch ?? ''}`);
  const untaken = (members: readonly Member[] | undefined): Member[] => (members ?? []).filter((m) => !taken.has(m.id));
  const sameBranch = (row: ParsedRow) => (m: Member) => m.branch === (row.branch ?? null);

  const byCardPass = new Map<ParsedRow, Member>();
  for (const row of open()) {
    const holder = row.cardUid === undefined ? undefined : byCard.get(row.cardUid);
    if (holder !== undefined) byCardPass.set(row, holder);
  }
  claim(byCardPass);

  const byPhonePass = new Map<ParsedRow, Member>();
  for (const row of open()) {
    if (row.phone === undefined) continue;
    let candidates = untaken(byNamePhone.get(`${row.name}\u0000${row.phone}`));
    if (candidates.length > 1) candidates = candidates.filter(sameBranch(row));
    if (candidates.length === 1) byPhonePass.set(row, candidates[0]!);
  }
  claim(byPhonePass);

  const byBranchPass = new Map<ParsedRow, Member>();
  for (const row of open()) {
    const candidates = untaken(byNameBranch.get(`${row.name}\u0000${row.branch ?? ''}`));
    if (candidates.length === 1) byBranchPass.set(row, candidates[0]!);
    else if (candidates.length > 1) ambiguous(row, candidates);
  }
  claim(byBranchPass);

  return matches;
}

/** A row that sets only one end of the active period must still agree with the end the member already has. */
export function checkActivePeriod(row: ParsedRow, match: Member): void {
  if (row.activeFrom !== undefined && row.activeTo !== undefined) return;
  const from = row.activeFrom ?? match.activeFrom;
  const to = row.activeTo ?? match.activeTo;
  if (from === null || to === null || from <= to) return;
  const field = row.activeTo === undefined ? 'activeFrom' : 'activeTo';
  row.errors.push(
    rowError(row.rowNumber, field, { code: 'date_order', params: { from, to, onRoster: true } }),
  );
}
