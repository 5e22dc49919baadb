// Turns Fastify's schema-validation errors into the problems an `invalid_request` refusal carries, as data: the
// field, the rule it broke and the rule's value. Each reader words them (the kiosk's, the dashboard's and the
// CLI's catalogues); the station's API first narrows its unions (agent/api/request-problems.ts).
import type { RequestProblem } from '../protocol/refusals/refusal.pure.ts';

export interface SchemaError {
  instancePath: string;
  schemaPath?: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** At most this many problems cross the wire; the readers word at most four distinct ones. */
const MAX_PROBLEMS = 20;

/** `/rule/days` → `rule.days`; the whole body (or query, or params) by its context's name. */
export function fieldName(instancePath: string, context: string): string {
  const trimmed = instancePath.replace(/^\//, '').replace(/\//g, '.');
  return trimmed === '' ? context : trimmed;
}

/** The value an alternative allows: a constant as JSON, a bound, a pattern. */
function alternativeLimit(e: SchemaError): string | number {
  if (e.keyword === 'const') return JSON.stringify(e.params.allowedValue);
  if (e.keyword === 'pattern') return String(e.params.pattern);
  return Number(e.params.limit);
}

function problemOf(e: SchemaError, context: string): RequestProblem {
  const field = fieldName(e.instancePath, context);
  const p = e.params;
  switch (e.keyword) {
    case 'required':
    case 'additionalProperties': {
      // The field itself that is missing or unknown, with its path.
      const name = String(e.keyword === 'required' ? p.missingProperty : p.additionalProperty);
      return { field: field === context ? name : `${field}.${name}`, rule: e.keyword };
    }
    case 'type':
      return { field, rule: 'type', limit: String(p.type) };
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum':
    case 'minLength':
    case 'maxLength':
    case 'minItems':
      return { field, rule: e.keyword, limit: Number(p.limit) };
    case 'const':
      return { field, rule: 'const', limit: JSON.stringify(p.allowedValue) };
    case 'alternatives':
      return { field, rule: 'alternatives', alternatives: (p.alternatives as SchemaError[]).map((a) => ({ rule: a.keyword, limit: alternativeLimit(a) })) };
    case 'pattern':
    case 'format':
    case 'uniqueItems':
    case 'enum':
    case 'anyOf':
    case 'oneOf':
    case 'minProperties':
      return { field, rule: e.keyword };
    default:
      // A rule no catalogue words: the validator's own description goes with it.
      return { field, rule: e.keyword, detail: e.message ?? e.keyword };
  }
}

/** Each distinct problem once, in the order found. */
export function requestProblems(errors: readonly SchemaError[], context = 'body'): RequestProblem[] {
  const seen = new Map<string, RequestProblem>();
  for (const e of errors) {
    const problem = problemOf(e, context);
    seen.set(JSON.stringify(problem), problem);
  }
  return [...seen.values()].slice(0, MAX_PROBLEMS);
}
