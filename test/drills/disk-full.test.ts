// Drill: the disk fills up during a viewing. The data directory is a tiny tmpfs (mounted here; we are root
// on the test machine, and the drill says why it skips where mounting is not allowed). A real agent (in
// this process: the power-loss drills kill processes, this one starves one) takes check-ins over HTTP;
// the disk is filled to the last byte; check-ins must then be refused with a clear Chinese and English
// message (507, not a 500), the agent must keep answering, nothing acknowledged before may go and nothing
// refused may appear, the database must stay intact; once space is freed, check-ins must work again
// without a restart; and an agent stopped while the disk is full must still close its database and
// release its lock.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { playNow } from '../../agent/schedule/manual-play.ts';
import { createStation, tempDir } from '../support/station-fixture.ts';
import { startDaemon, type RunningAgent } from '../../agent/daemon.ts';
import { integrityCheck, storedMemberCheckins, withStationDb } from '../support/agent-process.ts';
import { recordDrill } from '../support/drill-log.ts';
import { refusalText } from '../../kiosk/ui/src/i18n/refusals.ts';

const TMPFS_SIZE = '16m';
const MEMBERS = 60;

const mounts: string[] = [];
const running: RunningAgent[] = [];
afterAll(async () => {
  for (const a of running) await a.stop().catch(() => undefined);
  for (const m of mounts) {
    try {
      execFileSync('umount', [m], { stdio: 'pipe' });
    } catch {
      // already gone
    }
    fs.rmSync(m, { recursive: true, force: true });
  }
});

/** Mounts a tmpfs of `size`; returns null and the reason when this machine does not allow it. */
function mountTmpfs(size: string): { dir: string } | { reason: string } {
  const dir = tempDir('yj-drill-diskfull-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    return { reason: `cannot mount a tmpfs here (${stderr || (err as Error).message}); run the drill as root` };
  }
  mounts.push(dir);
  return { dir };
}

/** Writes a file until the filesystem refuses another byte; returns how many bytes it took. */
function fillDisk(file: string): number {
  const fd = fs.openSync(file, 'w');
  let written = 0;
  try {
    for (const size of [1024 * 1024, 64 * 1024, 4096, 512, 1]) {
      const chunk = Buffer.alloc(size, 0x5a);
      for (;;) {
        try {
          written += fs.writeSync(fd, chunk);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw err;
        }
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return written;
}

async function checkin(agent: RunningAgent, sessionId: number, memberId: number): Promise<Answer> {
  const res = await fetch(`${agent.url}api/sessions/${sessionId}/checkins`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ memberId }) });
  return { memberId, status: res.status, body: (await res.json()) as Answer['body'] };
}

async function start(dir: string): Promise<RunningAgent> {
  // Refusals are logged at warn: keep the test output for what fails.
  const agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'error' });
  running.push(agent);
  return agent;
}

interface Answer {
  memberId: number;
  status: number;
  body: { status?: string; error?: { code: string; params: Record<string, never>; message?: string } };
}

