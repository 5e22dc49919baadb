// The pure core is declared by name (`*.pure.ts`, docs/architecture.md "Boundaries"): a module whose header
// says it is pure must be named so, so that eslint holds
// it to the pure core's rules. Without this, a module could call itself pure and never be checked.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCES = ['agent', 'bench', 'cli', 'common', 'content', 'county', 'kiosk', 'packaging', 'protocol', 'scripts'];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sourceFiles(rel);
    return /\.tsx?$/.test(entry.name) ? [rel] : [];
  });
}

/** The comment lines a file opens with. */
function header(file: string): string {
  const lines = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n');
  const end = lines.findIndex((line) => !line.startsWith('//'));
  return lines.slice(0, end === -1 ? lines.length : end).join('\n');
}

/** "… Pure.", "Pure: …", "Pure and deterministic": the header calls the module pure (a sentence of its own). */
const SAYS_PURE = /(^\/\/\s*|[.:;!?]\s+)Pure\b/m;

describe('the pure core, by name', () => {
  const files = SOURCES.flatMap(sourceFiles);

  it('finds the pure modules by their name', () => {
    expect(files.filter((f) => f.endsWith('.pure.ts')).length).toBeGreaterThan(50);
  });

  it('names every module whose header says it is pure *.pure.ts', () => {
    const unnamed = files.filter((f) => SAYS_PURE.test(header(f)) && !f.endsWith('.pure.ts'));
    expect(unnamed).toEqual([]);
  });
});
