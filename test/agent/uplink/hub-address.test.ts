// No silent plain HTTP to the hub: an http:// address off this machine and the private ranges is refused
// wherever a station takes one — enrollment, the kiosk's settings, the uplink — unless forced, with a message
// that says why and what to do; a private network is allowed with one warning line; names count as public.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHubUrl, hubHostKind, InsecureHubUrlError } from '../../../agent/uplink/hub-address.ts';
import { enroll, EnrollmentError } from '../../../agent/uplink/enrollment.ts';
import { drainOutbox } from '../../../agent/uplink/uplink-client.ts';
import { countPendingOutbox } from '../../../agent/outbox/outbox-store.ts';
import { appendStationLog, queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { readSetting, readStationSettings, writeSetting, writeStationSettings } from '../../../agent/settings/settings-store.ts';
import { INSECURE_HTTP_SETTING, SECRET_SETTING } from '../../../agent/uplink/uplink-settings.ts';
import { startDaemon, type RunningAgent } from '../../../agent/daemon.ts';
import { DEFAULT_ADMIN_PIN } from '../../../agent/admin/admin-auth.ts';
import { createStation, tempDir, type Station } from '../../support/station-fixture.ts';
import { refusalText } from '../../../kiosk/ui/src/i18n/refusals.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function station(): Station {
  const dir = tempDir('yj-hub-address-');
  dirs.push(dir);
  return createStation({ dir });
}

describe('which hub addresses may carry plain HTTP', () => {
  it('loopback and the private ranges are near; every other address, and any name but localhost, is public', () => {
    const kinds: Record<string, string> = {
      localhost: 'loopback',
      '127.0.0.1': 'loopback',
      '127.8.9.10': 'loopback',
      '[::1]': 'loopback',
      '10.1.2.3': 'private',
      '172.16.0.1': 'private',
      '172.31.255.254': 'private',
      '172.32.0.1': 'public',
      '192.168.10.20': 'private',
      '169.254.7.7': 'private',
      '[fd00::7]': 'private',
      '[fe80::1]': 'private',
      '[::ffff:192.168.1.1]': 'private',
      '[::ffff:8.8.8.8]': 'public',
      '8.8.8.8': 'public',
      '203.0.113.9': 'public',
      '[2001:db8::1]': 'public',
      'hub.county.lan': 'public',
      'yj.example.gov.cn': 'public',
    };
    for (const [host, kind] of Object.entries(kinds)) expect(hubHostKind(host), host).toBe(kind);
  });

  it('refuses http:// to a public address with why and what to do, warns for a private one or when forced, and lets https:// through', () => {
    expect(() => checkHubUrl('http://yj.example.gov.cn')).toThrow(InsecureHubUrlError);
    try {
      checkHubUrl('http://203.0.113.9:8730');
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toContain('站点密钥和上报记录会在公网上明文传输');
      expect(message).toContain('https://');
      expect(message).toContain('--ca');
      expect(message).toContain('--insecure-http');
    }
    expect(checkHubUrl('https://yj.example.gov.cn').warning).toBeNull();
    expect(checkHubUrl('http://127.0.0.1:8730').warning).toBeNull();
    expect(checkHubUrl('http://192.168.1.20:8730').warning).toContain('经内网明文 HTTP 连接平台');
    expect(checkHubUrl('http://203.0.113.9:8730', { insecureHttp: true }).warning).toContain('--insecure-http');
  });
});

