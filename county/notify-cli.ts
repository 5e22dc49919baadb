// What `yuanjiao county notify …` does on the hub's machine: who is told of alerts (contacts of a station, of a
// unit, or of the hub's desk), a test notice, the rules, and the county's SMS account — with the hub-wide reach of
// whoever runs it there. Every change goes to the staff audit as 'cli'; no key or secret is printed.
import type { HubContext } from './hub-context.ts';
import { HubError } from './hub-error.ts';
import type { NotifyChannelKind, NotifyContact } from './store/alerting-store.ts';
import { contactProblem, mobileNumber, shownAddress } from './alerting/contact-rules.pure.ts';
import { alertRules, setAlertRule, setSmsAccount, shownSmsAccount, smsAccount } from './alerting/alert-settings.ts';
import { ALERT_KIND_LABEL } from './alerting/notice-text.pure.ts';
import { httpNotifier } from './notify/notifier.ts';
import type { AlertRule } from './alerting/escalation.pure.ts';
import type { HubAlertCode } from './figures/alerts.pure.ts';

export interface NotifyCliOutput {
  out(text: string): void;
}

const CHANNEL_LABEL: Record<NotifyChannelKind, string> = { sms: '短信 / SMS', wecom: '企业微信群机器人 / WeChat Work robot', dingtalk: '钉钉群机器人 / DingTalk robot' };

export async function addContact(
  ctx: HubContext,
  o: { stationId: string | null; unitId: string | null; name: string; channel: NotifyChannelKind; address: string; secret: string | null },
  io: NotifyCliOutput,
): Promise<void> {
  const problem = contactProblem(o);
  if (problem !== null) throw new HubError(400, 'invalid_contact', { problem });
  if (o.stationId !== null && (await ctx.stations.get(o.stationId)) === undefined) throw new HubError(404, 'station_not_found', { stationId: o.stationId });
  if (o.unitId !== null && (await ctx.org.unit(o.unitId)) === undefined) throw new HubError(404, 'unit_not_found', { unitId: o.unitId });
  const address = o.channel === 'sms' ? mobileNumber(o.address)! : o.address.trim();
  const contact = await ctx.alerting.addContact({ ...o, name: o.name.trim(), address, secret: o.channel === 'dingtalk' ? o.secret : null }, ctx.now());
  await ctx.staff.audit('cli', 'notify_contact_add', { contactId: contact.id, stationId: o.stationId, unitId: o.unitId, name: contact.name, channel: o.channel }, ctx.now());
  io.out(`已添加联系人 ${contact.name}（${CHANNEL_LABEL[o.channel]}），编号 ${contact.id} / contact added`);
  io.out(`试发一条：yuanjiao county notify contact test ${contact.id} / send a test: the command above`);
}

export async function listContacts(ctx: HubContext, o: { json: boolean }, io: NotifyCliOutput): Promise<void> {
  const contacts = await ctx.alerting.contacts();
  const shown = contacts.map((c) => ({ id: c.id, place: placeOf(c), name: c.name, channel: c.channel, address: shownAddress(c.channel, c.address), hasSecret: c.secret !== null }));
  if (o.json) return io.out(JSON.stringify(shown, null, 2));
  if (shown.length === 0) return io.out('还没有告警联系人：告警只在县级平台上显示 / no contacts: alerts are shown on the dashboard only');
  for (const c of shown) io.out(`${c.id}  ${c.place}  ${c.name}  ${CHANNEL_LABEL[c.channel]}  ${c.address}`);
}

function placeOf(c: NotifyContact): string {
  return c.stationId !== null ? `站点 ${c.stationId}` : c.unitId !== null ? `单位 ${c.unitId}` : '平台 / desk';
}

export async function removeContact(ctx: HubContext, o: { id: string }, io: NotifyCliOutput): Promise<void> {
  await ctx.alerting.retireContact(o.id, ctx.now());
  await ctx.staff.audit('cli', 'notify_contact_remove', { contactId: o.id }, ctx.now());
  io.out(`已删除联系人 ${o.id}（已发的通知记录保留）/ contact removed (the notices sent keep naming it)`);
}

export async function testContact(ctx: HubContext, o: { id: string }, io: NotifyCliOutput): Promise<boolean> {
  const contact = await ctx.alerting.contact(o.id);
  if (contact === undefined) throw new HubError(404, 'contact_not_found', { contactId: o.id });
  const delivery = await httpNotifier({ smsAccount: () => smsAccount(ctx.database.kysely) }).send(contact, {
    text: `【远教告警·测试】这是县级平台发给“${contact.name}”的测试消息；站点出现告警时，通知会这样送到。`,
    station: '测试站点',
    alert: '测试',
    since: '现在',
  });
  await ctx.staff.audit('cli', 'notify_contact_test', { contactId: contact.id, delivered: delivery.ok }, ctx.now());
  for (const t of delivery.tries) io.out(`  ${new Date(t.at).toISOString()}  ${t.status ?? '—'}  ${t.code}${t.detail ? `  ${t.detail}` : ''}`);
  io.out(delivery.ok ? `已送达 ${contact.name} / delivered` : `未能送达 ${contact.name}：见上面每次尝试的结果 / not delivered: see each try above`);
  return delivery.ok;
}

export async function showRules(ctx: HubContext, io: NotifyCliOutput): Promise<void> {
  const rules = await alertRules(ctx.database.kysely);
  for (const [kind, r] of Object.entries(rules) as [HubAlertCode, AlertRule][]) {
    io.out(`${kind.padEnd(20)} ${ALERT_KIND_LABEL[kind]}  ${r.enabled ? '通知 / on ' : '不通知 / off'}  首次 ${r.firstAfterMinutes} 分钟后，逐级间隔 ${r.escalateAfterMinutes} 分钟 / first after ${r.firstAfterMinutes} min, up a level every ${r.escalateAfterMinutes} min`);
  }
  const sms = shownSmsAccount(await smsAccount(ctx.database.kysely));
  io.out(sms === null ? '短信账号：未配置 / SMS account: none' : `短信账号 / SMS account: ${sms.provider}，签名 ${sms.signName}，模板 ${sms.template}`);
}

export async function setRule(ctx: HubContext, o: { kind: string; change: Partial<AlertRule> }, io: NotifyCliOutput): Promise<void> {
  await setAlertRule(ctx.database.kysely, o.kind, o.change, ctx.now());
  await ctx.staff.audit('cli', 'alert_rule', { kind: o.kind, ...o.change }, ctx.now());
  await showRules(ctx, io);
}

export async function setSms(ctx: HubContext, o: { account: Record<string, unknown> }, io: NotifyCliOutput): Promise<void> {
  await setSmsAccount(ctx.database.kysely, o.account, ctx.now());
  await ctx.staff.audit('cli', 'notify_sms', { provider: o.account['provider'] }, ctx.now());
  const sms = shownSmsAccount(await smsAccount(ctx.database.kysely));
  io.out(`短信账号已保存 / SMS account saved: ${sms?.provider}，签名 ${sms?.signName}，模板 ${sms?.template}`);
}
