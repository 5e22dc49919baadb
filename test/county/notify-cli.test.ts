// `yuanjiao county notify …` on the hub's SQLite file: contacts added, listed with a robot's key cut, tested against
// a robot on 127.0.0.1 and removed; rules changed; every refusal a message, an exit code and nothing changed.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/station-fixture.ts';
import { ROBOT_OK, webhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { cli } from '../agent/exports/export-support.ts';
import { hubRows } from './support/hub-fixture.ts';

const dir = tempDir('yj-hub-');
let robot: WebhookReceiver;

beforeAll(async () => {
  const gone = { status: 200, body: '{"errcode":93000,"errmsg":"invalid webhook url"}' };
  robot = await webhookReceiver(({ path }) => (path.includes('key=gone') ? gone : ROBOT_OK));
});

afterAll(async () => {
  await robot.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const county = (...args: string[]) => cli(dir, 'county', ...args);

describe('alert notices from the command line', () => {
  it('adds, lists, tests and removes contacts, and changes a rule', async () => {
    const added = await county('notify', 'contact', 'add', '--desk', '--name', '县远教办', '--wecom', `${robot.url}/cgi-bin/webhook/send?key=abcdef987654`);
    expect([added.code, added.err]).toEqual([0, '']);
    const id = /编号 ([0-9a-f-]{36})/.exec(added.out)![1]!;
    const sms = await county('notify', 'contact', 'add', '--desk', '--name', '王主任', '--sms', '+86 138 0000 0001');
    expect(sms.code).toBe(0);

    const list = await county('notify', 'contact', 'list');
    expect(list.out).toContain(`${robot.url}/cgi-bin/webhook/send?key=…7654`);
    expect(list.out).not.toContain('abcdef');
    expect(list.out).toContain('13800000001');

    const tested = await county('notify', 'contact', 'test', id);
    expect(tested.code).toBe(0);
    expect(tested.out).toContain('已送达 县远教办 / delivered');
    expect(robot.heard.at(-1)?.body).toContain('测试消息');

    const gone = await county('notify', 'contact', 'add', '--desk', '--name', '旧群', '--wecom', `${robot.url}/send?key=gone`);
    const goneId = /编号 ([0-9a-f-]{36})/.exec(gone.out)![1]!;
    const failed = await county('notify', 'contact', 'test', goneId);
    expect(failed.code).toBe(1);
    expect(failed.out).toContain('wecom_93000  invalid webhook url');
    expect(failed.err).toContain('测试消息未送达');
    expect((await county('notify', 'contact', 'remove', goneId)).code).toBe(0);
    expect((await county('notify', 'contact', 'list')).out).not.toContain('旧群');

    const rule = await county('notify', 'rule', 'offline', '--first', '30', '--escalate', '240');
    expect(rule.code).toBe(0);
    expect(rule.out).toContain('首次 30 分钟后，逐级间隔 240 分钟');
    const audit = await hubRows<{ action: string }>(dir, "SELECT action FROM staff_audit WHERE actor = 'cli' ORDER BY id");
    expect(audit.map((a) => a.action)).toEqual(['notify_contact_add', 'notify_contact_add', 'notify_contact_test', 'notify_contact_add', 'notify_contact_test', 'notify_contact_remove', 'alert_rule']);
  });

  it('refuses what cannot be right, saying why, and changes nothing', async () => {
    const before = await hubRows(dir, 'SELECT id, retired_at FROM notify_contacts ORDER BY id');
    const settings = await hubRows(dir, 'SELECT key, value FROM hub_settings ORDER BY key');
    const cases: [string[], number, string][] = [
      [['notify', 'contact', 'add', '--desk', '--name', 'x', '--sms', '12345'], 1, '手机号应为 11 位数字'],
      [['notify', 'contact', 'add', '--name', 'x', '--sms', '13800000002'], 2, '请给出 --station、--unit 或 --desk 之一'],
      [['notify', 'contact', 'add', '--desk', '--name', 'x', '--sms', '13800000002', '--wecom', 'https://a'], 2, '请给出 --sms、--wecom 或 --dingtalk 之一'],
      [['notify', 'contact', 'add', '--station', 'st-nope', '--name', 'x', '--sms', '13800000002'], 1, 'st-nope'],
      [['notify', 'contact', 'add', '--desk', '--name', 'x', '--dingtalk', 'ftp://x'], 1, '群机器人地址应以 https:// 开头'],
      [['notify', 'contact', 'test', 'nope'], 1, '没有联系人 nope'],
      [['notify', 'rule', 'earthquake', '--on'], 1, '没有 earthquake 这种告警'],
      [['notify', 'rule', 'offline', '--first', 'soon'], 2, '--first 应为分钟数'],
      [['notify', 'rule', 'offline', '--escalate', '99999'], 1, '分钟数应为 0 到 44,640 之间的整数'],
    ];
    for (const [args, code, words] of cases) {
      const r = await county(...args);
      expect([args.join(' '), r.code]).toEqual([args.join(' '), code]);
      expect(r.err).toContain(words);
    }
    expect(await hubRows(dir, 'SELECT id, retired_at FROM notify_contacts ORDER BY id')).toEqual(before);
    expect(await hubRows(dir, 'SELECT key, value FROM hub_settings ORDER BY key')).toEqual(settings);
  });
});
