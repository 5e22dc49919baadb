// The plug pulled while branch activities are being entered: a real agent process takes activities over HTTP,
// three at a time, and is SIGKILLed part-way. After the kill the database is intact, every activity the agent
// acknowledged is there, and each is whole — its row, its station-log line and its `activity` event were one
// transaction, so none exists without the others.
import fs from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../agent/store/database.ts';
import { createStation, tempDir } from '../../support/station-fixture.ts';
import { integrityCheck, killStartedAgents, startAgent, withStationDb } from '../../support/agent-process.ts';
import { replaceDefaultPin } from '../../support/admin-pin.ts';

const ACTIVITIES = 40;
const PARALLEL = 3;

const dirs: string[] = [];
afterEach(() => killStartedAgents());
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Activities not whole: a row without exactly one log line and one event, or a line or an event without a row. */
function halfWritten(db: Db): string[] {
  const problems: string[] = [];
  const ids = (db.prepare('SELECT id FROM activities').all() as { id: number }[]).map((r) => r.id);
  const count = (rows: { id: number | null }[]) => {
    const m = new Map<number, number>();
    for (const r of rows) if (r.id !== null) m.set(r.id, (m.get(r.id) ?? 0) + 1);
    return m;
  };
  const lines = count(db.prepare("SELECT json_extract(detail, '$.activityId') AS id FROM station_log WHERE message LIKE '登记支部活动%'").all() as { id: number | null }[]);
  const events = count(db.prepare("SELECT json_extract(body, '$.activityId') AS id FROM outbox WHERE type = 'activity'").all() as { id: number | null }[]);
  for (const id of ids) {
    if (lines.get(id) !== 1) problems.push(`activity ${id} has ${lines.get(id) ?? 0} log lines`);
    if (events.get(id) !== 1) problems.push(`activity ${id} has ${events.get(id) ?? 0} events`);
  }
  for (const id of new Set([...lines.keys(), ...events.keys()])) if (!ids.includes(id)) problems.push(`a line or event for activity ${id}, which is not there`);
  return problems;
}

describe('a SIGKILL while activities are entered', () => {
  it('keeps every acknowledged activity, each whole', { timeout: 120_000 }, async () => {
    const dir = tempDir('yj-activity-crash-');
    dirs.push(dir);
    createStation({ dir }).close();
    const agent = await startAgent(dir);
    const token = await replaceDefaultPin(`${agent.url}/`, '246810');
    const acknowledged = new Set<string>();
    const unexpected: string[] = [];
    const queue = Array.from({ length: ACTIVITIES }, (_, i) => `第${String(i + 1).padStart(2, '0')}次党小组会`);
    const killAt = 8 + Math.floor(Math.random() * 20);
    let killed = false;
    const worker = async (): Promise<void> => {
      while (!killed && queue.length > 0) {
        const topic = queue.shift()!;
        try {
          const res = await fetch(`${agent.url}/api/admin/activities`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ kind: 'group_meeting', date: '2026-01-15', startTime: '19:30', place: '活动室', host: '组长', topic }),
          });
          if (res.status === 201) acknowledged.add(topic);
          else unexpected.push(`${topic}: HTTP ${res.status} ${await res.text()}`);
        } catch {
          if (!killed) unexpected.push(`${topic}: no answer before the kill`);
        }
        if (!killed && acknowledged.size >= killAt) {
          killed = true;
          agent.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    expect(unexpected).toEqual([]);
    expect(await agent.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const after = withStationDb(dir, (db) => ({
      integrity: integrityCheck(db),
      half: halfWritten(db),
      topics: (db.prepare('SELECT topic FROM activities').all() as { topic: string }[]).map((r) => r.topic),
    }));
    expect(after.integrity).toBe('ok');
    expect(after.half, 'half-written activities').toEqual([]);
    expect([...acknowledged].filter((t) => !after.topics.includes(t)), 'acknowledged activities missing after the kill').toEqual([]);
    expect(after.topics.length).toBeGreaterThanOrEqual(killAt);
    // The kill cut the run short: the rest never came.
    expect(after.topics.length).toBeLessThan(ACTIVITIES);
  });
});
