// Enrollment end to end through the CLI: county staff register a station (`yuanjiao county station add`),
// the station joins with the one-time code (`yuanjiao enroll`), and what each side then holds. Also the
// real binary: `county start` serves, `county user add` takes the password from stdin.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { main, type Output } from '../../../cli/main.ts';
import { openStationDatabase } from '../../../agent/store/database.ts';
import { readSetting, readStationSettings } from '../../../agent/settings/settings-store.ts';
import { countPendingOutbox, pendingOutbox } from '../../../agent/outbox/outbox-store.ts';
import { SECRET_SETTING, ENROLLMENT_SETTING, type EnrollmentRecord } from '../../../agent/uplink/uplink-settings.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { startDaemon } from '../../../agent/daemon.ts';
import { DateTime } from 'luxon';
import { ZONE, createStation, tempDir } from '../../support/station-fixture.ts';
import { waitFor } from '../../support/wait.ts';
import { call, holdViewing, hubDbArgs, hubRows, hubSnapshot, startTestHub, type TestHub } from '../support/hub-fixture.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DAY = 86_400_000;

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: Output = { out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
  const code = await main(['node', 'yuanjiao', ...args], io);
  return { code, out: stdout.join('\n'), err: stderr.join('\n') };
}

function codeFrom(out: string): string {
  const m = /一次性加入码 \/ one-time code:\s+([A-Z0-9-]+)/.exec(out);
  if (!m) throw new Error(`no code in: ${out}`);
  return m[1]!;
}

