// Tencent Cloud SMS (腾讯云短信, SendSms 2021-01-11), signed with TC3-HMAC-SHA256 as Tencent Cloud documents it:
// a canonical request of the JSON body, a string to sign scoped to the UTC date and the service, and a key derived
// from the secret through that date and service. The template's parameters are positional: {1} the station,
// {2} what is wrong, {3} since when. The answer is { Response: { SendStatusSet: [{ Code }], RequestId } }, or
// { Response: { Error: { Code, Message } } } when the call itself was refused.
import { createHash, createHmac } from 'node:crypto';
import { jsonOrNull, notJson, type NotifyMessage, type OutboundRequest, type ProviderVerdict } from './outbound.pure.ts';

export const TENCENT_SMS_HOST = 'sms.tencentcloudapi.com';

export interface TencentSmsConfig {
  provider: 'tencent';
  secretId: string;
  secretKey: string;
  /** The SMS application (SdkAppId, 短信应用 ID), its approved sign and template. */
  sdkAppId: string;
  signName: string;
  templateId: string;
  region?: string;
  /** Another address for the same API (e.g. a proxy on the intranet); the signature still names TENCENT_SMS_HOST. */
  endpoint?: string;
}

/** Codes that a later try may get past: Tencent Cloud's rate limit and its own trouble. */
const RETRYABLE = new Set(['RequestLimitExceeded', 'InternalError', 'ResourceUnavailable', 'FailedOperation.ServiceBusy']);

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();

export interface Tc3Input {
  secretId: string;
  secretKey: string;
  service: string;
  host: string;
  timestampSec: number;
  payload: string;
}

/** The Authorization header of a POST with a JSON body, signed with TC3-HMAC-SHA256. */
export function tc3Authorization(input: Tc3Input): string {
  const contentType = 'application/json; charset=utf-8';
  const canonicalRequest = ['POST', '/', '', `content-type:${contentType}\nhost:${input.host}\n`, 'content-type;host', sha256Hex(input.payload)].join('\n');
  const date = new Date(input.timestampSec * 1000).toISOString().slice(0, 10);
  const scope = `${date}/${input.service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(input.timestampSec), scope, sha256Hex(canonicalRequest)].join('\n');
  const signing = hmac(hmac(hmac(`TC3${input.secretKey}`, date), input.service), 'tc3_request');
  const signature = createHmac('sha256', signing).update(stringToSign, 'utf8').digest('hex');
  return `TC3-HMAC-SHA256 Credential=${input.secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`;
}

/** A mainland number as Tencent Cloud wants it: E.164 with +86. */
function e164(phone: string): string {
  return phone.startsWith('+') ? phone : `+86${phone}`;
}

export function tencentSmsRequest(config: TencentSmsConfig, phoneNumbers: readonly string[], message: NotifyMessage, at: { nowMs: number }): OutboundRequest {
  const payload = JSON.stringify({
    PhoneNumberSet: phoneNumbers.map(e164),
    SmsSdkAppId: config.sdkAppId,
    SignName: config.signName,
    TemplateId: config.templateId,
    TemplateParamSet: [message.station, message.alert, message.since],
  });
  const timestampSec = Math.floor(at.nowMs / 1000);
  return {
    method: 'POST',
    url: config.endpoint ?? `https://${TENCENT_SMS_HOST}/`,
    headers: {
      authorization: tc3Authorization({ secretId: config.secretId, secretKey: config.secretKey, service: 'sms', host: TENCENT_SMS_HOST, timestampSec, payload }),
      'content-type': 'application/json; charset=utf-8',
      // No Host header of our own: fetch sends the URL's; a proxy in between forwards to TENCENT_SMS_HOST.
      'x-tc-action': 'SendSms',
      'x-tc-timestamp': String(timestampSec),
      'x-tc-version': '2021-01-11',
      'x-tc-region': config.region ?? 'ap-guangzhou',
    },
    body: payload,
  };
}

export function tencentSmsVerdict(status: number, text: string): ProviderVerdict {
  const response = jsonOrNull(text)?.Response;
  if (typeof response !== 'object' || response === null) return notJson(status, text);
  const r = response as { Error?: { Code?: unknown; Message?: unknown }; SendStatusSet?: { Code?: unknown; Message?: unknown; SerialNo?: unknown }[]; RequestId?: unknown };
  if (r.Error !== undefined) {
    const code = String(r.Error.Code ?? 'unknown');
    return { ok: false, retry: RETRYABLE.has(code), code: `tencent_${code}`, detail: String(r.Error.Message ?? '') };
  }
  const failed = (r.SendStatusSet ?? []).find((s) => s.Code !== 'Ok');
  if (failed !== undefined || (r.SendStatusSet ?? []).length === 0) {
    return { ok: false, retry: false, code: `tencent_${String(failed?.Code ?? 'no_status')}`, detail: String(failed?.Message ?? '') };
  }
  return { ok: true, providerRef: typeof r.RequestId === 'string' ? r.RequestId : null };
}
