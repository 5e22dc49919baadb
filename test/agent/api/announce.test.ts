// The agent tells where it answers (onListening: the CLI prints the address there) as soon as it listens,
// before its background work has started — and what it answers from that moment is already right: the
// schedule has caught up (a group viewing whose check-in opened while the agent was off is live). A real agent
// over HTTP on a real station database.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { createStation, tempDir, ZONE } from '../../support/station-fixture.ts';
import { localDateOf, localTimeOf } from '../../../agent/clock/local-time.pure.ts';

let agent: RunningAgent | undefined;
const dir = tempDir('yj-announce-');

afterAll(async () => {
  await agent?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the agent’s announcement', () => {
  it('comes once it listens, before startDaemon resolves, and its first answers are already caught up', async () => {
    const station = createStation({ dir });
    const courseId = station.addCourse({ title: '开机补课' }).id;
    // Check-in for this viewing opened while the agent was off: the catch-up opens its session.
    const start = Math.ceil((Date.now() + 10 * 60_000) / 60_000) * 60_000;
    station.addProgram({ courseId, title: '开机前已开放签到', rule: { type: 'once', date: localDateOf(start, ZONE), time: localTimeOf(start, ZONE) } }, Date.now() - 3_600_000);
    station.close();

    let resolved = false;
    let firstState: Promise<{ live: { session: { title: string; status: string } }[] }> | undefined;
    const told: string[] = [];
    const starting = startDaemon({
      dataDir: dir,
      port: 0,
      logLevel: 'silent',
      onListening: ({ url }) => {
        told.push(url);
        expect(resolved).toBe(false);
        // Asked the moment it is told, as the kiosk may.
        firstState = fetch(`${url}api/state`).then((res) => res.json() as Promise<{ live: { session: { title: string; status: string } }[] }>);
      },
    });
    void starting.then(() => (resolved = true));
    agent = await starting;
    expect(told).toEqual([agent.url]);
    expect((await firstState!).live.map((l) => l.session)).toEqual([expect.objectContaining({ title: '开机前已开放签到', status: 'checkin' })]);
  });
});
