// Records already made do not change with the roster: over real HTTP against a real agent on a real SQLite file,
// with the station's clock held at 2026-12-06 15:00 so that an export made twice is the same file byte for byte.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { DEFAULT_ADMIN_PIN } from '../../../agent/admin/admin-auth.ts';
import { DATABASE_FILE, openStationDatabase } from '../../../agent/store/database.ts';
import { schemaVersion } from '../../../agent/store/migrate.ts';
import { MemberStore } from '../../../agent/roster/member-store.ts';
import { SessionStore } from '../../../agent/sessions/session-store.ts';
import { checkIn } from '../../../agent/attendance/checkin.ts';
import { occurrenceOn } from '../../../agent/programs/recurrence.pure.ts';
import type { MonthlyReport } from '../../../agent/reports/monthly-report.ts';
import { ZONE, at, tempDir } from '../../support/station-fixture.ts';
import { HAS_PDFTOTEXT, cli, csvBlocks, pdfText } from '../exports/export-support.ts';
import { SessionRosterStore } from '../../../agent/roster/session-roster-store.ts';
import { NOVEMBER, NOW, OLD_MEMBERS, createHistoryStation } from './history-fixture.ts';
import { refusalText } from '../../../kiosk/ui/src/i18n/refusals.ts';

interface Agent {
  dir: string;
  agent: RunningAgent;
  token: string;
}

const started: Agent[] = [];

async function startAgent(dir: string): Promise<Agent> {
  const agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'error', now: () => NOW });
  const login = await fetch(new URL('/api/admin/login', agent.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pin: DEFAULT_ADMIN_PIN }) });
  const { token } = (await login.json()) as { token: string };
  const running = { dir, agent, token };
  started.push(running);
  const pin = await call(running, 'POST', '/api/admin/pin', { currentPin: DEFAULT_ADMIN_PIN, newPin: '246810' });
  expect(pin.status).toBe(200);
  return running;
}

