// What the agent grants a browser. It answers its own screen only: a page elsewhere that reaches 127.0.0.1 by
// DNS rebinding (a foreign Host) or posts to it from another site (a foreign Origin) is refused before anything
// is read or written. The screen's page carries a policy that admits only its own scripts, nothing is sniffed
// into another type, and the API's live answers are never cached. The policy's effect on the real screen
// (HLS, blob: print frames, fonts) is exercised by the kiosk's Chromium tests.
import fs from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { foreignRequest } from '../../../agent/api/local-origin.ts';
import { KIOSK_PAGE_POLICY } from '../../../agent/api/server.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { createStation, tempDir } from '../../support/station-fixture.ts';
import { refusalText } from '../../../kiosk/ui/src/i18n/refusals.ts';

let dir: string;
let agent: RunningAgent;

/** A request with the headers exactly as given (fetch sets Host and Origin itself). */
function send(method: string, route: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: agent.port, method, path: route, headers, setHost: false }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  dir = tempDir('yj-browser-');
  createStation({ dir }).close();
  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'silent' });
});

afterAll(async () => {
  await agent?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('which requests are the terminal’s own', () => {
  it('takes its loopback names on its own port, with or without a matching Origin', () => {
    for (const host of ['127.0.0.1:8720', 'localhost:8720', 'LOCALHOST:8720', '[::1]:8720']) expect(foreignRequest(host, undefined, 8720), host).toBeNull();
    expect(foreignRequest('127.0.0.1:8720', 'http://127.0.0.1:8720', 8720)).toBeNull();
    expect(foreignRequest('127.0.0.1:8720', 'http://localhost:8720', 8720)).toBeNull();
  });
  it('refuses any other Host or Origin', () => {
    expect(foreignRequest('evil.example:8720', undefined, 8720)).toContain('evil.example');
    expect(foreignRequest('127.0.0.1:9999', undefined, 8720)).not.toBeNull();
    expect(foreignRequest('127.0.0.1', undefined, 8720)).not.toBeNull();
    expect(foreignRequest(undefined, undefined, 8720)).not.toBeNull();
    expect(foreignRequest('127.0.0.1.evil.example:8720', undefined, 8720)).not.toBeNull();
    for (const origin of ['http://evil.example', 'http://127.0.0.1:9999', 'https://127.0.0.1:8720', 'null', 'file://', 'http://localhost.evil.example:8720']) {
      expect(foreignRequest('127.0.0.1:8720', origin, 8720), origin).not.toBeNull();
    }
  });
});

describe('the agent over HTTP', () => {
  it('answers its screen as before', async () => {
    const own = await send('GET', '/api/health', { host: `127.0.0.1:${agent.port}` });
    expect(own.status).toBe(200);
    const named = await send('GET', '/api/health', { host: `localhost:${agent.port}`, origin: `http://localhost:${agent.port}` });
    expect(named.status).toBe(200);
  });

  it('refuses a rebound name and a foreign page, in words, and nothing is written', async () => {
    const before = queryStationLog(agent.ctx.db, {}).length;
    const rebound = await send('GET', '/api/state', { host: `attacker.example:${agent.port}` });
    expect(rebound.status).toBe(403);
    const refusal = (JSON.parse(rebound.body) as { error: { code: string; params: Record<string, never> } }).error;
    expect(refusal).toEqual({ code: 'foreign_origin', params: {} });
    expect(refusalText(refusal, 'zh-CN')).toContain('仅限本机屏幕访问');
    // A cross-site form's POST (text/plain needs no preflight) that would fill the log.
    const posted = await send(
      'POST',
      '/api/playback',
      { host: `127.0.0.1:${agent.port}`, origin: 'http://attacker.example', 'content-type': 'text/plain' },
      JSON.stringify({ sessionId: 1, courseId: 1, event: 'progress', detail: { filler: 'x'.repeat(1000) } }),
    );
    expect(posted.status).toBe(403);
    expect(JSON.parse(posted.body).error.code).toBe('foreign_origin');
    expect(queryStationLog(agent.ctx.db, {}).length).toBe(before);
  });
});

describe('the agent’s answers to a browser', () => {
  it('gives the screen’s page its policy: its own scripts only, no framing, no plugins', async () => {
    const res = await fetch(agent.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const policy = res.headers.get('content-security-policy');
    expect(policy).toBe(KIOSK_PAGE_POLICY);
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('never lets the API’s answers be cached or sniffed; the bundle and fonts keep their own caching', async () => {
    const state = await fetch(new URL('/api/state', agent.url));
    expect(state.status).toBe(200);
    expect(state.headers.get('cache-control')).toBe('no-store');
    expect(state.headers.get('x-content-type-options')).toBe('nosniff');
    const refused = await fetch(new URL('/api/sessions/999999', agent.url));
    expect(refused.headers.get('cache-control')).toBe('no-store');
    const bundle = await fetch(new URL('/app.js', agent.url));
    await bundle.arrayBuffer();
    expect(bundle.headers.get('cache-control')).toBe('public, max-age=0');
    expect(bundle.headers.get('x-content-type-options')).toBe('nosniff');
    expect(bundle.headers.get('content-security-policy')).toBeNull();
  });
});
