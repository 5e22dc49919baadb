// The mobile-member ledger (流动党员台帐) from a real agent to a real hub on loopback: entries made through the
// agent's admin API travel as mobile_ledger events, are kept once per (station, entry) however often they
// come, and show on the station's page and in its export (CSV read back, PDF through pdftotext); a lying
// body is refused with the field named and stores nothing.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningAgent } from '../../agent/daemon.ts';
import { DEFAULT_ADMIN_PIN } from '../../agent/admin/admin-auth.ts';
import { enroll } from '../../agent/uplink/enrollment.ts';
import { VirtualStation } from '../../scripts/simulate-county.ts';
import { at, createStation, tempDir } from '../support/station-fixture.ts';
import { call, hubDbArgs, hubRows, registerStation, staffToken, startTestHub, type TestHub } from './support/hub-fixture.ts';
import { HAS_PDFTOTEXT, NO_PDFTOTEXT_REASON, cli, csvBlocks, pdfText } from '../agent/exports/export-support.ts';
import { launchBrowser } from '../support/browser.ts';
import { refusalText } from '../../kiosk/ui/src/i18n/refusals.ts';
import type { RefusalBody } from '../../protocol/refusals/refusal.pure.ts';

const clock = at('2026-12-06 15:00');
let hub: TestHub;
let staff: string;
let agent: RunningAgent;
let adminToken: string;
let stationId: string;
const dirs: string[] = [];

