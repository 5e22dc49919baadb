// The plug pulled while the mobile-member ledger is being written: a real agent process takes flow-ins over
// HTTP, three at a time, and is SIGKILLed part-way. After the kill the database is intact, every entry the agent
// acknowledged is there, and each is whole — its roster entry, its station-log line and its uplink event were
// one transaction, so none exists without the others.
import fs from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../agent/store/database.ts';
import { createStation, tempDir } from '../../support/station-fixture.ts';
import { integrityCheck, killStartedAgents, startAgent, withStationDb } from '../../support/agent-process.ts';
import { replaceDefaultPin } from '../../support/admin-pin.ts';

const FLOWS = 40;
const PARALLEL = 3;

const dirs: string[] = [];
afterEach(() => killStartedAgents());
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Entries not whole: a ledger row without its 流入党员, log line or event, or a 流入党员 without a ledger row. */
function halfWritten(db: Db): string[] {
  const problems: string[] = [];
  const rows = db.prepare('SELECT l.id, l.member_id, l.flow_date, m.category, m.active_from FROM mobile_ledger l LEFT JOIN members m ON m.id = l.member_id').all() as {
    id: number;
    member_id: number;
    flow_date: string;
    category: string | null;
    active_from: string | null;
  }[];
  const lines = new Map<number, number>();
  for (const r of db.prepare("SELECT json_extract(detail, '$.ledgerEntryId') AS entry FROM station_log WHERE detail IS NOT NULL").all() as { entry: number | null }[]) {
    if (r.entry !== null) lines.set(r.entry, (lines.get(r.entry) ?? 0) + 1);
  }
  const events = new Map<number, number>();
  for (const r of db.prepare("SELECT json_extract(body, '$.entryId') AS entry FROM outbox WHERE type = 'mobile_ledger'").all() as { entry: number }[]) events.set(r.entry, (events.get(r.entry) ?? 0) + 1);
  for (const r of rows) {
    if (r.category !== 'mobile_in' || r.active_from !== r.flow_date) problems.push(`entry ${r.id}: member ${r.member_id} is ${r.category} from ${r.active_from}`);
    if (lines.get(r.id) !== 1) problems.push(`entry ${r.id} has ${lines.get(r.id) ?? 0} log lines`);
    if (events.get(r.id) !== 1) problems.push(`entry ${r.id} has ${events.get(r.id) ?? 0} events`);
  }
  const ledgered = new Set(rows.map((r) => r.member_id));
  for (const m of db.prepare("SELECT id FROM members WHERE category = 'mobile_in'").all() as { id: number }[]) if (!ledgered.has(m.id)) problems.push(`member ${m.id} flowed in without an entry`);
  return problems;
}

describe('a SIGKILL while flows are recorded', () => {
  it('keeps every acknowledged ledger entry, each whole', { timeout: 120_000 }, async () => {
    const dir = tempDir('yj-ledger-crash-');
    dirs.push(dir);
    createStation({ dir }).close();
    const agent = await startAgent(dir);
    // replaceDefaultPin takes the agent's base URL with its trailing slash, as startDaemon gives it.
    const token = await replaceDefaultPin(`${agent.url}/`, '246810');
    const acknowledged = new Set<string>();
    const unexpected: string[] = [];
    const queue = Array.from({ length: FLOWS }, (_, i) => `流入${String(i + 1).padStart(2, '0')}`);
    const killAt = 8 + Math.floor(Math.random() * 20);
    let killed = false;
    const worker = async (): Promise<void> => {
      while (!killed && queue.length > 0) {
        const name = queue.shift()!;
        try {
          const res = await fetch(`${agent.url}/api/admin/mobile-ledger`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ kind: 'flow_in', date: '2026-01-15', organisation: '某镇党委', certificateNo: `LD-${name}`, person: { name, gender: null, branch: null, phone: null } }),
          });
          if (res.status === 201) acknowledged.add(name);
          else unexpected.push(`${name}: HTTP ${res.status} ${await res.text()}`);
        } catch {
          if (!killed) unexpected.push(`${name}: no answer before the kill`);
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
      names: (db.prepare('SELECT m.name FROM mobile_ledger l JOIN members m ON m.id = l.member_id').all() as { name: string }[]).map((r) => r.name),
    }));
    expect(after.integrity).toBe('ok');
    expect(after.half, 'half-written entries').toEqual([]);
    expect([...acknowledged].filter((n) => !after.names.includes(n)), 'acknowledged entries missing after the kill').toEqual([]);
    expect(after.names.length).toBeGreaterThanOrEqual(killAt);
    // The kill cut the run short: the rest never came.
    expect(after.names.length).toBeLessThan(FLOWS);
  });
});
