// Search keys for finding a member by name at the door: pinyin initials ("zs" finds 张三) and full pinyin.
import { pinyin } from 'pinyin-pro';

export interface NameKeys {
  initials: string;
  pinyin: string;
}

export function nameKeys(name: string): NameKeys {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }) as string[];
  return {
    initials: syllables.map((s) => s.charAt(0)).join('').toLowerCase(),
    pinyin: syllables.join('').toLowerCase(),
  };
}

/** Whether a typed query matches a member: by characters, by initials, or by the start of the full pinyin. */
export function matchesName(name: string, keys: NameKeys, query: string): boolean {
  const q = query.trim().toLowerCase().replace(/\s+/g, '');
  if (q === '') return true;
  return name.includes(q) || keys.initials.startsWith(q) || keys.pinyin.startsWith(q);
}
