// The branch activities (支部活动: 三会一课 and 主题党日) as both sides name them, the county's rhythm for them
// (how many of each kind a month or a quarter), and the check of a register against that rhythm. Shared because
// the station checks its own register and the hub checks what stations report, with the same rule. Pure.
import { Type, type Static } from 'typebox';

export const ACTIVITY_KINDS = ['branch_assembly', 'committee', 'group_meeting', 'party_lesson', 'theme_day', 'other'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const ACTIVITY_KIND_LABELS: Record<ActivityKind, { zh: string; en: string }> = {
  branch_assembly: { zh: '支部党员大会', en: 'Branch general meeting' },
  committee: { zh: '支委会', en: 'Branch committee meeting' },
  group_meeting: { zh: '党小组会', en: 'Party group meeting' },
  party_lesson: { zh: '党课', en: 'Party lesson' },
  theme_day: { zh: '主题党日', en: 'Themed Party day' },
  other: { zh: '其他', en: 'Other' },
};

export const RhythmRuleSchema = Type.Object({
  /** The period the minimum is counted over. */
  period: Type.Union([Type.Literal('month'), Type.Literal('quarter')]),
  /** At least this many of the kind in each period; 0 = not checked. */
  min: Type.Integer({ minimum: 0, maximum: 31 }),
});
export type RhythmRule = Static<typeof RhythmRuleSchema>;

/** The county's 三会一课 rhythm: a rule per kind it checks (主题党日 only when the county sets one). */
export const BranchRhythmSchema = Type.Object({
  branch_assembly: RhythmRuleSchema,
  committee: RhythmRuleSchema,
  group_meeting: RhythmRuleSchema,
  party_lesson: RhythmRuleSchema,
  theme_day: Type.Optional(RhythmRuleSchema),
});
export type BranchRhythm = Static<typeof BranchRhythmSchema>;

/**
 * The branch work regulations' rhythm (docs/domain.md): 支部党员大会 at least once a quarter, 支委会 and
 * 党小组会 once a month, 党课 at least once a quarter. What applies while the county's policy says nothing.
 */
export const DEFAULT_BRANCH_RHYTHM: BranchRhythm = {
  branch_assembly: { period: 'quarter', min: 1 },
  committee: { period: 'month', min: 1 },
  group_meeting: { period: 'month', min: 1 },
  party_lesson: { period: 'quarter', min: 1 },
};

export type RhythmStatus = 'met' | 'short' | 'pending';

export interface RhythmLine {
  kind: ActivityKind;
  period: 'month' | 'quarter';
  /** '2026-12' or '2026-Q4'. */
  periodLabel: string;
  /** The period's first and last day. */
  from: string;
  to: string;
  required: number;
  held: number;
  /** met: enough held; short: the period is over without enough; pending: not enough yet, the period still runs. */
  status: RhythmStatus;
}

/** An activity as the rhythm counts it: one that stands (not withdrawn), on its day. */
export interface RhythmActivity {
  kind: ActivityKind;
  date: string;
}

function lastDayOf(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The month or quarter holding a date: its label and first and last day. */
export function periodOf(period: 'month' | 'quarter', date: string): { label: string; from: string; to: string } {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (period === 'month') return { label: date.slice(0, 7), from: `${date.slice(0, 7)}-01`, to: lastDayOf(year, month) };
  const q = Math.floor((month - 1) / 3);
  const first = q * 3 + 1;
  return { label: `${year}-Q${q + 1}`, from: `${year}-${String(first).padStart(2, '0')}-01`, to: lastDayOf(year, first + 2) };
}

/**
 * The rhythm as of a day: for each kind the rhythm checks, the month or quarter holding `asOf`, the activities
 * held in it up to that day, and whether that is enough — or not yet (the period still runs past `asOf`). For a
 * month's report `asOf` is the month's last day; for the board, today.
 */
export function checkRhythm(rhythm: BranchRhythm, activities: readonly RhythmActivity[], asOf: string): RhythmLine[] {
  const lines: RhythmLine[] = [];
  for (const kind of ACTIVITY_KINDS) {
    const rule = (rhythm as Partial<Record<ActivityKind, RhythmRule>>)[kind];
    if (rule === undefined || rule.min === 0) continue;
    const p = periodOf(rule.period, asOf);
    const held = activities.filter((a) => a.kind === kind && a.date >= p.from && a.date <= asOf).length;
    const status: RhythmStatus = held >= rule.min ? 'met' : asOf >= p.to ? 'short' : 'pending';
    lines.push({ kind, period: rule.period, periodLabel: p.label, from: p.from, to: p.to, required: rule.min, held, status });
  }
  return lines;
}

/** The rhythm in force: the county's, or the regulations' default while its policy names none. */
export function rhythmOf(policy: { branchRhythm?: BranchRhythm } | undefined): BranchRhythm {
  return policy?.branchRhythm ?? DEFAULT_BRANCH_RHYTHM;
}
