// The roster reader's worker thread: reads one roster file (roster-file.ts) and posts back its rows or why it was
// refused — or, for an import, goes on to check and write them through its own connection to the station's
// database file (roster-import.ts), in one transaction, and posts back the result. A build entry of its own
// (scripts/build.ts), started by roster-reader.ts and ended by it after one answer.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { RosterError } from './roster-error.pure.ts';
import type { RefusalParams } from '../../protocol/refusals/refusal.pure.ts';
import { readRosterFile, type RosterFile } from './roster-file.ts';
import type { ImportOptions, ImportResult } from './roster-import.ts';

export interface RosterReaderRequest {
  bytes: Uint8Array;
  fileName: string;
  /** A folder of the worker's own for temporary files (exceljs's streaming reader writes sheets there); removed by the caller. */
  scratch: string;
  /** Present for an import: the database file to write, and how. */
  write?: { databaseFile: string; options: Omit<ImportOptions, 'read'> };
}

export type RosterReaderMessage =
  /** The file is read; the worker writes once told to (and from then on is not cut off: it holds the write lock). */
  | { phase: 'read' }
  | { phase: 'done'; ok: true; file?: RosterFile; result?: ImportResult }
  | { phase: 'done'; ok: false; refusal: { code: RosterError['code']; zh: string; en: string; months?: string[]; params: RefusalParams } }
  | { phase: 'done'; ok: false; failure: string; sqliteCode?: string };

const request = workerData as RosterReaderRequest;
// This thread's own environment (a copy of the agent's): os.tmpdir(), which exceljs's temporary files use, is the scratch folder.
process.env.TMPDIR = request.scratch;

// A function, not top-level await: the build runs this as CommonJS (scripts/build.ts). It never rejects.
async function answer(): Promise<RosterReaderMessage> {
  try {
    const bytes = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
    const file = await readRosterFile(bytes, request.fileName);
    if (request.write === undefined) return { phase: 'done', ok: true, file };
    // Read: the writing waits for the go-ahead, so a deadline that passed meanwhile ends a worker holding no lock.
    const go = new Promise((resolve) => parentPort!.once('message', resolve));
    parentPort!.postMessage({ phase: 'read' } satisfies RosterReaderMessage);
    await go;
    // Loaded only for an import: the database modules are not needed to read a file.
    const [{ openDatabaseFile }, { importRosterFile }] = await Promise.all([import('../store/database.ts'), import('./roster-import.ts')]);
    const db = openDatabaseFile(request.write.databaseFile);
    try {
      return { phase: 'done', ok: true, result: importRosterFile(db, file, request.fileName, request.write.options) };
    } finally {
      db.close();
    }
  } catch (err) {
    return err instanceof RosterError
      ? {
          phase: 'done',
          ok: false,
          refusal: { code: err.code, zh: err.zh, en: err.en, ...(err.months === undefined ? {} : { months: err.months }), params: err.params },
        }
      : {
          phase: 'done',
          ok: false,
          failure: err instanceof Error ? (err.stack ?? err.message) : String(err),
          ...(err instanceof Database.SqliteError ? { sqliteCode: err.code } : {}),
        };
  }
}

void answer().then((message) => parentPort!.postMessage(message));
