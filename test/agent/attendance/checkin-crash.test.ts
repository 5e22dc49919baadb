// The crash test: a real agent process takes 200 check-ins over HTTP and is killed with SIGKILL at a
// random point. Every check-in it acknowledged must be in the database afterwards, the database must be
// intact, and a restarted agent must take the rest without duplicates (docs/architecture.md, principle 1).
import fs from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { playNow } from '../../../agent/schedule/manual-play.ts';
import { createStation, tempDir } from '../../support/station-fixture.ts';
import { checkin, integrityCheck, killStartedAgents, startAgent, stopAgent, storedMemberCheckins, withStationDb } from '../../support/agent-process.ts';
import { outcomeText } from '../../../cli/commands/checkin.ts';
import type { CheckinOutcome } from '../../../agent/attendance/checkin.ts';

const MEMBERS = 200;
const PARALLEL = 4;

let dir: string | undefined;

afterEach(() => killStartedAgents());

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function liveRows(dataDir: string, sessionId: number): { memberIds: number[]; integrity: string } {
  return withStationDb(dataDir, (db) => ({ integrity: integrityCheck(db), memberIds: storedMemberCheckins(db, sessionId) }));
}

describe('check-ins survive the agent being killed', () => {
  it('keeps every acknowledged check-in through a SIGKILL, then takes the rest after a restart', { timeout: 120_000 }, async () => {
    dir = tempDir('yj-crash-');
    const station = createStation({ dir });
    const memberIds: number[] = [];
    for (let i = 1; i <= MEMBERS; i++) memberIds.push(station.addMember({ name: `党员${String(i).padStart(3, '0')}`, category: i % 10 === 0 ? 'probationary' : 'full' }).id);
    const course = station.addCourse({ title: '崩溃测试课件' });
    const session = playNow(station.db, { courseId: course.id, kind: 'group_viewing', title: '集中收看（崩溃测试）', actor: 'test' }, Date.now());
    station.close();
    expect(session.status).toBe('playing');

    const killAfter = 20 + Math.floor(Math.random() * 161);
    console.log(`crash test: SIGKILL after ${killAfter} acknowledged check-ins`);

    // Round one: check in with a few requests in flight; kill the agent once killAfter have been acknowledged.
    const first = await startAgent(dir);
    const acknowledged = new Set<number>();
    const unexpected: string[] = [];
    let killed = false;
    let inFlightAtKill = 0;
    let inFlight = 0;
    const queue = [...memberIds];
    const worker = async (): Promise<void> => {
      while (!killed && queue.length > 0) {
        const memberId = queue.shift()!;
        inFlight++;
        try {
          const res = await checkin(first, session.id, { memberId });
          const body = (await res.json()) as { status?: string };
          if (res.status === 201 && body.status === 'checked_in') acknowledged.add(memberId);
          else unexpected.push(`member ${memberId}: HTTP ${res.status} ${JSON.stringify(body)}`);
        } catch (err) {
          // A request cut off by the kill has no answer: it may or may not have committed.
          if (!killed) unexpected.push(`member ${memberId}: ${(err as Error).message}`);
        } finally {
          inFlight--;
        }
        if (!killed && acknowledged.size >= killAfter) {
          killed = true;
          inFlightAtKill = inFlight;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    expect(unexpected).toEqual([]);
    expect(killed).toBe(true);
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(acknowledged.size).toBeGreaterThanOrEqual(killAfter);

    const afterCrash = liveRows(dir, session.id);
    console.log(`crash test: ${acknowledged.size} acknowledged, ${afterCrash.memberIds.length} stored, ${inFlightAtKill} in flight at the kill`);
    expect(afterCrash.integrity).toBe('ok');
    const stored = new Set(afterCrash.memberIds);
    const lost = [...acknowledged].filter((id) => !stored.has(id));
    expect(lost, 'acknowledged check-ins missing after the crash').toEqual([]);
    expect(afterCrash.memberIds.length).toBeGreaterThanOrEqual(acknowledged.size);
    // Only a request still in flight at the kill may have committed without an answer.
    expect(afterCrash.memberIds.length).toBeLessThanOrEqual(acknowledged.size + inFlightAtKill + PARALLEL);
    expect(new Set(afterCrash.memberIds).size).toBe(afterCrash.memberIds.length);

    // Round two: a fresh agent on the same data directory (taking over the dead agent's lock) takes the rest.
    const second = await startAgent(dir);
    const remaining = memberIds.filter((id) => !stored.has(id));
    expect(remaining.length).toBe(MEMBERS - stored.size);
    const answers = await Promise.all(
      remaining.map(async (memberId) => {
        const res = await checkin(second, session.id, { memberId });
        return { memberId, status: res.status, body: (await res.json()) as { status: string } };
      }),
    );
    expect(answers.filter((a) => a.status !== 201 || a.body.status !== 'checked_in')).toEqual([]);
    // A member acknowledged before the crash is told they are already checked in, not counted twice.
    const repeat = await checkin(second, session.id, { memberId: [...acknowledged][0]! });
    expect(repeat.status).toBe(200);
    expect(outcomeText((await repeat.json()) as CheckinOutcome)).toContain('已于');

    const live = (await (await fetch(`${second.url}/api/sessions/${session.id}`)).json()) as { figures: { registered: number; attendedRegistered: number; rate: number } };
    expect(live.figures).toMatchObject({ registered: MEMBERS, attendedRegistered: MEMBERS, rate: 1 });

    expect(await stopAgent(second, 'SIGTERM')).toEqual({ code: 0, signal: null });
    const final = liveRows(dir, session.id);
    expect(final.integrity).toBe('ok');
    expect(final.memberIds).toHaveLength(MEMBERS);
    expect(new Set(final.memberIds).size).toBe(MEMBERS);
    expect([...final.memberIds].sort((a, b) => a - b)).toEqual([...memberIds].sort((a, b) => a - b));
  });
});
