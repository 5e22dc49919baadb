// The station management log (站点管理日志): append-only, typed entries with who did it.
import type { Db } from '../store/database.ts';
import { enqueueOutbox } from '../outbox/outbox-store.ts';
import { statement } from '../../common/prepared-statements.ts';

export const LOG_TYPES = [
  'station', // start, stop, settings
  'admin', // login, PIN, wrong PINs and their waits
  'roster', // import, add, edit, excuse
  'program', // add, edit, remove
  'schedule', // check-in window, start, late start, missed
  'session', // ended, held or not
  'checkin', // check-in, check-out, undo
  'playback', // play now, stop, player errors
  'content', // received, stored, removed
  'alert', // clock, disk, hub
] as const;
export type LogType = (typeof LOG_TYPES)[number];

export interface LogEntryInput {
  type: LogType;
  /** 'system', 'cli', 'kiosk', 'county', or the admin account's name ('admin' in entries from before accounts). */
  actor: string;
  message: string;
  detail?: unknown;
  at: number;
}

export interface LogEntry extends Omit<LogEntryInput, 'detail'> {
  id: number;
  detail: unknown;
}

interface LogRow {
  id: number;
  at: number;
  type: LogType;
  actor: string;
  message: string;
  detail: string | null;
}

/**
 * Appends an entry and queues it for the county in the same transaction as the caller's change; an entry
 * about the uplink itself may stay on the station (`forCounty: false`).
 */
export function appendStationLog(db: Db, entry: LogEntryInput, options: { forCounty?: boolean } = {}): number {
  const detail = entry.detail === undefined ? null : JSON.stringify(entry.detail);
  return appendTransaction(db)(entry, detail, options.forCounty !== false);
}

type AppendTransaction = (entry: LogEntryInput, detail: string | null, forCounty: boolean) => number;
/** The append as one transaction function per connection (a savepoint inside the caller's), made once rather than at every entry. */
const appendTransactions = new WeakMap<Db, AppendTransaction>();

function appendTransaction(db: Db): AppendTransaction {
  let append = appendTransactions.get(db);
  if (append === undefined) {
    append = db.transaction((entry: LogEntryInput, detail: string | null, forCounty: boolean) => {
      const id = Number(
        statement(db, 'INSERT INTO station_log (at, type, actor, message, detail) VALUES (?, ?, ?, ?, ?)').run(entry.at, entry.type, entry.actor, entry.message, detail)
          .lastInsertRowid,
      );
      if (forCounty) enqueueOutbox(db, 'station_log', entry.at, { logId: id, type: entry.type, actor: entry.actor, message: entry.message });
      return id;
    });
    appendTransactions.set(db, append);
  }
  return append;
}

export interface LogQuery {
  since?: number;
  until?: number;
  type?: LogType;
  limit?: number;
}

export function queryStationLog(db: Db, query: LogQuery = {}): LogEntry[] {
  const rows = db
    .prepare(
      `SELECT * FROM station_log
       WHERE at >= @since AND at < @until AND (@type IS NULL OR type = @type)
       ORDER BY at, id LIMIT @limit`,
    )
    .all({
      since: query.since ?? 0,
      until: query.until ?? Number.MAX_SAFE_INTEGER,
      type: query.type ?? null,
      limit: query.limit ?? 10_000,
    }) as LogRow[];
  return rows.map((r) => ({ ...r, detail: r.detail === null ? null : JSON.parse(r.detail) }));
}
