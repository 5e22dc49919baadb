// Cross-site request forgery at the hub, beyond SameSite: a change to the staff API with the session cookie
// must come from the hub's own origin (Origin, else Referer; behind the trusted proxy, the origin it forwards)
// and carry JSON. A foreign page's text/plain POST — the example — no longer rotates an enrollment
// code: refused 403, logged once, nothing changed. Scripts with a bearer token and no Origin still work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubRows, registerStation, staffToken, startTestHub, type TestHub } from '../support/hub-fixture.ts';
import { hubRefusalText } from '../../../cli/hub-refusal-texts.ts';

let hub: TestHub;
let token: string;
let cookie: string;
let stationId: string;

beforeAll(async () => {
  hub = await startTestHub();
  token = await staffToken(hub, 'zhang', 'county_admin');
  // The dashboard's session: the same login, carried as the HttpOnly cookie.
  const login = await fetch(`${hub.url}/api/county/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: hub.url }, body: JSON.stringify({ username: 'zhang', password: 'correct-horse-9' }) });
  cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  stationId = (await registerStation(hub, token, '红旗村')).id;
}, 60_000);

afterAll(async () => {
  await hub?.stop();
});

const codes = async () => await hubRows<{ code_hash: string; expires_at: number }>(hub.dataDir, 'SELECT code_hash, expires_at FROM enrollment_codes WHERE station_id = ? ORDER BY created_at', stationId);

async function rotate(headers: Record<string, string>, body?: string) {
  const res = await fetch(`${hub.url}/api/county/stations/${stationId}/enrollment-code`, { method: 'POST', headers, body });
  const answer = (await res.json()) as { error?: { code: string; params: Record<string, string>; message?: string } };
  return { status: res.status, answer };
}

describe('changes to the staff API from another site', () => {
  it('refuses a text/plain POST with a foreign Origin and the session cookie (403, logged once, no new code)', async () => {
    const before = await codes();
    const logged = hub.logs.length;
    const forged = await rotate({ cookie, origin: 'https://evil.example', 'content-type': 'text/plain' }, '{"x":1}');
    expect(forged.status).toBe(403);
    expect(forged.answer.error?.code).toBe('cross_origin');
    expect(forged.answer.error?.params).toEqual({ from: 'Origin: https://evil.example' });
    expect(hubRefusalText(forged.answer.error!)).toContain('拒绝来自其他网站的请求（Origin: https://evil.example）');
    expect(await codes()).toEqual(before);
    const lines = hub.logs.slice(logged).filter((l) => l.code === 'cross_origin');
    expect(lines).toHaveLength(1);
  });

  it('refuses Origin: null, a foreign Referer, and a cookie with neither header; a foreign Origin even on a bearer request', async () => {
    const before = await codes();
    expect((await rotate({ cookie, origin: 'null' })).status).toBe(403);
    expect((await rotate({ cookie, referer: 'http://evil.example/page' })).answer.error?.code).toBe('cross_origin');
    const bare = await rotate({ cookie });
    expect(bare.status).toBe(403);
    expect(bare.answer.error?.code).toBe('origin_required');
    // Same host, another port is another origin.
    expect((await rotate({ cookie, origin: hub.url.replace(/:\d+$/, ':1') })).status).toBe(403);
    expect((await rotate({ authorization: `Bearer ${token}`, origin: 'https://evil.example' })).status).toBe(403);
    expect(await codes()).toEqual(before);
  });

  it('refuses a body that is not JSON even from the hub\'s own page (415), and changes nothing', async () => {
    const before = await codes();
    const plain = await rotate({ cookie, origin: hub.url, 'content-type': 'text/plain' }, 'x');
    expect(plain.status).toBe(415);
    expect(plain.answer.error?.code).toBe('json_required');
    const form = await fetch(`${hub.url}/api/county/notices`, { method: 'POST', headers: { cookie, origin: hub.url, 'content-type': 'application/x-www-form-urlencoded' }, body: 'title=x&body=y' });
    expect(form.status).toBe(415);
    expect(await codes()).toEqual(before);
  });
});

describe('changes from the hub\'s own pages and from scripts', () => {
  it('accepts the cookie with the hub\'s own Origin or Referer, and a bearer token with no Origin at all', async () => {
    const before = (await codes()).length;
    expect((await rotate({ cookie, origin: hub.url })).status).toBe(201);
    expect((await rotate({ cookie, referer: `${hub.url}/#/stations` })).status).toBe(201);
    expect((await rotate({ authorization: `Bearer ${token}` })).status).toBe(201);
    expect(await codes()).toHaveLength(before + 3);
  });

  it('behind the county\'s proxy, judges the Origin against the address the proxy forwards (X-Forwarded-Proto/Host)', async () => {
    const before = (await codes()).length;
    const proxied = { cookie, 'x-forwarded-proto': 'https', 'x-forwarded-host': 'yj.county.example' };
    expect((await rotate({ ...proxied, origin: 'https://yj.county.example' })).status).toBe(201);
    expect((await rotate({ ...proxied, origin: 'http://yj.county.example' })).status).toBe(403);
    expect((await rotate({ ...proxied, origin: hub.url })).status).toBe(403);
    expect(await codes()).toHaveLength(before + 1);
  });

  it('leaves the stations\' signed routes alone: enrollment needs no Origin', async () => {
    const { code } = await registerStation(hub, token, '东风村');
    const res = await fetch(`${hub.url}/api/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
    expect(res.status).toBe(200);
  });
});
