// Alerts that reach people on the dashboard (issue 17), in a real Chromium against a real hub: a hub-wide
// administrator adds a WeChat Work robot contact for a station, pointing at a robot on 127.0.0.1, and 发送测试 says
// 已送达 (the robot heard it); after the hub's escalation round the case shows on the alerts page with whom it told,
// and a township administrator acknowledges it from the page, by keyboard, with a note — seeing only their own
// township's case and contacts. Screenshots at 1366×768 and 1920×1080 go to test-artifacts/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { saveScreenshot } from '../../support/screenshots.ts';
import { at } from '../../support/station-fixture.ts';
import { webhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.ts';
import { call, hubRows, registerStation, type TestHub } from '../support/hub-fixture.ts';
import { startDashboardHub, type DashboardHub, type Viewport } from '../support/dashboard-browser.ts';
import { escalateOnce } from '../../../county/alerting/escalation-job.ts';
import { httpNotifier } from '../../../county/notify/notifier.ts';
import { smsAccount } from '../../../county/alerting/alert-settings.ts';

const SLOW = 120_000;
const PASSWORD = 'correct-horse-9';
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;
let clock = at('2026-12-07 10:00');
let dashboard: DashboardHub;
let hub: TestHub;
let robot: WebhookReceiver;
let inside: string;
let outside: string;

beforeAll(async () => {
  robot = await webhookReceiver();
  dashboard = await startDashboardHub({ now: () => clock, rootPassword: PASSWORD });
  hub = dashboard.hub;
  const root = dashboard.root;
  await dashboard.addUnits([
    { id: 'yz', level: 'county', name: '伊州区' },
    { id: 'cb', level: 'township', name: '城北街道', parentId: 'yz' },
    { id: 'db', level: 'township', name: '东部镇', parentId: 'yz' },
  ]);
  await hub.ctx.auth.addUser({ username: 'cb-admin', role: 'county_admin', password: PASSWORD, unitId: 'cb' }, clock, 'test');
  const enrolled = async (name: string, unitId: string) => {
    const { id, code } = await registerStation(hub, root, name);
    await hub.ctx.stations.redeemCode(code, clock);
    expect((await call(`${hub.url}/api/county/stations/${id}`, { method: 'PUT', token: root, body: { unitId } })).status).toBe(200);
    return id;
  };
  inside = await enrolled('前进村', 'cb');
  outside = await enrolled('东风村', 'db');
  // 东风村's own contact, which the township administrator of 城北街道 must never see.
  const other = await call(`${hub.url}/api/county/notify/contacts`, { token: root, body: { stationId: outside, name: '王站长', channel: 'wecom', address: `${robot.url}/cgi-bin/webhook/send?key=east0000` } });
  expect(other.status).toBe(201);
}, SLOW);

afterAll(async () => {
  await dashboard?.stop();
  await robot?.close();
});

const openAs = (username: string, size: Viewport = SIZES[1]) => dashboard.openAs({ username, password: PASSWORD }, size);

async function screenshots(page: Page, name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.mouse.move(0, 0);
    await saveScreenshot(page, `${name}-${size.width}`);
  }
}

const rowTexts = (page: Page, table: string) => page.$$eval(`[data-testid=${table}] tbody tr`, (rows) => rows.map((r) => r.textContent ?? ''));

