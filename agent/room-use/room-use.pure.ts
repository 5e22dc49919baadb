// The room usage register (活动场所使用情况登记): what a use by hand must hold, and the register's lines from every
// source in date order. Pure.
//
// Decisions:
// - A line is a use of the room on one station-local day, 'HH:MM' to 'HH:MM' (a use past midnight is entered as
//   two). Viewings come in by themselves from the sessions; other uses are entered by hand.
// - A use entered by hand is never edited or deleted: a mistake is removed by a removal that names it and says
//   why, and the printed register shows it as removed (已撤销), so a page already printed still agrees.
import type { StationRefusals } from '../../protocol/refusals/station-refusals.pure.ts';

export const MAX_PURPOSE_CHARS = 100;
export const MAX_ORGANISER_CHARS = 60;
export const MAX_REASON_CHARS = 200;
export const MAX_HEADCOUNT = 10_000;

export interface RoomUseInput {
  date: string;
  from: string;
  to: string;
  purpose: string;
  organiser: string;
  headcount: number;
}

export type RoomUseProblem = StationRefusals['invalid_room_use'];

const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

function isRealDate(date: string): boolean {
  if (!DATE_RE.test(date)) return false;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

const chars = (s: string): number => [...s].length;

/** The use, trimmed, or the first problem with it (refused whole: nothing is kept). */
export function checkRoomUse(input: RoomUseInput): { ok: RoomUseInput } | { problem: RoomUseProblem } {
  const purpose = input.purpose.trim();
  const organiser = input.organiser.trim();
  if (!isRealDate(input.date)) return { problem: { rule: 'date', value: input.date } };
  if (!TIME_RE.test(input.from)) return { problem: { rule: 'time', value: input.from } };
  if (!TIME_RE.test(input.to)) return { problem: { rule: 'time', value: input.to } };
  if (input.to <= input.from) return { problem: { rule: 'order', value: `${input.from}–${input.to}` } };
  if (purpose.length === 0 || chars(purpose) > MAX_PURPOSE_CHARS) return { problem: { rule: 'purpose', value: purpose.slice(0, 40) } };
  if (chars(organiser) > MAX_ORGANISER_CHARS) return { problem: { rule: 'organiser', value: organiser.slice(0, 40) } };
  if (!Number.isInteger(input.headcount) || input.headcount < 0 || input.headcount > MAX_HEADCOUNT) return { problem: { rule: 'headcount', value: String(input.headcount) } };
  return { ok: { date: input.date, from: input.from, to: input.to, purpose, organiser, headcount: input.headcount } };
}

/** Where a line of the register comes from: a viewing (sessions), a branch activity (the activity register), by hand. */
export type RoomUseSource = 'viewing' | 'activity' | 'manual';

export const SOURCE_LABELS: Record<RoomUseSource, string> = { viewing: '集中收看（自动）', activity: '支部活动（自动）', manual: '手工登记' };

export interface RoomRegisterLine {
  date: string;
  from: string;
  /** '' when the record has no end time (an activity entered without one). */
  to: string;
  purpose: string;
  organiser: string;
  headcount: number;
  source: RoomUseSource;
  /** The hand-entered use's number (for `room remove`); null for a line from another record. */
  useId: number | null;
  removed: { at: string; by: string; reason: string | null } | null;
}

/** Every source's lines as one register, by date and start time (a viewing before a hand entry at the same time). */
export function registerLines(...sources: readonly (readonly RoomRegisterLine[])[]): RoomRegisterLine[] {
  const order: Record<RoomUseSource, number> = { viewing: 0, activity: 1, manual: 2 };
  return sources
    .flat()
    .slice()
    .sort((a, b) => a.date.localeCompare(b.date) || a.from.localeCompare(b.from) || order[a.source] - order[b.source] || (a.useId ?? 0) - (b.useId ?? 0));
}
