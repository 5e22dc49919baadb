// The agent runs for weeks on a small terminal and the hub for years: neither loads the packages only an
// export or a roster import needs (playwright-core ~45 MB, exceljs ~20 MB resident) until one happens.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const HEAVY = ['playwright-core', 'exceljs'];

/** The packages, among HEAVY, that a fresh Node process holds after importing `entry` (and running `then`). */
function heavyLoadedAfter(entry: string, then = ''): string[] {
  const script = `
    import { createRequire } from 'node:module';
    await import(${JSON.stringify(entry)});
    ${then}
    // Both are CommonJS: whatever imported them, they sit in the CommonJS loader's cache.
    const files = Object.keys(createRequire(import.meta.url).cache);
    const heavy = ${JSON.stringify(HEAVY)};
    console.log(JSON.stringify(heavy.filter((name) => files.some((f) => f.includes('/node_modules/' + name + '/')))));
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: process.cwd(), encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as string[];
}

describe('heavy packages wait for their first use', () => {
  it('the station agent starts without them', () => {
    expect(heavyLoadedAfter('./agent/daemon.ts')).toEqual([]);
  });
  it('the county hub starts without them', () => {
    expect(heavyLoadedAfter('./county/server.ts')).toEqual([]);
  });
  it('the first spreadsheet loads exceljs (so the check above can see it)', () => {
    expect(heavyLoadedAfter('./common/load-exceljs.ts', `await (await import('./common/load-exceljs.ts')).loadExcelJs();`)).toEqual(['exceljs']);
  });
});
