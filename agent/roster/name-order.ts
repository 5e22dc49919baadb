// The order of names in every list a station shows or prints: by 姓氏笔画 (the surname's strokes — the order of
// official Chinese name lists), or by full pinyin where the roster setting asks for it.
//
// Decision: strokes are compared character by character (the surname first, then the given name), fewest
// first, counted as the PRC standard counts them (cnchar: 阝 is two strokes, so 陈 has 7 — ICU's own 'stroke'
// collation counts it as 8). The official rule breaks a tie in the count by the first stroke's shape
// (横竖撇点折); that needs stroke-order data a terminal does not carry, so a tie is broken by the character's
// usual pinyin instead — names with the same surname still sit together, in a stable order.
import cncharPackage from 'cnchar';
import { pinyin } from 'pinyin-pro';

// A CommonJS package: TypeScript types its default import as the module, Node and the bundle give module.exports.
type CnChar = (typeof cncharPackage)['default'];
const cnchar = ((cncharPackage as unknown as { default?: CnChar }).default ?? cncharPackage) as unknown as CnChar;

export const NAME_ORDERS = ['strokes', 'pinyin'] as const;
export type NameOrder = (typeof NAME_ORDERS)[number];

/** A character that is not Chinese (a Latin letter, a digit) sorts after every Chinese one. */
const NOT_CHINESE = 1_000;

function strokesOf(char: string): number {
  const n = /\p{Script=Han}/u.test(char) ? (cnchar.stroke(char) as number) : 0;
  return n > 0 ? n : NOT_CHINESE;
}

interface CharKey {
  strokes: number;
  pinyin: string;
  char: string;
}

/** What a name sorts by; made once per name, since a roster is sorted far more often than it changes. */
export function nameSortKey(name: string): { chars: CharKey[]; pinyin: string } {
  const chars = [...name];
  const syllables = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true, surname: 'head' });
  const aligned = syllables.length === chars.length;
  return {
    chars: chars.map((char, i) => ({ strokes: strokesOf(char), pinyin: aligned ? syllables[i]!.toLowerCase() : char.toLowerCase(), char })),
    pinyin: syllables.join('').toLowerCase(),
  };
}

export type NameSortKey = ReturnType<typeof nameSortKey>;
type SortKey = NameSortKey;

function byStrokes(a: SortKey, b: SortKey): number {
  const n = Math.min(a.chars.length, b.chars.length);
  for (let i = 0; i < n; i++) {
    const x = a.chars[i]!;
    const y = b.chars[i]!;
    if (x.strokes !== y.strokes) return x.strokes - y.strokes;
    if (x.pinyin !== y.pinyin) return x.pinyin < y.pinyin ? -1 : 1;
    if (x.char !== y.char) return x.char < y.char ? -1 : 1;
  }
  return a.chars.length - b.chars.length;
}

function byPinyin(a: SortKey, b: SortKey): number {
  if (a.pinyin !== b.pinyin) return a.pinyin < b.pinyin ? -1 : 1;
  return byStrokes(a, b);
}

/** Compares names by their sort keys (made once each with nameSortKey) in `order`. */
export function compareNameKeys(order: NameOrder = 'strokes'): (a: NameSortKey, b: NameSortKey) => number {
  return order === 'pinyin' ? byPinyin : byStrokes;
}

/** `items` sorted by their names in `order`; stable for equal names. */
export function sortByName<T>(items: readonly T[], nameOf: (item: T) => string, order: NameOrder = 'strokes'): T[] {
  const compare = order === 'pinyin' ? byPinyin : byStrokes;
  return items
    .map((item, index) => ({ item, index, key: nameSortKey(nameOf(item)) }))
    .sort((a, b) => compare(a.key, b.key) || a.index - b.index)
    .map(({ item }) => item);
}
