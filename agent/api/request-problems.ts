// The station API's 400s as data (common/request-problems.pure.ts). For a union (e.g. a recurrence rule) only the
// branch the request evidently meant is reported: the one whose `type` tag matched, rather than every branch's
// complaints; alternatives for one value (1–31 or "last") are named side by side.
import { requestProblems as shared, type SchemaError as AnySchemaError } from '../../common/request-problems.pure.ts';
import type { RequestProblem } from '../../protocol/refusals/refusal.pure.ts';

/** Fastify gives every error the path in the schema it broke: the unions are narrowed by it. */
export interface SchemaError extends AnySchemaError {
  schemaPath: string;
}

/** The keywords an alternative of a union can be listed by. */
const VALUE_RULES = new Set(['const', 'maximum', 'minimum', 'pattern']);

/** Keeps, for each union, the errors of the branch whose discriminating `type`/`kind` literal matched. */
function narrowUnions(errors: readonly SchemaError[]): SchemaError[] {
  let result = [...errors];
  for (const union of errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')) {
    const prefix = union.schemaPath.replace(/\/(anyOf|oneOf)$/, `/${union.keyword}/`);
    const branchOf = (e: SchemaError) => e.schemaPath.slice(prefix.length).split('/')[0]!;
    const all = result.filter((e) => e !== union && e.schemaPath.startsWith(prefix));
    // A JSON body is not coerced, so 32 against "last" breaks the branch's type as well as its constant: the
    // constant says it all.
    const valued = new Set(all.filter((e) => VALUE_RULES.has(e.keyword)).map((e) => `${branchOf(e)} ${e.instancePath}`));
    const inside = all.filter((e) => !(e.keyword === 'type' && valued.has(`${branchOf(e)} ${e.instancePath}`)));
    result = result.filter((e) => !all.includes(e) || inside.includes(e));
    const branches = new Map<string, SchemaError[]>();
    for (const e of inside) {
      const branch = branchOf(e);
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
    }
    const tagMismatch = (e: SchemaError) => e.keyword === 'const' && /\/(type|kind)$/.test(e.instancePath);
    const plausible = [...branches.values()].filter((errs) => !errs.some(tagMismatch));
    result = result.filter((e) => !inside.includes(e));
    if (plausible.length === 1) result = result.filter((e) => e !== union).concat(plausible[0]!);
    else if (inside.length > 0 && inside.every((e) => e.instancePath === union.instancePath && VALUE_RULES.has(e.keyword))) {
      // Alternatives for one value (1–31 or "last"): name them rather than say "none matched".
      result = result.map((e) => (e === union ? { ...union, keyword: 'alternatives', params: { alternatives: inside } } : e));
    }
  }
  return result;
}

export function requestProblems(errors: readonly SchemaError[], context = 'body'): RequestProblem[] {
  return shared(narrowUnions(errors), context);
}
