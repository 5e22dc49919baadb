// Sends one notice to one contact over its channel: the narrow interface the escalation job uses (a test may
// give it another, but the tests here use this one against receivers on 127.0.0.1). The SMS account is the
// hub's (`notify_sms`); a robot's address and secret are the contact's.
import { randomUUID } from 'node:crypto';
import { deliver, type DeliverOptions, type Delivery } from './deliver.ts';
import type { NotifyMessage } from './channels/outbound.pure.ts';
import { wecomRobotRequest, wecomRobotVerdict } from './channels/wecom-robot.pure.ts';
import { dingtalkRobotRequest, dingtalkRobotVerdict } from './channels/dingtalk-robot.pure.ts';
import { aliyunSmsRequest, aliyunSmsVerdict, type AliyunSmsConfig } from './channels/sms-aliyun.pure.ts';
import { tencentSmsRequest, tencentSmsVerdict, type TencentSmsConfig } from './channels/sms-tencent.pure.ts';

export type SmsAccount = AliyunSmsConfig | TencentSmsConfig;

export interface NoticeContact {
  channel: 'sms' | 'wecom' | 'dingtalk';
  address: string;
  secret: string | null;
}

export interface Notifier {
  send(contact: NoticeContact, message: NotifyMessage): Promise<Delivery>;
}

/** A delivery that never left: no SMS account configured for an SMS contact. */
function notSent(code: string, detail: string, at: number): Delivery {
  return { ok: false, providerRef: null, tries: [{ at, status: null, ok: false, code, detail }] };
}

export function httpNotifier(options: { smsAccount: () => Promise<SmsAccount | undefined>; deliver?: DeliverOptions }): Notifier {
  const now = options.deliver?.now ?? Date.now;
  return {
    async send(contact, message) {
      switch (contact.channel) {
        case 'wecom':
          return deliver(() => wecomRobotRequest(contact.address, message), wecomRobotVerdict, options.deliver);
        case 'dingtalk':
          return deliver((nowMs) => dingtalkRobotRequest(contact.address, message, { secret: contact.secret, nowMs }), dingtalkRobotVerdict, options.deliver);
        case 'sms': {
          const account = await options.smsAccount();
          if (account === undefined) return notSent('no_sms_account', '县级平台未配置短信账号 / no SMS account configured (yuanjiao county notify sms)', now());
          return account.provider === 'aliyun'
            ? deliver((nowMs) => aliyunSmsRequest(account, [contact.address], message, { nowMs, nonce: randomUUID() }), aliyunSmsVerdict, options.deliver)
            : deliver((nowMs) => tencentSmsRequest(account, [contact.address], message, { nowMs }), tencentSmsVerdict, options.deliver);
        }
      }
    },
  };
}
