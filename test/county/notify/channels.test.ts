// Each provider's request format, checked against the vectors its own documentation publishes, and each
// provider's answers read as it documents them.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aliyunRpcSignature, aliyunSmsRequest, aliyunSmsVerdict, percentEncode } from '../../../county/notify/channels/sms-aliyun.pure.ts';
import { tc3Authorization, tencentSmsRequest, tencentSmsVerdict } from '../../../county/notify/channels/sms-tencent.pure.ts';
import { dingtalkRobotRequest, dingtalkRobotVerdict, dingtalkSign } from '../../../county/notify/channels/dingtalk-robot.pure.ts';
import { WECOM_TEXT_MAX_BYTES, wecomRobotRequest, wecomRobotVerdict } from '../../../county/notify/channels/wecom-robot.pure.ts';
import type { NotifyMessage } from '../../../county/notify/channels/outbound.pure.ts';

const message: NotifyMessage = { text: '【远教】红星村站点已 26 小时没有联系县级平台', station: '红星村', alert: '离线', since: '12月6日 08:00' };

describe('Alibaba Cloud SMS', () => {
  it('signs as Alibaba Cloud documents it (its published DescribeRegions example)', () => {
    const params = {
      Timestamp: '2016-02-23T12:46:24Z',
      Format: 'XML',
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      Version: '2014-05-26',
      SignatureVersion: '1.0',
    };
    expect(aliyunRpcSignature('GET', params, 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
    expect(percentEncode("a b*c~d!'()")).toBe('a%20b%2Ac~d%21%27%28%29');
  });

  it('sends SendSms with the template filled and a signature over exactly what it sends', () => {
    const config = { provider: 'aliyun' as const, accessKeyId: 'LTAIkey', accessKeySecret: 'secret', signName: '远教平台', templateCode: 'SMS_123' };
    const request = aliyunSmsRequest(config, ['13800000001', '13800000002'], message, { nowMs: Date.UTC(2026, 11, 6, 1, 2, 3), nonce: 'n-1' });
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://dysmsapi.aliyuncs.com/');
    const sent = new URLSearchParams(request.body);
    expect(sent.get('Action')).toBe('SendSms');
    expect(sent.get('PhoneNumbers')).toBe('13800000001,13800000002');
    expect(sent.get('SignName')).toBe('远教平台');
    expect(sent.get('Timestamp')).toBe('2026-12-06T01:02:03Z');
    expect(JSON.parse(sent.get('TemplateParam') ?? '')).toEqual({ station: '红星村', alert: '离线', since: '12月6日 08:00' });
    const signature = sent.get('Signature');
    sent.delete('Signature');
    expect(signature).toBe(aliyunRpcSignature('POST', Object.fromEntries(sent), 'secret'));
  });

  it('reads OK as accepted, throttling as "later", a bad template as "never", a gateway page as its status', () => {
    expect(aliyunSmsVerdict(200, '{"Code":"OK","Message":"OK","BizId":"900619746936498440^0","RequestId":"r"}')).toEqual({ ok: true, providerRef: '900619746936498440^0' });
    expect(aliyunSmsVerdict(200, '{"Code":"Throttling.User","Message":"Request was denied due to user flow control."}')).toMatchObject({ ok: false, retry: true });
    expect(aliyunSmsVerdict(200, '{"Code":"isv.SMS_TEMPLATE_ILLEGAL","Message":"模板不合法"}')).toMatchObject({ ok: false, retry: false, code: 'aliyun_isv.SMS_TEMPLATE_ILLEGAL' });
    expect(aliyunSmsVerdict(502, '<html>Bad Gateway</html>')).toMatchObject({ ok: false, retry: true, code: 'http_502' });
  });
});

describe('Tencent Cloud SMS', () => {
  it('signs as Tencent Cloud documents it (its published TC3-HMAC-SHA256 example)', () => {
    const authorization = tc3Authorization({
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
      service: 'cvm',
      host: 'cvm.tencentcloudapi.com',
      timestampSec: 1551113065,
      payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
    });
    expect(authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });

  it('sends SendSms with +86 numbers and the template parameters in order', () => {
    const config = { provider: 'tencent' as const, secretId: 'AKID1', secretKey: 'k', sdkAppId: '1400000001', signName: '远教平台', templateId: '449739' };
    const request = tencentSmsRequest(config, ['13800000001'], message, { nowMs: 1_765_000_000_000 });
    expect(request.headers['x-tc-action']).toBe('SendSms');
    expect(request.headers['x-tc-version']).toBe('2021-01-11');
    expect(JSON.parse(request.body ?? '')).toEqual({ PhoneNumberSet: ['+8613800000001'], SmsSdkAppId: '1400000001', SignName: '远教平台', TemplateId: '449739', TemplateParamSet: ['红星村', '离线', '12月6日 08:00'] });
    expect(request.headers.authorization).toBe(tc3Authorization({ secretId: 'AKID1', secretKey: 'k', service: 'sms', host: 'sms.tencentcloudapi.com', timestampSec: 1_765_000_000, payload: request.body ?? '' }));
  });

  it('reads every number sent as accepted, one refused number as "never", a rate limit as "later"', () => {
    expect(tencentSmsVerdict(200, '{"Response":{"SendStatusSet":[{"SerialNo":"5000:1","PhoneNumber":"+8613800000001","Code":"Ok","Message":"send success"}],"RequestId":"a0aabda6"}}')).toEqual({ ok: true, providerRef: 'a0aabda6' });
    expect(tencentSmsVerdict(200, '{"Response":{"SendStatusSet":[{"Code":"InvalidParameterValue.IncorrectPhoneNumber","Message":"手机号格式错误"}],"RequestId":"r"}}')).toMatchObject({ ok: false, retry: false });
    expect(tencentSmsVerdict(200, '{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"too many"},"RequestId":"r"}}')).toMatchObject({ ok: false, retry: true, code: 'tencent_RequestLimitExceeded' });
    expect(tencentSmsVerdict(200, '{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"bad"},"RequestId":"r"}}')).toMatchObject({ ok: false, retry: false });
  });
});

describe('group robots', () => {
  it('DingTalk: signs the timestamp with the robot secret and @-mentions by mobile', () => {
    const request = dingtalkRobotRequest('https://oapi.dingtalk.com/robot/send?access_token=tok', message, { secret: 'SECxyz', nowMs: 1_765_000_000_123, mentionMobiles: ['13800000001'] });
    const url = new URL(request.url);
    expect(url.searchParams.get('access_token')).toBe('tok');
    expect(url.searchParams.get('timestamp')).toBe('1765000000123');
    const expected = createHmac('sha256', 'SECxyz').update('1765000000123\nSECxyz').digest('base64');
    expect(url.searchParams.get('sign')).toBe(expected);
    expect(dingtalkSign('SECxyz', 1_765_000_000_123)).toBe(expected);
    expect(JSON.parse(request.body ?? '')).toEqual({ msgtype: 'text', text: { content: message.text }, at: { atMobiles: ['13800000001'], isAtAll: false } });
    expect(dingtalkRobotVerdict(200, '{"errcode":0,"errmsg":"ok"}')).toEqual({ ok: true, providerRef: null });
    expect(dingtalkRobotVerdict(200, '{"errcode":130101,"errmsg":"send too fast"}')).toMatchObject({ ok: false, retry: true });
    expect(dingtalkRobotVerdict(200, '{"errcode":310000,"errmsg":"sign not match"}')).toMatchObject({ ok: false, retry: false, code: 'dingtalk_310000' });
  });

  it('WeChat Work: a text message within the robot limit, mentions by mobile, rate limit read as "later"', () => {
    const long = { ...message, text: '很'.repeat(1_000) };
    const request = wecomRobotRequest('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', long, ['13800000001']);
    const body = JSON.parse(request.body ?? '') as { msgtype: string; text: { content: string; mentioned_mobile_list: string[] } };
    expect(body.msgtype).toBe('text');
    expect(Buffer.byteLength(body.text.content, 'utf8')).toBeLessThanOrEqual(WECOM_TEXT_MAX_BYTES);
    expect(body.text.content.endsWith('…')).toBe(true);
    expect(body.text.mentioned_mobile_list).toEqual(['13800000001']);
    expect(wecomRobotVerdict(200, '{"errcode":0,"errmsg":"ok"}')).toEqual({ ok: true, providerRef: null });
    expect(wecomRobotVerdict(200, '{"errcode":45009,"errmsg":"api freq out of limit"}')).toMatchObject({ ok: false, retry: true });
    expect(wecomRobotVerdict(200, '{"errcode":93000,"errmsg":"invalid webhook url"}')).toMatchObject({ ok: false, retry: false });
  });
});
