// What the agent says of a hub's refusal on /api/v1: its own words for a code it knows — whatever the hub's
// `message` says — the hub's `message` for a code it does not know, else the code and the status.
import { describe, expect, it } from 'vitest';
import { hubRefusalText, stationFacingWords } from '../../protocol/refusals/station-facing-texts.pure.ts';

describe('a hub refusal as the agent words it', () => {
  it('words a known code from its values, not from the hub’s message', () => {
    expect(hubRefusalText({ code: 'enrollment_code_invalid', params: { reason: 'expired' } }, 403)).toBe('加入码已过期，请县远教办重新生成 / the code has expired');
    expect(hubRefusalText({ code: 'enrollment_code_invalid', params: { reason: 'used' }, message: 'anything' }, 403)).toContain('加入码已经用过');
    expect(hubRefusalText({ code: 'too_large', params: {} }, 413)).toBe('上报内容超过 1 MiB，未保存 / the report is larger than 1 MiB; nothing stored');
    expect(hubRefusalText({ code: 'malformed', params: { detail: 'Unexpected token' } }, 400)).toBe('请求无法处理 / Unexpected token');
  });

  it('falls back to the hub’s words for a code it does not know, and names the code when there are none', () => {
    expect(hubRefusalText({ code: 'bad_signature', params: {}, message: '签名不对 / bad signature' }, 401)).toBe('签名不对 / bad signature');
    expect(hubRefusalText({ code: 'something_new', params: {} }, 409)).toBe('something_new（HTTP 409）');
    expect(hubRefusalText(undefined, 502)).toBe('HTTP 502');
    // Values of another shape than this agent expects: never a crash.
    expect(stationFacingWords('malformed', { problems: 'not a list' } as never)).toBeNull();
  });
});
