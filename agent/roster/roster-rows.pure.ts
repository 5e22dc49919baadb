// Pure roster rules for rows: check each row of a file, and decide which existing member a row is.
import type { Gender, MemberCategory } from './categories.pure.ts';
import type { Member, MemberInput } from './member-store.ts';
import type { RowProblem, RowProblemCode } from '../../protocol/refusals/roster-row-texts.pure.ts';
import { isMobilePhone, normalizeBranch, normalizeCardUid, normalizeName, normalizePhone, parseCategory, parseDate, parseFlag, parseGender } from './roster-columns.pure.ts';
import type { RosterField } from './roster-columns.pure.ts';
import { MAX_LISTED_PROBLEMS } from './roster-limits.pure.ts';
import { checkActivePeriod, checkCardsInFile, checkPeopleInFile, matchRows, rowError } from './roster-matching.pure.ts';

export type { RosterField };

/** A file row as read: cells keyed by the header text, rowNumber as Excel shows it. */
export interface RawRosterRow {
  rowNumber: number;
  cells: Record<string, string>;
}

export type RowErrorCode = RowProblemCode;

/** A row's problem (its code and values: protocol/refusals/roster-row-texts.pure.ts words them), where it is. */
export type RowError = RowProblem & {
  rowNumber: number;
  /** Set when the same problem runs over consecutive rows: rowNumber to lastRowNumber (summarizeRowErrors). */
  lastRowNumber?: number;
  field: RosterField | null;
};

// ---------------------------------------------------------------------------------------------
// Rows.

/**
 * What a row says. An optional field is present only when its cell is filled: an empty cell (or a
 * missing column) means "the file does not say", and never clears what the station already has, so a
 * county spreadsheet without card numbers cannot wipe the cards enrolled at the terminal.
 */
export interface RosterRowValues {
  name: string;
  category: MemberCategory;
  gender?: Gender;
  hardship?: boolean;
  branch?: string;
  cardUid?: string;
  phone?: string;
  activeFrom?: string;
  activeTo?: string;
}

/** A row that passed every check, with the existing member it is (null: a new member). */
export interface CheckedRow {
  rowNumber: number;
  values: RosterRowValues;
  match: Member | null;
}

export interface RowCheck {
  /** Rows with something in a roster column; blank template rows ("序号" filled, nothing else) are not counted. */
  rowCount: number;
  checked: CheckedRow[];
  /** Every problem, ordered by row. A row with any error is not in `checked`. */
  errors: RowError[];
}

export interface ParsedRow {
  rowNumber: number;
  name?: string;
  category?: MemberCategory;
  gender?: Gender;
  hardship?: boolean;
  branch?: string;
  cardUid?: string;
  phone?: string;
  activeFrom?: string;
  activeTo?: string;
  errors: RowError[];
}

/** The lengths the admin screen allows (admin-roster-routes.ts), so a file cannot put longer text on a tile. */
const MAX_LENGTH: Partial<Record<RosterField, number>> = { name: 40, branch: 60, cardUid: 64 };

function tooLong(field: RosterField, value: string): boolean {
  return value.length > (MAX_LENGTH[field] ?? Infinity);
}

function parseRow(row: RawRosterRow, columns: Partial<Record<RosterField, string>>): ParsedRow | undefined {
  const cell = (field: RosterField): string => {
    const header = columns[field];
    return header === undefined ? '' : (row.cells[header] ?? '').trim();
  };
  const fields = Object.keys(columns) as RosterField[];
  if (fields.every((field) => cell(field) === '')) return undefined;

  const parsed: ParsedRow = { rowNumber: row.rowNumber, errors: [] };
  const fail = (field: RosterField, problem: RowProblem): void => {
    parsed.errors.push(rowError(row.rowNumber, field, problem));
  };

  const name = normalizeName(cell('name'));
  if (name === '') fail('name', { code: 'missing_name', params: {} });
  else if (tooLong('name', name)) fail('name', { code: 'too_long', params: { max: MAX_LENGTH.name! } });
  else parsed.name = name;

  const categoryText = cell('category');
  const category = parseCategory(categoryText);
  if (categoryText === '') {
    fail('category', { code: 'missing_category', params: {} });
  } else if (category === undefined) {
    fail('category', { code: 'unknown_category', params: { value: categoryText } });
  } else {
    parsed.category = category;
  }

  const genderText = cell('gender');
  if (genderText !== '') {
    const gender = parseGender(genderText);
    if (gender === undefined) fail('gender', { code: 'bad_gender', params: { value: genderText } });
    else parsed.gender = gender;
  }

  const hardshipText = cell('hardship');
  if (hardshipText !== '') {
    const hardship = parseFlag(hardshipText);
    if (hardship === undefined) fail('hardship', { code: 'bad_flag', params: { value: hardshipText } });
    else parsed.hardship = hardship;
  }

  const branch = normalizeBranch(cell('branch'));
  if (branch !== null && tooLong('branch', branch)) fail('branch', { code: 'too_long', params: { max: MAX_LENGTH.branch! } });
  else if (branch !== null) parsed.branch = branch;

  const cardUid = normalizeCardUid(cell('cardUid'));
  if (cardUid !== null && tooLong('cardUid', cardUid)) fail('cardUid', { code: 'too_long', params: { max: MAX_LENGTH.cardUid! } });
  else if (cardUid !== null) parsed.cardUid = cardUid;

  const phoneText = cell('phone');
  const phone = normalizePhone(phoneText);
  if (phone !== null) {
    if (isMobilePhone(phone)) parsed.phone = phone;
    else fail('phone', { code: 'bad_phone', params: { value: phoneText } });
  }

  for (const field of ['activeFrom', 'activeTo'] as const) {
    const text = cell(field);
    if (text === '') continue;
    const date = parseDate(text);
    if (date === undefined) {
      fail(field, { code: 'bad_date', params: { value: text } });
    } else {
      parsed[field] = date;
    }
  }
  if (parsed.activeFrom !== undefined && parsed.activeTo !== undefined && parsed.activeFrom > parsed.activeTo) {
    fail('activeTo', { code: 'date_order', params: { from: parsed.activeFrom, to: parsed.activeTo, onRoster: false } });
  }
  return parsed;
}

