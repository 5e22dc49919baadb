// How big a roster file, and a roster, may be: the caps that keep one careless or hostile file from stalling the
// station or exhausting its memory (docs/security/roster-import.md). Pure.
import { RosterError } from './roster-error.pure.ts';

/**
 * A village roster is tens to a few hundred members; a township's is at most a couple of thousand. Rows past
 * this in one file, or members past it on the roster, are refused: the check-in tiles, the rate and every
 * printed list are sized for a roster, not for a county's population.
 */
export const MAX_ROSTER_ROWS = 5_000;

/** Members on the roster (not yet left) at once: the check-in list the kiosk loads on every showing is bounded by this. */
export const MAX_ROSTER_MEMBERS = MAX_ROSTER_ROWS;

/** Bytes of the file as uploaded: a 5,000-row roster is about 1 MB as XLSX or CSV. */
export const MAX_ROSTER_FILE_BYTES = 8 * 1024 * 1024;

/** Bytes an XLSX may inflate to, all its parts together (a 5,000-row sheet with 30 columns is about 8 MB of XML). */
export const MAX_XLSX_INFLATED_BYTES = 32 * 1024 * 1024;

/** Parts inside an XLSX: Excel and WPS write a dozen or two. */
export const MAX_XLSX_ENTRIES = 500;

/** Columns read from a row; real rosters carry 10 to 30 (序号, 姓名, 民族, 出生日期, 身份证号, …). */
export const MAX_ROSTER_COLUMNS = 100;

/** Characters in one cell: a long 备注 fits, a pasted document does not. */
export const MAX_CELL_CHARS = 1_000;

/** How long reading a file may take before it is given up (a 5,000-row file takes a second or two on a terminal). */
export const ROSTER_READ_DEADLINE_MS = 30_000;

/** Heap the reader may use: far above what a file within the caps needs, far below what would starve the agent. */
export const ROSTER_READER_HEAP_MB = 256;

/** Problems listed in an import's answer; the rest are counted, so an answer stays a few tens of kilobytes. */
export const MAX_LISTED_PROBLEMS = 100;

/** Rows a grouped problem names before it says "and N more" (a file listing one person 4,000 times). */
export const MAX_ROWS_NAMED = 5;

/** 5000 → "5,000": the counts in messages read the way the caps are written in the docs. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** The refusal of a file past MAX_ROSTER_FILE_BYTES, before anything reads it. */
export function fileTooLarge(fileName: string, bytes: number): RosterError {
  return RosterError.ofFile('file_too_large', { problem: 'bytes', fileName, bytes, max: MAX_ROSTER_FILE_BYTES });
}
