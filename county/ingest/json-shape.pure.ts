// Pathological JSON in a station's event body, found without recursion so that no input can overflow the
// walk itself: nesting deeper than the hub serialises safely (JSON.stringify recurses — a body nested
// 10,000 deep overflowed the stack and answered 500), and the keys secure-json-parse refuses because they
// poison prototypes once an object is merged (`__proto__`, `constructor.prototype`). JSON.parse itself is
// iterative in V8: a 1 MiB report nested 500,000 deep parses in ~0.2 s, so the check runs after it. Pure.

import type { EventProblem } from '../../protocol/refusals/event-problem-texts.pure.ts';

/** One of the event problems (its `field`: where, as a path from the body, 'body/items/3'); worded by the catalogue. */
export type ShapeProblem = EventProblem<'nested_too_deep' | 'proto_key' | 'constructor_prototype'>;

/** The first problem in `value` (the body object counts as depth 1), or null. */
export function jsonShapeProblem(value: unknown, maxDepth: number, root = 'body'): ShapeProblem | null {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 1, path: root }];
  while (stack.length > 0) {
    const { value: v, depth, path } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > maxDepth) {
      return { code: 'nested_too_deep', params: { field: path, max: maxDepth } };
    }
    if (Array.isArray(v)) {
      // Only the first few levels' paths are spelt out: enough to find the field, cheap on a 1 MiB body.
      v.forEach((item, i) => stack.push({ value: item, depth: depth + 1, path: depth < 4 ? `${path}/${i}` : path }));
      continue;
    }
    for (const [key, item] of Object.entries(v as Record<string, unknown>)) {
      const at = depth < 4 ? `${path}/${key}` : path;
      if (key === '__proto__') return { code: 'proto_key', params: { field: at } };
      if (key === 'constructor' && item !== null && typeof item === 'object' && Object.hasOwn(item, 'prototype')) {
        return { code: 'constructor_prototype', params: { field: at } };
      }
      stack.push({ value: item, depth: depth + 1, path: at });
    }
  }
  return null;
}
