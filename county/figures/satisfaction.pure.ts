// Satisfaction (满意度) as the county adds it up, from the stations' closed surveys: (满意 + 基本满意) ÷
// answers (docs/domain.md), against the inspection's 90 %. Weighted by answers, as participation is by members:
// a county's share is Σ(满意 + 基本满意) ÷ Σ answers, never an average of station shares. Pure.
import { ratio } from './online.pure.ts';

/** The inspection criterion: member satisfaction of at least 90 % (the station's SATISFACTION_TARGET too). */
export const SATISFACTION_TARGET = 0.9;

export interface SatisfactionCounts {
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
}

export interface Satisfaction extends SatisfactionCounts {
  /** Surveys the figure comes from. */
  surveys: number;
  answers: number;
  /** null with no answers: shown "—", never 0. */
  share: number | null;
  /** share ≥ 90 %; null with no answers. */
  meetsTarget: boolean | null;
}

export function satisfaction(surveys: readonly SatisfactionCounts[]): Satisfaction {
  const c = { satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 };
  for (const s of surveys) {
    c.satisfied += s.satisfied;
    c.basicallySatisfied += s.basicallySatisfied;
    c.dissatisfied += s.dissatisfied;
  }
  const answers = c.satisfied + c.basicallySatisfied + c.dissatisfied;
  const share = ratio(c.satisfied + c.basicallySatisfied, answers);
  return { ...c, surveys: surveys.length, answers, share, meetsTarget: share === null ? null : share >= SATISFACTION_TARGET };
}
