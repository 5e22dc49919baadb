// Finding names on the check-in screen (kiosk/ui/src/screens/checkin/roster-search.pure.ts): the agent's rule,
// the order of the tiles, and the 拼音首字母 pad's hints.
import { describe, expect, it } from 'vitest';
import { letterHints, matchesName, orderTiles, type SearchableMember } from '../../../kiosk/ui/src/screens/checkin/roster-search.pure.ts';
import { matchesName as agentMatchesName, nameKeys } from '../../../agent/roster/name-search.pure.ts';

const NAMES = ['张三', '张珊', '李四', '王五', '赵敏', '刘洋', '陈静', '杨帆', '黄磊', '周琳', '吴刚', '孙丽', '张三丰', '欧阳娜娜', 'Anna李'];
let nextId = 1;
const member = (name: string, registered = true): SearchableMember => ({ id: nextId++, name, registered, ...nameKeys(name) });
const ROSTER = NAMES.map((n) => member(n, n !== '吴刚'));
const byName = (name: string) => ROSTER.find((m) => m.name === name)!;
const names = (list: readonly SearchableMember[]) => list.map((m) => m.name);

describe('matching a typed query to a name', () => {
  it('finds 张三 and 张珊 for "zs", not 李四', () => {
    const found = ROSTER.filter((m) => matchesName(m.name, m, 'zs')).map((m) => m.name);
    expect(found).toEqual(['张三', '张珊', '张三丰']);
  });

  it('finds by characters, by full pinyin and by its start, ignoring case and spaces', () => {
    const find = (q: string) => ROSTER.filter((m) => matchesName(m.name, m, q)).map((m) => m.name);
    expect(find('张')).toEqual(['张三', '张珊', '张三丰']);
    expect(find('zhangshan')).toEqual(['张珊']);
    expect(find('ZHANG SAN')).toEqual(['张三', '张三丰']);
    expect(find(' LS ')).toEqual(['李四']);
    expect(find('oyn')).toEqual(['欧阳娜娜']);
    expect(find('xyz')).toEqual([]);
    expect(find('')).toHaveLength(NAMES.length);
  });

  it('agrees with the agent’s rule for every name and many queries', () => {
    const queries = ['', 'z', 'zs', 'zsf', 'zh', 'zhang', 'zhangsan', 'l', 'ls', 'li', 'lisi', '三', '张三', 'w', 'wg', 'anna', 'a', 'oy', 'ouyang', 'q', ' Z S '];
    for (const m of ROSTER) {
      for (const q of queries) {
        expect(matchesName(m.name, m, q), `${m.name} / "${q}"`).toBe(agentMatchesName(m.name, nameKeys(m.name), q));
      }
    }
  });
});

describe('the order of the tiles', () => {
  it('puts those still to check in first, registered members before other attendees, then by pinyin', () => {
    const order = names(orderTiles(ROSTER, new Set([byName('陈静').id, byName('黄磊').id]), ''));
    // Registered and waiting, alphabetical by pinyin; then the activist 吴刚; then those already in.
    expect(order).toEqual(['Anna李', '李四', '刘洋', '欧阳娜娜', '孙丽', '王五', '杨帆', '张三', '张三丰', '张珊', '赵敏', '周琳', '吴刚', '陈静', '黄磊']);
  });

  it('shows only matches for a query, an exact match first and the checked-in one last', () => {
    expect(names(orderTiles(ROSTER, new Set(), 'zs'))).toEqual(['张三', '张珊', '张三丰']);
    expect(names(orderTiles(ROSTER, new Set(), 'zsf'))).toEqual(['张三丰']);
    expect(names(orderTiles(ROSTER, new Set([byName('张三').id]), 'zs'))).toEqual(['张珊', '张三丰', '张三']);
    // "zhangsan" is 张三 exactly and the start of 张三丰.
    expect(names(orderTiles(ROSTER, new Set(), 'zhangsan'))).toEqual(['张三', '张三丰']);
  });
});

describe('the 拼音首字母 pad', () => {
  it('shows on each letter the surnames it stands for, the commonest first, and dims letters that find nobody', () => {
    const hints = letterHints(ROSTER, new Set(), '');
    expect(hints.z).toEqual({ leads: true, chars: '张赵' });
    expect(hints.l).toEqual({ leads: true, chars: '李刘' });
    expect(hints.o).toEqual({ leads: true, chars: '欧' });
    // "Anna李" is found by its pinyin but its initials are not one letter a character.
    expect(hints.a).toEqual({ leads: true, chars: '' });
    expect(hints.x).toEqual({ leads: false, chars: '' });
  });

  it('after a letter, shows the next characters', () => {
    const hints = letterHints(ROSTER, new Set(), 'z');
    expect(hints.s).toEqual({ leads: true, chars: '三珊' });
    expect(hints.m).toEqual({ leads: true, chars: '敏' });
    // "zh" is the start of zhang, zhao and zhou: it leads on, though no second initial is h.
    expect(hints.h).toEqual({ leads: true, chars: '' });
    expect(hints.q?.leads).toBe(false);
  });

  it('leaves out people already checked in', () => {
    const hints = letterHints(ROSTER, new Set([byName('李四').id, byName('刘洋').id]), '');
    expect(hints.l).toEqual({ leads: false, chars: '' });
  });
});

describe('surnames and polyphonic characters', () => {
  const roster = ['曾国华', '单雄信', '解放', '仇大海', '查良镛', '区家明', '朴正熙', '长孙无忌', '乐乐'].map((n) => member(n));
  const find = (q: string) => roster.filter((m) => matchesName(m.name, m, q)).map((m) => m.name);

  it('reads a surname as a surname: 曾 zeng, 单 shan, 解 xie, 仇 qiu, 查 zha, 区 ou, 朴 piao', () => {
    expect(nameKeys('曾国华')).toMatchObject({ initials: 'zgh', pinyin: 'zengguohua' });
    expect(find('zgh')).toEqual(['曾国华']);
    expect(find('shanxiong')).toEqual(['单雄信']);
    expect(find('xief')).toEqual(['解放']);
    expect(find('qiuda')).toEqual(['仇大海']);
    expect(find('zly')).toEqual(['查良镛']);
    expect(find('oujia')).toEqual(['区家明']);
    expect(find('piaoz')).toEqual(['朴正熙']);
    expect(find('zswj')).toEqual(['长孙无忌']);
  });

  it('finds a name by any reading of its characters, as people type the one they know', () => {
    expect(find('cgh')).toEqual(['曾国华']);
    expect(find('dxx')).toEqual(['单雄信']);
    expect(find('jief')).toEqual(['解放']);
    expect(find('chouda')).toEqual(['仇大海']);
    expect(find('ll')).toEqual(['乐乐']);
    expect(find('yueyue')).toEqual(['乐乐']);
  });

  it('the letter pad shows a surname under its surname reading only (曾 on Z, not C), and the agent agrees on every query', () => {
    const hints = letterHints(roster, new Set(), '');
    expect(hints.z!.leads).toBe(true);
    expect(hints.z!.chars).toContain('曾');
    expect(hints.c!.chars).not.toContain('曾');
    for (const m of roster) for (const q of ['z', 'zg', 'c', 'cg', 'd', 's', 'x', 'j', 'l', 'y', 'yl']) expect(matchesName(m.name, m, q), `${m.name} / ${q}`).toBe(agentMatchesName(m.name, nameKeys(m.name), q));
  });
});
