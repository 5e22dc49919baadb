// The agent's own words for what was wrong with a request (`invalid_request`, worded as every server's are:
// request-problem-texts.pure.ts, with the fields a person fills in on the kiosk's forms said the way the form
// says them) and for a recurrence rule's problems (`invalid_rule`), in Chinese and English: the one place they
// are written. The kiosk shows the half in its language (kiosk/ui/src/i18n/request-problems.ts), the CLI both on
// one line (cli/station-request-problems.ts). Pure, and free of typebox, so the screen's bundle may run it.
import type { Bilingual } from './bilingual.pure.ts';
import type { RequestProblem } from './refusal.pure.ts';
import { requestProblemTexts } from './request-problem-texts.pure.ts';
import type { RuleProblem } from './station-refusals.pure.ts';

/** A generic "rule.days 至少要有 1 项" is right but reads like the validator; the administrator picked no weekday. */
const FIELD_MESSAGES: Record<string, [string, string]> = {
  'rule.days minItems': ['每周重复至少要选一天（星期几）', 'a weekly program needs at least one weekday'],
  'rule.time pattern': ['开始时间应为 HH:MM，如 19:30', 'the start time must be HH:MM, e.g. 19:30'],
};

/** The problems of an `invalid_request` the agent refused: at most four distinct complaints in each language. */
export function stationRequestProblemTexts(problems: readonly RequestProblem[]): Bilingual {
  return requestProblemTexts(problems, FIELD_MESSAGES);
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
