// Each runtime's tsconfig refuses the other runtime's names (docs/architecture.md, "Boundaries"): deliberately
// wrong fixtures, compiled with the real configs' options by the same code `npm run typecheck` runs.
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../scripts/typecheck.ts';

const FIXTURES = 'test/support/runtime-fixtures';

/** file:line and message of each diagnostic, the file relative to the fixtures. */
function found(diagnostics: readonly ts.Diagnostic[]): string[] {
  return diagnostics.map((d) => {
    const where = d.file ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '-';
    return `${where} TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

describe('runtime types', () => {
  it('Node code has no DOM: document does not compile', () => {
    const errors = found(checkConfig(`${FIXTURES}/node/tsconfig.json`, 'node'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^uses-dom\.ts:2 TS2584 Cannot find name 'document'/);
  });

  it('browser code may not use Node, even with @types/node in the program through an imported type', () => {
    const errors = found(checkConfig(`${FIXTURES}/browser/tsconfig.json`, 'browser'));
    expect(errors).toEqual([
      `uses-node.ts:2 TS90001 the module 'node:path' is Node's, and this file runs in a browser (docs/architecture.md, "Boundaries")`,
      `uses-node.ts:6 TS90001 'process' is Node's, and this file runs in a browser (docs/architecture.md, "Boundaries")`,
    ]);
  });
});
