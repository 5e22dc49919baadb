// The monthly report's make-up study (补学) and compliance parts as document pieces: its summary figures, its two
// lists (补学 and 尚未学习) and its note. monthlyReport's own answers, never recomputed. Pure.
import type { MonthlyReport } from '../../reports/monthly-report.ts';
import type { Figure, Section } from '../../../common/documents/document.pure.ts';

export function makeUpFigures(r: MonthlyReport): Figure[] {
  const c = r.compliance;
  return [
    { key: 'compliance_ahead', label: '达标进度', type: 'text', value: c.text },
    { key: 'policy_min_minutes', label: '县级要求学习时长（分钟）', type: 'number', value: c.minutes.required },
    { key: 'missed_fixed_days', label: '未组织收看的固定学习日', type: 'text', value: c.missedFixedDays.length === 0 ? '无' : c.missedFixedDays.join('、') },
    { key: 'make_up_members', label: '补学党员', type: 'integer', value: r.makeUp.members.length },
    { key: 'not_studied', label: '本月尚未学习党员', type: 'integer', value: r.makeUp.notStudied.length },
  ];
}

export function makeUpSections(r: MonthlyReport): Section[] {
  return [
    {
      id: 'make_up',
      title: '补学党员',
      columns: [
        { key: 'name', title: '姓名', type: 'text', width: 14 },
        { key: 'mark', title: '备注', type: 'text', width: 10 },
      ],
      rows: r.makeUp.members.map((m) => ({ name: m.name, mark: '补学' })),
      emptyText: '本月没有补学',
    },
    {
      id: 'not_studied',
      title: '本月尚未学习的在册党员',
      columns: [{ key: 'name', title: '姓名', type: 'text', width: 14 }],
      rows: r.makeUp.notStudied.map((m) => ({ name: m.name })),
      emptyText: '在册党员本月均已学习',
    },
  ];
}

export const MAKE_UP_NOTES = [
  '补学：为本月未参加集中收看的党员安排的补学场次；参加补学的党员计为本月已学习（月参学率），名单标注“补学”；补学场次不计入应组织次数和有效学习时长，也不改变原场次的应到、实到和参学率。',
  '达标进度按站点等级和县级要求（每月集中收看次数、学习时长、固定学习日）判断；固定学习日已过而当天没有计入的集中收看，记为未组织。',
];
