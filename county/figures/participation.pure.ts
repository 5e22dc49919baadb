// Participation and compliance as the county adds them up, from the stations' month summaries. Pure.
//
// Each station counts its members (a member once a month, excused members left out of both sides) and
// reports registered and attendedRegistered; the county-wide rate is Σ attended ÷ Σ registered — a
// weighted rate, not an average of the stations' rates, so a station of 8 members weighs less than one of 80.
import { ratio } from './online.pure.ts';

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
