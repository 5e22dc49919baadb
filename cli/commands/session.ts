// `yuanjiao session list`: the sessions (showings that ran) of a month, to find the id for check-in.
import { Command } from 'commander';
import type { Output } from '../program.ts';
import { withDatabase } from '../with-database.ts';
import { CliError } from '../cli-error.ts';
import { SessionStore } from '../../agent/sessions/session-store.ts';
import { sessionView } from '../../agent/sessions/session-view.ts';
import { readStationSettings } from '../../agent/settings/settings-store.ts';
import { isMonth, localDateOf, localDateTimeOf, monthBounds, monthOf } from '../../agent/clock/local-time.pure.ts';
import { renderTable } from '../table.ts';
import { formatRate } from './report.ts';

const STATUS_LABELS = { checkin: '签到中', playing: '播放中', ended: '已结束', cancelled: '已取消' } as const;

export function sessionCommand(io: Output): Command {
  const cmd = new Command('session').description('收看场次 / sessions');
  cmd
    .command('list')
    .description('列出某月的收看场次 / list a month\'s sessions')
    .option('--month <YYYY-MM>', '月份，默认本月 / month, default this month')
    .option('--json', '输出 JSON / print JSON')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (o: { month?: string; json?: boolean; data?: string }) => {
      await withDatabase(o.data, (db) => {
        const zone = readStationSettings(db).timeZone;
        const now = Date.now();
        const month = o.month ?? monthOf(localDateOf(now, zone));
        if (!isMonth(month)) throw new CliError(`月份格式应为 YYYY-MM，收到 “${month}” / month must be YYYY-MM`, 2);
        const { from, to } = monthBounds(month, zone);
        const views = new SessionStore(db).between(from, to).map((s) => sessionView(db, s, now));
        if (o.json) return io.out(JSON.stringify(views, null, 2));
        io.out(
          renderTable(
            ['编号', '节目', '时间', '状态', '签到', '应到/实到', '参学率'],
            views.map((v) => [
              String(v.session.id),
              v.session.title,
              localDateTimeOf(v.session.scheduledStart, zone),
              STATUS_LABELS[v.session.status],
              v.window === 'open' ? '开放' : v.window === 'not_open' ? '未开始' : '已结束',
              v.session.kind === 'group_viewing' ? `${v.figures.registered}/${v.figures.attendedRegistered}` : '—',
              v.session.kind === 'group_viewing' ? formatRate(v.figures.rate) : '—',
            ]),
          ),
        );
      });
    });
  return cmd;
}
