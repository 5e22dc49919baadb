// Refusals cross the wire as { code, params }; the words are the readers' (docs/guides/add-refusal.md). A plain
// string cannot be thrown as a refusal (the compiler refuses it: common/coded-error.pure.ts, Words); what still
// carries words says so with stillInWords(…), and no screen splits a "中文 / English" sentence to find its half.
// Both lists below only shrink: a new place fails this test with what to do instead.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

function sources(dirs: readonly string[], ext: RegExp): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(rel);
      } else if (ext.test(entry.name)) found.push(rel);
    }
  };
  for (const dir of dirs) walk(dir);
  return found.sort();
}

function countsOf(files: readonly string[], pattern: RegExp): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const file of files) {
    const n = fs.readFileSync(path.join(ROOT, file), 'utf8').match(pattern)?.length ?? 0;
    if (n > 0) counts[file] = n;
  }
  return counts;
}

/**
 * The refusals that still send words, by file: only the CLIs', by decision — a CLI prints both languages on one line
 * (the team guide allows it) and nothing else reads these, so they never cross the wire to a screen.
 */
const STILL_IN_WORDS: Record<string, number> = {
  'agent/uplink/enrollment.ts': 1, // `yuanjiao enroll`'s own refusals: CLI-only words by decision (the hub's are coded)
  'county/cli.ts': 2, // the hub CLI's refusals (TLS, a mistyped password): CLI-only words by decision
  'county/tls-files.ts': 1, // the hub CLI's TLS files refused: CLI-only words by decision
};

/** The screens that still split an agent's or hub's "中文 / English" words: none any more, and none may start. */
const STILL_SPLIT: Record<string, number> = {};

describe('words on the wire', () => {
  it('are sent only where the list says, with stillInWords', () => {
    const files = sources(['agent', 'county', 'common', 'content', 'protocol'], /\.ts$/).filter((f) => !f.includes('/dashboard/ui/') && f !== 'common/coded-error.pure.ts');
    expect(
      countsOf(files, /\bstillInWords\(/g),
      'a refusal sends words: give its code a type in protocol/refusals/ (station-refusals.pure.ts or hub-refusals.pure.ts), throw it with its values, and word it in each catalogue (docs/guides/add-refusal.md). When one of these is converted, take it off STILL_IN_WORDS.',
    ).toEqual(STILL_IN_WORDS);
  });

  it('are split into their halves only where the list says', () => {
    const files = sources(['kiosk/ui/src', 'county/dashboard/ui/src', 'kiosk/main'], /\.tsx?$/);
    expect(
      countsOf(files, /\.(split|indexOf|includes)\(' \/ '\)/g),
      'a screen splits "中文 / English" words: have the agent or the hub send a code with values instead, and word it from the screen\'s catalogue. When one of these goes, take it off STILL_SPLIT.',
    ).toEqual(STILL_SPLIT);
  });
});
