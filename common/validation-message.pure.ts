// Turns Fastify's schema-validation errors into one line a person can act on, Chinese first: the frame and the
// wording the station's API and the hub's say alike. Each API words the rest of the keywords its own way
// (the station's forms more precisely), and passes that in.

export interface SchemaError {
  instancePath: string;
  schemaPath?: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** One complaint: [Chinese, English]. */
export type Phrase = [string, string];

/** An API's own wording for an error about field `field`; undefined to take the shared wording. */
export type DescribeError = (e: SchemaError, field: string) => Phrase | undefined;

/** `/rule/days` → `rule.days`; the whole body (or query, or params) by its context's name. */
export function fieldName(instancePath: string, context: string): string {
  const trimmed = instancePath.replace(/^\//, '').replace(/\//g, '.');
  return trimmed === '' ? context : trimmed;
}

function shared(e: SchemaError, field: string): Phrase {
  switch (e.keyword) {
    case 'pattern':
    case 'format':
      return [`${field} 格式不对`, `${field} is not in the expected format`];
    default:
      return [`${field} 不符合要求`, `${field}: ${e.message ?? e.keyword}`];
  }
}

/** At most four distinct complaints, in the order found, in one line. */
export function validationMessage(errors: readonly SchemaError[], context: string, describe: DescribeError): string {
  const lines = errors.map((e) => {
    const field = fieldName(e.instancePath, context);
    return describe(e, field) ?? shared(e, field);
  });
  const unique = (xs: string[]) => [...new Set(xs)].slice(0, 4);
  return `请求内容不符合要求：${unique(lines.map((l) => l[0])).join('；')} / invalid request: ${unique(lines.map((l) => l[1])).join('; ')}`;
}
