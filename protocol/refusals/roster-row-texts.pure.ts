// What is wrong with a row of a roster file (agent/roster/roster-rows.pure.ts, roster-matching.pure.ts) as data —
// a code and its values, sent in a roster import's answer — and its words in Chinese and English: the one place
// they are written. The kiosk shows the half in its language, the CLI both on one line. Pure, and free of
// typebox, so the screen's bundle may run it.
import type { Bilingual } from './bilingual.pure.ts';
import type { RosterFieldName } from './station-refusals.pure.ts';
import { ROSTER_FIELD_LABELS } from './roster-file-texts.pure.ts';

/** A row of the file as a problem names it: its number and the name on it (null when it has none). */
export type RowRef = { readonly rowNumber: number; readonly name: string | null };
/** A member already on the roster, as a problem names it. */
export type MemberRef = { readonly name: string; readonly branch: string | null };

/**
 * A row's problem. `rows`: the first rows of a group (a card or a person more than once), `total` of them all;
 * `members`: the first of the members a row fits, `count` of them all; `value`: the cell as written.
 */
export type RowProblem =
  | { readonly code: 'missing_name' | 'missing_category'; readonly params: Record<string, never> }
  | { readonly code: 'too_long'; readonly params: { readonly max: number } }
  | { readonly code: 'unknown_category' | 'bad_gender' | 'bad_flag' | 'bad_phone' | 'bad_date'; readonly params: { readonly value: string } }
  /** onRoster: one of the two dates is the member's already. */
  | { readonly code: 'date_order'; readonly params: { readonly from: string; readonly to: string; readonly onRoster: boolean } }
  | { readonly code: 'duplicate_card_in_file'; readonly params: { readonly cardUid: string; readonly rows: RowRef[]; readonly total: number } }
  | { readonly code: 'duplicate_person_in_file'; readonly params: { readonly rows: RowRef[]; readonly total: number; readonly person: MemberRef } }
  | { readonly code: 'card_belongs_to_other'; readonly params: { readonly cardUid: string; readonly holder: MemberRef } }
  | { readonly code: 'same_member_twice'; readonly params: { readonly rows: RowRef[]; readonly total: number; readonly member: MemberRef } }
  | { readonly code: 'ambiguous_match'; readonly params: { readonly members: MemberRef[]; readonly count: number } };

export type RowProblemCode = RowProblem['code'];

/** 5000 → "5,000": the counts read the way the caps are written in the docs. */
const count = (n: number): string => n.toLocaleString('en-US');

const ALLOWED_CATEGORIES: Bilingual = {
  zh: '正式党员、预备党员、流入党员（流动党员）、入党积极分子、入党申请人、其他（群众）',
  en: 'full, probationary, mobile_in, activist, applicant, other',
};

function rowsText(rows: readonly RowRef[], total: number): Bilingual {
  const more = total - rows.length;
  return {
    zh: rows.map((r) => `第 ${r.rowNumber} 行（${r.name ?? '无姓名'}）`).join('、') + (more > 0 ? ` 等共 ${count(total)} 行` : ''),
    en: rows.map((r) => `row ${r.rowNumber} (${r.name ?? 'no name'})`).join(', ') + (more > 0 ? ` and ${count(more)} more` : ''),
  };
}

function memberText(member: MemberRef): Bilingual {
  return member.branch === null ? { zh: member.name, en: member.name } : { zh: `${member.name}（${member.branch}）`, en: `${member.name} (${member.branch})` };
}

/** A row's problem in both languages; `field` is the column it is in (null for a problem of the whole row). */
export function rowProblemText(problem: RowProblem, field: RosterFieldName | null): Bilingual {
  const label = field === null ? { zh: '', en: '' } : ROSTER_FIELD_LABELS[field];
  switch (problem.code) {
    case 'missing_name':
      return { zh: '姓名为空', en: 'name is empty' };
    case 'missing_category':
      return { zh: `类别为空，可填写：${ALLOWED_CATEGORIES.zh}`, en: `category is empty; use one of: ${ALLOWED_CATEGORIES.en}` };
    case 'too_long':
      return { zh: `${label.zh}超过 ${problem.params.max} 个字`, en: `${label.en} is longer than ${problem.params.max} characters` };
    case 'unknown_category':
      return { zh: `类别“${problem.params.value}”无法识别，可填写：${ALLOWED_CATEGORIES.zh}`, en: `unknown category "${problem.params.value}"; use one of: ${ALLOWED_CATEGORIES.en}` };
    case 'bad_gender':
      return { zh: `性别“${problem.params.value}”无法识别，请填写 男 或 女`, en: `unknown gender "${problem.params.value}"; use 男/女 (male/female, M/F)` };
    case 'bad_flag':
      return { zh: `${label.zh}“${problem.params.value}”无法识别，请填写 是 或 否`, en: `${label.en} "${problem.params.value}" is not yes/no; use 是/否` };
    case 'bad_phone':
      return { zh: `手机号“${problem.params.value}”不是 11 位手机号码`, en: `phone "${problem.params.value}" is not an 11-digit mainland mobile number` };
    case 'bad_date':
      return {
        zh: `${label.zh}“${problem.params.value}”不是有效日期，请写成 2024-05-01 或 2024/5/1`,
        en: `${label.en} "${problem.params.value}" is not a valid date; write it as 2024-05-01 or 2024/5/1`,
      };
    case 'date_order': {
      const { from, to, onRoster } = problem.params;
      return onRoster
        ? { zh: `截止日期 ${to} 早于起始日期 ${from}（其中一个日期来自现有名册）`, en: `active to ${to} is before active from ${from} (one of them is already on the roster)` }
        : { zh: `截止日期 ${to} 早于起始日期 ${from}`, en: `active to ${to} is before active from ${from}` };
    }
    case 'duplicate_card_in_file': {
      const all = rowsText(problem.params.rows, problem.params.total);
      return { zh: `卡号 ${problem.params.cardUid} 在文件中重复：${all.zh}`, en: `card ${problem.params.cardUid} appears more than once in the file: ${all.en}` };
    }
    case 'duplicate_person_in_file': {
      const all = rowsText(problem.params.rows, problem.params.total);
      const { name, branch } = problem.params.person;
      return {
        zh: `${all.zh}似乎是同一人（${name}${branch === null ? '' : `，${branch}`}）：姓名、支部相同，又没有卡号或不同的手机号可以区分`,
        en: `${all.en} look like the same person (${name}${branch === null ? '' : `, ${branch}`}): same name and branch, and no card or different phone to tell them apart`,
      };
    }
    case 'card_belongs_to_other': {
      const who = memberText(problem.params.holder);
      return { zh: `卡号 ${problem.params.cardUid} 已分配给 ${who.zh}`, en: `card ${problem.params.cardUid} already belongs to ${who.en}` };
    }
    case 'same_member_twice': {
      const all = rowsText(problem.params.rows, problem.params.total);
      const who = memberText(problem.params.member);
      return {
        zh: `${all.zh}都对应同一名已有党员 ${who.zh}，请填写卡号或手机号加以区分`,
        en: `${all.en} all match the same existing member ${who.en}; add a card or phone to tell them apart`,
      };
    }
    case 'ambiguous_match': {
      const who = problem.params.members.map(memberText);
      if (problem.params.count > who.length) who.push({ zh: '……', en: '…' });
      return {
        zh: `已有 ${problem.params.count} 名党员与本行无法区分（${who.map((w) => w.zh).join('、')}），请填写卡号或手机号`,
        en: `${problem.params.count} existing members fit this row equally (${who.map((w) => w.en).join(', ')}); add a card or phone`,
      };
    }
  }
}
