// What the agent says of a hub's refusal on /api/v1: its own words for a code it knows — whatever the hub's
// `message` says — the hub's `message` for a code it does not know, else the code and the status.
import { describe, expect, it } from 'vitest';
import { hubRefusalText, rejectedEventText, stationFacingWords } from '../../protocol/refusals/station-facing-texts.pure.ts';

describe('a hub refusal as the agent words it', () => {
  it('words a known code from its values, not from the hub’s message', () => {
    expect(hubRefusalText({ code: 'enrollment_code_invalid', params: { reason: 'expired' } }, 403)).toBe('加入码已过期，请县远教办重新生成 / the code has expired');
    expect(hubRefusalText({ code: 'enrollment_code_invalid', params: { reason: 'used' }, message: 'anything' }, 403)).toContain('加入码已经用过');
    expect(hubRefusalText({ code: 'too_large', params: {} }, 413)).toBe('上报内容超过 1 MiB，未保存 / the report is larger than 1 MiB; nothing stored');
    expect(hubRefusalText({ code: 'malformed', params: { detail: 'Unexpected token' } }, 400)).toBe('请求无法处理 / Unexpected token');
  });

  it('words the ingest’s refusals of a report from their values: signature, clock, quota, the events refused', () => {
    expect(hubRefusalText({ code: 'bad_signature', params: {}, message: '签名不对 / bad signature' }, 401)).toBe('签名不对：站点密钥不符，或内容在途中被改动 / bad signature');
    expect(hubRefusalText({ code: 'missing_signature', params: {} }, 401)).toMatch(/^上报没有签名.*X-Yuanjiao-Signature.* \/ the report is not signed$/);
    expect(hubRefusalText({ code: 'unknown_station', params: { station: 'st-x' } }, 401)).toBe('站点 st-x 未在县级平台登记、尚未加入或已停用 / unknown station');
    expect(hubRefusalText({ code: 'stale_timestamp', params: { skewMs: -400_400, windowMs: 300_000 } }, 401)).toBe(
      '上报时间戳与县级平台相差 400 秒，超过 ±5 分钟，已拒绝（重放的旧请求，或终端时钟不准） / timestamp outside the ±5 min window',
    );
    expect(hubRefusalText({ code: 'over_quota', params: { eventsPerDay: 100, bytesPerDay: 1_048_576, carryDays: 2, retryAfterMs: 61_000 } }, 429)).toBe(
      '站点上报已用完县级平台给每个站点的额度（每天 100 条、1 MiB（未用额度最多累积 2 天）），本批未保存，约 2 分钟后再发 / ' +
        'the station\'s report budget at the hub (100 events and 1 MiB a day, unused budget kept up to 2 days) is spent; nothing stored, send again in about 2 min',
    );
    expect(hubRefusalText({ code: 'malformed', params: { reason: 'too_many_events', limit: 500 } }, 400)).toBe('上报内容格式不对：一批最多 500 条 / malformed report');
    const first = [{ code: 'attended_over_registered', field: 'body.attendedRegistered', attended: 9, registered: 3 }];
    expect(hubRefusalText({ code: 'malformed', params: { reason: 'events_refused', refused: 2, first } }, 400)).toBe(
      '上报中有 2 条记录被拒收，整批未保存；第一条：记录不合理：body.attendedRegistered 到会在册党员 9 人多于在册党员 3 人 / ' +
        '2 event(s) refused, nothing stored; the first: implausible event: body.attendedRegistered 9 attended, more than the 3 registered',
    );
    expect(hubRefusalText({ code: 'malformed', params: { reason: 'event_without_id', event: 3, problem: [{ code: 'too_large', field: 'body', bytes: 300_000, max: 262_144 }] } }, 400)).toBe(
      '上报内容格式不对：第 3 条记录 记录过大：body 300000 字节，单条上限 262144 字节 / malformed event 3: event too large: body of 300000 bytes, at most 262144',
    );
    // One event refused: from its code and values whatever its words say; its words only when its values are not this release's.
    expect(rejectedEventText({ code: 'no_such_week', params: { field: 'body.week', week: '2026-W60' }, message: 'anything' })).toBe('记录不合理：body.week 周次 2026-W60 不存在 / implausible event: body.week week 2026-W60 does not exist');
    expect(rejectedEventText({ code: 'proto_key', params: { field: 'body/x' } })).toBe('记录格式不对：body/x 含有键 __proto__ / malformed event: body/x has a __proto__ key');
    expect(rejectedEventText({ code: 'no_such_week', params: { week: 1 }, message: '周次不存在 / no such week' })).toBe('周次不存在 / no such week');
    expect(rejectedEventText({ code: 'no_such_week', params: { field: 'body.week' }, message: '周次不存在 / no such week' })).toBe('周次不存在 / no such week');
    expect(rejectedEventText({ code: 'free_over_size', params: { field: 'body.diskFreeBytes', free: 9, total: { bytes: 1 } }, message: '剩余空间 / free' })).toBe('剩余空间 / free');
    expect(rejectedEventText({ message: '记录不合理 / implausible' })).toBe('记录不合理 / implausible');
  });

  it('falls back to the hub’s words for a code it does not know, and names the code when there are none', () => {
    expect(hubRefusalText({ code: 'signature_v2_required', params: {}, message: '签名方式已更新 / signature v2 required' }, 401)).toBe('签名方式已更新 / signature v2 required');
    // A code this agent knows, from a hub of an earlier release that sent only words: its values are missing, so its words.
    expect(hubRefusalText({ code: 'stale_timestamp', message: '上报时间戳与县级平台相差 400 秒 / timestamp outside the ±5 min window' }, 401)).toBe('上报时间戳与县级平台相差 400 秒 / timestamp outside the ±5 min window');
    expect(hubRefusalText({ code: 'malformed', message: '上报内容不是有效的 JSON / the report is not valid JSON' }, 400)).toBe('上报内容不是有效的 JSON / the report is not valid JSON');
    expect(hubRefusalText({ code: 'something_new', params: {} }, 409)).toBe('something_new（HTTP 409）');
    expect(hubRefusalText(undefined, 502)).toBe('HTTP 502');
    // Values of another shape than this agent expects: never a crash.
    expect(stationFacingWords('malformed', { problems: 'not a list' } as never)).toBeNull();
  });
});
