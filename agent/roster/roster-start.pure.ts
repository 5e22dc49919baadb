// When a member added to the roster starts on it. Pure.
//
// Without a start date (起始日期) a member starts on the station-local day they are added: before this, a
// member imported today counted on every past sheet, as absent from viewings held before anyone knew of them.
// A member added with only an end date already past is a record of someone who has left: they were on the
// roster up to it, since whenever (null), and that is a dated statement about the past like a start date.
import type { MemberInput } from './member-store.ts';

export function startingOnDayAdded(input: MemberInput, today: string): { input: MemberInput; startGiven: boolean } {
  // A start date of today is what the day of adding gives anyway: it does not reach back into this morning's viewing.
  if (input.activeFrom !== null) return { input, startGiven: input.activeFrom < today };
  if (input.activeTo !== null && input.activeTo < today) return { input, startGiven: true };
  return { input: { ...input, activeFrom: today }, startGiven: false };
}
