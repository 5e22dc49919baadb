// Alibaba Cloud SMS (阿里云短信服务, dysmsapi 2017-05-25 SendSms), signed with the RPC signature version 1.0
// (HMAC-SHA1 over the sorted, RFC 3986-encoded query), as Alibaba Cloud documents it. An SMS carries no free text:
// it fills the county's approved template (模板) with ${station}, ${alert} and ${since}, under its approved sign
// (签名). The answer is { Code, Message, BizId, RequestId }: Code "OK" is accepted for delivery.
import { createHmac } from 'node:crypto';
import { jsonOrNull, notJson, type NotifyMessage, type OutboundRequest, type ProviderVerdict } from './outbound.pure.ts';

export const ALIYUN_SMS_ENDPOINT = 'https://dysmsapi.aliyuncs.com/';

export interface AliyunSmsConfig {
  provider: 'aliyun';
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templateCode: string;
  /** Another address for the same API (a government cloud's, or a proxy on the intranet). */
  endpoint?: string;
}

/** Codes that a later try may get past: Alibaba Cloud's own throttling and trouble. */
const RETRYABLE = new Set(['Throttling', 'Throttling.User', 'ServiceUnavailable', 'InternalError', 'isp.SYSTEM_ERROR', 'SignatureNonceUsed']);

/** RFC 3986 percent-encoding, as the signature requires (encodeURIComponent leaves !'()* alone). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The version 1.0 signature of a request's parameters (without Signature). */
export function aliyunRpcSignature(method: 'GET' | 'POST', params: Record<string, string>, accessKeySecret: string): string {
  const canonical = Object.keys(params)
    .sort()
    .map((key) => `${percentEncode(key)}=${percentEncode(params[key] ?? '')}`)
    .join('&');
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
}

/** Alibaba Cloud's timestamp: UTC, to the second, with Z. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function aliyunSmsRequest(
  config: AliyunSmsConfig,
  phoneNumbers: readonly string[],
  message: NotifyMessage,
  at: { nowMs: number; nonce: string },
): OutboundRequest {
  const params: Record<string, string> = {
    AccessKeyId: config.accessKeyId,
    Action: 'SendSms',
    Format: 'JSON',
    PhoneNumbers: phoneNumbers.join(','),
    RegionId: 'cn-hangzhou',
    SignName: config.signName,
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: at.nonce,
    SignatureVersion: '1.0',
    TemplateCode: config.templateCode,
    TemplateParam: JSON.stringify({ station: message.station, alert: message.alert, since: message.since }),
    Timestamp: isoSeconds(at.nowMs),
    Version: '2017-05-25',
  };
  const signature = aliyunRpcSignature('POST', params, config.accessKeySecret);
  const body = [`Signature=${percentEncode(signature)}`, ...Object.keys(params).map((k) => `${percentEncode(k)}=${percentEncode(params[k] ?? '')}`)].join('&');
  return {
    method: 'POST',
    url: config.endpoint ?? ALIYUN_SMS_ENDPOINT,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  };
}

export function aliyunSmsVerdict(status: number, text: string): ProviderVerdict {
  const answer = jsonOrNull(text);
  if (answer === null || typeof answer.Code !== 'string') return notJson(status, text);
  if (answer.Code === 'OK') return { ok: true, providerRef: typeof answer.BizId === 'string' ? answer.BizId : null };
  return { ok: false, retry: RETRYABLE.has(answer.Code), code: `aliyun_${answer.Code}`, detail: String(answer.Message ?? '') };
}
