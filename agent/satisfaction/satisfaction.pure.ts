// The satisfaction figure (满意度) as docs/domain.md defines it: (满意 + 基本满意) ÷ answers, against 90 %. Pure.
import { ratio } from '../reports/participation.pure.ts';

/** The three answers, in the order the screen shows them. */
export const SATISFACTION_ANSWERS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type SatisfactionAnswer = (typeof SATISFACTION_ANSWERS)[number];

export const SATISFACTION_LABELS: Record<SatisfactionAnswer, { zh: string; en: string }> = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  basically_satisfied: { zh: '基本满意', en: 'Mostly satisfied' },
  dissatisfied: { zh: '不满意', en: 'Dissatisfied' },
};

/** The inspection criterion: member satisfaction of at least 90 %. */
export const SATISFACTION_TARGET = 0.9;

export interface SatisfactionCounts {
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
}

export interface SatisfactionFigures extends SatisfactionCounts {
  /** Answers given; always shown beside the share. */
  answers: number;
  /** (满意 + 基本满意) ÷ answers, 4 decimals; null with no answers ("—", never 0). */
  share: number | null;
  target: number;
  /** share ≥ 90 %; null with no answers (nothing to judge). */
  meetsTarget: boolean | null;
}

export const NO_ANSWERS: SatisfactionCounts = { satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 };

export function satisfactionFigures(c: SatisfactionCounts): SatisfactionFigures {
  const answers = c.satisfied + c.basicallySatisfied + c.dissatisfied;
  const share = ratio(c.satisfied + c.basicallySatisfied, answers);
  return { ...c, answers, share, target: SATISFACTION_TARGET, meetsTarget: share === null ? null : share >= SATISFACTION_TARGET };
}

export function addCounts(a: SatisfactionCounts, b: SatisfactionCounts): SatisfactionCounts {
  return {
    satisfied: a.satisfied + b.satisfied,
    basicallySatisfied: a.basicallySatisfied + b.basicallySatisfied,
    dissatisfied: a.dissatisfied + b.dissatisfied,
  };
}

/** The counts of a list of answers. */
export function countAnswers(answers: readonly SatisfactionAnswer[]): SatisfactionCounts {
  const c = { ...NO_ANSWERS };
  for (const a of answers) {
    if (a === 'satisfied') c.satisfied++;
    else if (a === 'basically_satisfied') c.basicallySatisfied++;
    else c.dissatisfied++;
  }
  return c;
}
