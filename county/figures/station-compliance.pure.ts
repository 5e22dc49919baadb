// A station's compliance ahead of time (达标进度) as the hub shows it: the station's own judgement of its month
// (its month_summary's `compliance`: viewings still needed, minutes, missed fixed study days — agent/reports/
// compliance-ahead.pure.ts defines it), in one sentence for the station page and its exports. Pure.
import type { MonthSummaryBody } from '../../protocol/event-bodies.pure.ts';

export type StationCompliance = NonNullable<MonthSummaryBody['compliance']>;

/** "本月还需组织 1 次集中收看，已学习 45 / 120 分钟；固定学习日 5日 未组织收看"; null when the station said nothing. */
export function stationComplianceText(c: StationCompliance | null, studyMinutes: number | null, lang: 'zh-CN' | 'en'): string | null {
  if (c === null) return null;
  const zh = lang === 'zh-CN';
  const parts: string[] = [];
  if (c.state === 'over') parts.push(zh ? (c.met ? '本月已达标' : '本月未达标') : c.met ? 'Month met' : 'Month not met');
  if (c.viewingsStillNeeded > 0) {
    parts.push(
      c.state === 'over'
        ? zh ? `少组织 ${c.viewingsStillNeeded} 次集中收看` : `${c.viewingsStillNeeded} group viewing(s) short`
        : zh ? `本月还需组织 ${c.viewingsStillNeeded} 次集中收看` : `${c.viewingsStillNeeded} more group viewing(s) needed`,
    );
  } else if (c.state !== 'over') {
    parts.push(zh ? '本月集中收看次数已达要求' : 'group viewings met');
  }
  const studied = studyMinutes ?? 0;
  if (c.minutesRequired !== null) parts.push(zh ? `已学习 ${studied} / ${c.minutesRequired} 分钟` : `${studied} / ${c.minutesRequired} minutes studied`);
  if (c.missedFixedDays.length > 0) {
    const days = c.missedFixedDays.map((d) => Number(d.slice(8, 10)));
    parts.push(zh ? `固定学习日 ${days.map((d) => `${d}日`).join('、')} 未组织收看` : `fixed study day(s) ${days.join(', ')} missed`);
  }
  const [first, ...rest] = parts;
  return rest.length === 0 ? (first ?? '') : `${first}${zh ? '，' : ', '}${rest.join(zh ? '；' : '; ')}`;
}
