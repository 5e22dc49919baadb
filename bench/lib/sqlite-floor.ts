// What SQLite alone does on this disk, with the product's durability settings (WAL, synchronous=FULL): the
// floor our own figures are compared with. A bare table in a file of its own, better-sqlite3, prepared
// statements, nothing else.
import Database from 'better-sqlite3';

function openBare(file: string, ddl: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(ddl);
  return db;
}

/** A file for one-row commits, next to the database the agent commits to (so on the same disk). */
export class CommitFloor {
  private readonly db: Database.Database;
  private readonly commit: Database.Transaction<(at: number) => void>;

  constructor(file: string) {
    this.db = openBare(file, 'CREATE TABLE IF NOT EXISTS floor (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, note TEXT NOT NULL)');
    const insert = this.db.prepare('INSERT INTO floor (at, note) VALUES (?, ?)');
    this.commit = this.db.transaction((at: number) => {
      insert.run(at, 'check-in floor');
    });
  }

  /** Times `count` single-row INSERT transactions (BEGIN IMMEDIATE, as a check-in's), each in ms. */
  measure(count: number): number[] {
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      this.commit.immediate(Date.now());
      times.push(performance.now() - started);
    }
    return times;
  }

  close(): void {
    this.db.close();
  }
}

export interface RawEventRow {
  id: string;
  stationId: string;
  type: string;
  at: number;
  /** The body as the hub stores it: JSON text. */
  body: string;
}

/**
 * Inserts batches of event rows into a bare table shaped like the hub's events table (no unique index, no
 * projections), one transaction per batch; returns the elapsed ms.
 */
export function rawBatchInsert(file: string, batches: readonly (readonly RawEventRow[])[]): number {
  const db = openBare(
    file,
    `CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, station_id TEXT NOT NULL, type TEXT NOT NULL,
                                        at INTEGER NOT NULL, body TEXT NOT NULL, received_at INTEGER NOT NULL)`,
  );
  try {
    const insert = db.prepare('INSERT INTO events (id, station_id, type, at, body, received_at) VALUES (?, ?, ?, ?, ?, ?)');
    const store = db.transaction((rows: readonly RawEventRow[], receivedAt: number) => {
      for (const r of rows) insert.run(r.id, r.stationId, r.type, r.at, r.body, receivedAt);
    });
    const started = performance.now();
    for (const batch of batches) store.immediate(batch, Date.now());
    return performance.now() - started;
  } finally {
    db.close();
  }
}

export function sqliteVersion(): string {
  const db = new Database(':memory:');
  try {
    return (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  } finally {
    db.close();
  }
}
