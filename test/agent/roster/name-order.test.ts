// The order of names in the station's lists (agent/roster/name-order.ts): 姓氏笔画 by default, full pinyin when
// the roster asks for it.
import { describe, expect, it } from 'vitest';
import { sortByName } from '../../../agent/roster/name-order.ts';

const NAMES = ['王建国', '张伟', '李秀英', '陈志强', '郑长福', '曾国华', '丁一', '马俊杰', '欧阳建国', '张三', '刘桂兰', 'Mary'];

describe('names in 姓氏笔画 order', () => {
  it('sorts by the surname’s strokes as the PRC standard counts them (阝 is two: 陈 7, 郑 8), fewest first', () => {
    expect(sortByName(NAMES, (n) => n)).toEqual(['丁一', '马俊杰', '王建国', '刘桂兰', '陈志强', '李秀英', '张三', '张伟', '欧阳建国', '郑长福', '曾国华', 'Mary']);
  });

  it('keeps one surname together and orders it by the given name’s strokes (张三 before 张伟)', () => {
    const sorted = sortByName(['张伟', '李四', '张三', '李一'], (n) => n);
    expect(sorted).toEqual(['李一', '李四', '张三', '张伟']);
  });

  it('by full pinyin, with the surname read as a surname (曾 zeng after 张 zhang? no: zeng < zhang)', () => {
    expect(sortByName(['张伟', '曾国华', '陈志强', '欧阳建国'], (n) => n, 'pinyin')).toEqual(['陈志强', '欧阳建国', '曾国华', '张伟']);
  });

  it('is stable for equal names and sorts records by a name inside them', () => {
    const rows = [{ id: 1, name: '张三' }, { id: 2, name: '丁一' }, { id: 3, name: '张三' }];
    expect(sortByName(rows, (r) => r.name).map((r) => r.id)).toEqual([2, 1, 3]);
  });
});
