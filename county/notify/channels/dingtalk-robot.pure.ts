// DingTalk (钉钉) group robot: POST the robot's webhook (https://oapi.dingtalk.com/robot/send?access_token=…)
// with a text message; mobiles in `at.atMobiles` are @-mentioned. A robot made with 加签 (signing) takes
// timestamp (ms) and sign = urlencode(base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`))) in the query; the
// gateway refuses a timestamp more than an hour from its clock. The answer is { errcode, errmsg }: 0 is
// delivered, 130101 is the robot's rate limit (20 a minute), 310000 a bad signature or keyword.
import { createHmac } from 'node:crypto';
import { jsonOrNull, notJson, type NotifyMessage, type OutboundRequest, type ProviderVerdict } from './outbound.pure.ts';
import { clipUtf8 } from './wecom-robot.pure.ts';

const TEXT_MAX_BYTES = 20_000;
const RATE_LIMITED = 130101;

export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

export function dingtalkRobotRequest(
  webhookUrl: string,
  message: NotifyMessage,
  options: { secret?: string | null; nowMs: number; mentionMobiles?: readonly string[] },
): OutboundRequest {
  const url = new URL(webhookUrl);
  if (options.secret) {
    url.searchParams.set('timestamp', String(options.nowMs));
    url.searchParams.set('sign', dingtalkSign(options.secret, options.nowMs));
  }
  const mobiles = options.mentionMobiles ?? [];
  return {
    method: 'POST',
    url: url.toString(),
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ msgtype: 'text', text: { content: clipUtf8(message.text, TEXT_MAX_BYTES) }, at: { atMobiles: [...mobiles], isAtAll: false } }),
  };
}

export function dingtalkRobotVerdict(status: number, text: string): ProviderVerdict {
  const answer = jsonOrNull(text);
  if (answer === null || typeof answer.errcode !== 'number') return notJson(status, text);
  if (answer.errcode === 0) return { ok: true, providerRef: null };
  return { ok: false, retry: answer.errcode === RATE_LIMITED, code: `dingtalk_${answer.errcode}`, detail: String(answer.errmsg ?? '') };
}