const hubs: TestHub[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.stop();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function dir(prefix: string): string {
  const d = tempDir(prefix);
  dirs.push(d);
  return d;
}

describe('yuanjiao county station add → yuanjiao enroll', () => {
  it('registers a station, enrolls it with the code, stores the secret without printing it, and refuses the code a second time', async () => {
    const hub = await startTestHub({ dataDir: dir('yj-hub-') });
    hubs.push(hub);
    const added = await run('county', 'station', 'add', '红旗村党员活动室', '--grade', 'demonstration', '--data', hub.dataDir, ...hubDbArgs(hub.dataDir));
    expect(added.err).toBe('');
    expect(added.code).toBe(0);
    expect(added.out).toContain('已登记站点「红旗村党员活动室」（示范场所）');
    const code = codeFrom(added.out);
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);

    const agentDir = dir('yj-agent-');
    // A typed code is forgiving: lower case and without the dashes.
    const enrolled = await run('enroll', '--hub', `${hub.url}/`, '--code', code.toLowerCase().replace(/-/g, ''), '--data', agentDir);
    expect(enrolled.err).toBe('');
    expect(enrolled.code).toBe(0);
    expect(enrolled.out).toContain('已加入县级管理平台 / enrolled with the county hub');
    expect(enrolled.out).toContain('红旗村党员活动室（示范场所）');

    const [station] = await hubRows<{ id: string; secret: string; enrolled_at: number }>(hub.dataDir, 'SELECT id, secret, enrolled_at FROM stations');
    expect(station!.enrolled_at).toBeGreaterThan(0);
    expect(enrolled.out).toContain(station!.id);
    expect(enrolled.out).not.toContain(station!.secret);

    const db = openStationDatabase(agentDir);
    try {
      const settings = readStationSettings(db);
      expect(settings).toMatchObject({ stationId: station!.id, hubUrl: hub.url, grade: 'demonstration', stationName: '红旗村党员活动室' });
      expect(readSetting<string>(db, SECRET_SETTING)).toBe(station!.secret);
      expect(readSetting<EnrollmentRecord>(db, ENROLLMENT_SETTING)).toMatchObject({ stationId: station!.id, hubUrl: hub.url, dropped: 0, kept: 0 });
      expect(queryStationLog(db).map((l) => l.message)).toContain(`已加入县级管理平台（站点编号 ${station!.id}）`);
      // The station log line about it is queued for the county; the secret is in no queued event.
      expect(JSON.stringify(pendingOutbox(db, 100))).not.toContain(station!.secret);
    } finally {
      db.close();
    }

    const before = await hubSnapshot(hub.dataDir);
    const again = await run('enroll', '--hub', hub.url, '--code', code, '--data', dir('yj-agent-'));
    expect(again.code).toBe(1);
    expect(again.err).toContain('加入码已经用过');
    expect(await hubSnapshot(hub.dataDir)).toEqual(before);
    expect((await hubRows<{ secret: string }>(hub.dataDir, 'SELECT secret FROM stations'))[0]!.secret).toBe(station!.secret);

    // Enrolled already: refused unless --force, and nothing is asked of the hub.
    const twice = await run('enroll', '--hub', hub.url, '--code', 'ABCD-EFGH-JKMN', '--data', agentDir);
    expect(twice.code).toBe(1);
    expect(twice.err).toContain('本站点已加入县级管理平台');
  });

  it('refuses an expired code, a mistyped code and an unreachable hub with a message a person can act on', async () => {
    // The CLI registers the station on the real clock; the hub is then moved past the code's 7 days.
    let clock = Date.now();
    const hub = await startTestHub({ dataDir: dir('yj-hub-'), now: () => clock });
    hubs.push(hub);
    const code = codeFrom((await run('county', 'station', 'add', '东风社区', '--data', hub.dataDir, ...hubDbArgs(hub.dataDir))).out);

    const wrong = await run('enroll', '--hub', hub.url, '--code', 'ZZZZ-ZZZZ-ZZZZ', '--data', dir('yj-agent-'));
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('加入码无效');

    clock += 7 * DAY + 60_000;
    const expired = await run('enroll', '--hub', hub.url, '--code', code, '--data', dir('yj-agent-'));
    expect(expired.code).toBe(1);
    expect(expired.err).toContain('加入码已过期');
    expect((await hubRows<{ enrolled_at: number | null }>(hub.dataDir, 'SELECT enrolled_at FROM stations'))[0]!.enrolled_at).toBeNull();

    const closed = await startTestHub({ dataDir: dir('yj-hub-') });
    const url = closed.url;
    await closed.stop();
    const unreachable = await run('enroll', '--hub', url, '--code', code, '--data', dir('yj-agent-'));
    expect(unreachable.code).toBe(1);
    expect(unreachable.err).toContain('连不上县级管理平台');

    const usage = await run('enroll', '--hub', 'ftp://hub', '--code', code, '--data', dir('yj-agent-'));
    expect(usage.code).toBe(2);
  });

  it('sends this month\'s group viewings recorded before enrollment and sets the rest of the earlier queue aside', async () => {
    const hub = await startTestHub({ dataDir: dir('yj-hub-') });
    hubs.push(hub);
    const code = codeFrom((await run('county', 'station', 'add', '向阳村', '--data', hub.dataDir, ...hubDbArgs(hub.dataDir))).out);

    const agentDir = dir('yj-agent-');
    const station = createStation({ dir: agentDir });
    const course = station.addCourse({ title: '主题党日课件' });
    const member = station.addMember({ name: '张三' });
    const now = Date.now();
    const thisMonth = holdViewing(station.db, { at: now - 2 * 3600_000, courseId: course.id, title: '本月收看', memberIds: [member.id] });
    holdViewing(station.db, { at: now - 40 * DAY, courseId: course.id, title: '上月收看', memberIds: [member.id] });
    const queuedBefore = countPendingOutbox(station.db);
    station.close();
    expect(queuedBefore).toBeGreaterThan(4);

    const enrolled = await run('enroll', '--hub', hub.url, '--code', code, '--data', agentDir);
    expect(enrolled.code).toBe(0);
    // Only when both viewings fall in different months is the split visible; 2 h ago is this month unless it is the 1st before 02:00.
    const sameMonth = DateTime.fromMillis(now - 2 * 3600_000, { zone: ZONE }).month === DateTime.fromMillis(now, { zone: ZONE }).month;
    const db = openStationDatabase(agentDir);
    let pending: ReturnType<typeof pendingOutbox>;
    try {
      pending = pendingOutbox(db, 1000);
      const record = readSetting<EnrollmentRecord>(db, ENROLLMENT_SETTING)!;
      expect(record.kept).toBe(sameMonth ? 1 : 0);
      expect(record.dropped + record.kept).toBe(queuedBefore);
    } finally {
      db.close();
    }
    const sessions = pending.filter((e) => e.type === 'session');
    expect(sessions.map((e) => (e.body as { sessionId: number }).sessionId)).toEqual(sameMonth ? [thisMonth.id] : []);
    // What remains besides: the enrollment's own station-log line.
    expect(pending.filter((e) => e.type !== 'session').map((e) => e.type)).toEqual(['station_log']);

    const agent = await startDaemon({ dataDir: agentDir, port: 0, uplink: { settleMs: 10 } });
    try {
      await waitFor(() => agent.ctx.uplink.status().pending === 0 && agent.ctx.uplink.status().lastSuccessAt !== null, 10_000, 'the queue to drain');
      const reports = await hubRows<{ title: string }>(hub.dataDir, 'SELECT title FROM session_reports');
      expect(reports.map((r) => r.title)).toEqual(sameMonth ? ['本月收看'] : []);
      // The month summary counts both viewings' months from the station's own records, not from the queue.
      const summaries = await hubRows<{ month: string; attended_registered: number }>(hub.dataDir, 'SELECT month, attended_registered FROM month_summaries ORDER BY month');
      expect(summaries.length).toBeGreaterThanOrEqual(1);
    } finally {
      await agent.stop();
    }
  });

  it('wakes a running agent: enrolled by the CLI beside it, it reports within seconds without a restart', async () => {
    const hub = await startTestHub({ dataDir: dir('yj-hub-') });
    hubs.push(hub);
    const code = codeFrom((await run('county', 'station', 'add', '团结村', '--data', hub.dataDir, ...hubDbArgs(hub.dataDir))).out);
    const agentDir = dir('yj-agent-');
    const agent = await startDaemon({ dataDir: agentDir, port: 0, uplink: { settleMs: 10 } });
    try {
      expect(agent.ctx.uplink.status().enrolled).toBe(false);
      expect((await agent.ctx.uplink.flush()).failure?.code).toBe('not_enrolled');
      expect((await run('enroll', '--hub', hub.url, '--code', code, '--data', agentDir)).code).toBe(0);
      const [station] = await hubRows<{ id: string }>(hub.dataDir, 'SELECT id FROM stations');
      await waitFor(async () => (await hubRows(hub.dataDir, `SELECT 1 FROM events WHERE station_id = ? AND type = 'heartbeat'`, station!.id)).length > 0, 10_000, 'the first heartbeat');
      expect(agent.ctx.uplink.status()).toMatchObject({ enrolled: true, stationId: station!.id });
    } finally {
      await agent.stop();
    }
  });
});

