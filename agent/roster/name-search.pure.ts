// Search keys for finding a member by name at the door: pinyin initials ("zs" finds 张三) and full pinyin —
// with the surname read as a surname (曾国华 is "zgh", 单雄信 "sxx", 解 xie, 仇 qiu, 查 zha, 区 ou, 朴 piao), and every
// other reading of a polyphonic character as well, since people type the reading they know.
import { pinyin } from 'pinyin-pro';

export interface NameReading {
  initials: string;
  pinyin: string;
}

export interface NameKeys extends NameReading {
  /** The name's other readings (polyphonic characters read each way), the surname's common misreadings included. */
  alternates: NameReading[];
}

/**
 * Readings kept per name, the usual one first: most names have one or two; a name of several polyphonic
 * characters keeps its first eight (the surname's readings vary first), so the check-in list stays small.
 */
export const MAX_READINGS = 8;

function reading(syllables: readonly string[]): NameReading {
  return { initials: syllables.map((s) => s.charAt(0)).join('').toLowerCase(), pinyin: syllables.join('').toLowerCase() };
}

export function nameKeys(name: string): NameKeys {
  const usual = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true, surname: 'head' });
  const primary = reading(usual);
  const chars = [...name];
  // Alternates only where each character has its own syllable (a name with Latin letters has one reading).
  if (usual.length !== chars.length) return { ...primary, alternates: [] };
  const options = chars.map((char, i) => [...new Set([usual[i]!, ...pinyin(char, { toneType: 'none', type: 'array', multiple: true, v: true })])]);
  const combos: string[][] = [[]];
  for (const choices of options) {
    const next: string[][] = [];
    for (const combo of combos) for (const choice of choices) if (next.length < MAX_READINGS) next.push([...combo, choice]);
    combos.splice(0, combos.length, ...next);
  }
  const seen = new Set([`${primary.initials}|${primary.pinyin}`]);
  const alternates: NameReading[] = [];
  for (const combo of combos) {
    const r = reading(combo);
    const key = `${r.initials}|${r.pinyin}`;
    if (seen.has(key)) continue;
    seen.add(key);
    alternates.push(r);
  }
  return { ...primary, alternates };
}

/** Whether a typed query matches a member: by characters, or by the start of the initials or full pinyin of any reading. */
export function matchesName(name: string, keys: NameKeys, query: string): boolean {
  const q = query.trim().toLowerCase().replace(/\s+/g, '');
  if (q === '') return true;
  return name.includes(q) || [keys, ...keys.alternates].some((r) => r.initials.startsWith(q) || r.pinyin.startsWith(q));
}
