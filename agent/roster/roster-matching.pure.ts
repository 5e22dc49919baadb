// Pure roster rules across rows: the problems only the whole file shows (a card or a person twice), and which
// existing member each row is (the matching rule). Split from roster-rows.pure.ts, which checks each row alone.
import type { Member } from './member-store.ts';
import type { ParsedRow, RowError, RowErrorCode, RosterField } from './roster-rows.pure.ts';
import { MAX_ROWS_NAMED, count } from './roster-limits.pure.ts';

export function rowError(rowNumber: number, field: RosterField | null, code: RowErrorCode, zh: string, en: string): RowError {
  return { rowNumber, field, code, message: `${zh} / ${en}` };
}

/** The rows of a group, the first few by number and name: a person listed 4,000 times is named in a line, not a page. */
function describeRows(rows: readonly ParsedRow[]): { zh: string; en: string } {
  const named = rows.slice(0, MAX_ROWS_NAMED);
  const more = rows.length - named.length;
  return {
    zh: named.map((r) => `第 ${r.rowNumber} 行（${r.name ?? '无姓名'}）`).join('、') + (more > 0 ? ` 等共 ${count(rows.length)} 行` : ''),
    en: named.map((r) => `row ${r.rowNumber} (${r.name ?? 'no name'})`).join(', ') + (more > 0 ? ` and ${count(more)} more` : ''),
  };
}

function describeMember(member: Member): { zh: string; en: string } {
  return member.branch === null
    ? { zh: member.name, en: member.name }
    : { zh: `${member.name}（${member.branch}）`, en: `${member.name} (${member.branch})` };
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
        rowError(row.rowNumber, 'cardUid', 'duplicate_card_in_file', `卡号 ${card} 在文件中重复：${all.zh}`, `card ${card} appears more than once in the file: ${all.en}`),
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
    const where = first.branch === undefined ? '' : `，${first.branch}`;
    const whereEn = first.branch === undefined ? '' : `, ${first.branch}`;
    for (const row of group) {
      row.errors.push(
        rowError(
          row.rowNumber,
          'name',
          'duplicate_person_in_file',
          `${all.zh}似乎是同一人（${first.name}${where}）：姓名、支部相同，又没有卡号或不同的手机号可以区分`,
          `${all.en} look like the same person (${first.name}${whereEn}): same name and branch, and no card or different phone to tell them apart`,
        ),
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
    const who = describeMember(holder);
    row.errors.push(
      rowError(row.rowNumber, 'cardUid', 'card_belongs_to_other', `卡号 ${row.cardUid} 已分配给 ${who.zh}`, `card ${row.cardUid} already belongs to ${who.en}`),
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
      const who = describeMember(member);
      for (const [row] of group) {
        row.errors.push(
          rowError(
            row.rowNumber,
            'name',
            'same_member_twice',
            `${all.zh}都对应同一名已有党员 ${who.zh}，请填写卡号或手机号加以区分`,
            `${all.en} all match the same existing member ${who.en}; add a card or phone to tell them apart`,
          ),
        );
      }
    }
  };

  const ambiguous = (row: ParsedRow, candidates: readonly Member[]): void => {
    const who = candidates.slice(0, MAX_ROWS_NAMED).map(describeMember);
    if (candidates.length > MAX_ROWS_NAMED) who.push({ zh: '……', en: '…' });
    row.errors.push(
      rowError(
        row.rowNumber,
        'name',
        'ambiguous_match',
        `已有 ${candidates.length} 名党员与本行无法区分（${who.map((w) => w.zh).join('、')}），请填写卡号或手机号`,
        `${candidates.length} existing members fit this row equally (${who.map((w) => w.en).join(', ')}); add a card or phone`,
      ),
    );
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
    rowError(row.rowNumber, field, 'date_order', `截止日期 ${to} 早于起始日期 ${from}（其中一个日期来自现有名册）`, `active to ${to} is before active from ${from} (one of them is already on the roster)`),
  );
}
