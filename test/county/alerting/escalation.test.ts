// Alerts that climb: the station's administrator first, the township after the rule's delay, then the county —
// over real HTTP to robots and an SMS gateway on 127.0.0.1, on SQLite and PostgreSQL, with two hub processes
// racing for the same rung.
import { afterEach, describe, expect, it } from 'vitest';
import { hubContext, type HubContext } from '../../../county/hub-context.ts';
import { escalateOnce } from '../../../county/alerting/escalation-job.ts';
import { setAlertRule, setSmsAccount, smsAccount } from '../../../county/alerting/alert-settings.ts';
import { httpNotifier } from '../../../county/notify/notifier.ts';
import { aliyunRpcSignature } from '../../../county/notify/channels/sms-aliyun.pure.ts';
import { hubDialects } from '../../support/postgres-database.ts';
import { ROBOT_OK, webhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.ts';
import { openTestHubDatabase, secondConnection, type TestHubDatabase } from '../support/hub-database-fixture.ts';
import type { HubDatabase } from '../../../county/store/hub-database.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 7, 1, 0, 0); // 12月7日 09:00 in 哈密's (the hub's) time zone, before the 20th

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** One receiver for every provider: answers each as it documents success. */
async function gateway(): Promise<WebhookReceiver> {
  const gw = await webhookReceiver(({ path }) => (path.startsWith('/sms') ? { status: 200, body: '{"Code":"OK","Message":"OK","BizId":"biz-1","RequestId":"r"}' } : ROBOT_OK));
  cleanup.push(() => gw.close());
  return gw;
}

describe.each(hubDialects())('escalating alerts on %s', (dialect) => {
  async function county(): Promise<{ database: TestHubDatabase; ctx: HubContext; clock: { now: number }; gw: WebhookReceiver; village: string; other: string }> {
    const database = await openTestHubDatabase(dialect);
    cleanup.push(() => database.close());
    const clock = { now: T0 - 2 * 24 * 60 * MIN };
    const ctx = hubContext(database, { now: () => clock.now });
    const gw = await gateway();
    await ctx.org.addUnit({ id: '650502', parentId: null, level: 'county', name: '伊州区' }, clock.now);
    await ctx.org.addUnit({ id: 'chengbei', parentId: '650502', level: 'township', name: '城北街道' }, clock.now);
    const enrolled = async (name: string) => {
      const s = await ctx.stations.create({ name, grade: 'standard' }, clock.now);
      const { code } = await ctx.stations.issueCode(s.id, clock.now, null);
      await ctx.stations.redeemCode(code, clock.now);
      await ctx.stations.touch(s.id, clock.now);
      await ctx.org.placeStation(s.id, 'chengbei');
      return s.id;
    };
    const village = await enrolled('前进村');
    const other = await enrolled('红星村');
    // The ladder: 前进村's administrator (WeChat Work), 城北街道 (DingTalk, signed), the county's desk (SMS).
    await ctx.alerting.addContact({ stationId: village, unitId: null, name: '李站长', channel: 'wecom', address: `${gw.url}/wecom/send?key=k1`, secret: null }, clock.now);
    await ctx.alerting.addContact({ stationId: null, unitId: 'chengbei', name: '城北街道组织办', channel: 'dingtalk', address: `${gw.url}/dingtalk/send?access_token=t1`, secret: 'SEC1' }, clock.now);
    await ctx.alerting.addContact({ stationId: null, unitId: null, name: '县远教办', channel: 'sms', address: '13900000001', secret: null }, clock.now);
    await setSmsAccount(ctx.database.kysely, { provider: 'aliyun', accessKeyId: 'LTAI1', accessKeySecret: 'sk1', signName: '远教平台', templateCode: 'SMS_1', endpoint: `${gw.url}/sms` }, clock.now);
    return { database, ctx, clock, gw, village, other };
  }

  const notifier = (ctx: HubContext) => httpNotifier({ smsAccount: () => smsAccount(ctx.database.kysely), deliver: { delayMs: () => 1 } });

  it('tells the administrator, then the township after two hours, then the county; an acknowledgement stops it', async () => {
    const { ctx, clock, gw, village, other } = await county();
    await ctx.stations.touch(other, T0); // 红星村 keeps in touch: no alert there.
    clock.now = T0;
    expect(await escalateOnce(ctx, notifier(ctx))).toMatchObject({ opened: 1, told: 1, delivered: 1 });
    expect(gw.heard.map((h) => h.path)).toEqual(['/wecom/send?key=k1']);
    const first = JSON.parse(gw.heard[0]!.body) as { text: { content: string } };
    expect(first.text.content).toBe('【远教告警】伊州区 › 城北街道 › 前进村：已 2 天没有联系县级平台（自 12月7日 09:00）。请尽快联系站点处理，并在县级平台“告警”页点“确认”，系统即停止向上一级通知。');

    // Within the township's two hours: nobody more.
    clock.now = T0 + 119 * MIN;
    expect(await escalateOnce(ctx, notifier(ctx))).toMatchObject({ opened: 0, told: 0 });
    clock.now = T0 + 120 * MIN;
    expect(await escalateOnce(ctx, notifier(ctx))).toMatchObject({ told: 1, delivered: 1 });
    const township = gw.heard[1]!;
    expect(township.path).toMatch(/^\/dingtalk\/send\?access_token=t1&timestamp=\d+&sign=/);
    expect((JSON.parse(township.body) as { text: { content: string } }).text.content).toContain('已通知站点管理员，尚未确认处理。');

    clock.now = T0 + 240 * MIN;
    expect(await escalateOnce(ctx, notifier(ctx))).toMatchObject({ told: 1, delivered: 1 });
    const sms = new URLSearchParams(gw.heard[2]!.body);
    expect(gw.heard[2]!.path).toBe('/sms');
    expect(sms.get('PhoneNumbers')).toBe('13900000001');
    expect(JSON.parse(sms.get('TemplateParam') ?? '')).toEqual({ station: '前进村', alert: '终端离线', since: '12月7日 09:00' });
    const signature = sms.get('Signature');
    sms.delete('Signature');
    expect(signature).toBe(aliyunRpcSignature('POST', Object.fromEntries(sms), 'sk1'));

    // The top of the ladder was told: nothing further, however long it stands.
    clock.now = T0 + 48 * 60 * MIN;
    await ctx.stations.touch(other, clock.now);
    expect(await escalateOnce(ctx, notifier(ctx))).toMatchObject({ told: 0 });
    const [open] = await ctx.alerting.openCases();
    expect(open).toMatchObject({ stationId: village, code: 'offline', nextRung: 3 });
    const deliveries = await ctx.alerting.deliveriesOf([open!.id]);
    expect(deliveries.map((d) => [d.rung, d.rungName, d.channel, d.delivered])).toEqual([
      [0, '站点管理员', 'wecom', true],
      [1, '城北街道', 'dingtalk', true],
      [2, '县级平台', 'sms', true],
    ]);
    expect(deliveries[2]!.providerRef).toBe('biz-1');
  });

  it('stops climbing once someone acknowledges, closes when the station is back, and opens anew if it goes again', async () => {
    const { ctx, clock, gw, village, other } = await county();
    await ctx.stations.touch(other, T0);
    clock.now = T0;
    await escalateOnce(ctx, notifier(ctx));
    const [c] = await ctx.alerting.openCases();
    const acked = await ctx.alerting.acknowledge(c!.id, '张三', '已电话联系，网线松了', T0 + 10 * MIN);
    expect(acked).toMatchObject({ acknowledgedBy: '张三', ackNote: '已电话联系，网线松了' });
    // A second acknowledgement does not replace the first.
    expect(await ctx.alerting.acknowledge(c!.id, '李四', null, T0 + 11 * MIN)).toMatchObject({ acknowledgedBy: '张三' });
    clock.now = T0 + 5 * 60 * MIN;
    expect(await escalateOnce(ctx, notifier(ctx))).toMatchObject({ told: 0 });
    expect(gw.heard).toHaveLength(1);

    await ctx.stations.touch(village, clock.now);
    expect(await escalateOnce(ctx, notifier(ctx))).toMatchObject({ closed: 1 });
    expect(await ctx.alerting.openCases()).toEqual([]);

    clock.now += 25 * 60 * MIN;
    await ctx.stations.touch(other, clock.now);
    expect(await escalateOnce(ctx, notifier(ctx))).toMatchObject({ opened: 1, told: 1 });
    expect(gw.heard).toHaveLength(2);
  });

  it('a rule turned off tells nobody; a rule with a delay waits for it', async () => {
    const { ctx, clock, gw, other } = await county();
    await ctx.stations.touch(other, T0);
    await setAlertRule(ctx.database.kysely, 'offline', { enabled: false }, T0);
    clock.now = T0;
    expect(await escalateOnce(ctx, notifier(ctx))).toMatchObject({ opened: 1, told: 0 });
    await setAlertRule(ctx.database.kysely, 'offline', { enabled: true, firstAfterMinutes: 30 }, T0);
    clock.now = T0 + 29 * MIN;
    expect(await escalateOnce(ctx, notifier(ctx))).toMatchObject({ told: 0 });
    clock.now = T0 + 30 * MIN;
    expect(await escalateOnce(ctx, notifier(ctx))).toMatchObject({ told: 1 });
    expect(gw.heard).toHaveLength(1);
    await expect(setAlertRule(ctx.database.kysely, 'offline', { escalateAfterMinutes: 1e9 }, T0)).rejects.toMatchObject({ code: 'invalid_alert_rule' });
    await expect(setAlertRule(ctx.database.kysely, 'earthquake', {}, T0)).rejects.toMatchObject({ code: 'invalid_alert_rule', params: { kind: 'earthquake', problem: 'kind' } });
  });

  it('two hub processes on one database tell each rung once', async () => {
    const { database, ctx, clock, gw, other } = await county();
    await ctx.stations.touch(other, T0);
    // A second process: its own connection where the database has one (PostgreSQL), the same one on SQLite.
    let second: HubDatabase = database;
    if (database.url !== null) {
      second = await secondConnection(database.url);
      cleanup.push(() => second.close());
    }
    const ctx2 = hubContext(second, { now: () => clock.now });
    clock.now = T0;
    const rounds = await Promise.all([escalateOnce(ctx, notifier(ctx)), escalateOnce(ctx2, notifier(ctx2))]);
    expect(rounds.reduce((n, r) => n + r.told, 0)).toBe(1);
    expect(gw.heard).toHaveLength(1);
    expect(await ctx.alerting.openCases()).toHaveLength(1);
  });
});