describe('alert notices and cases on the dashboard', () => {
  it('lets an administrator add a WeChat Work robot contact, test it, and set the rules', async () => {
    const { page, errors } = await openAs('root');
    await page.click('[data-nav=notify]');
    await page.waitForSelector('[data-testid=contact-add]');
    // The place picker offers the hub's desk, both stations (by name, as pinyin sorts them) and the units.
    const places = await page.$$eval('[data-testid=contact-add] select[name=place] option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(places).toEqual(['', 'desk', `s:${outside}`, `s:${inside}`, 'u:yz', 'u:cb', 'u:db']);

    // A bad address is refused in words, and nothing is added.
    await page.selectOption('[data-testid=contact-add] select[name=place]', `s:${inside}`);
    await page.fill('[data-testid=contact-add] input[name=name]', '前进村工作群');
    await page.selectOption('[data-testid=contact-add] select[name=channel]', 'wecom');
    await page.fill('[data-testid=contact-add] input[name=address]', 'javascript:alert(1)');
    await page.click('[data-testid=contact-add] button[type=submit]');
    await expect.poll(() => page.textContent('[data-testid=contact-add] .field-error')).toContain('群机器人地址应以 https:// 开头');
    expect(await hubRows(hub.dataDir, 'SELECT name FROM notify_contacts WHERE retired_at IS NULL ORDER BY name')).toEqual([{ name: '王站长' }]);

    await page.fill('[data-testid=contact-add] input[name=address]', `${robot.url}/cgi-bin/webhook/send?key=qianjin9876`);
    await page.click('[data-testid=contact-add] button[type=submit]');
    const row = page.locator('[data-testid=contacts] tr[data-contact="前进村工作群"]');
    await row.waitFor();
    expect(await row.locator('[data-testid=contact-place]').textContent()).toBe('前进村');
    // The robot's key is shown cut, never whole.
    expect(await row.textContent()).toContain('key=…9876');
    expect(await page.textContent('[data-testid=contacts]')).not.toContain('qianjin9876');

    const heard = robot.heard.length;
    await row.locator('[data-testid=contact-test]').click();
    await expect.poll(() => row.locator('[data-testid=contact-test-result]').textContent()).toBe('已送达');
    expect(robot.heard).toHaveLength(heard + 1);
    expect(robot.heard.at(-1)?.path).toContain('key=qianjin9876');
    expect(robot.heard.at(-1)?.body).toContain('测试消息');

    // A rule changed from the page reaches the hub; a bad one is refused before it is sent.
    const disk = page.locator('[data-testid=alert-rules] tr[data-kind=disk_low]');
    await disk.locator('input[name=first]').fill('30');
    await disk.getByRole('button', { name: '保存' }).click();
    await expect.poll(async () => (await call<{ rules: Record<string, { firstAfterMinutes: number }> }>(`${hub.url}/api/county/alert-rules`, { token: await staffTokenOf('root') })).body.rules['disk_low']?.firstAfterMinutes).toBe(30);
    await page.locator('[data-testid=alert-rules] tr[data-kind=offline] input[name=escalate]').fill('99999');
    await page.locator('[data-testid=alert-rules] tr[data-kind=offline]').getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.textContent('[data-testid=alert-rules] tr[data-kind=offline] .field-error')).toContain('0 到 44,640');
    expect(await page.textContent('[data-testid=sms-current]')).toContain('尚未设置短信账号');
    await screenshots(page, 'dashboard-alert-notify');

    // The SMS account: the whole account goes to the hub; the secret is never shown back, nor kept in the form.
    const sms = page.locator('[data-testid=sms-form]');
    await sms.locator('select[name=provider]').selectOption('tencent');
    await sms.locator('input[name=appId]').fill('1400123456');
    await sms.locator('input[name=keyId]').fill('AKIDexample');
    await sms.locator('input[name=sign]').fill('远教平台');
    await sms.locator('input[name=template]').fill('449739');
    await sms.getByRole('button', { name: '保存短信账号' }).click();
    await expect.poll(() => sms.locator('.form-error').textContent()).toContain('请填写全部内容');
    await sms.locator('input[name=secret]').fill('top-secret-key');
    await sms.getByRole('button', { name: '保存短信账号' }).click();
    await expect.poll(() => page.textContent('[data-testid=sms-current]')).toBe('当前：腾讯云短信，签名“远教平台”，模板 449739');
    expect(await smsAccount(hub.ctx.database.kysely)).toMatchObject({ provider: 'tencent', secretId: 'AKIDexample', secretKey: 'top-secret-key', sdkAppId: '1400123456' });
    expect(await page.locator('[data-testid=sms-form] input[name=secret]').inputValue()).toBe('');
    expect(await page.content()).not.toContain('top-secret-key');
    await page.locator('[data-testid=alert-rules]').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await screenshots(page, 'dashboard-alert-sms');
    expect(errors).toEqual([]);
    await page.context().close();
  }, SLOW);

  it('shows the case the escalation told, and a township administrator acknowledges it with a note', async () => {
    clock += 3 * 86_400_000; // Neither station has reported since: each is offline, a case each.
    const notifier = httpNotifier({ smsAccount: () => smsAccount(hub.ctx.database.kysely), deliver: { delayMs: () => 1 } });
    await escalateOnce(hub.ctx, notifier);
    expect((await hubRows<{ station_id: string }>(hub.dataDir, "SELECT station_id FROM alert_cases WHERE code = 'offline' ORDER BY station_id")).map((r) => r.station_id).sort()).toEqual([inside, outside].sort());

    const { page, errors } = await openAs('cb-admin', SIZES[0]);
    await page.click('[data-nav=alerts]');
    await page.waitForSelector('[data-testid=alert-cases] tbody tr');
    // Only 城北街道's station: 东风村's case is not theirs.
    const rows = await rowTexts(page, 'alert-cases');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('前进村');
    expect(rows[0]).toContain('离线超过 24 小时');
    const row = page.locator(`[data-testid=alert-cases] tr[data-station="前进村"]`);
    expect(await row.getAttribute('data-state')).toBe('open');
    expect(await row.locator('[data-testid=case-delivery]').allTextContents()).toEqual([expect.stringMatching(/站点管理员.*前进村工作群.*企业微信.*已送达/)]);

    // By keyboard: the button, Enter, the note, Tab to 确认处理, Enter.
    await row.locator('[data-testid=case-ack-button]').focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=ack-dialog] textarea[name=note]:focus');
    await page.keyboard.type('已电话联系李站长，明早修');
    await screenshots(page, 'dashboard-alert-ack-dialog');
    await page.focus('[data-testid=ack-dialog] textarea[name=note]');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('ack-submit');
    await page.keyboard.press('Enter');
    await expect.poll(() => row.getAttribute('data-state')).toBe('acked');
    expect(await row.locator('[data-testid=case-note]').textContent()).toBe('已电话联系李站长，明早修');
    expect(await row.locator('[data-testid=case-ack]').textContent()).toContain('cb-admin');
    expect(await hubRows(hub.dataDir, 'SELECT acknowledged_by, ack_note FROM alert_cases WHERE station_id = ?', inside)).toEqual([{ acknowledged_by: 'cb-admin', ack_note: '已电话联系李站长，明早修' }]);
    await screenshots(page, 'dashboard-alert-cases');

    // Their 告警通知 page: their station's contact only, and no hub-wide rules or SMS account.
    await page.click('[data-nav=notify]');
    await page.waitForSelector('[data-testid=contacts] tbody tr');
    expect((await rowTexts(page, 'contacts')).map((r) => r.includes('前进村工作群'))).toEqual([true]);
    expect(await page.$('[data-testid=alert-rules]')).toBeNull();
    expect(await page.$('[data-testid=sms-account]')).toBeNull();
    const places = await page.$$eval('[data-testid=contact-add] select[name=place] option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(places).toEqual(['', `s:${inside}`, 'u:cb']);
    await screenshots(page, 'dashboard-alert-notify-township');
    await page.click('[data-testid=lang-toggle]');
    await expect.poll(() => page.textContent('[data-testid=notify-page] h1')).toBe('Alert notices');
    expect(await page.textContent('[data-testid=contacts] thead')).toContain('Belongs to');
    expect(errors).toEqual([]);
    await page.context().close();

    // The hub-wide administrator sees both cases: 东风村's still open, to take in hand; 前进村's acknowledged.
    const hubWide = await openAs('root');
    await hubWide.page.click('[data-nav=alerts]');
    await hubWide.page.waitForSelector('[data-testid=alert-cases] tbody tr');
    expect(await hubWide.page.$$eval('[data-testid=alert-cases] tbody tr', (rows) => rows.map((r) => [r.getAttribute('data-station'), r.getAttribute('data-state')]))).toEqual([
      ['东风村', 'open'],
      ['前进村', 'acked'],
    ]);
    expect(await hubWide.page.locator('[data-testid=alert-cases] tr[data-station="东风村"] [data-testid=case-ack-button]').count()).toBe(1);
    expect(hubWide.errors).toEqual([]);
    await hubWide.page.context().close();
  }, SLOW);
});

async function staffTokenOf(username: string): Promise<string> {
  return (await call<{ token: string }>(`${hub.url}/api/county/login`, { body: { username, password: PASSWORD } })).body.token;
}