const OPTIONAL_FIELDS = ['gender', 'hardship', 'branch', 'cardUid', 'phone', 'activeFrom', 'activeTo'] as const;

export function checkRosterRows(
  rows: readonly RawRosterRow[],
  columns: Partial<Record<RosterField, string>>,
  existing: readonly Member[],
): RowCheck {
  const parsed = rows.map((row) => parseRow(row, columns)).filter((row): row is ParsedRow => row !== undefined);
  checkCardsInFile(parsed);
  checkPeopleInFile(parsed);
  const matches = matchRows(parsed, existing);
  for (const [row, member] of matches) checkActivePeriod(row, member);

  const checked: CheckedRow[] = [];
  for (const row of parsed) {
    if (row.errors.length > 0 || row.name === undefined || row.category === undefined) continue;
    const values: RosterRowValues = { name: row.name, category: row.category };
    for (const field of OPTIONAL_FIELDS) {
      if (row[field] !== undefined) Object.assign(values, { [field]: row[field] });
    }
    checked.push({ rowNumber: row.rowNumber, values, match: matches.get(row) ?? null });
  }
  const errors = parsed.flatMap((row) => row.errors).sort((a, b) => a.rowNumber - b.rowNumber);
  return { rowCount: parsed.length, checked, errors };
}

/** The whole member a new row creates: what the file does not say is unknown. */
export function newMemberInput(values: RosterRowValues): MemberInput {
  return {
    name: values.name,
    gender: values.gender ?? null,
    category: values.category,
    hardship: values.hardship ?? false,
    branch: values.branch ?? null,
    cardUid: values.cardUid ?? null,
    phone: values.phone ?? null,
    activeFrom: values.activeFrom ?? null,
    activeTo: values.activeTo ?? null,
  };
}

/** Only the fields the row states and that differ; an empty patch means the member is unchanged. */
export function memberChanges(values: RosterRowValues, member: Member): Partial<MemberInput> {
  const patch: Partial<MemberInput> = {};
  for (const field of Object.keys(values) as (keyof RosterRowValues)[]) {
    const value = values[field];
    if (value !== undefined && value !== member[field]) Object.assign(patch, { [field]: value });
  }
  return patch;
}

export interface ProblemSummary {
  /** At most MAX_LISTED_PROBLEMS entries, a run of one problem over consecutive rows as one entry. */
  listed: RowError[];
  /** Entries past the list (after runs are joined). */
  more: number;
  /** Rows with any problem. */
  rows: number;
}

/**
 * What an answer carries of a file's problems: runs of the same problem on consecutive rows joined into one entry
 * ("rows 12–4,000: the same person"), then the first hundred entries, then a count — so a file of 5,000 identical
 * rows is answered in a few kilobytes.
 */
export function summarizeRowErrors(errors: readonly RowError[], max = MAX_LISTED_PROBLEMS): ProblemSummary {
  const joined: RowError[] = [];
  const open = new Map<string, RowError>();
  const rows = new Set<number>();
  for (const error of errors) {
    rows.add(error.rowNumber);
    const key = `${error.code}\u0000${error.field ?? ''}\u0000${JSON.stringify(error.params)}`;
    const run = open.get(key);
    const last = run === undefined ? undefined : (run.lastRowNumber ?? run.rowNumber);
    if (run !== undefined && last !== undefined && (error.rowNumber === last + 1 || error.rowNumber === last)) {
      if (error.rowNumber !== run.rowNumber) run.lastRowNumber = error.rowNumber;
      continue;
    }
    const entry: RowError = { ...error };
    open.set(key, entry);
    joined.push(entry);
  }
  return { listed: joined.slice(0, max), more: Math.max(0, joined.length - max), rows: rows.size };
}
