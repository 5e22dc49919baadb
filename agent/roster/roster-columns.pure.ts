// How roster fields are spelled and checked, and which file column is which field. Pure.
import { isLocalDate } from '../clock/local-time.pure.ts';
import type { Gender, MemberCategory } from './categories.pure.ts';
import type { MemberInput } from './member-store.ts';
import type { Bilingual } from '../../protocol/refusals/bilingual.pure.ts';
import type { HeaderProblem, RosterFieldName } from '../../protocol/refusals/station-refusals.pure.ts';
import { ROSTER_FIELD_LABELS } from '../../protocol/refusals/roster-file-texts.pure.ts';

export type RosterField = keyof MemberInput;

// ---------------------------------------------------------------------------------------------
// Field spellings. The store normalises with these too, so a member typed in the admin screen and
// the same member in a spreadsheet compare equal.

const HAN = /\p{Script=Han}/u;

/**
 * Chinese rosters pad two-character names to three ("张  三") so the columns line up; those spaces
 * are layout, not part of the name. Names in Latin script keep single spaces between words.
 */
export function normalizeName(raw: string): string {
  const trimmed = raw.trim();
  return HAN.test(trimmed) ? trimmed.replace(/\s+/gu, '') : trimmed.replace(/\s+/gu, ' ');
}

export function normalizeBranch(raw: string | null | undefined): string | null {
  const value = (raw ?? '').trim().replace(/\s+/gu, ' ');
  return value === '' ? null : value;
}

/** Card readers and people disagree on hex case and stray spaces around the UID; one spelling is stored. */
export function normalizeCardUid(raw: string | null | undefined): string | null {
  const value = (raw ?? '').trim().toUpperCase();
  return value === '' ? null : value;
}

/** People write "138-1234-5678", "138 1234 5678" or "+86 13812345678" for the same phone. */
export function normalizePhone(raw: string | null | undefined): string | null {
  const value = (raw ?? '').replace(/[\s\-–—]/gu, '').replace(/^(?:\+86|0086|86)(1\d{10})$/u, '$1');
  return value === '' ? null : value;
}

export function isMobilePhone(phone: string): boolean {
  return /^1[3-9]\d{9}$/u.test(phone);
}

const CATEGORY_SPELLINGS: Record<MemberCategory, readonly string[]> = {
  full: ['正式党员', '正式', 'full'],
  probationary: ['预备党员', '预备', 'probationary'],
  mobile_in: ['流入党员', '流动党员', 'mobile_in', 'mobile'],
  activist: ['入党积极分子', '积极分子', 'activist'],
  applicant: ['入党申请人', '申请人', 'applicant'],
  other: ['其他', '群众', 'other'],
};

const CATEGORY_BY_SPELLING = new Map<string, MemberCategory>(
  Object.entries(CATEGORY_SPELLINGS).flatMap(([category, spellings]) =>
    spellings.map((s) => [s, category as MemberCategory] as const),
  ),
);

export function parseCategory(text: string): MemberCategory | undefined {
  return CATEGORY_BY_SPELLING.get(text.trim().toLowerCase().replace(/[\s-]+/gu, '_'));
}

const GENDER_BY_SPELLING = new Map<string, Gender>([
  ['男', 'male'],
  ['男性', 'male'],
  ['male', 'male'],
  ['m', 'male'],
  ['女', 'female'],
  ['女性', 'female'],
  ['female', 'female'],
  ['f', 'female'],
]);

export function parseGender(text: string): Gender | undefined {
  return GENDER_BY_SPELLING.get(text.trim().toLowerCase());
}

/** Accepts 2024-05-01, 2024/5/1, 2024.5.1 and 2024年5月1日; returns YYYY-MM-DD or undefined. */
export function parseDate(text: string): string | undefined {
  const m = /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?$/u.exec(text.trim());
  if (m === null) return undefined;
  const date = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isLocalDate(date) ? date : undefined;
}