async function agentCall(method: string, route: string, body?: unknown): Promise<Response> {
  return fetch(new URL(route, agent.url), {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

beforeAll(async () => {
  hub = await startTestHub({ now: () => clock });
  const admin = await staffToken(hub, 'admin', 'county_admin');
  staff = await staffToken(hub, 'viewer-wang', 'viewer');
  const { id, code } = await registerStation(hub, admin, '红旗村党员活动室');
  stationId = id;
  const dir = tempDir('yj-ledger-agent-');
  dirs.push(dir);
  const station = createStation({ dir });
  station.addMember({ name: '外出甲', category: 'full', branch: '第一党支部' });
  await enroll(station.db, { hubUrl: hub.url, code, now: () => clock });
  station.close();
  agent = await startDaemon({ dataDir: dir, port: 0, logLevel: 'error', now: () => clock, uplink: { monotonic: () => clock, settleMs: 5, backoffBaseMs: 20, backoffMaxMs: 100 } });
  const login = await fetch(new URL('/api/admin/login', agent.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pin: DEFAULT_ADMIN_PIN }) });
  adminToken = ((await login.json()) as { token: string }).token;
  expect((await agentCall('POST', '/api/admin/pin', { currentPin: DEFAULT_ADMIN_PIN, newPin: '246810' })).status).toBe(200);
});

afterAll(async () => {
  await agent?.stop();
  await hub.stop();
  for (const d of [...dirs, hub.dataDir]) fs.rmSync(d, { recursive: true, force: true });
});

describe('the ledger travels to the hub', () => {
  it('entries made at the station show once on its page and in its export', async () => {
    const members = ((await (await agentCall('GET', '/api/admin/members')).json()) as { members: { id: number; name: string }[] }).members;
    const out = await agentCall('POST', '/api/admin/mobile-ledger', { kind: 'flow_out', memberId: members[0]!.id, date: '2026-12-10', organisation: '广东省深圳市某街道党工委', contact: '0755-12345678', certificateNo: 'LD-2026-031' });
    expect(out.status).toBe(201);
    const outEntry = (await out.json()) as { id: number };
    const inn = await agentCall('POST', '/api/admin/mobile-ledger', { kind: 'flow_in', date: '2026-12-08', organisation: '四川省某县某镇党委', person: { name: '流入乙', gender: 'female', branch: null, phone: '13900002222' } });
    expect(inn.status).toBe(201);
    const fix = await agentCall('POST', '/api/admin/mobile-ledger', { kind: 'flow_out', date: '2026-12-12', organisation: '广东省深圳市某街道党工委', corrects: outEntry.id, note: '日期更正' });
    expect(fix.status).toBe(201);
    // A refusal names the problem in Chinese and changes nothing.
    const bad = await agentCall('POST', '/api/admin/mobile-ledger', { kind: 'return', memberId: members[0]!.id, date: '2026-12-05', organisation: '某地' });
    expect(bad.status).toBe(400);
    const refused = ((await bad.json()) as RefusalBody).error;
    expect(refused).toEqual({ code: 'invalid_flow', params: { rule: 'still_on_roster', name: '外出甲' } });
    expect(refusalText(refused, 'zh-CN')).toContain('外出甲 仍在册，无需登记返回');

    expect(agent.ctx.uplink.heartbeat()).not.toBeNull();
    expect((await agent.ctx.uplink.flush()).failure).toBeNull();
    expect((await agent.ctx.uplink.flush()).failure).toBeNull();
    const rows = await hubRows<{ entry_id: number; kind: string; member_name: string }>(hub.dataDir, 'SELECT entry_id, kind, member_name FROM mobile_ledger_entries WHERE station_id = ? ORDER BY entry_id', stationId);
    expect(rows).toEqual([
      { entry_id: 1, kind: 'flow_out', member_name: '外出甲' },
      { entry_id: 2, kind: 'flow_in', member_name: '流入乙' },
      { entry_id: 3, kind: 'flow_out', member_name: '外出甲' },
    ]);

    const page = await call<{ mobileLedger: { entryId: number; date: string; organisation: string; certificateNo: string | null; corrects: number | null; correctedBy: number | null }[] }>(
      `${hub.url}/api/county/stations/${stationId}?month=2026-12`,
      { token: staff },
    );
    expect(page.status).toBe(200);
    expect(page.body.mobileLedger.map((e) => [e.entryId, e.date, e.corrects, e.correctedBy])).toEqual([
      [2, '2026-12-08', null, null],
      [1, '2026-12-10', null, 3],
      [3, '2026-12-12', 1, null],
    ]);
    expect(page.body.mobileLedger[1]!.certificateNo).toBe('LD-2026-031');

    const csv = await fetch(`${hub.url}/api/county/stations/${stationId}/mobile-ledger.csv?year=2026`, { headers: { authorization: `Bearer ${staff}` } });
    expect(csv.status).toBe(200);
    const text = Buffer.from(await csv.arrayBuffer()).toString('utf8');
    expect(text).toContain('流动党员台帐');
    const ledger = csvBlocks(Buffer.from(text, 'utf8')).find((b) => b.title === '流动登记')!;
    expect(ledger.rows[0]).toEqual(expect.arrayContaining(['编号', '日期', '流动类型', '姓名', '流入/流出地党组织', '活动证号']));
    expect(ledger.rows.slice(1).map((r) => r.slice(0, 4))).toEqual([
      ['2', '2026-12-08', '流入', '流入乙'],
      ['1', '2026-12-10', '流出', '外出甲'],
      ['3', '2026-12-12', '流出', '外出甲'],
    ]);
    const badYear = await fetch(`${hub.url}/api/county/stations/${stationId}/mobile-ledger.csv?year=26`, { headers: { authorization: `Bearer ${staff}` } });
    expect(badYear.status).toBe(400);
  });

  it('the station page shows the year’s ledger with its file links', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
      await page.goto(`${hub.url}/`);
      await page.fill('input[name=username]', 'viewer-wang');
      await page.fill('input[name=password]', 'correct-horse-9');
      await page.click('[data-testid=login-submit]');
      await page.waitForSelector('[data-testid=current-user]');
      await page.goto(`${hub.url}/#/stations/${encodeURIComponent(stationId)}?month=2026-12`);
      await page.waitForSelector('[data-testid=station-ledger-table]');
      expect(await page.textContent('[data-testid=station-ledger] h2')).toBe('流动党员台帐（2026 年）');
      const rows = await page.$$eval('[data-testid=station-ledger-table] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent)));
      expect(rows).toEqual([
        ['2', '2026-12-08', '流入', '流入乙'],
        ['1', '2026-12-10', '流出', '外出甲'],
        ['3', '2026-12-12', '流出', '外出甲'],
      ]);
      expect(await page.textContent('[data-testid=station-ledger-table]')).toContain('已由第 3 条更正');
      expect(await page.getAttribute('[data-testid=station-ledger-export] a[data-format=pdf]', 'href')).toContain(`/api/county/stations/${stationId}/mobile-ledger.pdf?`);
    } finally {
      await browser.close();
    }
  });

  it.skipIf(!HAS_PDFTOTEXT)('the PDF of the station ledger reads back with its entries', async () => {
    const pdf = await fetch(`${hub.url}/api/county/stations/${stationId}/mobile-ledger.pdf?year=2026`, { headers: { authorization: `Bearer ${staff}` } });
    expect(pdf.status).toBe(200);
    const file = path.join(tempDir('yj-ledger-pdf-'), 'ledger.pdf');
    dirs.push(path.dirname(file));
    fs.writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const text = pdfText(file);
    for (const word of ['流动党员台帐', '红旗村党员活动室', '流入乙', '四川省某县某镇党委', 'LD-2026-031', '已由第 3 条更正']) expect(text).toContain(word);
  });

  it('yuanjiao county export station-ledger writes the same file from the hub\'s database', async () => {
    const out = path.join(tempDir('yj-ledger-county-cli-'), '台帐.csv');
    dirs.push(path.dirname(out));
    const r = await cli(hub.dataDir, 'county', 'export', 'station-ledger', stationId, '--year', '2026', '--out', out, ...hubDbArgs(hub.dataDir));
    expect(r, r.err).toMatchObject({ code: 0 });
    const ledger = csvBlocks(fs.readFileSync(out)).find((b) => b.title === '流动登记')!;
    expect(ledger.rows.slice(1).map((row) => row[3])).toEqual(['流入乙', '外出甲', '外出甲']);
    const bad = await cli(hub.dataDir, 'county', 'export', 'station-ledger', stationId, '--year', 'x', '--out', out.replace('.csv', '-2.csv'), ...hubDbArgs(hub.dataDir));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('年份应写成 YYYY');
  });

  it('a lying ledger body is refused with the field named, and nothing is stored', async () => {
    const admin = await staffToken(hub, 'admin2', 'county_admin');
    const liar = await VirtualStation.enroll(hub.url, (await registerStation(hub, admin, '说谎站点')).code, () => clock);
    const before = (await hubRows<{ n: number }>(hub.dataDir, 'SELECT count(*) AS n FROM mobile_ledger_entries'))[0]!.n;
    const lie = { entryId: 1, kind: 'deleted', date: '2026-12-01', memberName: 'x'.repeat(500), branch: null, organisation: '某地', contact: null, certificateNo: null, note: null, corrects: null, enteredBy: 'x' };
    const result = await liar.sendRaw(JSON.stringify({ events: [{ id: randomUUID(), type: 'mobile_ledger', at: clock, body: lie }] }));
    expect(result.status).toBe(400);
    expect(JSON.stringify(result.body)).toMatch(/kind|memberName/);
    expect((await hubRows<{ n: number }>(hub.dataDir, 'SELECT count(*) AS n FROM mobile_ledger_entries'))[0]!.n).toBe(before);
  });
});
if (!HAS_PDFTOTEXT) console.warn(NO_PDFTOTEXT_REASON);