describe('drill: disk full', () => {
  it('refuses check-ins clearly while the disk is full, corrupts nothing and recovers when space returns', { timeout: 90_000 }, async (ctx) => {
    const mounted = mountTmpfs(TMPFS_SIZE);
    if ('reason' in mounted) {
      console.log(`disk-full drill skipped: ${mounted.reason}`);
      recordDrill({ name: 'disk full', faults: 0, acknowledged: 0, stored: 0, skipped: mounted.reason });
      ctx.skip();
      return;
    }
    const dir = path.join(mounted.dir, 'station');
    const station = createStation({ dir });
    const memberIds = Array.from({ length: MEMBERS }, (_, i) => station.addMember({ name: `党员${i + 1}` }).id);
    const course = station.addCourse({ title: '磁盘满演练课件' });
    const session = playNow(station.db, { courseId: course.id, kind: 'group_viewing', title: '集中收看（磁盘满演练）', actor: 'test' }, Date.now());
    station.close();

    const agent = await start(dir);
    const queue = [...memberIds];
    const acknowledged = new Set<number>();
    const send = async (memberId: number): Promise<Answer> => {
      const answer = await checkin(agent, session.id, memberId);
      if (answer.status === 201) acknowledged.add(memberId);
      return answer;
    };
    for (const memberId of queue.splice(0, 15)) expect((await send(memberId)).status).toBe(201);

    // The disk fills (a runaway log, a huge USB copy). SQLite may still have room in pages it already holds,
    // so check-ins go on until one needs a new page.
    const filler = path.join(mounted.dir, 'filler.bin');
    const filled = fillDisk(filler);
    const whileFull: Answer[] = [];
    while (queue.length > 0 && whileFull.filter((a) => a.status !== 201).length < 8) whileFull.push(await send(queue.shift()!));
    const refused = whileFull.filter((a) => a.status !== 201);
    expect(refused.length, `no check-in was refused on a full disk: ${JSON.stringify(whileFull.map((a) => a.status))}`).toBeGreaterThan(0);
    for (const a of refused) {
      expect(a.status, JSON.stringify(a.body)).toBe(507);
      expect(a.body.error?.code).toBe('disk_full');
      // Nothing of the machinery crosses (no stack, no SQLite jargon): the code alone, which the screen says in Chinese.
      expect(a.body.error).toEqual({ code: 'disk_full', params: {} });
      expect(refusalText(a.body.error!, 'zh-CN')).toMatch(/^终端存储空间已满.*未保存/);
    }

    // The agent keeps answering what needs no disk.
    expect((await fetch(`${agent.url}api/health`)).status).toBe(200);
    const live = await fetch(`${agent.url}api/sessions/${session.id}`);
    expect(live.status).toBe(200);
    const midway = withStationDb(dir, (db) => ({ integrity: integrityCheck(db), stored: storedMemberCheckins(db, session.id) }));
    expect(midway.integrity).toBe('ok');
    expect(midway.stored.filter((id) => refused.some((a) => a.memberId === id)), 'refused check-ins must not be stored').toEqual([]);
    expect([...acknowledged].filter((id) => !midway.stored.includes(id)), 'acknowledged check-ins missing').toEqual([]);

    // Space returns: the same agent takes the refused members and half of the rest, no restart needed.
    fs.rmSync(filler);
    for (const memberId of [...refused.map((a) => a.memberId), ...queue.splice(0, Math.floor(queue.length / 2))]) {
      const a = await send(memberId);
      expect(a.status, JSON.stringify(a.body)).toBe(201);
    }

    // Full again, and the service is stopped: the database is closed and the lock released all the same.
    fillDisk(filler);
    await agent.stop();
    expect(fs.existsSync(path.join(dir, 'agent.pid')), 'the instance lock is released').toBe(false);
    expect(withStationDb(dir, integrityCheck)).toBe('ok');
    fs.rmSync(filler);

    const again = await start(dir);
    for (const memberId of queue.splice(0)) {
      const a = await checkin(again, session.id, memberId);
      expect(a.status, JSON.stringify(a.body)).toBe(201);
      acknowledged.add(memberId);
    }
    await again.stop();

    const final = withStationDb(dir, (db) => ({ integrity: integrityCheck(db), stored: storedMemberCheckins(db, session.id) }));
    expect(final.integrity).toBe('ok');
    expect([...final.stored].sort((a, b) => a - b)).toEqual(memberIds);
    const stored = [...acknowledged].filter((id) => final.stored.includes(id)).length;
    console.log(`disk-full drill: filled ${filled} bytes, ${refused.length} check-ins refused with 507, ${acknowledged.size} acknowledged, ${stored} stored`);
    recordDrill({
      name: 'disk full',
      faults: refused.length + 1,
      acknowledged: acknowledged.size,
      stored,
      notes: [`tmpfs ${TMPFS_SIZE} filled twice; ${refused.length} check-ins refused with 507 disk_full; taken after space returned without a restart; a stop on a full disk closed the database and released the lock`],
    });
  });
});
