// The hub serves HTTPS itself when given a certificate (`county start --tls-cert --tls-key`): a station that
// trusts the county's CA (`enroll --ca`) enrolls and reports over it, one that does not is told what to do and
// stores nothing; a bad certificate or key is refused before anything listens; the start banner never
// recommends --host 0.0.0.0 and warns when plain HTTP is open to the network. Certificates are made at test time.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type Output } from '../../../cli/main.ts';
import { openStationDatabase } from '../../../agent/store/database.ts';
import { readSetting, readStationSettings } from '../../../agent/settings/settings-store.ts';
import { HUB_CA_SETTING, SECRET_SETTING } from '../../../agent/uplink/uplink-settings.ts';
import { drainOutbox } from '../../../agent/uplink/uplink-client.ts';
import { appendStationLog } from '../../../agent/stationlog/station-log.ts';
import { hubRequest } from '../../../agent/uplink/hub-transport.ts';
import { startHub } from '../../../county/server.ts';
import { tempDir } from '../../support/station-fixture.ts';
import { waitFor } from '../../support/wait.ts';
import { makeTestCertificates, type TestCertificates } from '../../support/tls-cert.ts';
import { hubRows, startTestHub, type TestHub } from '../support/hub-fixture.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let certs: TestCertificates;
let ca: string;
const dirs: string[] = [];

function dir(prefix: string): string {
  const d = tempDir(prefix);
  dirs.push(d);
  return d;
}

beforeAll(() => {
  certs = makeTestCertificates(dir('yj-certs-'));
  ca = fs.readFileSync(certs.caFile, 'utf8');
});

afterAll(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: Output = { out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
  const code = await main(['node', 'yuanjiao', ...args], io);
  return { code, out: stdout.join('\n'), err: stderr.join('\n') };
}

async function json<T>(url: string, init: { method?: 'GET' | 'POST'; token?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const answer = await hubRequest(url, { method: init.method ?? (init.body === undefined ? 'GET' : 'POST'), headers, body: init.body === undefined ? undefined : JSON.stringify(init.body), ca });
  return { ...answer, body: JSON.parse(answer.text || 'null') as T };
}

describe('the hub over its own HTTPS', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ dataDir: dir('yj-hub-'), tls: { certFile: certs.certFile, keyFile: certs.keyFile } });
  }, 60_000);
  afterAll(async () => {
    await hub?.stop();
  });

  it('serves https://, sets a Secure session cookie, and a station trusting the county CA enrolls and reports; without --ca it is told why and stores nothing', async () => {
    expect(hub.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    await hub.ctx.auth.addUser({ username: 'zhang', role: 'county_admin', password: 'correct-horse-9' }, hub.ctx.now(), 'test');
    const login = await json<{ token: string }>(`${hub.url}/api/county/login`, { body: { username: 'zhang', password: 'correct-horse-9' } });
    expect(login.status).toBe(200);
    expect(login.header('set-cookie')).toMatch(/^yj_county_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/);
    const added = await json<{ enrollment: { code: string } }>(`${hub.url}/api/county/stations`, { token: login.body.token, body: { name: '红旗村', grade: 'standard' } });
    expect(added.status).toBe(201);
    const code = added.body.enrollment.code;

    // Plain HTTP on the HTTPS port gets no page.
    const plain = await hubRequest(hub.url.replace('https:', 'http:'), { method: 'GET', signal: AbortSignal.timeout(10_000) }).then(
      (a) => a.status,
      () => 'no answer',
    );
    expect(plain).not.toBe(200);

    // Without the county's CA: the certificate is not trusted, the message says to use --ca, nothing is stored.
    const agentDir = dir('yj-agent-');
    const untrusted = await run('enroll', '--hub', hub.url, '--code', code, '--data', agentDir);
    expect(untrusted.code).toBe(1);
    expect(untrusted.err).toContain('证书不受信任');
    expect(untrusted.err).toContain('--ca');
    let db = openStationDatabase(agentDir);
    try {
      expect(readSetting(db, SECRET_SETTING)).toBeUndefined();
      expect(readStationSettings(db).hubUrl).toBeNull();
    } finally {
      db.close();
    }

    // A file that is not a certificate is a usage mistake, said before anything is contacted.
    const notPem = await run('enroll', '--hub', hub.url, '--code', code, '--ca', certs.keyFile, '--data', agentDir);
    expect(notPem.code).toBe(2);
    expect(notPem.err).toContain('不是 PEM 格式的证书');

    const enrolled = await run('enroll', '--hub', hub.url, '--code', code, '--ca', certs.caFile, '--data', agentDir);
    expect(enrolled.err).toBe('');
    expect(enrolled.code).toBe(0);
    db = openStationDatabase(agentDir);
    try {
      expect(readStationSettings(db).hubUrl).toBe(hub.url);
      expect(readSetting<string>(db, HUB_CA_SETTING)).toContain('-----BEGIN CERTIFICATE-----');
      appendStationLog(db, { type: 'station', actor: 'admin', at: Date.now(), message: '经 HTTPS 上报的巡查记录' });
      const drained = await drainOutbox(db, { now: Date.now, options: { batchSize: 50, maxBatchBytes: 256 * 1024, requestTimeoutMs: 10_000 } });
      expect(drained.failure).toBeNull();
      expect(drained.delivered).toBeGreaterThan(0);
    } finally {
      db.close();
    }
    const stored = await hubRows<{ body: string }>(hub.dataDir, "SELECT body FROM events WHERE type = 'station_log'");
    expect(stored.some((r) => r.body.includes('经 HTTPS 上报的巡查记录'))).toBe(true);
  });
});

