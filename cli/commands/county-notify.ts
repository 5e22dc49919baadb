// `yuanjiao county notify …`: who is told of alerts and how (issue 17) — contacts of a station (its administrator),
// of a unit (the township, the county …) or of the hub's desk, each by SMS, a WeChat Work or a DingTalk group
// robot; a test notice; the rules per alert kind; the county's SMS account, its secret read from stdin like a
// password. The hub's code is loaded only when one runs.
import { Command, Option } from 'commander';
import type { Output } from '../program.ts';
import { CliError } from '../cli-error.ts';
import type { HubCli } from './county.ts';

type HubAction = (fn: (hub: HubCli) => Promise<void> | void) => Promise<void>;
type DbOption = () => Option;

interface Where {
  data?: string;
  db?: string;
}

function minutes(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new CliError(`${what}应为分钟数（整数），收到 “${value}” / ${what} must be whole minutes`, 2);
  return n;
}

export function countyNotifyCommand(io: Output, hubAction: HubAction, dbOption: DbOption): Command {
  const notify = new Command('notify').description('告警通知：联系人、规则、短信账号 / alert notices: contacts, rules, the SMS account');
  const at = (o: Where) => ({ data: o.data, databaseUrl: o.db });
  const contact = notify.command('contact').description('告警联系人 / who is told of alerts');

  contact
    .command('add')
    .description('添加告警联系人（站点管理员、乡镇、县……）/ add a contact (a station administrator, a township, the county …)')
    .option('--station <id>', '站点的联系人（站点管理员）/ a station\'s own contact')
    .option('--unit <id>', '组织单位的联系人 / a unit\'s contact')
    .option('--desk', '平台值班（最高一级）/ the hub\'s own desk (the top of every ladder)')
    .requiredOption('--name <name>', '联系人名称 / contact name')
    .option('--sms <mobile>', '短信：手机号 / SMS: a mobile number')
    .option('--wecom <url>', '企业微信群机器人的 Webhook 地址 / a WeChat Work group robot\'s webhook address')
    .option('--dingtalk <url>', '钉钉群机器人的 Webhook 地址 / a DingTalk group robot\'s webhook address')
    .option('--secret <secret>', '钉钉机器人“加签”的密钥（SEC 开头）/ the DingTalk robot\'s signing secret')
    .option('--data <dir>', '平台数据目录 / hub data directory')
    .addOption(dbOption())
    .action(async (o: Where & { station?: string; unit?: string; desk?: boolean; name: string; sms?: string; wecom?: string; dingtalk?: string; secret?: string }) => {
      const places = [o.station, o.unit, o.desk ? 'desk' : undefined].filter((p) => p !== undefined);
      if (places.length !== 1) throw new CliError('请给出 --station、--unit 或 --desk 之一 / give one of --station, --unit or --desk', 2);
      const channels = (['sms', 'wecom', 'dingtalk'] as const).filter((c) => o[c] !== undefined);
      if (channels.length !== 1) throw new CliError('请给出 --sms、--wecom 或 --dingtalk 之一 / give one of --sms, --wecom or --dingtalk', 2);
      const channel = channels[0]!;
      await hubAction((hub) =>
        hub.withHub(at(o), (ctx) =>
          hub.notifyCli.addContact(ctx, { stationId: o.station ?? null, unitId: o.unit ?? null, name: o.name, channel, address: o[channel]!, secret: o.secret ?? null }, io),
        ),
      );
    });
  contact
    .command('list')
    .description('列出告警联系人（机器人地址只显示末四位）/ list the contacts (a robot\'s key shown by its last four characters)')
    .option('--json', '输出 JSON / print JSON')
    .option('--data <dir>', '平台数据目录 / hub data directory')
    .addOption(dbOption())
    .action(async (o: Where & { json?: boolean }) => {
      await hubAction((hub) => hub.withHub(at(o), (ctx) => hub.notifyCli.listContacts(ctx, { json: o.json === true }, io)));
    });
  contact
    .command('remove')
    .description('删除告警联系人 / remove a contact')
    .argument('<id>', '联系人编号 / contact id')
    .option('--data <dir>', '平台数据目录 / hub data directory')
    .addOption(dbOption())
    .action(async (id: string, o: Where) => {
      await hubAction((hub) => hub.withHub(at(o), (ctx) => hub.notifyCli.removeContact(ctx, { id }, io)));
    });
  contact
    .command('test')
    .description('给联系人发一条测试消息 / send a contact a test notice')
    .argument('<id>', '联系人编号 / contact id')
    .option('--data <dir>', '平台数据目录 / hub data directory')
    .addOption(dbOption())
    .action(async (id: string, o: Where) => {
      await hubAction(async (hub) => {
        const delivered = await hub.withHub(at(o), (ctx) => hub.notifyCli.testContact(ctx, { id }, io));
        if (!delivered) throw new CliError('测试消息未送达 / the test notice was not delivered', 1);
      });
    });

  notify
    .command('rules')
    .description('列出各类告警的通知规则和短信账号 / show each alert kind\'s rule and the SMS account')
    .option('--data <dir>', '平台数据目录 / hub data directory')
    .addOption(dbOption())
    .action(async (o: Where) => {
      await hubAction((hub) => hub.withHub(at(o), (ctx) => hub.notifyCli.showRules(ctx, io)));
    });
  notify
    .command('rule')
    .description('修改一类告警的通知规则 / change one alert kind\'s rule')
    .argument('<kind>', 'offline | no_viewing_by_20th | disk_low | clock_skew | weekly_report_missing | station_alert')
    .option('--first <minutes>', '告警出现多少分钟后通知第一级 / minutes before the first rung is told')
    .option('--escalate <minutes>', '无人确认时，多少分钟后通知上一级 / minutes before the next rung up, unless acknowledged')
    .option('--on', '通知 / notify')
    .option('--off', '不通知（仍在平台上显示）/ do not notify (still shown on the dashboard)')
    .option('--data <dir>', '平台数据目录 / hub data directory')
    .addOption(dbOption())
    .action(async (kind: string, o: Where & { first?: string; escalate?: string; on?: boolean; off?: boolean }) => {
      if (o.on && o.off) throw new CliError('--on 与 --off 只能选一个 / give --on or --off, not both', 2);
      const change = {
        ...(o.on ? { enabled: true } : {}),
        ...(o.off ? { enabled: false } : {}),
        ...(o.first !== undefined ? { firstAfterMinutes: minutes(o.first, '--first ') } : {}),
        ...(o.escalate !== undefined ? { escalateAfterMinutes: minutes(o.escalate, '--escalate ') } : {}),
      };
      await hubAction((hub) => hub.withHub(at(o), (ctx) => hub.notifyCli.setRule(ctx, { kind, change }, io)));
    });
  notify
    .command('sms')
    .description('设置本平台的短信账号；密钥从标准输入读取或在终端输入 / set the SMS account; its secret is read from stdin or prompted')
    .addOption(new Option('--provider <name>', '短信服务商 / provider').choices(['aliyun', 'tencent']).makeOptionMandatory())
    .requiredOption('--key-id <id>', 'AccessKey ID（阿里云）或 SecretId（腾讯云）/ the access key id or SecretId')
    .requiredOption('--sign <name>', '已审核通过的短信签名 / the approved SMS sign')
    .requiredOption('--template <id>', '已审核通过的模板（见 README）/ the approved template (see the README)')
    .option('--app-id <id>', '腾讯云短信应用 SdkAppId / Tencent Cloud\'s SdkAppId')
    .option('--endpoint <url>', '另一个接口地址（政务云或内网代理）/ another address for the same API (a government cloud, an intranet proxy)')
    .option('--region <region>', '腾讯云地域 / Tencent Cloud region (default ap-guangzhou)')
    .option('--data <dir>', '平台数据目录 / hub data directory')
    .addOption(dbOption())
    .action(async (o: Where & { provider: 'aliyun' | 'tencent'; keyId: string; sign: string; template: string; appId?: string; endpoint?: string; region?: string }) => {
      await hubAction(async (hub) => {
        const secret = await hub.readPassword();
        const account =
          o.provider === 'aliyun'
            ? { provider: 'aliyun', accessKeyId: o.keyId, accessKeySecret: secret, signName: o.sign, templateCode: o.template, endpoint: o.endpoint }
            : { provider: 'tencent', secretId: o.keyId, secretKey: secret, sdkAppId: o.appId, signName: o.sign, templateId: o.template, endpoint: o.endpoint, region: o.region };
        await hub.withHub(at(o), (ctx) => hub.notifyCli.setSms(ctx, { account }, io));
      });
    });
  return notify;
}
