// A Node module whose type a browser file imports, as the UIs import the agent's API types from stores: its
// better-sqlite3 types bring @types/node into the browser program, which must still refuse Node's names in
// browser files.
import type Database from 'better-sqlite3';

export type Row = ReturnType<Database.Database['prepare']>;