describe('enrollment', () => {
  it('refuses a public plain-HTTP hub before contacting it and changes nothing', async () => {
    const s = station();
    try {
      const logBefore = queryStationLog(s.db, {}).length;
      const warnings: string[] = [];
      const refused = await enroll(s.db, { hubUrl: 'http://203.0.113.9:8730', code: 'ABCD-EFGH-JKMN', onWarning: (l) => warnings.push(l) }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(EnrollmentError);
      expect((refused as EnrollmentError).code).toBe('insecure_hub_url');
      expect(warnings).toEqual([]);
      expect(readSetting(s.db, SECRET_SETTING)).toBeUndefined();
      expect(readStationSettings(s.db).hubUrl).toBeNull();
      expect(queryStationLog(s.db, {}).length).toBe(logBefore);
    } finally {
      s.close();
    }
  });

  it('says once, before sending the code, that a private network carries it in clear', async () => {
    const s = station();
    try {
      const warnings: string[] = [];
      // No hub there (whatever the network answers); the warning comes before the attempt, whatever it gives.
      const failed = await enroll(s.db, { hubUrl: 'http://10.255.255.1:8730', code: 'ABCD-EFGH-JKMN', timeoutMs: 300, onWarning: (l) => warnings.push(l) }).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(EnrollmentError);
      expect((failed as EnrollmentError).code).not.toBe('insecure_hub_url');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('10.255.255.1:8730');
    } finally {
      s.close();
    }
  });
});

describe('the uplink', () => {
  it('holds every record when the stored hub address is public plain HTTP, and says why', async () => {
    const s = station();
    try {
      writeStationSettings(s.db, { stationId: 'st-test0001', hubUrl: 'http://203.0.113.9:8730' }, Date.now());
      writeSetting(s.db, SECRET_SETTING, 'x'.repeat(43), Date.now());
      appendStationLog(s.db, { type: 'station', actor: 'admin', at: Date.now(), message: '巡查记录' });
      const pending = countPendingOutbox(s.db);
      const result = await drainOutbox(s.db, { now: Date.now, options: { batchSize: 50, maxBatchBytes: 65536, requestTimeoutMs: 300 } });
      expect(result.exchanges).toBe(0);
      expect(result.failure?.code).toBe('insecure_hub_url');
      expect(result.failure?.message).toContain('记录保留在本机');
      expect(countPendingOutbox(s.db)).toBe(pending);

      // Forced at enrollment: the uplink tries (no hub there: whatever answers, nothing is delivered).
      writeSetting(s.db, INSECURE_HTTP_SETTING, true, Date.now());
      const forced = await drainOutbox(s.db, { now: Date.now, options: { batchSize: 50, maxBatchBytes: 65536, requestTimeoutMs: 300 } });
      expect(forced.failure?.code).not.toBe('insecure_hub_url');
      expect(countPendingOutbox(s.db)).toBe(pending);
    } finally {
      s.close();
    }
  });
});

describe('the kiosk\'s admin settings', () => {
  let agent: RunningAgent;
  let token: string;
  beforeAll(async () => {
    const s = station();
    const dataDir = s.dir;
    s.close();
    agent = await startDaemon({ dataDir, port: 0, logLevel: 'error' });
    const post = async (route: string, body: unknown, auth?: string) => {
      const res = await fetch(new URL(route, agent.url), { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) }, body: JSON.stringify(body) });
      return (await res.json()) as { token: string };
    };
    token = (await post('/api/admin/login', { pin: DEFAULT_ADMIN_PIN })).token;
    await post('/api/admin/pin', { currentPin: DEFAULT_ADMIN_PIN, newPin: '240815' }, token);
  }, 60_000);
  afterAll(async () => {
    await agent?.stop();
  });

  async function put(patch: Record<string, unknown>) {
    const res = await fetch(new URL('/api/admin/settings', agent.url), { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(patch) });
    return { status: res.status, body: (await res.json()) as { hubUrl?: string | null; error?: { code: string; params: Record<string, string>; message?: string } } };
  }

  it('refuses a public plain-HTTP hub address with the reason, and keeps https:// and private ones', async () => {
    const refused = await put({ hubUrl: 'http://yj.example.gov.cn' });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.code).toBe('insecure_hub_url');
    expect(refused.body.error?.params).toEqual({ hubUrl: 'http://yj.example.gov.cn' });
    expect(refusalText(refused.body.error!, 'zh-CN')).toContain('明文传输');
    expect((await put({ hubUrl: 'https://yj.example.gov.cn' })).body.hubUrl).toBe('https://yj.example.gov.cn');
    expect((await put({ hubUrl: 'http://192.168.1.20:8730' })).body.hubUrl).toBe('http://192.168.1.20:8730');
    expect((await put({ stationName: '东风村', hubUrl: 'http://8.8.8.8' })).status).toBe(400);
    expect((await put({ stationName: '东风村' })).status).toBe(200);
  });
});
