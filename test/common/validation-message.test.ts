// The one-line 400 message both APIs build from schema errors: the shared frame and wording, and each API's own
// words for the rest exactly as they are on the wire (the station's precise, the hub's short).
import { describe, expect, it } from 'vitest';
import { validationMessage as stationMessage } from '../../agent/api/validation-message.ts';
import { validationMessage as hubMessage } from '../../county/api/validation-message.ts';

const tooLong = { instancePath: '/title', schemaPath: '#/properties/title/maxLength', keyword: 'maxLength', params: { limit: 80 } };
const badFormat = { instancePath: '/month', schemaPath: '#/properties/month/pattern', keyword: 'pattern', params: { pattern: '^\\d{4}-\\d{2}$' } };
const unknown = { instancePath: '', schemaPath: '#/x', keyword: 'dependentRequired', params: {}, message: 'must have property b' };
const nestedMissing = { instancePath: '/rule', schemaPath: '#/properties/rule/required', keyword: 'required', params: { missingProperty: 'time' } };

describe('validation messages', () => {
  it('say the shared wording alike in both APIs: a bad format, and anything neither words itself', () => {
    const expected = '请求内容不符合要求：month 格式不对；body 不符合要求 / invalid request: month is not in the expected format; body: must have property b';
    expect(stationMessage([badFormat, unknown])).toBe(expected);
    expect(hubMessage([badFormat, unknown])).toBe(expected);
  });

  it('keep each API’s own words for the rest', () => {
    expect(stationMessage([tooLong, nestedMissing])).toBe('请求内容不符合要求：title 最多 80 个字；缺少 rule.time / invalid request: title takes at most 80 characters; rule.time is missing');
    expect(hubMessage([tooLong, nestedMissing])).toBe('请求内容不符合要求：title 太长；缺少 time / invalid request: title is too long; time is missing');
  });

  it('name the query string as the field when the whole of it is wrong, and list at most four complaints once each', () => {
    const many = ['a', 'b', 'c', 'd', 'e'].map((f) => ({ instancePath: `/${f}`, schemaPath: `#/${f}`, keyword: 'format', params: {} }));
    expect(hubMessage([...many, many[0]!], 'querystring')).toBe(
      '请求内容不符合要求：a 格式不对；b 格式不对；c 格式不对；d 格式不对 / invalid request: a is not in the expected format; b is not in the expected format; c is not in the expected format; d is not in the expected format',
    );
    expect(stationMessage([{ ...unknown, message: undefined }], 'querystring')).toBe('请求内容不符合要求：querystring 不符合要求 / invalid request: querystring: dependentRequired');
  });
});
