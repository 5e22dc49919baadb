// The weekly report and the plug pulled: a real agent process (the built `yuanjiao start`) composes the last
// ended week at start, two presses of 报送 race over HTTP, and the process is killed with SIGKILL. On disk: one
// report, sent once, one event queued; after a restart the week is not composed again nor sent twice.
import fs from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/station-fixture.ts';
import { integrityCheck, killStartedAgents, startAgent, stopAgent, withStationDb, type AgentProcess } from '../../support/agent-process.ts';
import { replaceDefaultPin } from '../../support/admin-pin.ts';
import { weekStation } from './weekly-fixture.ts';

let dir: string | undefined;

afterEach(() => killStartedAgents());
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const rows = () =>
  withStationDb(dir!, (db) => ({
    reports: db.prepare('SELECT week, sent_by FROM weekly_reports').all() as { week: string; sent_by: string | null }[],
    events: (db.prepare("SELECT body FROM outbox WHERE type = 'weekly_report'").all() as { body: string }[]).map((r) => JSON.parse(r.body) as { week: string }),
    composedLines: (db.prepare("SELECT count(*) AS n FROM station_log WHERE message LIKE '每周一报已生成%'").get() as { n: number }).n,
  }));

const send = (agent: AgentProcess, token: string, week: string) =>
  fetch(`${agent.url}/api/admin/weekly-reports/${week}/send`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });

describe('the weekly report and a SIGKILL', () => {
  it('composes the week once at start, sends it once under two presses, and a restart changes neither', { timeout: 120_000 }, async () => {
    dir = tempDir('yj-weekly-crash-');
    weekStation(dir).station.close();

    const first = await startAgent(dir);
    // The fixture first ran in 2026-W49: every ended week since (at most eight) is composed at start, none sent yet.
    await expect.poll(() => rows().reports.length, { timeout: 30_000 }).toBeGreaterThan(0);
    const composed = rows();
    expect(composed.events).toEqual([]);
    expect(composed.composedLines).toBe(composed.reports.length);
    const week = composed.reports.map((r) => r.week).sort().at(-1)!;
    const token = await replaceDefaultPin(`${first.url}/`, '246810');
    const answers = await Promise.all([send(first, token, week), send(first, token, week)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const sent = await Promise.all(answers.map(async (a) => ((await a.json()) as { sent: boolean }).sent));
    expect(sent.sort()).toEqual([false, true]);
    expect((await stopAgent(first, 'SIGKILL')).signal).toBe('SIGKILL');

    withStationDb(dir, (db) => expect(integrityCheck(db)).toBe('ok'));
    const killed = rows();
    expect(killed.events).toEqual([expect.objectContaining({ week, sentBy: 'admin' })]);
    expect(killed.reports.find((r) => r.week === week)!.sent_by).toBe('admin');
    expect(killed.composedLines).toBe(killed.reports.length);

    // A stop asked for while starting waits for the start to finish, so the start's catch-up has run by the exit.
    const second = await startAgent(dir);
    expect((await stopAgent(second, 'SIGTERM')).code).toBe(0);
    expect(rows()).toEqual(killed);
  });
});
