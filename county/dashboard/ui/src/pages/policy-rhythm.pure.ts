// The 三会一课 rhythm's fields on the policy page: the default while the county has set none, the form's values
// and their check. Pure (the page is policy-rhythm.tsx).
import type { Policy } from '../api-types.ts';

export type BranchRhythm = NonNullable<Policy['branchRhythm']>;
export type RhythmRule = BranchRhythm['committee'];
export type RhythmKind = keyof BranchRhythm;

export const RHYTHM_KINDS: readonly RhythmKind[] = ['branch_assembly', 'committee', 'group_meeting', 'party_lesson', 'theme_day'];

/**
 * The regulations' rhythm, as protocol/branch-rhythm.pure.ts DEFAULT_BRANCH_RHYTHM says it (the dashboard imports
 * only the hub's types; test/county/dashboard/policy-rhythm.test.ts holds the two equal). 主题党日 is not checked.
 */
export const DEFAULT_RHYTHM: BranchRhythm = {
  branch_assembly: { period: 'quarter', min: 1 },
  committee: { period: 'month', min: 1 },
  group_meeting: { period: 'month', min: 1 },
  party_lesson: { period: 'quarter', min: 1 },
};

const NOT_CHECKED: RhythmRule = { period: 'month', min: 0 };

/** What the form edits: each kind's period and its minimum as typed. */
export type RhythmFields = Record<RhythmKind, { period: RhythmRule['period']; min: string }>;

export function rhythmFields(rhythm: BranchRhythm | undefined): RhythmFields {
  const r = rhythm ?? DEFAULT_RHYTHM;
  const fields = {} as RhythmFields;
  for (const k of RHYTHM_KINDS) {
    const rule = r[k] ?? NOT_CHECKED;
    fields[k] = { period: rule.period, min: String(rule.min) };
  }
  return fields;
}

/** The rhythm to send, or the kinds whose minimum is not a whole number 0–31. */
export function parseRhythm(fields: RhythmFields): { rhythm: BranchRhythm } | { invalid: RhythmKind[] } {
  const invalid = RHYTHM_KINDS.filter((k) => !/^\d{1,2}$/.test(fields[k].min.trim()) || Number(fields[k].min) > 31);
  if (invalid.length > 0) return { invalid };
  const rule = (k: RhythmKind): RhythmRule => ({ period: fields[k].period, min: Number(fields[k].min.trim()) });
  const rhythm: BranchRhythm = { branch_assembly: rule('branch_assembly'), committee: rule('committee'), group_meeting: rule('group_meeting'), party_lesson: rule('party_lesson') };
  // 主题党日 is sent only when checked: absent and 0 mean the same.
  if (rule('theme_day').min > 0) rhythm.theme_day = rule('theme_day');
  return { rhythm };
}
