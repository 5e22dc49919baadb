// The words for what was wrong with a request the hub's schema refused (`invalid_request`, its problems:
// common/request-problems.pure.ts), in few words, Chinese and English: the one place they are written. The
// dashboard shows the half in its language (county/dashboard/ui/src/i18n/request-problems.ts); the hub CLI
// (cli/hub-request-problems.ts) and the hub's `malformed` to a station (station-facing-texts.pure.ts)
// say both on one line. Pure, and free of typebox, so the dashboard's bundle may run it.
import type { Bilingual } from './bilingual.pure.ts';
import type { RequestProblem } from './refusal.pure.ts';

/** The validator's own English for the rules without words of their own. */
const VALIDATOR_EN: Record<string, (limit: string) => string> = {
  exclusiveMinimum: (n) => `must be > ${n}`,
  exclusiveMaximum: (n) => `must be < ${n}`,
  minItems: (n) => `must NOT have fewer than ${n} items`,
  uniqueItems: () => 'must NOT have duplicate items',
  const: () => 'must be equal to constant',
  enum: () => 'must be equal to one of the allowed values',
  anyOf: () => 'must match a schema in anyOf',
  oneOf: () => 'must match exactly one schema in oneOf',
  minProperties: (n) => `must NOT have fewer than ${n === 'undefined' ? '1' : n} properties`,
};

function phrase(p: RequestProblem): [string, string] {
  const f = p.field;
  const n = String(p.limit);
  // A missing or unknown field is named by itself, without its path.
  const name = f.split('.').pop()!;
  switch (p.rule) {
    case 'required':
      return [`缺少 ${name}`, `${name} is missing`];
    case 'additionalProperties':
      return [`不认识的字段 ${name}`, `unknown field ${name}`];
    case 'type':
      return [`${f} 类型不对`, `${f} must be ${n}`];
    case 'minLength':
      return [`${f} 太短或为空`, `${f} is too short`];
    case 'maxLength':
      return [`${f} 太长`, `${f} is too long`];
    case 'minimum':
    case 'maximum':
      return [`${f} 超出范围`, `${f} is out of range`];
    case 'pattern':
    case 'format':
      return [`${f} 格式不对`, `${f} is not in the expected format`];
    default:
      return [`${f} 不符合要求`, `${f}: ${p.detail ?? VALIDATOR_EN[p.rule]?.(n) ?? p.rule}`];
  }
}

/** The problems of an `invalid_request`: at most four distinct complaints in each language, in the order found. */
export function hubRequestProblemTexts(problems: readonly RequestProblem[]): Bilingual {
  const lines = (i: 0 | 1) => [...new Set(problems.map((p) => phrase(p)[i]))].slice(0, 4);
  return { zh: `请求内容不符合要求：${lines(0).join('；')}`, en: `invalid request: ${lines(1).join('; ')}` };
}
