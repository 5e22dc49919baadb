// Alerts that reach people over the staff API (issue 17), on SQLite and (listed in HUB_ON_POSTGRES) PostgreSQL:
// contacts within the administrator's subtree with a robot's key never shown back, a test notice to a robot on
// 127.0.0.1, the rules and SMS account for hub-wide administrators only, the cases with who was told, and an
// acknowledgement that stops the climb — each change audited, each refusal a code that changes nothing.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUnits, call, enrolledStation, hubRows, staffToken, startTestHub, TWO_TOWNSHIPS, unitStaffToken, type TestHub } from '../support/hub-fixture.ts';
import { at } from '../../support/station-fixture.ts';
import { webhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.ts';
import { escalateOnce } from '../../../county/alerting/escalation-job.ts';
import { httpNotifier } from '../../../county/notify/notifier.ts';
import { smsAccount } from '../../../county/alerting/alert-settings.ts';

let clock = at('2026-12-07 10:00');
let hub: TestHub;
let root: string;
let township: string;
let robot: WebhookReceiver;
let inside: string;
let outside: string;

type Contact = { id: string; stationId: string | null; unitId: string | null; name: string; channel: string; shownAddress: string; hasSecret: boolean };
type Refusal = { error: { code: string; params: Record<string, unknown> } };

beforeAll(async () => {
  robot = await webhookReceiver();
  hub = await startTestHub({ now: () => clock });
  root = await staffToken(hub, 'root', 'county_admin');
  await addUnits(hub, root, TWO_TOWNSHIPS);
  township = await unitStaffToken(hub, 'cb-admin', 'county_admin', 'cb');
  inside = (await enrolledStation(hub, root, '前进村', 'cb')).id;
  outside = (await enrolledStation(hub, root, '东风村', 'db')).id;
});

afterAll(async () => {
  await hub?.stop();
  await robot?.close();
  if (hub) fs.rmSync(hub.dataDir, { recursive: true, force: true });
});

describe('alert contacts and cases over the staff API', () => {
  it('adds contacts within the subtree only, shows a robot’s key cut, and refuses bad ones changing nothing', async () => {
    const added = await call<{ contact: Contact }>(`${hub.url}/api/county/notify/contacts`, {
      token: township,
      body: { stationId: inside, name: '李站长', channel: 'dingtalk', address: `${robot.url}/robot/send?access_token=abcdef123456`, secret: 'SECabc' },
    });
    expect(added.status).toBe(201);
    expect(added.body.contact).toMatchObject({ stationId: inside, name: '李站长', channel: 'dingtalk', hasSecret: true, shownAddress: `${robot.url}/robot/send?access_token=…3456` });
    expect(JSON.stringify(added.body)).not.toContain('abcdef');
    expect(JSON.stringify(added.body)).not.toContain('SECabc');
    const sms = await call<{ contact: Contact }>(`${hub.url}/api/county/notify/contacts`, { token: township, body: { unitId: 'cb', name: '城北组织办', channel: 'sms', address: '+86 139-0000-0001' } });
    expect(sms.body.contact).toMatchObject({ unitId: 'cb', shownAddress: '13900000001' });

    const before = await hubRows(hub.dataDir, 'SELECT id FROM notify_contacts ORDER BY id');
    const refusals: [unknown, number, string, unknown][] = [
      [{ stationId: outside, name: 'x', channel: 'sms', address: '13900000002' }, 404, 'station_not_found', undefined],
      [{ unitId: 'db', name: 'x', channel: 'sms', address: '13900000002' }, 404, 'unit_not_found', undefined],
      [{ name: '县远教办', channel: 'sms', address: '13900000002' }, 403, 'forbidden', undefined],
      [{ stationId: inside, name: 'x', channel: 'sms', address: '1390000' }, 400, 'invalid_contact', { problem: 'phone' }],
      [{ stationId: inside, name: 'x', channel: 'wecom', address: 'javascript:alert(1)' }, 400, 'invalid_contact', { problem: 'webhook' }],
      [{ stationId: inside, name: 'x', channel: 'fax', address: '1' }, 400, 'invalid_contact', { problem: 'channel' }],
      [{ stationId: inside, name: '  ', channel: 'sms', address: '13900000002' }, 400, 'invalid_contact', { problem: 'name' }],
      [{ stationId: inside, unitId: 'cb', name: 'x', channel: 'sms', address: '13900000002' }, 400, 'invalid_contact', { problem: 'place' }],
    ];
    for (const [body, status, code, params] of refusals) {
      const r = await call<Refusal>(`${hub.url}/api/county/notify/contacts`, { token: township, body });
      expect([r.status, r.body.error.code]).toEqual([status, code]);
      if (params) expect(r.body.error.params).toEqual(params);
    }
    expect(await hubRows(hub.dataDir, 'SELECT id FROM notify_contacts ORDER BY id')).toEqual(before);

    // The hub-wide administrator sees every contact, the township's its own; a viewer none.
    expect((await call<{ contacts: Contact[] }>(`${hub.url}/api/county/notify/contacts`, { token: township })).body.contacts).toHaveLength(2);
    const desk = await call<{ contact: Contact }>(`${hub.url}/api/county/notify/contacts`, { token: root, body: { name: '县远教办', channel: 'wecom', address: `${robot.url}/cgi-bin/webhook/send?key=desk9999` } });
    expect(desk.status).toBe(201);
    expect((await call<{ contacts: Contact[] }>(`${hub.url}/api/county/notify/contacts`, { token: root })).body.contacts).toHaveLength(3);
    expect((await call<{ contacts: Contact[] }>(`${hub.url}/api/county/notify/contacts`, { token: township })).body.contacts).toHaveLength(2);
    const viewer = await staffToken(hub, 'kan', 'viewer');
    expect((await call(`${hub.url}/api/county/notify/contacts`, { token: viewer })).status).toBe(403);
    // Nobody outside the hub-wide desk may test or remove it.
    expect((await call<Refusal>(`${hub.url}/api/county/notify/contacts/${desk.body.contact.id}/test`, { token: township, method: 'POST' })).body.error.code).toBe('contact_not_found');
  });

  it('sends a test notice to a robot and logs it', async () => {
    const contact = (await call<{ contacts: Contact[] }>(`${hub.url}/api/county/notify/contacts`, { token: township })).body.contacts.find((c) => c.name === '李站长');
    const heardBefore = robot.heard.length;
    const test = await call<{ delivered: boolean; tries: number; lastCode: string }>(`${hub.url}/api/county/notify/contacts/${contact!.id}/test`, { token: township, method: 'POST' });
    expect(test.body).toEqual({ delivered: true, tries: 1, lastCode: 'ok' });
    expect(robot.heard).toHaveLength(heardBefore + 1);
    expect(robot.heard.at(-1)?.body).toContain('测试消息');
    const audit = await hubRows<{ action: string }>(hub.dataDir, "SELECT action FROM staff_audit WHERE action LIKE 'notify_%' ORDER BY id");
    expect(audit.map((a) => a.action)).toEqual(['notify_contact_add', 'notify_contact_add', 'notify_contact_add', 'notify_contact_test']);
  });

  it('keeps the rules and the SMS account to hub-wide administrators, never showing a key', async () => {
    expect((await call<Refusal>(`${hub.url}/api/county/alert-rules/offline`, { method: 'PUT', token: township, body: { escalateAfterMinutes: 60 } })).status).toBe(403);
    const changed = await call<{ rules: Record<string, { escalateAfterMinutes: number }> }>(`${hub.url}/api/county/alert-rules/offline`, { method: 'PUT', token: root, body: { escalateAfterMinutes: 60 } });
    expect(changed.body.rules['offline']?.escalateAfterMinutes).toBe(60);
    expect((await call<Refusal>(`${hub.url}/api/county/alert-rules/offline`, { method: 'PUT', token: root, body: { escalateAfterMinutes: 99_999 } })).body.error).toEqual({ code: 'invalid_alert_rule', params: { kind: 'offline', problem: 'minutes' } });
    expect((await call<Refusal>(`${hub.url}/api/county/notify/sms`, { method: 'PUT', token: root, body: { provider: 'aliyun', accessKeyId: 'LTAI' } })).body.error).toEqual({ code: 'invalid_sms_account', params: { problem: 'field', field: 'accessKeySecret' } });
    const sms = await call<{ sms: unknown }>(`${hub.url}/api/county/notify/sms`, { method: 'PUT', token: root, body: { provider: 'tencent', secretId: 'AKID1', secretKey: 'topsecret', sdkAppId: '1400', signName: '远教', templateId: '449739' } });
    expect(sms.body.sms).toEqual({ provider: 'tencent', signName: '远教', template: '449739' });
    expect(JSON.stringify((await call(`${hub.url}/api/county/alert-rules`, { token: root })).body)).not.toContain('topsecret');
  });

  it('lists the cases in scope with who was told, and an acknowledgement stops the climb', async () => {
    clock += 3 * 86_400_000; // Both stations never reported: offline, each a case.
    // Three days on, the sessions have lapsed: log in again.
    const login = async (username: string) => (await call<{ token: string }>(`${hub.url}/api/county/login`, { body: { username, password: 'correct-horse-9' } })).body.token;
    township = await login('cb-admin');
    root = await login('root');
    const notifier = httpNotifier({ smsAccount: () => smsAccount(hub.ctx.database.kysely), deliver: { delayMs: () => 1 } });
    // The hub's own minute round may run beside this one: a rung is told once whichever wins it.
    await escalateOnce(hub.ctx, notifier);
    const mine = await call<{ cases: { id: string; stationName: string; code: string; deliveries: { rungName: string; contactName: string; delivered: boolean }[] }[] }>(`${hub.url}/api/county/alert-cases`, { token: township });
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(mine.body.cases.map((c) => [c.stationName, c.code])).toEqual([['前进村', 'offline']]);
    expect(mine.body.cases[0]!.deliveries).toEqual([expect.objectContaining({ rungName: '站点管理员', contactName: '李站长', delivered: true })]);

    const otherCase = (await call<{ cases: { id: string; stationId: string }[] }>(`${hub.url}/api/county/alert-cases`, { token: root })).body.cases.find((c) => c.stationId === outside)!;
    expect((await call<Refusal>(`${hub.url}/api/county/alert-cases/${otherCase.id}/ack`, { token: township, body: {} })).body.error.code).toBe('alert_case_not_found');

    const acked = await call<{ case: { acknowledgedBy: string; ackNote: string } }>(`${hub.url}/api/county/alert-cases/${mine.body.cases[0]!.id}/ack`, { token: township, body: { note: '已联系，明早修' } });
    expect(acked.body.case).toMatchObject({ acknowledgedBy: 'cb-admin', ackNote: '已联系，明早修' });
    clock += 6 * 3_600_000;
    const heard = robot.heard.length;
    await escalateOnce(hub.ctx, notifier);
    // 前进村's case was acknowledged: 城北街道's SMS contact is not told (nor is anyone about it).
    const after = (await call<{ cases: { id: string; deliveries: unknown[] }[] }>(`${hub.url}/api/county/alert-cases`, { token: township })).body.cases[0]!;
    expect(after.deliveries).toHaveLength(1);
    // 东风村 has no contact of its own or its township's: its ladder is the hub's desk, told once.
    expect(robot.heard.length - heard).toBe(0);
  });
});
