// Finding a name on the check-in screen: the agent's matching rule, the order of the tiles, and what each
// letter key would lead to. Pure, so it is tested without a browser.

export interface NameReading {
  /** Pinyin initials, lower case: 张三 → "zs". */
  initials: string;
  /** Full pinyin without tones, lower case: 张三 → "zhangsan". */
  pinyin: string;
}

export interface NameKeys extends NameReading {
  /** The name's other readings (polyphonic characters read each way): 曾国华 is found by "zgh" and by "cgh". */
  alternates?: readonly NameReading[];
}

const readingsOf = (keys: NameKeys): readonly NameReading[] => (keys.alternates?.length ? [keys, ...keys.alternates] : [keys]);

export interface SearchableMember extends NameKeys {
  id: number;
  name: string;
  registered: boolean;
  /** The roster's order (姓氏笔画, worked out by the agent); without it, pinyin. */
  order?: number;
}

export const LETTERS = 'abcdefghijklmnopqrstuvwxyz'.split('');

export function normalizeQuery(query: string): string {
  return query.trim().toLowerCase().replace(/\s+/g, '');
}

/**
 * The same rule as agent/roster/name-search.pure.ts (matchesName), so the screen finds whom the agent would:
 * by characters of the name, by the start of the initials, or by the start of the full pinyin.
 */
export function matchesName(name: string, keys: NameKeys, query: string): boolean {
  const q = normalizeQuery(query);
  if (q === '') return true;
  return name.includes(q) || readingsOf(keys).some((r) => r.initials.startsWith(q) || r.pinyin.startsWith(q));
}

/** A member whose initials or pinyin are exactly what was typed comes before one it merely starts. */
function exact(m: NameKeys & { name: string }, q: string): boolean {
  return q !== '' && (m.name === q || readingsOf(m).some((r) => r.initials === q || r.pinyin === q));
}

/**
 * The tiles to show for a query, in order: those still to check in before those already in; then exact
 * matches; then registered members (在册党员) before other attendees on the roster; then in the roster's order
 * (姓氏笔画, as official name lists are), so a remote user can guess where a name sits.
 */
export function orderTiles<M extends SearchableMember>(members: readonly M[], checkedIn: ReadonlySet<number>, query: string): M[] {
  const q = normalizeQuery(query);
  const rank = (m: M) => [checkedIn.has(m.id) ? 1 : 0, exact(m, q) ? 0 : 1, m.registered ? 0 : 1] as const;
  return members
    .filter((m) => matchesName(m.name, m, q))
    .map((m) => ({ m, r: rank(m) }))
    .sort((a, b) => a.r[0] - b.r[0] || a.r[1] - b.r[1] || a.r[2] - b.r[2] || (a.m.order ?? 0) - (b.m.order ?? 0) || a.m.pinyin.localeCompare(b.m.pinyin) || a.m.name.localeCompare(b.m.name, 'zh-CN') || a.m.id - b.m.id)
    .map(({ m }) => m);
}

export interface LetterHint {
  /** Whether typing this letter next still finds someone who has not checked in. */
  leads: boolean;
  /** The characters this letter stands for next among them (Z → 张赵), at most `max`. */
  chars: string;
}

/**
 * What each letter key of the on-screen pad would do next: the 拼音首字母 grid. People who do not know
 * pinyin well see 张 on the Z key; keys that lead nowhere are dimmed.
 */
export function letterHints(members: readonly SearchableMember[], checkedIn: ReadonlySet<number>, query: string, max = 2): Record<string, LetterHint> {
  const q = normalizeQuery(query);
  // In pinyin order, so that among characters as common as each other 赵 comes before 周, as on the tiles.
  const waiting = members.filter((m) => !checkedIn.has(m.id)).sort((a, b) => a.pinyin.localeCompare(b.pinyin));
  const hints: Record<string, LetterHint> = {};
  for (const letter of LETTERS) {
    const next = q + letter;
    const leads = waiting.some((m) => matchesName(m.name, { initials: m.initials, pinyin: m.pinyin }, next));
    const counts = new Map<string, number>();
    for (const m of waiting) {
      // Initials map one to one onto the characters only for an all-Chinese name. The pad shows the usual
      // reading only (曾 on Z): every dictionary reading would light keys for archaic ones (孙 on X).
      if (m.initials.length !== m.name.length || !m.initials.startsWith(next)) continue;
      const char = m.name.charAt(q.length);
      counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    // The commonest first (the surname half the village shares), then in pinyin order (Map keeps it).
    const chars = [...counts].sort((a, b) => b[1] - a[1]).slice(0, max).map(([c]) => c);
    hints[letter] = { leads, chars: chars.join('') };
  }
  return hints;
}
