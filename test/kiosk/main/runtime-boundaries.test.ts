// Where each file of kiosk/main runs, and that its imports respect it (docs/style.md: runtime visible, checked).
// The pure policies import nothing with I/O, the preload only what a sandboxed preload may bundle, and
// nothing imports the two Electron entries. Where a file runs is in its name (runtimeOf); the tsconfigs check
// the same from the other side (scripts/typecheck.ts: the preload has no Node types, Node code no DOM).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MAIN_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../kiosk/main');

type Runtime = 'pure' | 'node' | 'electron-main' | 'preload';

/**
 * Where a file runs, from its name (docs/architecture.md, "Boundaries"): `*.pure.ts` pure, `*.electron.ts`
 * Electron's main process, `*.preload.ts` the sandboxed preload, anything else Node (electron-api.ts holds
 * only types, imported with `import type`).
 */
function runtimeOf(file: string): Runtime {
  if (file.endsWith('.pure.ts')) return 'pure';
  if (file.endsWith('.electron.ts')) return 'electron-main';
  if (file.endsWith('.preload.ts')) return 'preload';
  return 'node';
}

const FILES = fs.readdirSync(MAIN_DIR).filter((f) => f.endsWith('.ts')).sort();
const RUNTIME: Record<string, Runtime> = Object.fromEntries(FILES.map((f) => [f, runtimeOf(f)]));
/** The two entries build-shell.ts bundles: nothing imports them. */
const ENTRIES = ['main.electron.ts', 'shell.preload.ts'];

/** What each runtime may import from the other files here (types are always fine). */
const MAY_IMPORT: Record<Runtime, Runtime[]> = {
  pure: ['pure'],
  node: ['pure', 'node'],
  'electron-main': ['pure', 'node', 'electron-main'],
  preload: ['pure'],
};

function imports(file: string): { spec: string; typeOnly: boolean }[] {
  const source = fs.readFileSync(path.join(MAIN_DIR, file), 'utf8');
  return [...source.matchAll(/^import\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm)].map((m) => ({ spec: m[2]!, typeOnly: Boolean(m[1]) }));
}

describe('kiosk/main runtime boundaries', () => {
  it('finds each runtime among the files, and the two entries build-shell.ts bundles', () => {
    expect(new Set(Object.values(RUNTIME))).toEqual(new Set(['pure', 'node', 'electron-main', 'preload']));
    expect(FILES).toEqual(expect.arrayContaining(ENTRIES));
    expect(fs.readFileSync(path.join(MAIN_DIR, 'build-shell.ts'), 'utf8')).toContain(`path.join(HERE, '${ENTRIES[0]}')`);
  });

  it('electron-api.ts holds only types: it imports nothing and declares no value', () => {
    const source = fs.readFileSync(path.join(MAIN_DIR, 'electron-api.ts'), 'utf8');
    expect(imports('electron-api.ts')).toEqual([]);
    expect(source).not.toMatch(/^export\s+(const|let|var|function|class|enum|default)\b/m);
  });

  it.each(Object.entries(RUNTIME))('%s (%s) imports only what its runtime allows', (file, runtime) => {
    for (const { spec, typeOnly } of imports(file)) {
      if (spec.startsWith('./')) {
        const target = RUNTIME[spec.slice(2)];
        expect(target, `${file} imports unknown ${spec}`).toBeDefined();
        if (typeOnly) continue;
        expect(MAY_IMPORT[runtime], `${file} (${runtime}) imports ${spec} (${target})`).toContain(target);
        expect(ENTRIES, `${file} imports an entry point`).not.toContain(spec.slice(2));
      } else if (runtime === 'pure' || runtime === 'preload') {
        expect.fail(`${file} (${runtime}) imports ${spec}: no packages or Node modules here`);
      }
    }
  });

  it('loads electron only at run time, never through an import tsc or vitest would follow', () => {
    for (const file of Object.keys(RUNTIME)) {
      for (const { spec } of imports(file)) expect(spec, file).not.toBe('electron');
    }
  });
});