describe('the real binary', () => {
  function spawnCli(args: string[], input?: string): Promise<{ code: number | null; out: string; err: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(REPO, 'bin/yuanjiao.js'), ...args], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, out, err }));
      child.stdin.end(input ?? '');
    });
  }

  it('county user add reads the password from stdin, and county start serves the hub until SIGTERM', async () => {
    const hubDir = dir('yj-hub-');
    const added = await spawnCli(['county', 'user', 'add', 'liwei', '--role', 'county_admin', '--data', hubDir], 'a-long-secret-1\n');
    expect(added.err).toBe('');
    expect(added.code).toBe(0);
    expect(added.out).toContain('已添加管理人员 liwei（县级管理员）');
    expect(added.out).not.toContain('a-long-secret-1');

    const weak = await spawnCli(['county', 'user', 'add', 'wang', '--role', 'viewer', '--data', hubDir], 'short\n');
    expect(weak.code).toBe(1);
    expect(weak.err).toContain('密码至少 10 位');

    const child = spawn(process.execPath, [path.join(REPO, 'bin/yuanjiao.js'), 'county', 'start', '--data', hubDir, '--port', '0'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      // The last line of the start-up text: the lines before it have arrived by then.
      await waitFor(() => out.includes('按 Ctrl+C 停止'), 20_000, `the hub to say it is running\n${out}`);
      const url = /地址 \/ address:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] ?? '';
      expect(url).toMatch(/^http:/);
      expect(out).toContain('仅本机可访问');
      const page = await call<string>(`${url}/`);
      expect(page.status).toBe(200);
      expect(page.body).toContain('远教县级管理平台');
      const login = await call<{ user: { username: string; role: string }; mustChangePassword: boolean }>(`${url}/api/county/login`, { body: { username: 'liwei', password: 'a-long-secret-1' } });
      expect(login.status).toBe(200);
      expect(login.body.user).toMatchObject({ username: 'liwei', role: 'county_admin' });
      // The password was typed by the user at the hub's machine: theirs, not one to replace.
      expect(login.body.mustChangePassword).toBe(false);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('已停止 / stopped');
    // Three processes of the real binary, each loading the whole CLI: on a shared 2-core machine that alone
    // came near the default 30 s.
  }, 90_000);
});
