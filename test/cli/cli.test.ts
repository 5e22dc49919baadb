// The `yuanjiao` command, run in-process through main() against a real data directory, plus the real
// binary as a child process. Exit codes: 0 done, 1 refused (bad data), 2 bad usage.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main, type Output } from '../../cli/main.ts';
import { openStationDatabase } from '../../agent/store/database.ts';
import { LATEST_SCHEMA_VERSION } from '../../agent/store/migrations/index.ts';
import { ProgramStore, type Program } from '../../agent/programs/program-store.ts';
import { nextOccurrences, occurrenceOn } from '../../agent/programs/recurrence.pure.ts';
import { localDateTimeOf } from '../../agent/clock/local-time.pure.ts';
import { playNow } from '../../agent/schedule/manual-play.ts';
import { endSession, openCheckin, startSession } from '../../agent/sessions/session-lifecycle.ts';
import { SessionStore, type Session } from '../../agent/sessions/session-store.ts';
import { checkIn, type CheckinBy } from '../../agent/attendance/checkin.ts';
import { MemberStore } from '../../agent/roster/member-store.ts';
import type { Db } from '../../agent/store/database.ts';
import { ZONE, at, createStation, tempDir } from '../support/station-fixture.ts';
import { AdminAuth, DEFAULT_ADMIN_PIN } from '../../agent/admin/admin-auth.ts';
import { queryStationLog } from '../../agent/stationlog/station-log.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MIN = 60_000;

interface Captured extends Output {
  stdout: string[];
  stderr: string[];
  out(text: string): void;
  err(text: string): void;
}

