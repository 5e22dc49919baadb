// Deliberately wrong (test/common/runtime-types.test.ts): browser code that reaches for Node.
import path from 'node:path';
import type { Row } from '../node/reads-file.ts';

export type Shown = Row;
export const version = process.version;
export const joined = path.join('a', 'b');
// Names the DOM declares too are fine.
export const later = setTimeout(() => undefined, 1);
