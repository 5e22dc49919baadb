// Imports a roster spreadsheet (党员名册) into the members table: all of it in one transaction, or nothing.
//
// Which existing member a row is (the matching rule):
//   A row is an existing member only if the name is identical (after trimming, and dropping the
//   spaces Chinese rosters use to pad two-character names). A file never renames anyone: renaming a
//   record would hand one person's check-in history to another. Among members with that name:
//     1. the one holding the row's card UID;
//     2. else the one with the row's phone number;
//     3. else the one in the row's branch (所在支部; an empty branch matches a member with none).
//   Each step runs over the whole file before the next, and a member taken by an earlier step is out
//   of reach of the later ones, so namesakes told apart by card or phone do not collide on branch.
//   No match: the row is a new member. Refused rows, with the reason, when:
//     - the row's card UID belongs to a member of another name (card swaps need the admin screen);
//     - two rows take the same member, or several members fit one row equally;
//     - two rows share a card UID, or have the same name and branch with no card and no different phone.
//
// What a row changes: only the cells it fills. An empty cell, or a column the file does not have,
// keeps the value the station already holds (a county sheet without card numbers must not wipe the
// cards enrolled at the terminal); to clear a value, edit the member in the admin screen.
// Members absent from the file are left alone: the file adds and updates, it never removes anyone.
// Someone leaves the roster by getting an 截止日期 (active to), in the file or in the admin screen.
//
// A row identical to the member changes nothing, not even updated_at, so importing the same file
// twice leaves the database as it was apart from the one summary entry in the station log.
//
// Bounds (roster-limits.ts, docs/security/roster-import.md): the file is read, checked and written in a worker
// thread (its own connection, one transaction), within caps on its size, rows, columns and cells; the checks are
// linear; the answer lists at most a hundred problems; and an import that would put more than 5,000 members on
// the roster is refused whole.
import path from 'node:path';
import { appendStationLog } from '../stationlog/station-log.ts';
import { inTransaction, type Db } from '../store/database.ts';
import { MemberStore, RosterError } from './member-store.ts';
import type { RosterFile, RosterFileFormat } from './roster-file.ts';
import { importRosterOffLoop, readRosterFileOffLoop, type ReadOptions } from './roster-reader.ts';
import { checkRosterRows, memberChanges, newMemberInput, summarizeRowErrors, type RowError } from './roster-rows.pure.ts';
import { mapRosterColumns } from './roster-columns.pure.ts';
import { MAX_ROSTER_MEMBERS } from './roster-limits.pure.ts';
import { rosterFullAfterImport } from '../../protocol/refusals/roster-file-texts.pure.ts';
import { readStationSettings } from '../settings/settings-store.ts';
import { localDateOf } from '../clock/local-time.pure.ts';
import { guardHistory, type RosterChange } from './roster-history.ts';
import { startingOnDayAdded } from './roster-start.pure.ts';

export interface ImportOptions {
  /** Import the valid rows and report the rest; without it, one bad row stops the whole file. */
  skipInvalid?: boolean;
  actor: string;
  at: number;
  /** Change records already printed, exported or reported, when the file would (roster-history.ts); else refused. */
  confirm?: boolean;
  /** How the file is read (tests shorten the deadline). */
  read?: ReadOptions;
}

export interface ImportResult {
  format: RosterFileFormat;
  /** Member rows in the file (blank template rows are not counted). */
  totalRows: number;
  created: number;
  updated: number;
  unchanged: number;
  /**
   * The file's problems in row order, a run of one problem over consecutive rows as one entry (rowNumber to
   * lastRowNumber), at most a hundred entries: `moreProblems` counts the rest, `invalidRows` the rows refused.
   */
  invalid: RowError[];
  invalidRows: number;
  moreProblems: number;
  /** False when invalid rows stopped the import: then nothing at all was written, not even a log entry. */
  written: boolean;
  /** Columns that are not roster fields and were read past (序号, 出生日期, …). */
  ignoredColumns: string[];
}

/**
 * Reads the file and imports it, all off the caller's event loop: the roster reader's worker reads the file within
 * the caps, then checks and writes it through its own connection to the same database file, in one transaction —
 * so even a full 5,000-row import (its checks, its writes and the commit's fsync) holds the kiosk's screen for no
 * time. A database that is not a file (in memory) is read off the loop and written here.
 */
