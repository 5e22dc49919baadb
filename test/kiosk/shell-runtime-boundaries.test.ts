// Where each file of kiosk/main runs, and that its imports respect it (docs/style.md: runtime visible, checked).
// The pure policies import nothing with I/O, the preload only what a sandboxed preload may bundle, and
// nothing imports the two Electron entries. A lint rule would do the same; this keeps it beside the shell.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MAIN_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../kiosk/main');

type Runtime = 'pure' | 'node' | 'electron-main' | 'preload' | 'types';

/** Every TypeScript file in kiosk/main and where it runs; a new file must be added here. */
const RUNTIME: Record<string, Runtime> = {
  'navigation-policy.ts': 'pure',
  'permission-policy.ts': 'pure',
  'shortcuts.ts': 'pure',
  'recovery.ts': 'pure',
  'recovery-loop.ts': 'pure',
  'keep-awake.ts': 'pure',
  'launch-plan.ts': 'pure',
  'chromium-policy.ts': 'pure',
  'shell-args.ts': 'pure',
  'shell-api.ts': 'pure',
  'electron-api.ts': 'types',
  'agent-probe.ts': 'node',
  'admin-exit.ts': 'node',
  'admin-exit-marker.ts': 'node',
  'build-shell.ts': 'node',
  'launcher.ts': 'node',
  'window-hardening.ts': 'electron-main',
  'electron-main.ts': 'electron-main',
  'preload.ts': 'preload',
};

/** What each runtime may import from the other files here (types are always fine). */
const MAY_IMPORT: Record<Runtime, Runtime[]> = {
  types: [],
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
  it('knows where every file runs', () => {
    const files = fs.readdirSync(MAIN_DIR).filter((f) => f.endsWith('.ts'));
    expect(files.sort()).toEqual(Object.keys(RUNTIME).sort());
  });

  it.each(Object.entries(RUNTIME))('%s (%s) imports only what its runtime allows', (file, runtime) => {
    for (const { spec, typeOnly } of imports(file)) {
      if (spec.startsWith('./')) {
        const target = RUNTIME[spec.slice(2)];
        expect(target, `${file} imports unknown ${spec}`).toBeDefined();
        if (typeOnly || target === 'types') continue;
        expect(MAY_IMPORT[runtime], `${file} (${runtime}) imports ${spec} (${target})`).toContain(target);
        expect(['electron-main.ts', 'preload.ts'], `${file} imports an entry point`).not.toContain(spec.slice(2));
      } else if (runtime === 'pure' || runtime === 'preload' || runtime === 'types') {
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
