// Turns Fastify's schema-validation errors into one short line, Chinese first, for the staff API's 400s.

export interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

function field(e: SchemaError, context: string): string {
  const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  return path === '' ? context : path;
}

function describe(e: SchemaError, context: string): [string, string] {
  const f = field(e, context);
  const p = e.params;
  switch (e.keyword) {
    case 'required':
      return [`缺少 ${String(p.missingProperty)}`, `${String(p.missingProperty)} is missing`];
    case 'additionalProperties':
      return [`不认识的字段 ${String(p.additionalProperty)}`, `unknown field ${String(p.additionalProperty)}`];
    case 'type':
      return [`${f} 类型不对`, `${f} must be ${String(p.type)}`];
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
      return [`${f} 不符合要求`, `${f}: ${e.message ?? e.keyword}`];
  }
}

export function validationMessage(errors: readonly SchemaError[], context = 'body'): string {
  const lines = errors.map((e) => describe(e, context));
  const unique = (xs: string[]) => [...new Set(xs)].slice(0, 4);
  return `请求内容不符合要求：${unique(lines.map((l) => l[0])).join('；')} / invalid request: ${unique(lines.map((l) => l[1])).join('; ')}`;
}
