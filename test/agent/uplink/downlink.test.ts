// What the county sends down, end to end: a county administrator adds a stream program, a notice and the
// policy through the staff API; the station's next exchange puts the program on its schedule and board
// (origin 'county', a stream course), the notice on its board and the policy in its settings; edits and
// removals follow; an unchanged downlink writes nothing. And the clock: the skew is recorded from each
// signed reply, and a station whose clock is 12 minutes off still gets through (and stops auto-start).
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { enroll } from '../../../agent/uplink/enrollment.ts';
import { ProgramStore } from '../../../agent/programs/program-store.ts';
import { CourseStore } from '../../../content/course-store.ts';
import { listNotices } from '../../../agent/notices/notice-store.ts';
import { readSetting, readStationSettings } from '../../../agent/settings/settings-store.ts';
import { COUNTY_PROGRAMS_SETTING, HUB_SKEW_SETTING, POLICY_SETTING } from '../../../agent/uplink/uplink-settings.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { at, createStation, tempDir } from '../../support/station-fixture.ts';
import { call, hubRows, registerStation, staffToken, startTestHub, type TestHub } from '../../county/support/hub-fixture.ts';

const MIN = 60_000;
const clock = at('2026-11-24 09:00');
let hub: TestHub;
let admin: string;
const dirs: string[] = [];
const running: RunningAgent[] = [];

async function station(name: string, offsetMs = 0): Promise<{ agent: RunningAgent; id: string }> {
  const { id, code } = await registerStation(hub, admin, name);
  const dir = tempDir('yj-agent-');
  dirs.push(dir);
  const s = createStation({ dir });
  await enroll(s.db, { hubUrl: hub.url, code, now: () => clock + offsetMs });
  s.close();
  const agent = await startDaemon({ dataDir: dir, port: 0, now: () => clock + offsetMs, uplink: { monotonic: () => clock, settleMs: 5, backoffBaseMs: 20, backoffMaxMs: 100 } });
  running.push(agent);
  return { agent, id };
}

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock });
  admin = await staffToken(hub, 'admin', 'county_admin');
});

afterAll(async () => {
  for (const a of running) await a.stop();
  await hub.stop();
  for (const d of [...dirs, hub.dataDir]) fs.rmSync(d, { recursive: true, force: true });
});

