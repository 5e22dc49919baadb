// The words for what was wrong with a request a server's schema refused (`invalid_request`, its problems:
// common/request-problems.pure.ts), in Chinese and English, for the agent's and the hub's alike: the one place
// they are written. Each says the field, the rule and its limit ("title 最多 80 个字"). The kiosk and the
// dashboard show the half in their language, the CLI and the hub's `malformed` to a station both on one line.
// Pure, and free of typebox, so the screens' bundles may run it.
import type { Bilingual } from './bilingual.pure.ts';
import type { RequestProblem } from './refusal.pure.ts';

/** A field's rule worded as its form says it, keyed "field rule". */
export type FieldMessages = Readonly<Record<string, [string, string]>>;

const TYPE_NAMES: Record<string, [string, string]> = {
  integer: ['整数', 'a whole number'],
  number: ['数字', 'a number'],
  string: ['文字', 'text'],
  boolean: ['是/否', 'true or false'],
  object: ['对象', 'an object'],
  array: ['列表', 'a list'],
  null: ['空值', 'null'],
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

function phrase(p: RequestProblem, fieldMessages: FieldMessages): [string, string] {
  const f = p.field;
  const n = String(p.limit);
  const plain = fieldMessages[`${f} ${p.rule}`];
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

/**
 * The problems of an `invalid_request`: at most four distinct complaints in each language, in the order found.
 * `fieldMessages` words a field's rule the way its form says it ("field rule" → [zh, en]).
 */
export function requestProblemTexts(problems: readonly RequestProblem[], fieldMessages: FieldMessages = {}): Bilingual {
  const lines = (i: 0 | 1) => [...new Set(problems.map((p) => phrase(p, fieldMessages)[i]))].slice(0, 4);
  return { zh: `请求内容不符合要求：${lines(0).join('；')}`, en: `invalid request: ${lines(1).join('; ')}` };
}
