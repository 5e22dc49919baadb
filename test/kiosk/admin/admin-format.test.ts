// Sizes, uptimes and the agent's two-language messages as the admin screens show them.
import { describe, expect, it } from 'vitest';
import { formatBytes, uptimeParts } from '../../../kiosk/ui/src/screens/admin/admin-format.ts';
import { requestProblems } from '../../../agent/api/request-problems.ts';
import { validateRule } from '../../../agent/programs/recurrence.pure.ts';
import { requestProblemsText, ruleProblemsText } from '../../../kiosk/ui/src/i18n/request-problems.ts';

describe('formatBytes', () => {
  it('uses binary units with one decimal below 100', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(250 * 1024 * 1024)).toBe('250 MB');
    expect(formatBytes(12.34 * 1024 ** 3)).toBe('12.3 GB');
  });
});

describe('uptimeParts', () => {
  it('splits seconds into days, hours and minutes', () => {
    expect(uptimeParts(59)).toEqual({ days: 0, hours: 0, minutes: 0 });
    expect(uptimeParts(3 * 86_400 + 4 * 3_600 + 5 * 60 + 6)).toEqual({ days: 3, hours: 4, minutes: 5 });
  });
});

describe('the problems the agent sends as data', () => {
  it('keeps every problem of a rule the agent refused', () => {
    const problems = validateRule({ type: 'weekly', days: [], time: '25:00' });
    expect(ruleProblemsText(problems, 'zh')).toBe('时间格式无效，应为 HH:MM（24小时制，可带秒）；每周规则至少选择一天');
    expect(ruleProblemsText(problems, 'en')).toBe('time must be HH:MM or HH:MM:SS (24-hour); weekly rule needs at least one day');
  });

  it('says a schema refusal with several problems in Chinese or English', () => {
    const problems = requestProblems([
      { instancePath: '/name', schemaPath: '#/properties/name/minLength', keyword: 'minLength', params: { limit: 1 } },
      { instancePath: '/phone', schemaPath: '#/properties/phone/pattern', keyword: 'pattern', params: {} },
    ]);
    expect(requestProblemsText(problems, 'zh')).toBe('请求内容不符合要求：name 不能为空；phone 格式不对');
    expect(requestProblemsText(problems, 'en')).toBe('invalid request: name must not be empty; phone is not in the expected format');
  });
});
