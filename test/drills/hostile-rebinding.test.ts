// Drill: a web page elsewhere reaches the agent's loopback API — by DNS rebinding (its own name resolving to
// 127.0.0.1, so the browser sends a foreign Host), by posting from another site (a foreign Origin), or from a
// sandboxed frame or a file (Origin: null). A real agent on a real station database gets each request the
// issue names — reading the roster, checking people in, ending a showing, writing megabytes into the playback
// log, spending the PIN attempts, importing a roster or a URL — under each disguise. Every one must be refused
// (403 foreign_origin) before anything is read or written: the station's tables stay byte for byte the same
// and the PIN's failure count does not move. The terminal's own screen (Host 127.0.0.1) is still served.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../agent/daemon.ts';
import { DATABASE_FILE as STATION_DATABASE_FILE } from '../../agent/store/database.ts';
import { createStation, tempDir } from '../support/station-fixture.ts';
import { recordDrill } from '../support/drill-log.ts';

const WATCHED_TABLES = ['members', 'sessions', 'attendance', 'station_log', 'playback_log', 'programs', 'member_excusals', 'conversion_jobs', 'outbox', 'courses'];

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function send(port: number, method: string, route: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: route, headers: { ...headers, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) }, setHost: false, timeout: 15_000 }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${route}: no answer within 15 s (was it served?)`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** The watched tables and the PIN's state, hashed. */
function digest(dir: string): Record<string, string> {
  const db = new Database(path.join(dir, STATION_DATABASE_FILE), { readonly: true });
  try {
    const out: Record<string, string> = {};
    for (const t of WATCHED_TABLES) {
      const hash = createHash('sha256');
      for (const row of db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()) hash.update(JSON.stringify(row));
      out[t] = hash.digest('hex');
    }
    out['admin.auth'] = JSON.stringify(db.prepare("SELECT value FROM settings WHERE key = 'admin.auth'").get() ?? null);
    return out;
  } finally {
    db.close();
  }
}

describe('drill: pages elsewhere reaching the loopback API', () => {
  it('refuses every request under every disguise and changes nothing', { timeout: 120_000 }, async () => {
    const dir = tempDir('yj-drill-rebinding-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const station = createStation({ dir });
    const course = station.addCourse({ title: '防重绑定演练课件' });
    const members = [1, 2, 3].map((n) => station.addMember({ name: `党员${n}` }).id);
    station.close();
    const agent: RunningAgent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'silent' });
    cleanups.push(() => agent.stop());
    const port = agent.port;
    const csv = '姓名,性别\n入侵者,男\n';
    const attacks: { method: string; route: string; body?: string; type?: string }[] = [
      { method: 'GET', route: '/api/state' },
      { method: 'GET', route: '/api/members/checkin-list' },
      { method: 'GET', route: '/api/admin/members' },
      { method: 'GET', route: '/api/sessions/live' },
      { method: 'GET', route: '/api/events' },
      { method: 'GET', route: `/api/courses/${course.id}/media` },
      { method: 'POST', route: '/api/sessions/1/checkins', body: JSON.stringify({ memberId: members[0] }) },
      { method: 'POST', route: '/api/attendance/1/checkout', body: '{}' },
      { method: 'POST', route: '/api/playback', body: JSON.stringify({ courseId: course.id, event: 'ended', detail: { junk: 'x'.repeat(1_000_000) } }) },
      ...Array.from({ length: 8 }, () => ({ method: 'POST', route: '/api/admin/login', body: JSON.stringify({ pin: '000000' }) })),
      { method: 'POST', route: '/api/admin/roster/import', body: csv, type: 'text/csv' },
      { method: 'POST', route: '/api/admin/library/url-import', body: JSON.stringify({ url: 'http://evil.example/x.mp4' }) },
      { method: 'POST', route: '/api/kiosk/heartbeat', body: '{}' },
      { method: 'PUT', route: `/api/admin/members/${members[1]}/excusals/2026-12`, body: JSON.stringify({ reason: '伪造' }) },
      { method: 'DELETE', route: '/api/admin/programs/1' },
    ];
    const disguises: { name: string; headers: Record<string, string> }[] = [
      { name: 'DNS rebinding (foreign Host)', headers: { host: `evil.example:${port}` } },
      { name: 'rebinding under a name that starts like ours', headers: { host: `localhost.evil.example:${port}` } },
      { name: 'another site posting (foreign Origin)', headers: { host: `127.0.0.1:${port}`, origin: 'http://evil.example' } },
      { name: 'a sandboxed frame or a file (Origin null)', headers: { host: `127.0.0.1:${port}`, origin: 'null' } },
      { name: 'our own address on another port', headers: { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port + 1}` } },
    ];

    const before = digest(dir);
    const unexpected: string[] = [];
    let tried = 0;
    for (const disguise of disguises) {
      for (const a of attacks) {
        tried += 1;
        const headers = { ...disguise.headers, ...(a.body === undefined ? {} : { 'content-type': a.type ?? 'application/json' }) };
        const r = await send(port, a.method, a.route, headers, a.body);
        const code = r.status === 403 ? (JSON.parse(r.body) as { error?: { code?: string } }).error?.code : undefined;
        if (r.status !== 403 || code !== 'foreign_origin') unexpected.push(`${disguise.name}: ${a.method} ${a.route} → ${r.status} ${r.body.slice(0, 120)}`);
      }
    }
    const after = digest(dir);

    // The drill can see a change: the terminal's own screen is served and a wrong PIN from it counts.
    const own = { host: `127.0.0.1:${port}` };
    expect((await send(port, 'GET', '/api/state', own)).status).toBe(200);
    expect((await send(port, 'POST', '/api/admin/login', { ...own, 'content-type': 'application/json' }, JSON.stringify({ pin: '000000' }))).status).toBe(401);
    const counted = digest(dir)['admin.auth'];

    const line = `${tried} requests (${attacks.length} kinds × ${disguises.length} disguises): ${tried - unexpected.length} refused 403 foreign_origin; tables and PIN state unchanged: ${JSON.stringify(after) === JSON.stringify(before)}`;
    console.log(`rebinding: ${line}`);
    recordDrill({ name: 'hostile: DNS rebinding and foreign pages', faults: tried, acknowledged: 0, stored: 0, notes: [line] });
    expect(unexpected).toEqual([]);
    expect(after).toEqual(before);
    expect(counted).not.toBe(before['admin.auth']);
  });
});
