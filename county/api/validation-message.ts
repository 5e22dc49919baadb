// The staff and station APIs' 400s, worded by the hub (the frame and the common wording: common/validation-message.pure.ts).
import { validationMessage as sharedMessage, type DescribeError, type Phrase, type SchemaError } from '../../common/validation-message.pure.ts';

export type { SchemaError };

const describe: DescribeError = (e, f): Phrase | undefined => {
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
    default:
      return undefined;
  }
};

export function validationMessage(errors: readonly SchemaError[], context = 'body'): string {
  return sharedMessage(errors, context, describe);
}