export async function importRoster(db: Db, bytes: Buffer, fileName: string, options: ImportOptions): Promise<ImportResult> {
  const { read, ...writeOptions } = options;
  if (db.memory) return importRosterFile(db, await readRosterFileOffLoop(bytes, fileName, read), fileName, writeOptions);
  return importRosterOffLoop(db.name, bytes, fileName, writeOptions, read);
}

/** Checks and writes rows already read, in one transaction on db (in the reader's worker, on its own connection). */
export function importRosterFile(db: Db, file: RosterFile, fileName: string, options: Omit<ImportOptions, 'read'>): ImportResult {
  const columns = mapRosterColumns(file.headers);
  const problem = columns.problems[0];
  if (problem !== undefined) {
    throw RosterError.ofFile(problem.problem === 'missing' ? 'missing_header' : 'duplicate_header', { problems: columns.problems });
  }
  const store = new MemberStore(db);
  const shortName = path.basename(fileName);
  const zone = readStationSettings(db).timeZone;
  const today = localDateOf(options.at, zone);

  // Checking inside the write transaction: the CLI and the daemon share the file, and the rows must be
  // matched against the members as they are when written.
  return inTransaction(db, () => {
    const check = checkRosterRows(file.rows, columns.byField, store.list());
    const problems = summarizeRowErrors(check.errors);
    const result: ImportResult = {
      format: file.format,
      totalRows: check.rowCount,
      created: 0,
      updated: 0,
      unchanged: 0,
      invalid: problems.listed,
      invalidRows: problems.rows,
      moreProblems: problems.more,
      written: false,
      ignoredColumns: columns.ignored,
    };
    if (check.errors.length > 0 && options.skipInvalid !== true) return result;

    const created: { id: number; name: string; row: number }[] = [];
    const updated: { id: number; name: string; row: number; fields: string[] }[] = [];
    const changes: RosterChange[] = [];
    for (const row of check.checked) {
      if (row.match === null) {
        const { input, startGiven } = startingOnDayAdded(newMemberInput(row.values), today);
        const member = store.add(input, options.at);
        created.push({ id: member.id, name: member.name, row: row.rowNumber });
        changes.push({ before: null, after: member, startGiven });
        continue;
      }
      const patch = memberChanges(row.values, row.match);
      const fields = Object.keys(patch);
      if (fields.length === 0) {
        result.unchanged++;
        continue;
      }
      changes.push({ before: row.match, after: store.update(row.match.id, patch, options.at), startGiven: false });
      updated.push({ id: row.match.id, name: row.match.name, row: row.rowNumber, fields });
    }
    result.created = created.length;
    result.updated = updated.length;
    // Counted after the writes, inside the transaction: a refusal here undoes every one of them.
    const onRoster = store.countOnRoster(today);
    if (onRoster > MAX_ROSTER_MEMBERS) {
      const full = { max: MAX_ROSTER_MEMBERS, after: onRoster };
      const text = rosterFullAfterImport(full);
      throw new RosterError('roster_full', text.zh, text.en, undefined, full);
    }

    // Records already printed, exported or reported change only when confirmed: else this throws and nothing is written.
    guardHistory(db, changes, zone, { confirm: options.confirm === true, actor: options.actor, at: options.at, today });

    const skipped = problems.rows === 0 ? '' : `，跳过有误的行 ${problems.rows}`;
    appendStationLog(db, {
      type: 'roster',
      actor: options.actor,
      message: `导入党员名册 ${shortName}：新增 ${result.created}，更新 ${result.updated}，未变 ${result.unchanged}${skipped}`,
      detail: {
        file: shortName,
        format: file.format,
        totalRows: result.totalRows,
        created,
        updated,
        unchanged: result.unchanged,
        // The same hundred entries as the answer: the log is append-only, and a bomb must not become a log entry of megabytes.
        skipped: problems.listed.map((e) => ({ row: e.rowNumber, ...(e.lastRowNumber === undefined ? {} : { lastRow: e.lastRowNumber }), field: e.field, code: e.code })),
        ...(problems.more > 0 ? { skippedMore: problems.more } : {}),
      },
      at: options.at,
    });
    result.written = true;
    return result;
  });
}
