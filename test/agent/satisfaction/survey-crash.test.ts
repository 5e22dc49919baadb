// Satisfaction answers survive the plug being pulled: a real agent process (the built `yuanjiao start`) takes
// answers over HTTP and is killed with SIGKILL. Every acknowledged answer and card mark is on disk, the survey
// is still open after a restart, the card still cannot answer twice, and closing sends the county one event.
import fs from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { pendingOutbox } from '../../../agent/outbox/outbox-store.ts';
import { SatisfactionStore } from '../../../agent/satisfaction/satisfaction-store.ts';
import { tempDir } from '../../support/station-fixture.ts';
import { integrityCheck, killStartedAgents, startAgent, stopAgent, withStationDb, type AgentProcess } from '../../support/agent-process.ts';
import { surveyStation } from './satisfaction-fixture.ts';

let dir: string | undefined;

afterEach(() => killStartedAgents());
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const post = (agent: AgentProcess, path: string, body: unknown = {}) =>
  fetch(`${agent.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('satisfaction answers and a SIGKILL', () => {
  it('keeps every acknowledged answer and card mark, and the survey goes on after a restart', { timeout: 120_000 }, async () => {
    dir = tempDir('yj-satisfaction-crash-');
    const s = surveyStation(dir);
    const sessionId = s.viewing.id;
    s.station.close();

    const first = await startAgent(dir);
    expect((await post(first, `/api/sessions/${sessionId}/satisfaction`)).status).toBe(200);
    expect((await post(first, `/api/sessions/${sessionId}/satisfaction/answers`, { answer: 'satisfied' })).status).toBe(201);
    expect((await post(first, `/api/sessions/${sessionId}/satisfaction/answers`, { answer: 'basically_satisfied', cardUid: s.cards.present[0] })).status).toBe(201);
    expect((await stopAgent(first, 'SIGKILL')).signal).toBe('SIGKILL');

    withStationDb(dir, (db) => {
      expect(integrityCheck(db)).toBe('ok');
      expect(new SatisfactionStore(db).counts(sessionId)).toEqual({ satisfied: 1, basicallySatisfied: 1, dissatisfied: 0 });
      expect(new SatisfactionStore(db).get(sessionId)?.closedAt).toBeNull();
    });

    const second = await startAgent(dir);
    const twice = await post(second, `/api/sessions/${sessionId}/satisfaction/answers`, { answer: 'dissatisfied', cardUid: s.cards.present[0] });
    expect(twice.status).toBe(409);
    expect((await post(second, `/api/sessions/${sessionId}/satisfaction/answers`, { answer: 'dissatisfied', cardUid: s.cards.present[1] })).status).toBe(201);
    expect((await post(second, `/api/sessions/${sessionId}/satisfaction/close`)).status).toBe(200);
    await stopAgent(second, 'SIGTERM');

    withStationDb(dir, (db) => {
      const events = pendingOutbox(db, 1000).filter((e) => e.type === 'satisfaction');
      expect(events.map((e) => e.body)).toEqual([expect.objectContaining({ sessionId, present: 3, satisfied: 1, basicallySatisfied: 1, dissatisfied: 1 })]);
    });
  });
});
