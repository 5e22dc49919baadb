// The kiosk's message catalog: every file of kiosk/ui/src/i18n/messages has the same keys in zh-CN and en, none
// empty, and no key is defined by two files (the catalog merges them, so the later file would win in silence).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MESSAGE_FILES } from '../../kiosk/ui/src/i18n/i18n.ts';

const MESSAGES_DIR = path.resolve('kiosk/ui/src/i18n/messages');

describe('the kiosk message catalog', () => {
  it('merges every message file there is', () => {
    expect(Object.keys(MESSAGE_FILES).length).toBe(fs.readdirSync(MESSAGES_DIR).filter((f) => f.endsWith('.ts')).length);
  });

  it.each(Object.entries(MESSAGE_FILES))('%s: every zh-CN key has an English text, and no more', (_, file) => {
    const zh = file.zh as Record<string, string>;
    const en = file.en as Record<string, string>;
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    expect(Object.entries(zh).filter(([, v]) => v.trim() === '')).toEqual([]);
    expect(Object.entries(en).filter(([, v]) => v.trim() === '')).toEqual([]);
  });

  it('no key is defined in two files', () => {
    const owners = new Map<string, string[]>();
    for (const [name, file] of Object.entries(MESSAGE_FILES)) for (const key of Object.keys(file.zh)) owners.set(key, [...(owners.get(key) ?? []), name]);
    expect([...owners].filter(([, files]) => files.length > 1)).toEqual([]);
  });

  it('placeholders match between the languages', () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const mismatched: string[] = [];
    for (const file of Object.values(MESSAGE_FILES)) {
      const zh = file.zh as Record<string, string>;
      const en = file.en as Record<string, string>;
      for (const key of Object.keys(zh)) if (JSON.stringify(names(zh[key]!)) !== JSON.stringify(names(en[key] ?? ''))) mismatched.push(key);
    }
    expect(mismatched).toEqual([]);
  });
});
