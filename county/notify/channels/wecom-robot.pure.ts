// WeChat Work (企业微信) group robot: POST the robot's webhook address (https://qyapi.weixin.qq.com/cgi-bin/
// webhook/send?key=…, as the group's robot settings show it) with a text message; members named by mobile number
// are @-mentioned. The answer is HTTP 200 with { errcode, errmsg }: 0 is delivered, 45009 is the robot's rate
// limit (20 messages a minute), anything else (a removed robot, a bad key) will not get better by trying again.
import { jsonOrNull, notJson, type NotifyMessage, type OutboundRequest, type ProviderVerdict } from './outbound.pure.ts';

/** The robot's limit on one text message, in bytes of UTF-8. */
export const WECOM_TEXT_MAX_BYTES = 2048;

const RATE_LIMITED = 45009;

export function wecomRobotRequest(webhookUrl: string, message: NotifyMessage, mentionMobiles: readonly string[] = []): OutboundRequest {
  return {
    method: 'POST',
    url: webhookUrl,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      msgtype: 'text',
      text: { content: clipUtf8(message.text, WECOM_TEXT_MAX_BYTES), ...(mentionMobiles.length > 0 ? { mentioned_mobile_list: [...mentionMobiles] } : {}) },
    }),
  };
}

export function wecomRobotVerdict(status: number, text: string): ProviderVerdict {
  const answer = jsonOrNull(text);
  if (answer === null || typeof answer.errcode !== 'number') return notJson(status, text);
  if (answer.errcode === 0) return { ok: true, providerRef: null };
  return { ok: false, retry: answer.errcode === RATE_LIMITED, code: `wecom_${answer.errcode}`, detail: String(answer.errmsg ?? '') };
}

/** Cuts a text to at most `max` bytes of UTF-8 without splitting a character, marking the cut. */
export function clipUtf8(text: string, max: number): string {
  if (Buffer.byteLength(text, 'utf8') <= max) return text;
  let out = '';
  for (const ch of text) {
    if (Buffer.byteLength(out + ch + '…', 'utf8') > max) break;
    out += ch;
  }
  return `${out}…`;
}
