// common/ui-bundle.ts: a UI is bundled (script and styles) for the browser, with its page beside it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildUi, type UiBundle } from '../../common/ui-bundle.ts';
import { tempDir } from '../support/station-fixture.ts';

function tinyUi(): UiBundle {
  const root = tempDir('yj-ui-');
  const srcDir = path.join(root, 'src');
  fs.mkdirSync(path.join(srcDir, 'parts'), { recursive: true });
  fs.writeFileSync(path.join(srcDir, 'parts', 'greeting.ts'), "export const greeting = '你好';\n");
  fs.writeFileSync(path.join(srcDir, 'style.css'), "body { font-family: 'Noto Sans SC'; background: url('/fonts/x.woff2'); }\n");
  // Plain TypeScript: a temp folder outside the project has no node_modules to find preact in.
  fs.writeFileSync(path.join(srcDir, 'main.ts'), "import './style.css';\nimport { greeting } from './parts/greeting.ts';\ndocument.title = greeting;\n");
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><script type="module" src="/app.js"></script>\n');
  return { entry: path.join(srcDir, 'main.ts'), page: path.join(root, 'index.html'), outDir: path.join(root, 'dist'), external: ['/fonts/*'] };
}

describe('ui-bundle', () => {
  it('bundles the script and its styles, leaving server paths alone and no temporary files behind', async () => {
    const ui = tinyUi();
    await buildUi(ui, { minify: false });
    const files = fs.readdirSync(ui.outDir).sort();
    expect(files).toEqual(expect.arrayContaining(['app.js', 'app.css', 'index.html']));
    expect(files.some((f) => f.endsWith('.tmp'))).toBe(false);
    expect(fs.readFileSync(path.join(ui.outDir, 'app.js'), 'utf8')).toContain('document.title');
    expect(fs.readFileSync(path.join(ui.outDir, 'app.css'), 'utf8')).toContain("/fonts/x.woff2");
  });

  it('writes the source maps outside the served folder, where their sources are still found, and removes a stale one', async () => {
    const ui = tinyUi();
    const mapsDir = path.join(path.dirname(ui.outDir), 'maps');
    // A map an earlier build left in the served folder.
    fs.mkdirSync(ui.outDir, { recursive: true });
    fs.writeFileSync(path.join(ui.outDir, 'app.js.map'), '{}');
    await buildUi({ ...ui, mapsDir }, { minify: false });
    expect(fs.readdirSync(ui.outDir, { recursive: true }).filter((f) => String(f).endsWith('.map'))).toEqual([]);
    expect(fs.readFileSync(path.join(ui.outDir, 'app.js'), 'utf8')).not.toContain('sourceMappingURL');
    const map = JSON.parse(fs.readFileSync(path.join(mapsDir, 'app.js.map'), 'utf8')) as { sourceRoot: string; sources: string[]; sourcesContent: string[] };
    const greeting = map.sources.find((s) => s.endsWith('parts/greeting.ts'))!;
    expect(fs.readFileSync(path.resolve(mapsDir, map.sourceRoot, greeting), 'utf8')).toContain('你好');
    expect(fs.existsSync(path.join(mapsDir, 'app.css.map'))).toBe(true);
  });
});
