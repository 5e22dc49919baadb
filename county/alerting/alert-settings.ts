// The hub's alerting settings: the rule of each alert kind (`alert_rules`) and the county's SMS account
// (`notify_sms`), hub settings so every hub process on one database reads the same. The SMS secret is written
// here and read by the notifier only: no staff answer carries it.
import { readHubSetting, writeHubSetting } from '../store/hub-settings.ts';
import type { HubKysely } from '../store/hub-database.ts';
import { HubError } from '../hub-error.ts';
import { HUB_ALERT_CODES, type HubAlertCode } from '../figures/alerts.pure.ts';
import { DEFAULT_ALERT_RULES, ruleProblem, type AlertRule, type AlertRules } from './escalation.pure.ts';
import type { SmsAccount } from '../notify/notifier.ts';

const RULES_KEY = 'alert_rules';
const SMS_KEY = 'notify_sms';

export async function alertRules(db: HubKysely): Promise<AlertRules> {
  const stored = (await readHubSetting<Partial<Record<HubAlertCode, Partial<AlertRule>>>>(db, RULES_KEY)) ?? {};
  const rules = { ...DEFAULT_ALERT_RULES };
  for (const kind of HUB_ALERT_CODES) rules[kind] = { ...DEFAULT_ALERT_RULES[kind], ...(stored[kind] ?? {}) };
  return rules;
}

/** Changes one kind's rule; the others keep theirs. */
export async function setAlertRule(db: HubKysely, kind: string, change: Partial<AlertRule>, at: number): Promise<AlertRules> {
  if (!(HUB_ALERT_CODES as readonly string[]).includes(kind)) throw new HubError(400, 'invalid_alert_rule', { kind, problem: 'kind' });
  const rules = await alertRules(db);
  const rule = { ...rules[kind as HubAlertCode], ...change };
  if (ruleProblem(rule) !== null || typeof rule.enabled !== 'boolean') throw new HubError(400, 'invalid_alert_rule', { kind, problem: 'minutes' });
  rules[kind as HubAlertCode] = rule;
  await writeHubSetting(db, RULES_KEY, rules, at);
  return rules;
}

const SMS_FIELDS = { aliyun: ['accessKeyId', 'accessKeySecret', 'signName', 'templateCode'], tencent: ['secretId', 'secretKey', 'sdkAppId', 'signName', 'templateId'] } as const;

export async function smsAccount(db: HubKysely): Promise<SmsAccount | undefined> {
  return readHubSetting<SmsAccount>(db, SMS_KEY);
}

/** Checks and stores the county's SMS account (only the fields its provider knows are kept). */
export async function setSmsAccount(db: HubKysely, given: Record<string, unknown>, at: number): Promise<void> {
  const provider = given['provider'];
  if (provider !== 'aliyun' && provider !== 'tencent') throw new HubError(400, 'invalid_sms_account', { problem: 'provider' });
  const account: Record<string, string> = { provider };
  for (const field of SMS_FIELDS[provider]) {
    const value = given[field];
    if (typeof value !== 'string' || value.trim() === '' || value.length > 200) throw new HubError(400, 'invalid_sms_account', { problem: 'field', field });
    account[field] = value.trim();
  }
  for (const field of ['endpoint', 'region'] as const) {
    const value = given[field];
    if (typeof value === 'string' && value.trim() !== '') account[field] = value.trim();
  }
  await writeHubSetting(db, SMS_KEY, account, at);
}

/** What staff may see of the account: the provider, the sign and template, never a key. */
export function shownSmsAccount(account: SmsAccount | undefined): { provider: string; signName: string; template: string } | null {
  if (account === undefined) return null;
  return { provider: account.provider, signName: account.signName, template: account.provider === 'aliyun' ? account.templateCode : account.templateId };
}
