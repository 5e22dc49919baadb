// Statements prepared once per connection and SQL text. better-sqlite3 compiles a statement at every
// prepare(), and for a one-row statement that is most of its cost: a hot path (an import's thousands of rows,
// fifty check-ins at the door at once) asks here instead.
import type Database from 'better-sqlite3';

const prepared = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** The connection's statement for `sql`, prepared on first use. Only for constant SQL text (the map never shrinks). */
export function statement(db: Database.Database, sql: string): Database.Statement {
  let byText = prepared.get(db);
  if (byText === undefined) prepared.set(db, (byText = new Map()));
  let stmt = byText.get(sql);
  if (stmt === undefined) byText.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}