function call(a: Agent, method: string, route: string, body?: unknown, raw?: Buffer): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${a.token}` };
  if (raw) headers['content-type'] = 'application/octet-stream';
  else if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(new URL(route, a.agent.url), { method, headers, body: raw ? new Uint8Array(raw) : body === undefined ? undefined : JSON.stringify(body) });
}

async function bytes(a: Agent, route: string): Promise<Buffer> {
  const res = await call(a, 'GET', route);
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

/** The printed sheet's words: a PDF carries its creation time, so its text is what must not change. */
async function printedSheet(a: Agent, sessionId: number): Promise<string> {
  const file = path.join(a.dir, `sheet-${sessionId}-${Date.now()}.pdf`);
  fs.writeFileSync(file, await bytes(a, `/api/admin/exports/signin-sheet?session=${sessionId}&format=pdf`));
  return pdfText(file);
}

const sheet = (a: Agent, sessionId: number) => bytes(a, `/api/admin/exports/signin-sheet?session=${sessionId}&format=csv`);
const monthCsv = (a: Agent, month: string) => bytes(a, `/api/admin/exports/month-report?month=${month}&format=csv`);
const monthJson = async (a: Agent, month: string) => (await (await call(a, 'GET', `/api/admin/reports/month/${month}`)).json()) as MonthlyReport;

/** The names a sign-in sheet lists as registered members (its first block's rows after the header). */
function sheetNames(csv: Buffer): string[] {
  const members = csvBlocks(csv).find((b) => b.rows[0]?.includes('姓名'));
  expect(members, 'the sheet has a member table').toBeDefined();
  const column = members!.rows[0]!.indexOf('姓名');
  return members!.rows.slice(1).map((r) => r[column]!).filter((n) => n !== '' && n !== '合计');
}

const IMPORT = Buffer.from('\ufeff姓名,类别,所在支部\r\n李建华,正式党员,第一党支部\r\n王小明,预备党员,第二党支部\r\n', 'utf8');

afterEach(async () => {
  while (started.length > 0) {
    const a = started.pop()!;
    await a.agent.stop();
    fs.rmSync(a.dir, { recursive: true, force: true });
  }
});

describe('a roster change today and the records already made', () => {
  let dir: string;
  let ids: { november: number; today: number };

  beforeAll(() => {
    dir = tempDir('yj-history-');
    const h = createHistoryStation(dir);
    ids = { november: h.november.id, today: h.today.id };
    h.station.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('an import today leaves November’s sign-in sheet and figures byte for byte, and today’s finished viewing keeps its 应到', async () => {
    const copy = tempDir('yj-history-import-');
    fs.cpSync(dir, copy, { recursive: true });
    const a = await startAgent(copy);
    const before = { sheet: await sheet(a, ids.november), month: await monthCsv(a, NOVEMBER), todaySheet: await sheet(a, ids.today), december: await monthJson(a, '2026-12') };
    const printed = HAS_PDFTOTEXT ? await printedSheet(a, ids.november) : null;
    expect(sheetNames(before.sheet)).toEqual([...OLD_MEMBERS]);
    if (printed !== null) expect(printed).toContain('应到 22 人');
    expect(before.december.sessions.find((s) => s.id === ids.today)!.registered).toBe(22);

    const res = await call(a, 'POST', '/api/admin/roster/import?fileName=roster.csv', undefined, IMPORT);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ written: true, created: 2 });
    const members = ((await (await call(a, 'GET', '/api/admin/members')).json()) as { members: { name: string; activeFrom: string | null }[] }).members;
    expect(members.find((m) => m.name === '李建华')!.activeFrom).toBe('2026-12-06');
    // Members from before keep "since ever".
    expect(members.filter((m) => OLD_MEMBERS.includes(m.name)).every((m) => m.activeFrom === null)).toBe(true);

    expect((await sheet(a, ids.november)).equals(before.sheet)).toBe(true);
    expect((await monthCsv(a, NOVEMBER)).equals(before.month)).toBe(true);
    expect((await sheet(a, ids.today)).equals(before.todaySheet)).toBe(true);
    if (printed !== null) expect(await printedSheet(a, ids.november)).toBe(printed);
    const december = await monthJson(a, '2026-12');
    expect(december.sessions.find((s) => s.id === ids.today)!.registered).toBe(22);
    expect(december.registered).toBe(before.december.registered);
  });

  it('a back-dated start is refused with the months it would alter, changes nothing, and on confirmation corrects them and is logged', async () => {
    const copy = tempDir('yj-history-backdate-');
    fs.cpSync(dir, copy, { recursive: true });
    const a = await startAgent(copy);
    const before = { sheet: await sheet(a, ids.november), month: await monthCsv(a, NOVEMBER) };
    const member = { name: '周红', gender: 'female', category: 'full', branch: '第二党支部', cardUid: null, phone: null, activeFrom: '2026-11-01', activeTo: null };

    const refused = await call(a, 'POST', '/api/admin/members', member);
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as { error: { code: string; params: { months: string[] } } };
    expect(body.error.code).toBe('history_confirm_needed');
    expect(body.error.params.months).toEqual(['2026-11', '2026-12']);
    expect(refusalText(body.error, 'zh-CN')).toContain('2026-11、2026-12');
    const names = async () => ((await (await call(a, 'GET', '/api/admin/members')).json()) as { members: { name: string }[] }).members.map((m) => m.name);
    expect(await names()).not.toContain('周红');
    expect((await sheet(a, ids.november)).equals(before.sheet)).toBe(true);
    expect((await monthCsv(a, NOVEMBER)).equals(before.month)).toBe(true);

    const confirmed = await call(a, 'POST', '/api/admin/members?confirm=true', member);
    expect(confirmed.status).toBe(201);
    const after = await sheet(a, ids.november);
    expect(sheetNames(after)).toContain('周红');
    expect(sheetNames(after)).toHaveLength(23);
    const november = await monthJson(a, NOVEMBER);
    expect(november.sessions[0]!.registered).toBe(23);
    expect(november.registered).toBe(23);

    const db = new Database(path.join(copy, DATABASE_FILE), { readonly: true });
    try {
      const log = db.prepare(`SELECT message, detail FROM station_log WHERE type = 'roster' ORDER BY id`).all() as { message: string; detail: string }[];
      const correction = log.find((e) => e.message.startsWith('经确认更正'));
      expect(correction?.message).toBe('经确认更正 2026-11、2026-12 的记录（名册更改）：周红；涉及 2 场已结束的集中收看');
      expect(JSON.parse(correction!.detail).months).toEqual(['2026-11', '2026-12']);
      // The county gets the corrected figures of both viewings.
      const reports = db.prepare(`SELECT body FROM outbox WHERE type = 'session' ORDER BY seq`).all() as { body: string }[];
      const latest = new Map(reports.map((r) => JSON.parse(r.body) as { sessionId: number; registered: number }).map((b) => [b.sessionId, b.registered]));
      expect(latest.get(ids.november)).toBe(23);
      expect(latest.get(ids.today)).toBe(23);
    } finally {
      db.close();
    }
  });

  it('a start date of today, picked in the form, does not reach back into this morning’s finished viewing', async () => {
    const copy = tempDir('yj-history-today-');
    fs.cpSync(dir, copy, { recursive: true });
    const a = await startAgent(copy);
    const before = await sheet(a, ids.today);
    const res = await call(a, 'POST', '/api/admin/members', { name: '吴刚', gender: 'male', category: 'full', branch: null, cardUid: null, phone: null, activeFrom: '2026-12-06', activeTo: null });
    expect(res.status).toBe(201);
    expect((await sheet(a, ids.today)).equals(before)).toBe(true);
    expect((await monthJson(a, '2026-12')).sessions.find((s) => s.id === ids.today)!.registered).toBe(22);
  });

  it('an edit that ends a membership before a finished viewing asks too; an edit of a name or phone does not move a sheet', async () => {
    const copy = tempDir('yj-history-edit-');
    fs.cpSync(dir, copy, { recursive: true });
    const a = await startAgent(copy);
    const before = await sheet(a, ids.november);
    const members = ((await (await call(a, 'GET', '/api/admin/members')).json()) as { members: { id: number; name: string }[] }).members;
    const first = members.find((m) => m.name === OLD_MEMBERS[0])!;

    const leave = await call(a, 'PUT', `/api/admin/members/${first.id}`, { activeTo: '2026-10-31' });
    expect(leave.status).toBe(409);
    expect(((await leave.json()) as { error: { params: { months: string[] } } }).error.params.months).toEqual(['2026-11', '2026-12']);
    // Leaving from today on keeps every record.
    expect((await call(a, 'PUT', `/api/admin/members/${first.id}`, { activeTo: '2026-12-06' })).status).toBe(200);
    expect((await call(a, 'PUT', `/api/admin/members/${first.id}`, { name: '党员01改', phone: '13800000000' })).status).toBe(200);
    expect((await sheet(a, ids.november)).equals(before)).toBe(true);
  });
});

describe('an exported month without viewings', () => {
  it('asks before a back-dated member changes a printed report of a month that had no viewing', async () => {
    const dir = tempDir('yj-history-empty-');
    const h = createHistoryStation(dir);
    h.station.close();
    const a = await startAgent(dir);
    const october = await monthCsv(a, '2026-10');
    const member = { name: '钱芳', gender: null, category: 'full', branch: null, cardUid: null, phone: null, activeFrom: '2026-10-15', activeTo: '2026-10-31' };
    const refused = await call(a, 'POST', '/api/admin/members', member);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { params: { months: string[] } } }).error.params.months).toEqual(['2026-10']);
    expect((await monthCsv(a, '2026-10')).equals(october)).toBe(true);
  });
});

describe('a database from before roster history', () => {
  it('keeps the members it had on past sheets after the upgrade, and fixes its finished viewings as they printed', async () => {
    const dir = tempDir('yj-history-upgrade-');
    // Schema 4: the previous release. Its viewing ended without a fixed list.
    const v4 = openStationDatabase(dir, { targetVersion: 4 });
    expect(schemaVersion(v4)).toBe(4);
    // Written as the previous release wrote them: today's MemberStore knows columns schema 4 does not have.
    const added = at('2026-10-01 09:00');
    const insert = v4.prepare(`INSERT INTO members (name, category, branch, created_at, updated_at) VALUES (?, 'full', '第一党支部', ?, ?)`);
    const members = OLD_MEMBERS.slice(0, 6).map((name) => ({ id: Number(insert.run(name, added, added).lastInsertRowid), name }));
    v4.prepare(`INSERT INTO courses (title, source, local_path, duration_ms, created_at, updated_at) VALUES ('旧课件', 'manual', '/tmp/old.mp4', 2400000, 0, 0)`).run();
    // The program and its session as schema 4 wrote them (today's stores write columns added since).
    const rule = { type: 'once', date: '2026-11-05', time: '19:30' } as const;
    const programId = Number(
      v4
        .prepare(
          `INSERT INTO programs (course_id, title, kind, recurrence, checkin_opens_before_min, checkin_closes_after_min, notes, origin, created_at, updated_at)
           VALUES (1, '十一月集中收看', 'group_viewing', ?, 15, 30, NULL, 'station', 0, 0)`,
        )
        .run(JSON.stringify(rule)).lastInsertRowid,
    );
    const occurrence = occurrenceOn(rule, ZONE, '2026-11-05')!;
    const sessions = new SessionStore(v4);
    const session = {
      id: Number(
        v4
          .prepare(
            `INSERT INTO sessions (program_id, occurrence_date, kind, title, course_id, scheduled_start, checkin_opens_at, checkin_closes_at, status, course_duration_ms, created_at)
             VALUES (?, '2026-11-05', 'group_viewing', '十一月集中收看', 1, ?, ?, ?, 'checkin', 2400000, ?)`,
          )
          .run(programId, occurrence.startsAt, occurrence.startsAt - 15 * 60_000, occurrence.startsAt + 30 * 60_000, occurrence.startsAt - 15 * 60_000).lastInsertRowid,
      ),
    };
    checkIn(v4, { sessionId: session.id, by: { memberId: members[0]!.id }, method: 'tile', actor: 'kiosk', at: occurrence.startsAt - 5 * 60_000 });
    sessions.markStarted(session.id, occurrence.startsAt, 0);
    sessions.recordPlayed(session.id, 2_400_000);
    sessions.end(session.id, occurrence.startsAt + 45 * 60_000, true);
    v4.close();

    const a = await startAgent(dir);
    const upgraded = await sheet(a, session.id);
    expect(sheetNames(upgraded)).toEqual(OLD_MEMBERS.slice(0, 6));
    expect((await monthJson(a, NOVEMBER)).sessions[0]).toMatchObject({ registered: 6, attendedRegistered: 1 });
    // And an import after the upgrade leaves it as it was.
    expect((await call(a, 'POST', '/api/admin/roster/import?fileName=roster.csv', undefined, IMPORT)).status).toBe(200);
    expect((await sheet(a, session.id)).equals(upgraded)).toBe(true);
  });
});

describe('yuanjiao roster import', () => {
  it('refuses a file that back-dates a member into finished viewings unless --confirm is given, then corrects them', async () => {
    const dir = tempDir('yj-history-cli-');
    const h = createHistoryStation(dir);
    h.station.close();
    const file = path.join(dir, 'back-dated.csv');
    fs.writeFileSync(file, '姓名,类别,起始日期\r\n周红,正式党员,2026-11-01\r\n');
    try {
      const refused = await cli(dir, 'roster', 'import', file);
      expect(refused.code).toBe(1);
      expect(refused.err).toContain('2026-11、2026-12');
      expect(refused.err).toContain('--confirm');
      const check = openStationDatabase(dir);
      expect(new MemberStore(check).list().map((m) => m.name)).not.toContain('周红');
      check.close();

      const confirmed = await cli(dir, 'roster', 'import', file, '--confirm');
      expect(confirmed.code).toBe(0);
      const db = openStationDatabase(dir);
      expect(new SessionRosterStore(db).get(h.november.id)!.map((m) => m.name)).toContain('周红');
      db.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
