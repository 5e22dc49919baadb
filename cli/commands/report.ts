// `yuanjiao report month`: the monthly figures per docs/domain.md, as a readable summary or JSON.
import { Command } from 'commander';
import type { Output } from '../program.ts';
import { withDatabase } from '../with-database.ts';
import { CliError } from '../cli-error.ts';
import { monthlyReport, withNamesInOrder } from '../../agent/reports/monthly-report.ts';
import { loadNameOrder } from '../../agent/roster/roster-order.ts';
import { isMonth, localDateOf } from '../../agent/clock/local-time.pure.ts';
import { readStationSettings } from '../../agent/settings/settings-store.ts';
import { SITE_GRADE_LABELS } from '../../agent/settings/station-settings.pure.ts';
import { renderTable } from '../table.ts';

export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

export function reportCommand(io: Output): Command {
  const cmd = new Command('report').description('报表 / reports');
  cmd
    .command('month')
    .description('月度参学情况 / monthly participation report')
    .argument('<month>', '月份 YYYY-MM / the month')
    .option('--json', '输出 JSON / print JSON')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (month: string, o: { json?: boolean; data?: string }) => {
      if (!isMonth(month)) throw new CliError(`月份格式应为 YYYY-MM，收到 “${month}” / month must be YYYY-MM`, 2);
      await loadNameOrder();
      await withDatabase(o.data, (db) => {
        const r = withNamesInOrder(db, monthlyReport(db, month, Date.now()));
        if (o.json) return io.out(JSON.stringify(r, null, 2));
        io.out(`${r.station.name}（${SITE_GRADE_LABELS[r.station.grade].zh}）${month} 月度参学情况`);
        io.out(`  组织集中收看 ${r.sessionsHeld} 次，要求 ≥ ${r.sessionsRequired} 次：${r.compliant ? '达标' : '未达标'}`);
        io.out(`  在册党员 ${r.registered} 人（另请假 ${r.excused} 人），参加 ${r.attendedRegistered} 人，月参学率 ${formatRate(r.participationRate)}`);
        io.out(`  来宾 ${r.guests} 人次；有效学习 ${r.studyMinutes} 分钟`);
        const sat = r.satisfaction;
        io.out(`  达标进度：${r.compliance.text}`);
        if (r.makeUp.members.length > 0) io.out(`  补学 ${r.makeUp.members.length} 人：${r.makeUp.members.map((m) => m.name).join('、')}`);
        io.out(`  本月尚未学习 ${r.makeUp.notStudied.length} 人${r.makeUp.notStudied.length > 0 ? `：${r.makeUp.notStudied.map((m) => m.name).join('、')}` : ''}`);
        io.out(`  满意度 ${formatRate(sat.share)}（${sat.answers} 人评价，要求 ≥ ${Math.round(sat.target * 100)}%${sat.meetsTarget === null ? '' : sat.meetsTarget ? '：达到' : '：未达到'}）`);
        const act = r.activities;
        const shortOnes = act.rhythm.filter((l) => l.status === 'short').length;
        io.out(`  支部活动 ${act.held} 次；三会一课${act.rhythm.length === 0 ? '未作要求' : shortOnes === 0 ? '按要求落实' : `有 ${shortOnes} 项未落实`}`);
        if (r.sessions.length > 0) {
          io.out('');
          io.out(
            renderTable(
              ['编号', '节目', '日期', '是否计入', '应到', '实到', '参学率', '来宾'],
              r.sessions.map((s) => [String(s.id), s.makeUp ? `${s.programTitle}（补学）` : s.programTitle, s.date, s.held ? '是' : '否', String(s.registered), String(s.attendedRegistered), formatRate(s.rate), String(s.guests)]),
            ),
          );
        }
      });
    });
  cmd
    .command('not-studied')
    .description('本月尚未学习的在册党员（可安排补学）/ registered members who have not studied in the month yet')
    .option('--month <month>', '月份 YYYY-MM（默认本月）/ the month (default: this month)')
    .option('--json', '输出 JSON / print JSON')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (o: { month?: string; json?: boolean; data?: string }) => {
      if (o.month !== undefined && !isMonth(o.month)) throw new CliError(`月份格式应为 YYYY-MM，收到 “${o.month}” / month must be YYYY-MM`, 2);
      await loadNameOrder();
      await withDatabase(o.data, (db) => {
        const now = Date.now();
        const month = o.month ?? localDateOf(now, readStationSettings(db).timeZone).slice(0, 7);
        const r = withNamesInOrder(db, monthlyReport(db, month, now));
        if (o.json) return io.out(JSON.stringify({ month, notStudied: r.makeUp.notStudied, makeUp: r.makeUp.members, compliance: r.compliance }, null, 2));
        io.out(`${month} 尚未学习 ${r.makeUp.notStudied.length} 人 / not studied yet: ${r.makeUp.notStudied.length}`);
        for (const m of r.makeUp.notStudied) io.out(`  ${m.name}`);
        if (r.makeUp.members.length > 0) io.out(`已补学 / made up: ${r.makeUp.members.map((m) => m.name).join('、')}`);
        io.out(`达标进度 / compliance: ${r.compliance.text}`);
      });
    });
  return cmd;
}
