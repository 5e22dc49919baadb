// Store and forward over a (simulated) week without the hub: two real agents keep holding viewings and
// logging while the hub is stopped; their heartbeats coalesce to one per run; when the hub comes back on
// the same data dir and port, the agents' own back-off brings everything across exactly once and in order,
// and the week counts as uptime because the run's heartbeat vouches for it.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { enroll } from '../../../agent/uplink/enrollment.ts';
import { countPendingOutbox, pendingOutbox } from '../../../agent/outbox/outbox-store.ts';
import { appendStationLog } from '../../../agent/stationlog/station-log.ts';
import { at, createStation, tempDir } from '../../support/station-fixture.ts';
import { waitFor } from '../../support/wait.ts';
import { call, holdViewing, hubRows, registerStation, staffToken, startTestHub, type TestHub } from '../../county/support/hub-fixture.ts';

const HOUR = 3_600_000;
const T0 = at('2026-11-02 08:00');
let clock = T0;
let hub: TestHub;
let hubPort: number;
let hubDir: string;
let token: string;
const dirs: string[] = [];
const agents: { name: string; id: string; agent: RunningAgent; courseId: number; memberIds: number[] }[] = [];

beforeAll(async () => {
  hubDir = tempDir('yj-hub-');
  hub = await startTestHub({ dataDir: hubDir, now: () => clock });
  hubPort = hub.port;
  token = await staffToken(hub, 'viewer', 'viewer');
  const admin = await staffToken(hub, 'admin', 'county_admin');
  for (const name of ['红旗村', '东风社区']) {
    const { id, code } = await registerStation(hub, admin, name);
    const dir = tempDir('yj-agent-');
    dirs.push(dir);
    const station = createStation({ dir });
    const course = station.addCourse({ title: '每日学习' });
    const memberIds = [1, 2, 3, 4].map((n) => station.addMember({ name: `${name}党员${n}` }).id);
    await enroll(station.db, { hubUrl: hub.url, code, now: () => clock });
    station.close();
    // Heartbeats hourly here, so a week is 168 steps; the protocol is the same at 5 minutes.
    const agent = await startDaemon({
      dataDir: dir,
      port: 0,
      now: () => clock,
      uplink: { heartbeatIntervalMs: HOUR, monotonic: () => clock, settleMs: 5, backoffBaseMs: 20, backoffMaxMs: 200 },
    });
    agents.push({ name, id, agent, courseId: course.id, memberIds });
  }
  for (const a of agents) expect((await a.agent.ctx.uplink.flush()).failure).toBeNull();
}, 60_000);

afterAll(async () => {
  for (const a of agents) await a.agent.stop();
  await hub.stop();
  for (const d of [...dirs, hubDir]) fs.rmSync(d, { recursive: true, force: true });
});

describe('a week without the hub', () => {
  it('queues everything, keeps one heartbeat per run, and delivers it all exactly once and in order when the hub is back', async () => {
    await hub.stop();
    for (let hour = 1; hour <= 7 * 24; hour++) {
      clock += HOUR;
      for (const [i, a] of agents.entries()) {
        const db = a.agent.ctx.db;
        // The room goes on: a viewing every evening at the first station, every other evening at the second.
        if (new Date(clock).getUTCHours() === 11 && (i === 0 || hour % 48 < 24)) {
          holdViewing(db, { at: clock, courseId: a.courseId, title: `第 ${Math.ceil(hour / 24)} 天学习`, memberIds: a.memberIds.slice(0, 2 + (hour % 3)) });
        }
        if (hour % 24 === 0) appendStationLog(db, { type: 'station', actor: 'admin', at: clock, message: `巡查记录 ${hour / 24}` });
        a.agent.ctx.uplink.heartbeat();
        const r = await a.agent.ctx.uplink.flush();
        expect(r.failure?.code).toBe('unreachable');
      }
    }
    for (const a of agents) {
      const pending = pendingOutbox(a.agent.ctx.db, 100_000);
      // 168 heartbeats of one run coalesce into its latest.
      expect(pending.filter((e) => e.type === 'heartbeat')).toHaveLength(1);
      expect(pending.filter((e) => e.type === 'session').length).toBeGreaterThanOrEqual(3);
      expect(a.agent.ctx.uplink.status().consecutiveFailures).toBeGreaterThan(100);
    }

    // The hub returns on the same data dir and port; nobody calls flush: the agents' back-off does it.
    hub = await startTestHub({ dataDir: hubDir, port: hubPort, now: () => clock });
    await waitFor(() => agents.every((a) => countPendingOutbox(a.agent.ctx.db) === 0), 15_000, 'both outboxes to drain');
    await waitFor(() => agents.every((a) => a.agent.ctx.uplink.status().consecutiveFailures === 0), 5_000, 'the uplinks to settle');

    for (const a of agents) {
      const outbox = a.agent.ctx.db.prepare('SELECT seq, id, type FROM outbox ORDER BY seq').all() as { seq: number; id: string; type: string }[];
      const seqOf = new Map(outbox.map((e) => [e.id, e.seq]));
      const atHub = await hubRows<{ id: string; type: string }>(hubDir, 'SELECT id, type FROM events WHERE station_id = ? ORDER BY seq', a.id);
      // Exactly once: every event the station queued (but the coalesced heartbeats) is at the hub, no id twice.
      expect(new Set(atHub.map((e) => e.id)).size).toBe(atHub.length);
      const expected = outbox.filter((e) => e.type !== 'heartbeat').map((e) => e.id);
      expect(atHub.filter((e) => e.type !== 'heartbeat').map((e) => e.id)).toEqual(expected);
      // In order: the hub received them in the order they happened at the station.
      const seqs = atHub.map((e) => seqOf.get(e.id)!);
      expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)).toBe(true);
      // Each viewing's latest report, once.
      const viewings = outbox.filter((e) => e.type === 'session').length;
      expect(await hubRows(hubDir, 'SELECT 1 FROM session_reports WHERE station_id = ?', a.id)).toHaveLength(viewings);
    }

    // The run's last heartbeat vouched for the whole week: every day of it counts as up. (Staff sessions
    // last 12 hours, and a week has passed: log in again.)
    token = await staffToken(hub, 'viewer', 'viewer');
    const page = await call<{ uptimeTimeline: { date: string; share: number | null }[] }>(`${hub.url}/api/county/stations/${agents[0]!.id}`, { token });
    const week = page.body.uptimeTimeline.filter((d) => d.date >= '2026-11-02' && d.date <= '2026-11-08');
    expect(week).toHaveLength(7);
    expect(week.every((d) => d.share === 1)).toBe(true);

    // Nothing is resent: another exchange adds what was newly queued (its heartbeat), nothing more.
    const before = (await hubRows(hubDir, 'SELECT id FROM events')).length;
    agents[0]!.agent.ctx.uplink.heartbeat();
    const queued = countPendingOutbox(agents[0]!.agent.ctx.db);
    const last = await agents[0]!.agent.ctx.uplink.flush();
    expect(last.delivered).toBe(queued);
    expect((await hubRows(hubDir, 'SELECT id FROM events')).length).toBe(before + queued);
  }, 120_000);
});
