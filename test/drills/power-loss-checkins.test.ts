// Drill: the plug is pulled while the room checks in (once in `npm test`, five times in `npm run drills`).
// A real agent process takes check-ins by tile, card and as guests, four at a time, and is SIGKILLed at a
// random point in each round. After every kill the database must be intact, hold every check-in the agent
// acknowledged, and hold each one whole: its attendance row, its station-log line and that line's uplink
// outbox event were one transaction, so none may exist without the others. A last agent takes the rest
// and is stopped cleanly. (test/agent/attendance/checkin-crash.test.ts is the plain single-kill version.)
import fs from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { playNow } from '../../agent/schedule/manual-play.ts';
import type { Db } from '../../agent/store/database.ts';
import { createStation, tempDir } from '../support/station-fixture.ts';
import { checkin, integrityCheck, killStartedAgents, startAgent, stopAgent, withStationDb, type AgentProcess } from '../support/agent-process.ts';
import { FULL_DRILLS, recordDrill } from '../support/drill-log.ts';

const MEMBERS = 90;
const GUESTS = 30;
const PARALLEL = 4;
const KILLS = FULL_DRILLS ? 5 : 1;

type Arrival = { key: string; body: { memberId: number } | { cardUid: string } | { guest: { name: string; category: string } } };

const dirs: string[] = [];
afterEach(() => killStartedAgents());
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Every stored check-in, keyed as the arrivals are ('m<id>' for members, by tile or card; 'g<name>' for guests). */
function storedKeys(db: Db, sessionId: number): string[] {
  const rows = db.prepare('SELECT member_id, guest_name FROM attendance WHERE session_id = ? AND undone_at IS NULL ORDER BY id').all(sessionId) as {
    member_id: number | null;
    guest_name: string | null;
  }[];
  return rows.map((r) => (r.member_id !== null ? `m${r.member_id}` : `g${r.guest_name}`));
}

/**
 * Half-written check-ins: an attendance row without exactly one station-log line, a line without its row,
 * or a line without exactly one outbox event. Each is a description; none is expected.
 */
function halfWritten(db: Db, sessionId: number): string[] {
  const problems: string[] = [];
  const rows = db.prepare('SELECT id FROM attendance WHERE session_id = ?').all(sessionId) as { id: number }[];
  const lines = db.prepare("SELECT id, json_extract(detail, '$.attendanceId') AS attendance_id FROM station_log WHERE type = 'checkin'").all() as {
    id: number;
    attendance_id: number | null;
  }[];
  const outbox = db.prepare("SELECT json_extract(body, '$.logId') AS log_id FROM outbox WHERE type = 'station_log'").all() as { log_id: number }[];
  const linesByRow = new Map<number, number[]>();
  for (const l of lines) if (l.attendance_id !== null) linesByRow.set(l.attendance_id, [...(linesByRow.get(l.attendance_id) ?? []), l.id]);
  const eventsByLine = new Map<number, number>();
  for (const e of outbox) eventsByLine.set(e.log_id, (eventsByLine.get(e.log_id) ?? 0) + 1);
  const rowIds = new Set(rows.map((r) => r.id));
  for (const r of rows) if ((linesByRow.get(r.id) ?? []).length !== 1) problems.push(`attendance ${r.id} has ${(linesByRow.get(r.id) ?? []).length} log lines`);
  for (const l of lines) {
    if (l.attendance_id !== null && !rowIds.has(l.attendance_id)) problems.push(`log line ${l.id} names missing attendance ${l.attendance_id}`);
    if (eventsByLine.get(l.id) !== 1) problems.push(`log line ${l.id} has ${eventsByLine.get(l.id) ?? 0} outbox events`);
  }
  return problems;
}

