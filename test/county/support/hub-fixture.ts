// A real county hub for tests (port 0, a temp data dir, its log lines captured; on SQLite or, under
// YJ_HUB_DB=postgres, on a fresh PostgreSQL database: hub-sql.ts), staff logins over HTTP, rows read straight
// from the hub's database, and station history built with the agent's modules.
import { Writable } from 'node:stream';
import { startHub, type RunningHub } from '../../../county/server.ts';
import type { TlsFiles } from '../../../county/tls-files.ts';
import type { StaffRole } from '../../../county/store/staff-store.ts';
import type { IngestBudget } from '../../../county/ingest/ingest-budget.pure.ts';
import type { Grade } from '../../../protocol/site-grades.pure.ts';
import type { Db } from '../../../agent/store/database.ts';
import { playNow } from '../../../agent/schedule/manual-play.ts';
import { checkIn } from '../../../agent/attendance/checkin.ts';
import { SessionStore, type Session } from '../../../agent/sessions/session-store.ts';
import { endSession } from '../../../agent/sessions/session-lifecycle.ts';
import { tempDir } from '../../support/station-fixture.ts';
import { hubWrite, testHubDatabaseUrl } from './hub-sql.ts';
import { hashSecret, SECRET_COST } from '../../../common/secret-hash.ts';

export interface LogLine {
  level: number;
  msg: string;
  code?: string;
  status?: number;
  station?: string | null;
  [key: string]: unknown;
}

export interface TestHub extends RunningHub {
  logs: LogLine[];
}

export async function startTestHub(options: { dataDir?: string; databaseUrl?: string; port?: number; now?: () => number; ingestBudget?: IngestBudget; tls?: TlsFiles; keptFiguresMinStations?: number } = {}): Promise<TestHub> {
  const logs: LogLine[] = [];
  const logStream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const dataDir = options.dataDir ?? tempDir('yj-hub-');
  const databaseUrl = await testHubDatabaseUrl(dataDir, options.databaseUrl);
  const hub = await startHub({ dataDir, databaseUrl, port: options.port ?? 0, now: options.now, tls: options.tls, logLevel: 'info', logStream, ingestBudget: options.ingestBudget, keptFiguresMinStations: options.keptFiguresMinStations });
  return Object.assign(hub, { logs });
}

export interface Reply<B = unknown> {
  status: number;
  body: B;
  headers: Headers;
}

export async function call<B = unknown>(url: string, init: { method?: string; token?: string; body?: unknown; cookie?: string; headers?: Record<string, string> } = {}): Promise<Reply<B>> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.cookie) headers.cookie = init.cookie;
  const res = await fetch(url, { method: init.method ?? (init.body === undefined ? 'GET' : 'POST'), headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // CSV and HTML stay text
  }
  return { status: res.status, body: body as B, headers: res.headers };
}

/** Adds a staff user straight in the hub's store and logs in over HTTP; returns the session token. */
export async function staffToken(hub: RunningHub, username: string, role: StaffRole, password = 'correct-horse-9'): Promise<string> {
  if (!(await hub.ctx.staff.findByName(username))) await hub.ctx.auth.addUser({ username, role, password }, hub.ctx.now(), 'test');
  const r = await call<{ token: string }>(`${hub.url}/api/county/login`, { body: { username, password } });
  if (r.status !== 200) throw new Error(`login failed: ${JSON.stringify(r.body)}`);
  return r.body.token;
}

/**
 * Gives a member of staff a password hash at the programs' full scrypt cost, not the tests' cheaper one
 * (vitest.config.ts): for the tests whose point is what a real check costs (a login flood, an unknown name
 * answered as slowly as a known one).
 */
export async function fullCostPassword(hub: RunningHub, username: string, password = 'correct-horse-9'): Promise<void> {
  await hubWrite(hub.dataDir, 'UPDATE staff_users SET password_hash = ? WHERE username = ?', hashSecret(password, SECRET_COST), username);
}

/** Registers a station through the staff API and returns its one-time code. */
export async function registerStation(hub: RunningHub, token: string, name: string, grade: Grade = 'standard'): Promise<{ id: string; code: string }> {
  const r = await call<{ station: { id: string }; enrollment: { code: string } }>(`${hub.url}/api/county/stations`, { token, body: { name, grade } });
  if (r.status !== 201) throw new Error(`station add failed: ${JSON.stringify(r.body)}`);
  return { id: r.body.station.id, code: r.body.enrollment.code };
}

/** A unit as the staff API adds it. */
export interface UnitInput {
  id: string;
  level: string;
  name: string;
  parentId?: string;
}

/** The county 伊州区 with two townships, 城北街道 (cb) and 东部镇 (db): a station inside a staff member's subtree and one outside. */
export const TWO_TOWNSHIPS: readonly UnitInput[] = [
  { id: 'yz', level: 'county', name: '伊州区' },
  { id: 'cb', level: 'township', name: '城北街道', parentId: 'yz' },
  { id: 'db', level: 'township', name: '东部镇', parentId: 'yz' },
];

/** Adds units, parents first, through the staff API as the dashboard does. */
export async function addUnits(hub: RunningHub, token: string, units: readonly UnitInput[]): Promise<void> {
  for (const unit of units) {
    const r = await call(`${hub.url}/api/county/units`, { token, body: unit });
    if (r.status !== 201) throw new Error(`unit add failed: ${JSON.stringify(r.body)}`);
  }
}

/** A staff user of one unit's subtree, added straight in the hub's store and logged in over HTTP; returns the token. */
export async function unitStaffToken(hub: RunningHub, username: string, role: StaffRole, unitId: string, password = 'correct-horse-9'): Promise<string> {
  await hub.ctx.auth.addUser({ username, role, password, unitId }, hub.ctx.now(), 'test');
  return staffToken(hub, username, role, password);
}

/** Registers a station, redeems its code as the station would and, when given, files it under `unitId`. */
export async function enrolledStation(hub: RunningHub, token: string, name: string, unitId?: string): Promise<{ id: string; secret: string }> {
  const { id, code } = await registerStation(hub, token, name);
  const { secret } = await hub.ctx.stations.redeemCode(code, hub.ctx.now());
  if (unitId !== undefined) {
    const r = await call(`${hub.url}/api/county/stations/${id}`, { method: 'PUT', token, body: { unitId } });
    if (r.status !== 200) throw new Error(`station move failed: ${JSON.stringify(r.body)}`);
  }
  return { id, secret };
}

export { HUB_TABLES, hubColumns, hubDatabaseUrl, hubDbArgs, hubRows, hubSnapshot, hubWrite, testHubDialect } from './hub-sql.ts';

/**
 * A group viewing that really ran on the station, through the agent's own modules: started ("play now"),
 * members checked in a minute later, `share` of the course played, ended — which queues its 'session' report.
 */
export function holdViewing(db: Db, input: { at: number; courseId: number; title: string; memberIds: readonly number[]; share?: number; durationMs?: number }): Session {
  const session = playNow(db, { courseId: input.courseId, kind: 'group_viewing', title: input.title, actor: 'test' }, input.at);
  for (const memberId of input.memberIds) {
    checkIn(db, { sessionId: session.id, by: { memberId }, method: 'cli', actor: 'test', at: input.at + 60_000 });
  }
  const duration = input.durationMs ?? 45 * 60_000;
  new SessionStore(db).recordPlayed(session.id, duration * (input.share ?? 1));
  return endSession(db, session.id, input.at + duration, 'player');
}
