// The words for what was wrong with a request the agent's schema refused (`invalid_request`, its problems:
// common/request-problems.pure.ts) and for a recurrence rule's problems (`invalid_rule`), in Chinese and English:
// the one place they are written. The kiosk shows the half in its language (kiosk/ui/src/i18n/request-problems.ts),
// the CLI both on one line (cli/station-request-problems.ts). The fields a person fills in on the forms are said
// the way the form says them. Pure, and free of typebox, so the screen's bundle may run it.
import type { Bilingual } from './bilingual.pure.ts';
import type { RequestProblem } from './refusal.pure.ts';
import type { RuleProblem } from './station-refusals.pure.ts';

const TYPE_NAMES: Record<string, [string, string]> = {
  integer: ['整数', 'a whole number'],
  number: ['数字', 'a number'],
  string: ['文字', 'text'],
  boolean: ['是/否', 'true or false'],
  object: ['对象', 'an object'],
  array: ['列表', 'a list'],
  null: ['空值', 'null'],
};

/** A generic "rule.days 至少要有 1 项" is right but reads like the validator; the administrator picked no weekday. */
const FIELD_MESSAGES: Record<string, [string, string]> = {
  'rule.days minItems': ['每周重复至少要选一天（星期几）', 'a weekly program needs at least one weekday'],
  'rule.time pattern': ['开始时间应为 HH:MM，如 19:30', 'the start time must be HH:MM, e.g. 19:30'],
};

/** What one alternative of a union allows, for listing alternatives side by side. */
function alternative(a: { rule: string; limit: string | number }): [string, string] {
  const n = String(a.limit);
  switch (a.rule) {
    case 'maximum':
      return [`不大于 ${n} 的数`, `at most ${n}`];
    case 'minimum':
      return [`不小于 ${n} 的数`, `at least ${n}`];
    case 'pattern':
      return ['规定格式的文字', 'text in the expected format'];
    default:
      return [n, n];
  }
}

function phrase(p: RequestProblem): [string, string] {
  const f = p.field;
  const n = String(p.limit);
  const plain = FIELD_MESSAGES[`${f} ${p.rule}`];
  if (plain) return plain;
  switch (p.rule) {
    case 'required':
      return [`缺少 ${f}`, `${f} is missing`];
    case 'additionalProperties':
      return [`不认识的字段 ${f}`, `unknown field ${f}`];
    case 'type': {
      const t = TYPE_NAMES[n] ?? [n, n];
      return [`${f} 应为${t[0]}`, `${f} must be ${t[1]}`];
    }
    case 'minimum':
    case 'exclusiveMinimum':
      return [`${f} 不能小于 ${n}`, `${f} must be at least ${n}`];
    case 'maximum':
    case 'exclusiveMaximum':
      return [`${f} 不能大于 ${n}`, `${f} must be at most ${n}`];
    case 'minLength':
      return p.limit === 1 ? [`${f} 不能为空`, `${f} must not be empty`] : [`${f} 至少 ${n} 个字`, `${f} needs at least ${n} characters`];
    case 'maxLength':
      return [`${f} 最多 ${n} 个字`, `${f} takes at most ${n} characters`];
    case 'minItems':
      return [`${f} 至少要有 ${n} 项`, `${f} needs at least ${n} item(s)`];
    case 'uniqueItems':
      return [`${f} 有重复项`, `${f} has duplicates`];
    case 'const':
      return [`${f} 应为 ${n}`, `${f} must be ${n}`];
    case 'enum':
      return [`${f} 不在允许的取值中`, `${f} is not one of the allowed values`];
    case 'anyOf':
    case 'oneOf':
      return [`${f} 不符合任何一种允许的形式`, `${f} matches none of the allowed forms`];
    case 'alternatives': {
      const parts = (p.alternatives ?? []).map(alternative);
      return [`${f} 应为 ${parts.map((x) => x[0]).join(' 或 ')}`, `${f} must be ${parts.map((x) => x[1]).join(' or ')}`];
    }
    case 'minProperties':
      return [`${f} 不能为空`, `${f} must not be empty`];
    case 'pattern':
    case 'format':
      return [`${f} 格式不对`, `${f} is not in the expected format`];
    default:
      return [`${f} 不符合要求`, `${f}: ${p.detail ?? p.rule}`];
  }
}

/** The problems of an `invalid_request`: at most four distinct complaints in each language, in the order found. */
export function stationRequestProblemTexts(problems: readonly RequestProblem[]): Bilingual {
  const lines = (i: 0 | 1) => [...new Set(problems.map((p) => phrase(p)[i]))].slice(0, 4);
  return { zh: `请求内容不符合要求：${lines(0).join('；')}`, en: `invalid request: ${lines(1).join('; ')}` };
}

/** A recurrence rule's problems (`invalid_rule`: agent/programs/recurrence.pure.ts). */
const RULE_PROBLEMS: Record<Exclude<RuleProblem['problem'], 'except_date'>, Bilingual> = {
  unknown_type: { zh: '未知的重复类型', en: 'unknown recurrence type' },
  time: { zh: '时间格式无效，应为 HH:MM（24小时制，可带秒）', en: 'time must be HH:MM or HH:MM:SS (24-hour)' },
  date: { zh: '日期无效，应为 YYYY-MM-DD', en: 'date must be a valid YYYY-MM-DD date' },
  no_days: { zh: '每周规则至少选择一天', en: 'weekly rule needs at least one day' },
  day_range: { zh: '星期取值应为1（周一）至7（周日）', en: 'days must be 1 (Monday) to 7 (Sunday)' },
  day_repeat: { zh: '星期不能重复', en: 'days must not repeat' },
  month_day: { zh: '每月日期应为1至31日或“最后一天”', en: 'day must be 1 to 31 or "last"' },
  from: { zh: '开始日期无效', en: 'from must be a valid YYYY-MM-DD date' },
  until: { zh: '结束日期无效', en: 'until must be a valid YYYY-MM-DD date' },
  until_before_from: { zh: '结束日期早于开始日期', en: 'until is before from' },
  except_list: { zh: '例外日期应为日期列表', en: 'except must be a list of dates' },
};

/** One problem of a rule the agent refused. */
export function ruleProblemTexts(p: RuleProblem): Bilingual {
  return p.problem === 'except_date' ? { zh: `例外日期无效：${p.date}`, en: `except date is not a valid date: ${p.date}` } : RULE_PROBLEMS[p.problem];
}

/** Every problem of a rule the agent refused, in each language. */
export function ruleProblemsTexts(problems: readonly RuleProblem[]): Bilingual {
  const texts = problems.map(ruleProblemTexts);
  return { zh: texts.map((t) => t.zh).join('；'), en: texts.map((t) => t.en).join('; ') };
}