describe('drill: power loss during check-ins', () => {
  it(`keeps every acknowledged check-in whole through ${KILLS === 1 ? 'a SIGKILL' : `${KILLS} SIGKILLs`}`, { timeout: 120_000 }, async () => {
    const dir = tempDir('yj-drill-checkins-');
    dirs.push(dir);
    const station = createStation({ dir });
    const arrivals: Arrival[] = [];
    for (let i = 1; i <= MEMBERS; i++) {
      const byCard = i % 3 === 0;
      const member = station.addMember({ name: `党员${String(i).padStart(3, '0')}`, cardUid: byCard ? `CARD${String(i).padStart(4, '0')}` : null });
      arrivals.push({ key: `m${member.id}`, body: byCard ? { cardUid: member.cardUid! } : { memberId: member.id } });
    }
    for (let i = 1; i <= GUESTS; i++) arrivals.push({ key: `g来宾${i}`, body: { guest: { name: `来宾${i}`, category: i % 2 ? 'employee' : 'activist' } } });
    // Arrivals in a random order, so every kind is on the wire at every kill.
    for (let i = arrivals.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [arrivals[i], arrivals[j]] = [arrivals[j]!, arrivals[i]!];
    }
    const course = station.addCourse({ title: '断电演练课件' });
    const session = playNow(station.db, { courseId: course.id, kind: 'group_viewing', title: '集中收看（断电演练）', actor: 'test' }, Date.now());
    station.close();

    const acknowledged = new Set<string>();
    const unexpected: string[] = [];
    const queue = [...arrivals];
    const perRound = Math.floor(arrivals.length / (KILLS + 1));
    const kills: { after: number; inFlight: number }[] = [];

    for (let round = 0; round < KILLS; round++) {
      const agent: AgentProcess = await startAgent(dir);
      // Somewhere in this round's share of the arrivals, never at its very start.
      const killAt = acknowledged.size + 5 + Math.floor(Math.random() * (perRound - 5));
      let killed = false;
      let inFlight = 0;
      const cut: Arrival[] = [];
      const worker = async (): Promise<void> => {
        while (!killed && queue.length > 0) {
          const arrival = queue.shift()!;
          inFlight++;
          try {
            const res = await checkin(agent, session.id, arrival.body);
            const body = (await res.json()) as { status?: string };
            if (res.status === 201 && body.status === 'checked_in') acknowledged.add(arrival.key);
            else unexpected.push(`${arrival.key}: HTTP ${res.status} ${JSON.stringify(body)}`);
          } catch {
            // Cut off by the kill: no answer, so it may or may not have been stored. It comes again later.
            if (killed) cut.push(arrival);
            else unexpected.push(`${arrival.key}: no answer before the kill`);
          } finally {
            inFlight--;
          }
          if (!killed && acknowledged.size >= killAt) {
            killed = true;
            kills.push({ after: acknowledged.size, inFlight });
            agent.child.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: PARALLEL }, worker));
      queue.push(...cut);
      expect(unexpected).toEqual([]);
      expect(await agent.exited).toEqual({ code: null, signal: 'SIGKILL' });

      const after = withStationDb(dir, (db) => ({ integrity: integrityCheck(db), keys: storedKeys(db, session.id), half: halfWritten(db, session.id) }));
      expect(after.integrity).toBe('ok');
      expect(after.half, 'half-written check-ins').toEqual([]);
      const stored = new Set(after.keys);
      expect([...acknowledged].filter((k) => !stored.has(k)), `acknowledged check-ins missing after kill ${round + 1}`).toEqual([]);
      expect(stored.size, 'one row per person').toBe(after.keys.length);
    }

    // The power stays on: a last agent takes everyone still waiting, and the already-stored are told so.
    const last = await startAgent(dir);
    const rest = queue.splice(0);
    for (let i = 0; i < rest.length; i += PARALLEL) {
      await Promise.all(
        rest.slice(i, i + PARALLEL).map(async (arrival) => {
          const res = await checkin(last, session.id, arrival.body);
          const body = (await res.json()) as { status?: string };
          // A request cut off by a kill may have been stored without an answer: then it is "already".
          expect([201, 200], `${arrival.key}: ${JSON.stringify(body)}`).toContain(res.status);
          acknowledged.add(arrival.key);
        }),
      );
    }
    const again = arrivals[0]!;
    const repeat = await checkin(last, session.id, again.body);
    expect(repeat.status).toBe(200);
    expect(((await repeat.json()) as { status: string }).status).toBe('already');
    expect(await stopAgent(last, 'SIGTERM')).toEqual({ code: 0, signal: null });

    const final = withStationDb(dir, (db) => ({ integrity: integrityCheck(db), keys: storedKeys(db, session.id), half: halfWritten(db, session.id) }));
    expect(final.integrity).toBe('ok');
    expect(final.half).toEqual([]);
    expect([...final.keys].sort()).toEqual(arrivals.map((a) => a.key).sort());
    const stored = new Set(final.keys);
    const found = [...acknowledged].filter((k) => stored.has(k)).length;
    console.log(`power-loss check-ins: kills after ${kills.map((k) => `${k.after} (${k.inFlight} in flight)`).join(', ')}; ${acknowledged.size} acknowledged, ${found} stored`);
    recordDrill({
      name: 'power loss during check-ins',
      faults: kills.length,
      acknowledged: acknowledged.size,
      stored: found,
      notes: [`SIGKILL after ${kills.map((k) => k.after).join(', ')} acknowledged check-ins; every row, log line and outbox event whole`],
    });
  });
});
