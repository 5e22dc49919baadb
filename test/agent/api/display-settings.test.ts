// The display and sound settings for older members over the agent's real HTTP API: defaults, a change kept
// and shown to the kiosk through /api/state and logged, and a bad value refused without changing anything.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { openStationDatabase } from '../../../agent/store/database.ts';
import { createStation, tempDir } from '../../support/station-fixture.ts';
import { replaceDefaultPin } from '../../support/admin-pin.ts';

let dir: string;
let agent: RunningAgent;
let token: string;

beforeAll(async () => {
  dir = tempDir('yj-display-api-');
  createStation({ dir }).close();
  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'error' });
  token = await replaceDefaultPin(agent.url, '240815');
});

afterAll(async () => {
  await agent?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${agent.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const stateStation = async () => (await call('GET', 'api/state')).body.station as Record<string, unknown>;

describe('display and sound settings', () => {
  it('start at 100 % text, normal contrast and a medium check-in sound, and the kiosk reads them from /api/state', async () => {
    expect(await stateStation()).toMatchObject({ textSize: 100, highContrast: false, checkinSound: 'medium' });
  });

  it('are changed in admin mode, kept, logged, and shown to the kiosk', async () => {
    const saved = await call('PUT', 'api/admin/settings', { textSize: 150, highContrast: true, checkinSound: 'off' });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ textSize: 150, highContrast: true, checkinSound: 'off' });
    expect(await stateStation()).toMatchObject({ textSize: 150, highContrast: true, checkinSound: 'off' });
    const db = openStationDatabase(dir);
    try {
      expect(queryStationLog(db, { limit: 10 }).map((e) => e.message)).toContain('修改设置：textSize、highContrast、checkinSound');
    } finally {
      db.close();
    }
  });

  it.each([{ textSize: 140 }, { textSize: 175 }, { highContrast: 'yes' }, { checkinSound: 'loud' }])('refuse %j and change nothing', async (patch) => {
    const before = await call('GET', 'api/admin/settings');
    const refused = await call('PUT', 'api/admin/settings', patch);
    expect(refused.status).toBe(400);
    expect((await call('GET', 'api/admin/settings')).body).toEqual(before.body);
  });
});
