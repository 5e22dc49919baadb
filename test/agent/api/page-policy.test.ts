// What a browser may do with the agent's answers: the screen's page carries a policy that admits only its own
// scripts, nothing is sniffed into another type, and the API's live answers are never cached. The policy's
// effect on the real screen (HLS, blob: print frames, fonts) is exercised by the kiosk's Chromium tests.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { KIOSK_PAGE_POLICY } from '../../../agent/api/server.ts';
import { createStation, tempDir } from '../../support/station-fixture.ts';

let dir: string;
let agent: RunningAgent;

beforeAll(async () => {
  dir = tempDir('yj-policy-');
  createStation({ dir }).close();
  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'silent' });
});

afterAll(async () => {
  await agent?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
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