function capture(): Captured {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

let dir: string;

beforeEach(() => {
  dir = tempDir('yj-cli-');
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs `yuanjiao ...args --data DIR` in-process. */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = capture();
  const code = await main(['node', 'yuanjiao', ...args, '--data', dir], io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

function count(table: string): number {
  const db = openStationDatabase(dir);
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('yuanjiao program', () => {
  it('adds a monthly program on day 31 and prints the rule in Chinese with the next showings', async () => {
    const station = createStation({ dir });
    const course = station.addCourse({ title: '主题党日课件' });
    station.close();

    const before = Date.now();
    const res = await run('program', 'add', '--course', String(course.id), '--monthly', '31', '--time', '19:30');
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(res.out).toContain('已新增节目 #1「主题党日课件」每月31日 19:30（当月无此日则在月末）');
    expect(res.out).toContain('added program #1: Monthly on day 31 at 19:30 (last day in shorter months)');
    const rule = { type: 'monthly', day: 31, time: '19:30' } as const;
    const expected = nextOccurrences(rule, ZONE, before, 3).map((o) => localDateTimeOf(o.startsAt, ZONE));
    expect(res.out).toContain(`接下来 / next: ${expected.join('，')}`);
    // Day 31 falls on the last day of shorter months: at least one of three consecutive months is short.
    expect(expected.some((d) => !d.startsWith('31', 8))).toBe(true);

    const db = openStationDatabase(dir);
    try {
      expect(new ProgramStore(db).listActive()).toEqual([expect.objectContaining({ id: 1, courseId: course.id, kind: 'group_viewing', rule })]);
    } finally {
      db.close();
    }
  });

  it('lists programs as JSON with their next showings', async () => {
    const station = createStation({ dir });
    const course = station.addCourse({ title: '每周学习' });
    station.close();
    expect((await run('program', 'add', '--course', String(course.id), '--weekly', '一,三', '--time', '09:00', '--title', '周一周三学习')).code).toBe(0);

    const res = await run('program', 'list', '--json');
    expect(res.code).toBe(0);
    const programs = JSON.parse(res.out) as { id: number; title: string; ruleText: string; next: { date: string; startsAt: number }[] }[];
    expect(programs).toHaveLength(1);
    expect(programs[0]).toMatchObject({ title: '周一周三学习', ruleText: '每周一、三 09:00' });
    expect(programs[0]!.next).toHaveLength(3);
    const now = Date.now();
    for (const n of programs[0]!.next) {
      expect(n.startsAt).toBeGreaterThanOrEqual(now - MIN);
      expect([1, 3]).toContain(new Date(`${n.date}T12:00:00Z`).getUTCDay());
    }
    expect(programs[0]!.next.map((n) => n.startsAt)).toEqual([...programs[0]!.next.map((n) => n.startsAt)].sort((a, b) => a - b));
  });

  it('refuses two repeat options at once with exit code 2 and a bilingual message, adding nothing', async () => {
    const station = createStation({ dir });
    const course = station.addCourse();
    station.close();
    const res = await run('program', 'add', '--course', String(course.id), '--daily', '--weekly', '1', '--time', '19:30');
    expect(res.code).toBe(2);
    expect(res.err).toContain('请选择且只选择一种重复方式');
    expect(res.err).toContain('choose exactly one of --once, --daily, --weekly, --monthly');
    expect(count('programs')).toBe(0);
  });

  it('refuses a check-in window that is not a number of minutes with exit code 2 and a clear message, not a database error', async () => {
    const station = createStation({ dir });
    const course = station.addCourse();
    station.close();
    for (const [option, value] of [
      ['--open-before', 'abc'],
      ['--open-before', '-5'],
      ['--close-after', '1000'],
    ] as const) {
      const res = await run('program', 'add', '--course', String(course.id), '--daily', '--time', '19:30', option, value);
      expect(res.code, `${option} ${value}`).toBe(2);
      expect(res.err, `${option} ${value}`).toContain(option);
      expect(res.err, `${option} ${value}`).not.toMatch(/SqliteError|constraint failed|\n\s+at /);
    }
    expect(count('programs')).toBe(0);
  });

  it('refuses a program for a course that does not exist with exit code 1', async () => {
    createStation({ dir }).close();
    const res = await run('program', 'add', '--course', '42', '--daily', '--time', '19:30');
    expect(res.code).toBe(1);
    expect(res.err).toContain('课件 42 不存在');
    expect(count('programs')).toBe(0);
  });
});

describe('yuanjiao checkin', () => {
  it('checks a member in to a session once, and says when on the second try', async () => {
    const station = createStation({ dir });
    const member = station.addMember({ name: '张三' });
    const course = station.addCourse();
    const session = playNow(station.db, { courseId: course.id, kind: 'group_viewing', title: '今晚集中收看', actor: 'test' }, Date.now());
    station.close();

    const first = await run('checkin', '--session', String(session.id), '--member', String(member.id));
    expect(first.code).toBe(0);
    expect(first.out).toBe('张三 签到成功 / checked in');

    const second = await run('checkin', '--session', String(session.id), '--member', String(member.id));
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/^张三 已于 \d\d:\d\d 签到/);
    expect(count('attendance')).toBe(1);
  });

  it('refuses a guest without --category with exit code 2', async () => {
    const station = createStation({ dir });
    const course = station.addCourse();
    const session = playNow(station.db, { courseId: course.id, kind: 'group_viewing', actor: 'test' }, Date.now());
    station.close();
    const res = await run('checkin', '--session', String(session.id), '--guest', '李四');
    expect(res.code).toBe(2);
    expect(res.err).toContain('--category');
    expect(count('attendance')).toBe(0);

    const ok = await run('checkin', '--session', String(session.id), '--guest', '李四', '--category', 'employee');
    expect(ok.code).toBe(0);
    expect(count('attendance')).toBe(1);
  });

  it('refuses a check-in for a session that does not exist with exit code 1', async () => {
    const station = createStation({ dir });
    const member = station.addMember({ name: '张三' });
    station.close();
    const res = await run('checkin', '--session', '7', '--member', String(member.id));
    expect(res.code).toBe(1);
    expect(res.err).toContain('收看场次 7 不存在');
  });
});

describe('yuanjiao report month', () => {
  it('refuses month 2026-13 with exit code 2', async () => {
    createStation({ dir }).close();
    const res = await run('report', 'month', '2026-13');
    expect(res.code).toBe(2);
    expect(res.err).toContain('YYYY-MM');
  });

  /** One group viewing: check-in opens, the showing starts, people check in, it plays playedMs and ends. */
  function holdSession(db: Db, program: Program, date: string, people: CheckinBy[], playedMs: number): Session {
    const occurrence = occurrenceOn(program.rule, ZONE, date)!;
    openCheckin(db, program, occurrence, occurrence.startsAt - 15 * MIN);
    people.forEach((by, i) =>
      checkIn(db, { sessionId: new SessionStore(db).findByOccurrence(program.id, date)!.id, by, method: 'cli', actor: 'test', at: occurrence.startsAt - 10 * MIN + i * MIN }),
    );
    const { session } = startSession(db, program, occurrence, occurrence.startsAt);
    new SessionStore(db).recordPlayed(session.id, playedMs);
    return endSession(db, session.id, occurrence.startsAt + playedMs, 'player');
  }

  it('reports the month as JSON: registered, rate without the excused member, sessions held and each session', async () => {
    const station = createStation({ dir });
    const a = station.addMember({ name: '张三', category: 'full' });
    const b = station.addMember({ name: '李四', category: 'full' });
    station.addMember({ name: '王五', category: 'probationary' });
    const d = station.addMember({ name: '赵六', category: 'full' });
    const activist = station.addMember({ name: '钱七', category: 'activist' });
    new MemberStore(station.db).setExcused(d.id, '2026-10', '外出务工', at('2026-10-01 09:00'));
    const course = station.addCourse({ durationMs: 45 * MIN });
    const p1 = station.addProgram({ courseId: course.id, title: '十月集中收看（一）', rule: { type: 'once', date: '2026-10-10', time: '19:30' } }, at('2026-10-01 09:00'));
    const p2 = station.addProgram({ courseId: course.id, title: '十月集中收看（二）', rule: { type: 'once', date: '2026-10-24', time: '19:30' } }, at('2026-10-01 09:00'));
    // A showing in November must not be counted in October.
    const p3 = station.addProgram({ courseId: course.id, title: '十一月集中收看', rule: { type: 'once', date: '2026-11-07', time: '19:30' } }, at('2026-10-01 09:00'));
    const s1 = holdSession(station.db, p1, '2026-10-10', [{ memberId: a.id }, { memberId: b.id }, { memberId: d.id }, { guest: { name: '刘大爷', category: 'employee' } }], 45 * MIN);
    const s2 = holdSession(station.db, p2, '2026-10-24', [{ memberId: a.id }, { memberId: activist.id }, { guest: { name: '孙八', category: 'mobile' } }], 10 * MIN);
    holdSession(station.db, p3, '2026-11-07', [{ memberId: a.id }], 45 * MIN);
    station.close();

    const res = await run('report', 'month', '2026-10', '--json');
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    const report = JSON.parse(res.out) as Record<string, unknown> & { sessions: Record<string, unknown>[] };
    expect(report).toMatchObject({
      month: '2026-10',
      // 张三, 李四, 王五 counted; 赵六 excused and out of both sides.
      registered: 3,
      attendedRegistered: 2,
      participationRate: 0.6667,
      excused: 1,
      // The second viewing played 10 of 45 minutes: held only once, against the standard grade's minimum of 1.
      sessionsHeld: 1,
      sessionsRequired: 1,
    });
    expect(report.sessions).toHaveLength(2);
    expect(report.sessions[0]).toMatchObject({
      id: s1.id,
      programTitle: '十月集中收看（一）',
      startedAt: '2026-10-10T19:30:00+08:00',
      registered: 4,
      attendedRegistered: 3,
      rate: 0.75,
      guests: 1,
      held: true,
    });
    expect(report.sessions[1]).toMatchObject({
      id: s2.id,
      programTitle: '十月集中收看（二）',
      startedAt: '2026-10-24T19:30:00+08:00',
      registered: 4,
      attendedRegistered: 1,
      rate: 0.25,
      guests: 2,
      held: false,
    });

    const text = await run('report', 'month', '2026-10');
    expect(text.code).toBe(0);
    expect(text.out).toContain('组织集中收看 1 次，要求 ≥ 1 次：达标');
    expect(text.out).toContain('在册党员 3 人（另请假 1 人），参加 2 人，月参学率 66.7%');
  });
});

describe('yuanjiao log and roster', () => {
  it('lists the station log as JSON', async () => {
    const station = createStation({ dir });
    const course = station.addCourse({ title: '日志课件' });
    station.close();
    expect((await run('program', 'add', '--course', String(course.id), '--once', '2027-01-09', '--time', '19:30')).code).toBe(0);
    const res = await run('log', '--json');
    expect(res.code).toBe(0);
    const entries = JSON.parse(res.out) as { id: number; type: string; actor: string; message: string; at: number }[];
    expect(entries).toEqual([expect.objectContaining({ type: 'program', actor: 'cli', message: '新增节目：日志课件（2027年1月9日 19:30）' })]);
    expect(entries[0]!.at).toBeGreaterThan(at('2026-11-01 00:00'));
  });

  it('refuses a roster file with an invalid row: exit code 1, the row number on stderr, nothing imported', async () => {
    const station = createStation({ dir });
    station.addMember({ name: '张三' });
    station.close();
    const file = path.join(dir, '名册.csv');
    fs.writeFileSync(file, '姓名,类别,所在支部\r\n李四,正式党员,第一党支部\r\n王五,外星人,第一党支部\r\n', 'utf8');
    const membersBefore = count('members');
    const logBefore = count('station_log');

    const res = await run('roster', 'import', file);
    expect(res.code).toBe(1);
    expect(res.err).toContain('第 3 行');
    expect(res.err).toContain('未导入任何数据');
    expect(count('members')).toBe(membersBefore);
    expect(count('station_log')).toBe(logBefore);

    // The same file with --skip-invalid imports the good row.
    const skipped = await run('roster', 'import', file, '--skip-invalid');
    expect(skipped.code).toBe(0);
    expect(skipped.out).toContain('新增 1');
    expect(count('members')).toBe(membersBefore + 1);
  });
});

describe('a database from a newer release', () => {
  it('is refused by every command with exit code 1 and both schema versions named, and left unchanged', async () => {
    const db = openStationDatabase(dir);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.close();
    const res = await run('roster', 'list');
    expect(res.code).toBe(1);
    expect(res.err).toContain(`数据库版本 ${LATEST_SCHEMA_VERSION + 1} 比本程序支持的版本 ${LATEST_SCHEMA_VERSION} 新`);
    expect(res.err).not.toMatch(/\n\s+at /);
    const raw = new Database(path.join(dir, 'station.sqlite'), { readonly: true });
    try {
      expect(raw.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 1);
    } finally {
      raw.close();
    }
  });
});

describe('the yuanjiao binary', () => {
  function node(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(REPO, 'bin/yuanjiao.js'), ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('prints help and lists the roster as a real process, exiting 0', async () => {
    const help = await node(['--help']);
    expect(help.stderr).toBe('');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: yuanjiao');
    expect(help.stdout).toContain('roster');

    const station = createStation({ dir });
    station.addMember({ name: '张三', branch: '第一党支部' });
    station.addMember({ name: '李四', branch: '第二党支部' });
    station.close();
    const list = await node(['roster', 'list', '--data', dir]);
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('张三');
    expect(list.stdout).toContain('共 2 人 / 2 on the roster');

    const bad = await node(['report', 'month', '2026-13', '--data', dir]);
    expect(bad.code).toBe(2);
  }, 60_000);
});

describe('yuanjiao admin reset-pin', () => {
  it('gives a one-time PIN that must be changed at its first login, ends sessions opened with the old one, and logs it', async () => {
    const dir = tempDir('yj-reset-pin-');
    const station = createStation({ dir });
    const auth = new AdminAuth(station.db);
    auth.ensureInitialized(Date.now());
    const first = auth.login(DEFAULT_ADMIN_PIN, Date.now());
    auth.changePin(first.token, DEFAULT_ADMIN_PIN, '240815', Date.now());
    station.close();

    // The running agent's view: a session opened with the PIN before the reset.
    const agentDb = openStationDatabase(dir);
    const agentAuth = new AdminAuth(agentDb);
    const open = agentAuth.login('240815', Date.now());

    const lines: string[] = [];
    const code = await main(['node', 'yuanjiao', 'admin', 'reset-pin', '--data', dir], { out: (t) => lines.push(t), err: (t) => lines.push(t) });
    expect(code).toBe(0);
    const pin = /(\d{8})/.exec(lines.join('\n'))![1]!;

    expect(() => agentAuth.authorize(open.token, Date.now())).toThrow(expect.objectContaining({ code: 'not_logged_in' }));
    expect(() => agentAuth.login('240815', Date.now())).toThrow();
    const fresh = agentAuth.login(pin, Date.now());
    expect(fresh.mustChangePin).toBe(true);
    expect(queryStationLog(agentDb, {}).some((e) => e.message.includes('管理 PIN 已在终端上重置'))).toBe(true);
    agentDb.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