describe('the downlink', () => {
  it('puts a county program on the station\'s schedule and board, a notice on its board and the policy in its settings', async () => {
    const { agent } = await station('红旗村');
    const viewer = await staffToken(hub, 'viewer', 'viewer');
    const program = {
      title: '全县党员冬训直播',
      kind: 'group_viewing',
      rule: { type: 'once', date: '2026-11-28', time: '09:30' },
      course: { title: '冬训直播', streamUrl: 'https://live.example.gov.cn/dongxun/index.m3u8', sha256: null, durationMs: null },
      notes: '全体党员参加',
    };
    expect((await call(`${hub.url}/api/county/programs`, { token: viewer, body: program })).status).toBe(403);
    const created = await call<{ program: { id: number; stationProgramId: string } }>(`${hub.url}/api/county/programs`, { token: admin, body: program });
    expect(created.status).toBe(201);
    const notice = await call<{ notice: { id: number } }>(`${hub.url}/api/county/notices`, { token: admin, body: { text: '本周六上午冬训直播，请提前签到', until: '2026-11-28' } });
    expect(notice.status).toBe(201);
    expect((await call(`${hub.url}/api/county/policy`, { method: 'PUT', token: admin, body: { minViewingsPerMonth: 2, minMinutesPerMonth: 90, fixedStudyDays: [20, 5] } })).status).toBe(200);

    // (The flush may find the uplink already done by itself after some local change; what counts is the state.)
    agent.ctx.uplink.heartbeat();
    expect((await agent.ctx.uplink.flush()).failure).toBeNull();

    const db = agent.ctx.db;
    const county = new ProgramStore(db).listActive().filter((p) => p.origin === 'county');
    expect(county).toMatchObject([{ title: '全县党员冬训直播', kind: 'group_viewing', rule: { type: 'once', date: '2026-11-28', time: '09:30' }, notes: '全体党员参加' }]);
    expect(new CourseStore(db).get(county[0]!.courseId)).toMatchObject({ source: 'county', streamUrl: 'https://live.example.gov.cn/dongxun/index.m3u8', localPath: null });
    expect(listNotices(db).filter((n) => n.origin === 'county')).toMatchObject([{ text: '本周六上午冬训直播，请提前签到', until: '2026-11-28' }]);
    expect(readStationSettings(db).policyMinViewingsPerMonth).toBe(2);
    expect(readSetting(db, POLICY_SETTING)).toEqual({ minViewingsPerMonth: 2, minMinutesPerMonth: 90, fixedStudyDays: [5, 20] });
    expect(queryStationLog(db).map((l) => l.message)).toContain('县级平台下发节目：全县党员冬训直播');
    // The station knows the program by its key (migration 0017): random, not the hub's row id.
    expect(created.body.program.stationProgramId).toMatch(/^cp-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(readSetting(db, COUNTY_PROGRAMS_SETTING)).toEqual({ [created.body.program.stationProgramId]: county[0]!.id });

    // The room sees it: the board lists the showing as from the county, the state carries the notice.
    const board = (await (await fetch(`${agent.url}api/board?days=7`)).json()) as { showings: { title: string; origin: string; time: string }[] };
    expect(board.showings).toContainEqual(expect.objectContaining({ title: '全县党员冬训直播', origin: 'county', time: '09:30' }));
    const state = (await (await fetch(`${agent.url}api/state`)).json()) as { notices: { text: string; origin: string }[] };
    expect(state.notices).toContainEqual(expect.objectContaining({ text: '本周六上午冬训直播，请提前签到', origin: 'county' }));

    // Nothing changed at the county: the next exchange changes nothing on the station.
    const logCount = queryStationLog(db).length;
    const programBefore = new ProgramStore(db).get(county[0]!.id)!;
    const noticesBefore = listNotices(db);
    agent.ctx.uplink.heartbeat();
    expect((await agent.ctx.uplink.flush()).downlink).toBeNull();
    expect(queryStationLog(db).length).toBe(logCount);
    expect(new ProgramStore(db).get(county[0]!.id)).toEqual(programBefore);
    expect(listNotices(db)).toEqual(noticesBefore);

    // An edit updates the same program; removals take program and notice off the station.
    const localId = county[0]!.id;
    expect((await call(`${hub.url}/api/county/programs/${created.body.program.id}`, { method: 'PUT', token: admin, body: { ...program, title: '全县党员冬训直播（改期）', rule: { type: 'once', date: '2026-11-29', time: '09:30' } } })).status).toBe(200);
    agent.ctx.uplink.heartbeat();
    expect((await agent.ctx.uplink.flush()).failure).toBeNull();
    // The same station program, updated: not a second one.
    expect(new ProgramStore(db).get(localId)).toMatchObject({ title: '全县党员冬训直播（改期）', rule: { date: '2026-11-29' }, removedAt: null });
    expect(new ProgramStore(db).listActive().filter((p) => p.origin === 'county')).toHaveLength(1);

    expect((await call(`${hub.url}/api/county/programs/${created.body.program.id}`, { method: 'DELETE', token: admin })).status).toBe(200);
    expect((await call(`${hub.url}/api/county/notices/${notice.body.notice.id}`, { method: 'DELETE', token: admin })).status).toBe(200);
    agent.ctx.uplink.heartbeat();
    expect((await agent.ctx.uplink.flush()).failure).toBeNull();
    expect(new ProgramStore(db).get(localId)!.removedAt).not.toBeNull();
    expect(listNotices(db).filter((n) => n.origin === 'county')).toEqual([]);
  });

  it('schedules a county program for a file the station has, and waits for a file it has not received yet', async () => {
    const { agent } = await station('东风社区');
    const sha = 'ab'.repeat(32);
    const created = await call<{ program: { id: number; stationProgramId: string } }>(`${hub.url}/api/county/programs`, {
      token: admin,
      body: { title: '卫星课件：乡村振兴', kind: 'group_viewing', rule: { type: 'monthly', day: 20, time: '19:30' }, course: { title: '乡村振兴', streamUrl: null, sha256: sha, durationMs: 1_800_000 } },
    });
    // The station's own wait or a send it started by itself may carry the downlink before this flush does (then the
    // flush makes no exchange): as the program stays unresolved, every exchange brings it again, so flush until one
    // of the test's own does.
    let waiting = { exchanges: 0 } as Awaited<ReturnType<typeof agent.ctx.uplink.flush>>;
    for (let attempt = 0; attempt < 20 && waiting.exchanges === 0; attempt++) {
      agent.ctx.uplink.heartbeat();
      waiting = await agent.ctx.uplink.flush();
    }
    expect(waiting.downlink?.programs.unresolved).toEqual([{ id: created.body.program.stationProgramId, reason: 'course_not_received', params: {} }]);
    expect(new ProgramStore(agent.ctx.db).listActive().filter((p) => p.title === '卫星课件：乡村振兴')).toEqual([]);

    // The satellite delivers the file; the next reply (the same downlink) schedules it.
    const course = new CourseStore(agent.ctx.db).add({ title: '乡村振兴', series: null, source: 'inbox', localPath: '/tmp/x.mp4', streamUrl: null, durationMs: 1_800_000, sha256: sha }, clock);
    agent.ctx.uplink.heartbeat();
    // (The uplink may already have applied it on its own after the last change; either way it is there now.)
    expect((await agent.ctx.uplink.flush()).failure).toBeNull();
    expect(new ProgramStore(agent.ctx.db).listActive().find((p) => p.title === '卫星课件：乡村振兴')).toMatchObject({ courseId: course.id, origin: 'county' });
    await call(`${hub.url}/api/county/programs/${created.body.program.id}`, { method: 'DELETE', token: admin });
  });
});

describe('clock skew', () => {
  it('records hub time − station clock from every signed reply', async () => {
    // The station's clock runs 3 minutes fast.
    const { agent, id } = await station('向阳村', 3 * MIN);
    agent.ctx.uplink.heartbeat();
    await agent.ctx.uplink.flush();
    expect(Math.abs(readSetting<number>(agent.ctx.db, HUB_SKEW_SETTING)! - -3 * MIN)).toBeLessThan(1_000);
    // The heartbeat tells the county too.
    agent.ctx.uplink.heartbeat();
    await agent.ctx.uplink.flush();
    expect(Math.abs((await hubRows<{ clock_skew_ms: number }>(hub.dataDir, 'SELECT clock_skew_ms FROM station_status WHERE station_id = ?', id))[0]!.clock_skew_ms + 3 * MIN)).toBeLessThan(1_000);
  });

  it('gets a station 12 minutes off through the ±5 minute window (stale, corrected, resent), and both sides raise the clock alert', async () => {
    const { agent, id } = await station('光明村', -12 * MIN);
    // Enrollment measured the skew already; forget it, as a station whose clock was changed since would.
    agent.ctx.db.prepare(`DELETE FROM settings WHERE key = ?`).run(HUB_SKEW_SETTING);
    agent.ctx.uplink.heartbeat();
    const r = await agent.ctx.uplink.flush();
    expect(r.failure).toBeNull();
    expect(r.exchanges).toBeGreaterThanOrEqual(2);
    expect(hub.logs.some((l) => l.code === 'stale_timestamp' && l.station === id)).toBe(true);
    expect(Math.abs(readSetting<number>(agent.ctx.db, HUB_SKEW_SETTING)! - 12 * MIN)).toBeLessThan(1_000);

    // The station stops starting programs by itself (its own critical alert) …
    agent.ctx.scheduler.reconcile();
    expect(agent.ctx.alerts.list().map((a) => a.code)).toContain('clock_untrusted');
    // … and the county sees the skew from the next heartbeat.
    agent.ctx.uplink.heartbeat();
    await agent.ctx.uplink.flush();
    const page = await call<{ alerts: { code: string; message: string }[]; clockSkewMs: number }>(`${hub.url}/api/county/stations/${id}`, { token: admin });
    expect(page.body.alerts.find((a) => a.code === 'clock_skew')?.message).toBe('终端时钟比县级平台慢 12 分钟，节目不会自动开始');
  });
});
