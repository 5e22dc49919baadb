// The station API's 400s, worded for the kiosk's forms (the frame and the common wording:
// common/validation-message.pure.ts). For a union (e.g. a recurrence rule) only the branch the request evidently
// meant is reported: the one whose `type` tag matched, rather than every branch's complaints.
import { validationMessage as sharedMessage, type DescribeError, type Phrase, type SchemaError as AnySchemaError } from '../../common/validation-message.pure.ts';

/** Fastify gives every error the path in the schema it broke: the unions are narrowed by it. */
export interface SchemaError extends AnySchemaError {
  schemaPath: string;
}

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
const VALUE_RULES: Record<string, (p: Record<string, unknown>) => Phrase> = {
  const: (p) => [JSON.stringify(p.allowedValue), JSON.stringify(p.allowedValue)],
  maximum: (p) => [`不大于 ${String(p.limit)} 的数`, `at most ${String(p.limit)}`],
  minimum: (p) => [`不小于 ${String(p.limit)} 的数`, `at least ${String(p.limit)}`],
  pattern: () => ['规定格式的文字', 'text in the expected format'],
};

/**
 * Fields a person fills in on the kiosk's forms, said the way the form says them. A generic
 * "rule.days 至少要有 1 项" is right but reads like the validator; the administrator picked no weekday.
 */
const FIELD_MESSAGES: Record<string, Phrase> = {
  'rule.days minItems': ['每周重复至少要选一天（星期几）', 'a weekly program needs at least one weekday'],
  'rule.time pattern': ['开始时间应为 HH:MM，如 19:30', 'the start time must be HH:MM, e.g. 19:30'],
};

function describe(e: AnySchemaError, f: string, context: string): Phrase | undefined {
  const p = e.params;
  const plain = FIELD_MESSAGES[`${f} ${e.keyword}`];
  if (plain) return plain;
  switch (e.keyword) {
    case 'required': {
      const missing = `${f === context ? '' : `${f}.`}${String(p.missingProperty)}`;
      return [`缺少 ${missing}`, `${missing} is missing`];
    }
    case 'additionalProperties': {
      const extra = `${f === context ? '' : `${f}.`}${String(p.additionalProperty)}`;
      return [`不认识的字段 ${extra}`, `unknown field ${extra}`];
    }
    case 'type': {
      const t = TYPE_NAMES[String(p.type)] ?? [String(p.type), String(p.type)];
      return [`${f} 应为${t[0]}`, `${f} must be ${t[1]}`];
    }
    case 'minimum':
    case 'exclusiveMinimum':
      return [`${f} 不能小于 ${String(p.limit)}`, `${f} must be at least ${String(p.limit)}`];
    case 'maximum':
    case 'exclusiveMaximum':
      return [`${f} 不能大于 ${String(p.limit)}`, `${f} must be at most ${String(p.limit)}`];
    case 'minLength':
      return p.limit === 1 ? [`${f} 不能为空`, `${f} must not be empty`] : [`${f} 至少 ${String(p.limit)} 个字`, `${f} needs at least ${String(p.limit)} characters`];
    case 'maxLength':
      return [`${f} 最多 ${String(p.limit)} 个字`, `${f} takes at most ${String(p.limit)} characters`];
    case 'minItems':
      return [`${f} 至少要有 ${String(p.limit)} 项`, `${f} needs at least ${String(p.limit)} item(s)`];
    case 'uniqueItems':
      return [`${f} 有重复项`, `${f} has duplicates`];
    case 'const':
      return [`${f} 应为 ${JSON.stringify(p.allowedValue)}`, `${f} must be ${JSON.stringify(p.allowedValue)}`];
    case 'enum':
      return [`${f} 不在允许的取值中`, `${f} is not one of the allowed values`];
    case 'anyOf':
    case 'oneOf':
      return [`${f} 不符合任何一种允许的形式`, `${f} matches none of the allowed forms`];
    case 'alternatives': {
      const parts = (p.alternatives as SchemaError[]).map((a) => VALUE_RULES[a.keyword]!(a.params));
      return [`${f} 应为 ${parts.map((x) => x[0]).join(' 或 ')}`, `${f} must be ${parts.map((x) => x[1]).join(' or ')}`];
    }
    case 'minProperties':
      return [`${f} 不能为空`, `${f} must not be empty`];
    default:
      return undefined;
  }
}

/** Keeps, for each union, the errors of the branch whose discriminating `type`/`kind` literal matched. */
function narrowUnions(errors: readonly SchemaError[]): SchemaError[] {
  let result = [...errors];
  for (const union of errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')) {
    const prefix = union.schemaPath.replace(/\/(anyOf|oneOf)$/, `/${union.keyword}/`);
    const inside = result.filter((e) => e !== union && e.schemaPath.startsWith(prefix));
    const branches = new Map<string, SchemaError[]>();
    for (const e of inside) {
      const branch = e.schemaPath.slice(prefix.length).split('/')[0]!;
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
    }
    const tagMismatch = (e: SchemaError) => e.keyword === 'const' && /\/(type|kind)$/.test(e.instancePath);
    const plausible = [...branches.values()].filter((errs) => !errs.some(tagMismatch));
    result = result.filter((e) => !inside.includes(e));
    if (plausible.length === 1) result = result.filter((e) => e !== union).concat(plausible[0]!);
    else if (inside.length > 0 && inside.every((e) => e.instancePath === union.instancePath && e.keyword in VALUE_RULES)) {
      // Alternatives for one value (1–31 or "last"): name them rather than say "none matched".
      result = result.map((e) => (e === union ? { ...union, keyword: 'alternatives', params: { alternatives: inside } } : e));
    }
  }
  return result;
}

export function validationMessage(errors: readonly SchemaError[], context = 'body'): string {
  const say: DescribeError = (e, field) => describe(e, field, context);
  return sharedMessage(narrowUnions(errors), context, say);
}
