// What the hub tells a station whose report its schema refused (`malformed` on /api/v1, which still carries words:
// the agent logs and shows them), in the dashboard's words (county/dashboard/ui/src/i18n/request-problems.ts):
// Chinese, then English. At most four distinct complaints, in the order found.
import type { RequestProblem } from '../../protocol/refusals/refusal.pure.ts';

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

function hubProblemPhrase(p: RequestProblem): [string, string] {
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

/** The problems, Chinese then English: at most four distinct complaints each, in the order found. */
export function stationFacingProblemsText(problems: readonly RequestProblem[]): string {
  const lines = (i: 0 | 1) => [...new Set(problems.map((p) => hubProblemPhrase(p)[i]))].slice(0, 4);
  return `请求内容不符合要求：${lines(0).join('；')} / invalid request: ${lines(1).join('; ')}`;
}
