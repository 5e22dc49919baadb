// Participation and compliance as the county adds them up, from the stations' month summaries. Pure.
//
// Each station counts its members (a member once a month, excused members left out of both sides) and
// reports registered and attendedRegistered; the county-wide rate is Σ attended ÷ Σ registered — a
// weighted rate, not an average of the stations' rates, so a station of 8 members weighs less than one of 80.
import { ratio } from './online.ts';
import type { Grade } from '../../agent/uplink/protocol.ts';

/** Group viewings a month each site grade must hold (docs/domain.md, rule 2). */
export const GRADE_MINIMUM_VIEWINGS: Record<Grade, number> = { demonstration: 2, standard: 1, ordinary: 1 };

export const GRADE_LABELS: Record<Grade, { zh: string; en: string }> = {
  demonstration: { zh: '示范场所', en: 'Demonstration site' },
  standard: { zh: '标准场所', en: 'Standard site' },
  ordinary: { zh: '普通场所', en: 'Ordinary site' },
};

/** The stricter of the grade's minimum and the county's policy. */
export function requiredViewings(grade: Grade, policyMinViewingsPerMonth: number | null): number {
  return Math.max(GRADE_MINIMUM_VIEWINGS[grade], policyMinViewingsPerMonth ?? 0);
}

export interface Participation {
  registered: number;
  attendedRegistered: number;
  rate: number | null;
}

export function countyParticipation(summaries: readonly { registered: number; attendedRegistered: number }[]): Participation {
  const registered = summaries.reduce((n, s) => n + s.registered, 0);
  const attendedRegistered = summaries.reduce((n, s) => n + s.attendedRegistered, 0);
  return { registered, attendedRegistered, rate: ratio(attendedRegistered, registered) };
}

export interface Compliance {
  held: number;
  required: number;
  compliant: boolean;
  /** How many more group viewings the month needs (0 when compliant). */
  shortBy: number;
}

export function compliance(held: number, required: number): Compliance {
  return { held, required, compliant: held >= required, shortBy: Math.max(0, required - held) };
}
