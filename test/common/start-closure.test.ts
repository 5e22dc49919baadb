// What `yuanjiao start` reads before the agent answers: the compiled program's static imports from its entry
// through the start command. What waits for its first use must stay out of it, or every start parses it again
// (bench kiosk-start: parsing the code is the largest part of the agent's start).
import fs from 'node:fs';
import type { Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { chunkClosure, METAFILE } from '../../scripts/build.ts';

const LATER = [
  'node_modules/ajv/', // schema validation: compiled after the agent listens (common/fastify-compilers.ts)
  'node_modules/@fastify/ajv-compiler/',
  // The schema compiler, never (response schemas are declared, never compiled: common/fastify-compilers.ts);
  // fastify's error serializer uses only its runtime. Nor the tests' check of replies against them.
  'node_modules/fast-json-stringify/index.js',
  'common/response-check.ts',
  'node_modules/@fastify/send/', // the first file served (common/static-files.ts)
  'node_modules/typebox/build/compile/', // the uplink's first reply
  'node_modules/exceljs/',
  'node_modules/playwright-core/',
];

/** The source files compiled into the chunks `from` imports statically, with its own. */
function sourcesRead(meta: Metafile, from: string): string[] {
  return chunkClosure(meta, from, 'static').flatMap((out) => Object.keys(meta.outputs[out]!.inputs));
}

describe('the agent’s start', () => {
  it('reads none of what waits for its first use', () => {
    const meta = JSON.parse(fs.readFileSync(METAFILE, 'utf8')) as Metafile;
    const entry = Object.keys(meta.outputs).find((k) => meta.outputs[k]!.entryPoint === 'cli/run.ts')!;
    const start = Object.keys(meta.outputs).find((k) => meta.outputs[k]!.entryPoint === 'cli/commands/start.ts')!;
    const closure = [...sourcesRead(meta, entry), ...sourcesRead(meta, start)];
    // The check can see: the closure holds the server and the database.
    expect(closure.some((f) => f.includes('node_modules/fastify/'))).toBe(true);
    expect(closure).toContain('agent/store/database.ts');
    expect(closure.filter((f) => LATER.some((l) => f.includes(l)))).toEqual([]);
  });
});
