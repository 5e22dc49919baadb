// The problems both APIs send as data from schema errors, and how each reader words them: one wording for both
// servers (protocol/refusals/request-problem-texts.pure.ts) that names the field, the rule and its limit, with the
// kiosk's form fields said as the form says them.
import { describe, expect, it } from 'vitest';
import { requestProblems as stationProblems } from '../../agent/api/request-problems.ts';
import { requestProblems as hubProblems } from '../../common/request-problems.pure.ts';
import { stationRequestProblemsText } from '../../cli/station-request-problems.ts';
import { hubRequestProblemsText } from '../../cli/hub-request-problems.ts';
import { requestProblemsText as kioskText } from '../../kiosk/ui/src/i18n/request-problems.ts';
import { requestProblemsText as dashboardText } from '../../county/dashboard/ui/src/i18n/request-problems.ts';
import { stationFacingWords } from '../../protocol/refusals/station-facing-texts.pure.ts';
import type { SchemaError } from '../../common/request-problems.pure.ts';

const stationMessage = (errors: SchemaError[], context?: string) => stationRequestProblemsText(stationProblems(errors.map((e) => ({ schemaPath: '#', ...e })), context));
const hubMessage = (errors: SchemaError[], context?: string) => hubRequestProblemsText(hubProblems(errors, context));

const tooLong = { instancePath: '/title', schemaPath: '#/properties/title/maxLength', keyword: 'maxLength', params: { limit: 80 } };
const badFormat = { instancePath: '/month', schemaPath: '#/properties/month/pattern', keyword: 'pattern', params: { pattern: '^\\d{4}-\\d{2}$' } };
const unknown = { instancePath: '', schemaPath: '#/x', keyword: 'dependentRequired', params: {}, message: 'must have property b' };
const nestedMissing = { instancePath: '/rule', schemaPath: '#/properties/rule/required', keyword: 'required', params: { missingProperty: 'time' } };

describe('request problems', () => {
  it('cross the wire as data: the field, the rule and its value, each once', () => {
    expect(stationProblems([tooLong, nestedMissing, tooLong])).toEqual([
      { field: 'title', rule: 'maxLength', limit: 80 },
      { field: 'rule.time', rule: 'required' },
    ]);
    expect(hubProblems([badFormat, unknown])).toEqual([
      { field: 'month', rule: 'pattern' },
      { field: 'body', rule: 'dependentRequired', detail: 'must have property b' },
    ]);
  });

  it('are said by the kiosk and the dashboard in the screen’s language, and to a station on /api/v1 in both', () => {
    expect(kioskText(stationProblems([tooLong, nestedMissing]), 'zh')).toBe('请求内容不符合要求：title 最多 80 个字；缺少 rule.time');
    expect(kioskText(stationProblems([tooLong, nestedMissing]), 'en')).toBe('invalid request: title takes at most 80 characters; rule.time is missing');
    expect(dashboardText(hubProblems([tooLong, nestedMissing]), 'zh-CN')).toBe('请求内容不符合要求：title 最多 80 个字；缺少 rule.time');
    expect(dashboardText(hubProblems([tooLong, nestedMissing]), 'en')).toBe('invalid request: title takes at most 80 characters; rule.time is missing');
    expect(stationFacingWords('malformed', { problems: hubProblems([tooLong, nestedMissing]) })).toBe(hubMessage([tooLong, nestedMissing]));
  });

  it('say the shared wording alike in both APIs: a bad format, and anything neither words itself', () => {
    const expected = '请求内容不符合要求：month 格式不对；body 不符合要求 / invalid request: month is not in the expected format; body: must have property b';
    expect(stationMessage([badFormat, unknown])).toBe(expected);
    expect(hubMessage([badFormat, unknown])).toBe(expected);
  });

  it('say a limit and a missing field alike in both APIs, and the kiosk’s form fields as the form says them', () => {
    const expected = '请求内容不符合要求：title 最多 80 个字；缺少 rule.time / invalid request: title takes at most 80 characters; rule.time is missing';
    expect(stationMessage([tooLong, nestedMissing])).toBe(expected);
    expect(hubMessage([tooLong, nestedMissing])).toBe(expected);
    const noWeekday = { instancePath: '/rule/days', schemaPath: '#/properties/rule/properties/days/minItems', keyword: 'minItems', params: { limit: 1 } };
    expect(stationMessage([noWeekday])).toBe('请求内容不符合要求：每周重复至少要选一天（星期几） / invalid request: a weekly program needs at least one weekday');
    expect(hubMessage([noWeekday])).toBe('请求内容不符合要求：rule.days 至少要有 1 项 / invalid request: rule.days needs at least 1 item(s)');
  });

  it('name the query string as the field when the whole of it is wrong, and list at most four complaints once each', () => {
    const many = ['a', 'b', 'c', 'd', 'e'].map((f) => ({ instancePath: `/${f}`, schemaPath: `#/${f}`, keyword: 'format', params: {} }));
    expect(hubMessage([...many, many[0]!], 'querystring')).toBe(
      '请求内容不符合要求：a 格式不对；b 格式不对；c 格式不对；d 格式不对 / invalid request: a is not in the expected format; b is not in the expected format; c is not in the expected format; d is not in the expected format',
    );
    expect(stationMessage([{ ...unknown, message: undefined }], 'querystring')).toBe('请求内容不符合要求：querystring 不符合要求 / invalid request: querystring: dependentRequired');
  });
});