const FLAG_BY_SPELLING = new Map<string, boolean>([
  ['是', true],
  ['√', true],
  ['✓', true],
  ['困难党员', true],
  ['yes', true],
  ['y', true],
  ['true', true],
  ['1', true],
  ['否', false],
  ['×', false],
  ['no', false],
  ['n', false],
  ['false', false],
  ['0', false],
]);

/** A yes/no column (困难党员): 是/否, √, yes/no, 1/0; undefined when it is none of them. */
export function parseFlag(text: string): boolean | undefined {
  return FLAG_BY_SPELLING.get(text.trim().toLowerCase());
}

// ---------------------------------------------------------------------------------------------
// Columns.

const HEADER_SPELLINGS: Record<RosterField, readonly string[]> = {
  name: ['姓名', 'name'],
  gender: ['性别', 'gender', 'sex'],
  category: ['类别', '人员类别', 'category'],
  hardship: ['困难党员', '是否困难党员', 'hardship'],
  branch: ['所在支部', '支部', '所在党支部', '党支部', 'branch'],
  cardUid: ['卡号', 'card', 'card uid', 'card_uid', 'carduid', 'card id'],
  phone: ['手机号', '手机', '手机号码', '电话', '联系电话', 'phone', 'mobile'],
  activeFrom: ['起始日期', 'active from', 'active_from', 'activefrom'],
  activeTo: ['截止日期', 'active to', 'active_to', 'activeto'],
};

const FIELD_BY_HEADER = new Map<string, RosterField>(
  Object.entries(HEADER_SPELLINGS).flatMap(([field, spellings]) =>
    spellings.map((s) => [s, field as RosterField] as const),
  ),
);

export const REQUIRED_FIELDS: readonly RosterField[] = ['name', 'category'];

/** The fields' names as a file's headers say them; the refusals' texts use them too. */
export const FIELD_LABELS: Record<RosterField, Bilingual> = ROSTER_FIELD_LABELS;
// The protocol's list of the fields is this module's: a field added to MemberInput fails to compile here until listed.
// (A type-level check, not schema-kit's sameShape: the roster reader's worker need not load typebox.)
const SAME_FIELDS: [RosterField] extends [RosterFieldName] ? ([RosterFieldName] extends [RosterField] ? true : never) : never = true;
void SAME_FIELDS;

/** Templates mark required columns with "*" and people type stray spaces; neither changes the column's meaning. */
export function fieldOfHeader(header: string): RosterField | undefined {
  return FIELD_BY_HEADER.get(header.replace(/[*＊]/gu, '').trim().toLowerCase().replace(/\s+/gu, ' '));
}

/** Lets the file reader step over a title row ("XX村党员花名册") to the real header. */
export function looksLikeHeaderRow(cells: readonly string[]): boolean {
  return cells.some((cell) => fieldOfHeader(cell) === 'name');
}

export type { HeaderProblem };

export interface RosterColumns {
  /** The header text (as keyed in the rows) that holds each field present in the file. */
  byField: Partial<Record<RosterField, string>>;
  /** Columns that are not roster fields (序号, 出生日期, …); they are read past, not refused. */
  ignored: string[];
  problems: HeaderProblem[];
}

export function mapRosterColumns(headers: readonly string[]): RosterColumns {
  const byField: Partial<Record<RosterField, string>> = {};
  const seen = new Map<RosterField, string[]>();
  const ignored: string[] = [];
  for (const header of headers) {
    if (header === '') continue;
    const field = fieldOfHeader(header);
    if (field === undefined) {
      ignored.push(header);
      continue;
    }
    byField[field] ??= header;
    seen.set(field, [...(seen.get(field) ?? []), header]);
  }
  const problems: HeaderProblem[] = [];
  const missing = REQUIRED_FIELDS.filter((field) => byField[field] === undefined);
  if (missing.length > 0) {
    const found = headers.filter((h) => h !== '');
    problems.push({ problem: 'missing', fields: missing, found });
  }
  for (const [field, names] of seen) {
    if (names.length < 2) continue;
    problems.push({ problem: 'duplicate', field, columns: names });
  }
  return { byField, ignored, problems };
}