describe('a certificate the hub cannot use', () => {
  it('is refused before anything listens or the data directory is touched, saying what to fix', async () => {
    const data = path.join(dir('yj-hub-parent-'), 'hub');
    const attempt = (certFile: string, keyFile: string) => startHub({ dataDir: data, port: 0, tls: { certFile, keyFile } }).then(
      async (h) => {
        await h.stop();
        return 'started';
      },
      (err: Error) => err.message,
    );
    expect(await attempt(path.join(certs.dir, 'missing.pem'), certs.keyFile)).toContain('找不到证书文件');
    expect(await attempt(certs.certFile, path.join(certs.dir, 'missing.key'))).toContain('找不到私钥文件');
    expect(await attempt(certs.keyFile, certs.certFile)).toContain('--tls-cert 和 --tls-key 是否写反了');
    expect(await attempt(certs.certFile, certs.otherKeyFile)).toContain('不匹配');
    expect(fs.existsSync(data)).toBe(false);

    const half = await run('county', 'start', '--data', data, '--port', '0', '--tls-cert', certs.certFile);
    expect(half.code).toBe(1);
    expect(half.err).toContain('HTTPS 需要同时给出证书和私钥');
    expect(fs.existsSync(data)).toBe(false);
  });
});

describe('the start banner', () => {
  function startCli(args: string[], env: Record<string, string> = {}) {
    const base = { ...process.env };
    for (const key of ['YUANJIAO_COUNTY_HOST', 'YUANJIAO_COUNTY_PORT', 'YUANJIAO_COUNTY_TLS_CERT', 'YUANJIAO_COUNTY_TLS_KEY']) delete base[key];
    const child = spawn(process.execPath, [path.join(REPO, 'bin/yuanjiao.js'), 'county', 'start', '--port', '0', ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...base, ...env } });
    const seen = { out: '', err: '' };
    child.stdout.on('data', (d: Buffer) => (seen.out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (seen.err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    return {
      seen,
      async ready() {
        await waitFor(() => seen.out.includes('按 Ctrl+C 停止') || child.exitCode !== null, 30_000, `the hub to start\n${seen.out}${seen.err}`);
      },
      async stop() {
        child.kill('SIGTERM');
        return exited;
      },
    };
  }

  it('says how to serve (nginx with TLS, or --tls-cert/--tls-key), never to open 0.0.0.0, and warns of plain HTTP on the network', async () => {
    const open = startCli(['--data', dir('yj-hub-'), '--host', '0.0.0.0']);
    try {
      await open.ready();
      // stderr is a pipe of its own: the warning may arrive after the banner's last line on stdout.
      await expect.poll(() => open.seen.err).toContain('警告：平台以明文 HTTP 在 0.0.0.0 上对网络开放');
      expect(open.seen.err).toContain('--tls-cert');
      expect(open.seen.out).not.toContain('--host 0.0.0.0');
    } finally {
      expect(await open.stop()).toBe(0);
    }

    // The packaged unit passes the files through /etc/default/yuanjiao-county: the same as the flags.
    const tls = startCli(['--data', dir('yj-hub-')], { YUANJIAO_COUNTY_TLS_CERT: certs.certFile, YUANJIAO_COUNTY_TLS_KEY: certs.keyFile });
    try {
      await tls.ready();
      expect(tls.seen.out).toMatch(/地址 \/ address:\s+https:\/\/127\.0\.0\.1:\d+/);
      expect(tls.seen.out).toContain('证书 / certificate: IP Address:127.0.0.1, DNS:localhost');
      expect(tls.seen.out).not.toContain('0.0.0.0');
      expect(tls.seen.err).toBe('');
    } finally {
      expect(await tls.stop()).toBe(0);
    }
  });
});
