// `yuanjiao weekly list | show | compose | remark | send`: the weekly report (每周一报) from the command line —
// the same rules as the admin screen (agent/weekly-report/): a week is composed once and frozen, remarks are
// appended, sending queues one event however often it is asked.
import { Command } from 'commander';
import type { Output } from '../program.ts';
import { withDatabase } from '../with-database.ts';
import { readStationSettings } from '../../agent/settings/settings-store.ts';
import { localDateTimeOf } from '../../agent/clock/local-time.pure.ts';
import { lastEndedWeek } from '../../common/iso-week.pure.ts';
import { WeeklyReportStore, type StoredWeeklyReport } from '../../agent/weekly-report/weekly-report-store.ts';
import { addRemark, composeWeek, latestRemark, sendWeek, weeklyReport } from '../../agent/weekly-report/weekly-report.ts';
import { sectionLines } from '../../agent/weekly-report/weekly-report.pure.ts';
import { renderTable } from '../table.ts';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

function status(r: StoredWeeklyReport, zone: string): string {
  if (r.sentAt === null) return '未报送 / not sent';
  return `${r.sentBy === 'deadline' ? '截止自动报送 / sent at deadline' : '已报送 / sent'} ${localDateTimeOf(r.sentAt, zone)}`;
}

function printReport(io: Output, r: StoredWeeklyReport, zone: string): void {
  io.out(`${r.snapshot.station.name} 每周一报 ${r.week}（${r.from} 至 ${r.to}）— ${status(r, zone)}`);
  io.out(`生成于 / composed ${r.snapshot.composedAt}`);
  for (const section of r.snapshot.sections) {
    io.out(`\n【${section.title}】`);
    for (const line of sectionLines(section)) io.out(`  ${line}`);
  }
  io.out('\n【管理员备注 / remarks】');
  if (r.remarks.length === 0) io.out('  （无 / none）');
  for (const m of r.remarks) io.out(`  ${localDateTimeOf(m.at, zone)} ${m.actor}：${m.text}`);
}

export function weeklyCommand(io: Output): Command {
  const weekly = new Command('weekly').description('每周一报：生成、备注、报送 / the weekly report: compose, remark, send');

  weekly
    .command('list')
    .description('列出已生成的周报 / list composed weeks')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (o: { data?: string }) => {
      await withDatabase(o.data, (db) => {
        const zone = readStationSettings(db).timeZone;
        const rows = new WeeklyReportStore(db).list().map((r) => [r.week, `${r.from}–${r.to}`, String(r.snapshot.headline.viewingsHeld), pct(r.snapshot.headline.participationRate), pct(r.snapshot.headline.uptime), status(r, zone)]);
        io.out(rows.length === 0 ? '还没有周报 / no weekly reports yet' : renderTable(['周 / week', '日期 / days', '有效收看 / held', '参学率 / rate', '开机率 / uptime', '状态 / status'], rows));
      });
    });

  weekly
    .command('show')
    .description('显示一周的周报（未生成的已结束周会先生成）/ show a week (an ended week is composed first)')
    .option('--week <YYYY-Www>', 'ISO 周，默认上一周 / ISO week, default last week')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (o: { week?: string; data?: string }) => {
      await withDatabase(o.data, (db) => {
        const now = Date.now();
        const zone = readStationSettings(db).timeZone;
        printReport(io, composeWeek(db, o.week ?? lastEndedWeek(now, zone), now, 'cli'), zone);
      });
    });

  weekly
    .command('remark')
    .description('给周报添加备注（追加，数字不变）/ add a remark (appended; the figures stay)')
    .requiredOption('--week <YYYY-Www>', 'ISO 周 / ISO week')
    .requiredOption('--text <text>', '备注 / remark')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (o: { week: string; text: string; data?: string }) => {
      await withDatabase(o.data, (db) => {
        const r = addRemark(db, o.week, o.text, Date.now(), 'cli');
        io.out(`已添加备注（第 ${r.remarks.length} 条）/ remark ${r.remarks.length} added: ${latestRemark(r)}`);
      });
    });

  weekly
    .command('send')
    .description('报送周报到县级平台（只报送一次）/ send the report to the county (once)')
    .requiredOption('--week <YYYY-Www>', 'ISO 周 / ISO week')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (o: { week: string; data?: string }) => {
      await withDatabase(o.data, (db) => {
        const now = Date.now();
        weeklyReport(db, o.week);
        const { sent, report } = sendWeek(db, o.week, now, 'admin', 'cli');
        const zone = readStationSettings(db).timeZone;
        io.out(sent ? `已报送 / sent: ${o.week}` : `${o.week} 已于 ${localDateTimeOf(report.sentAt!, zone)} 报送过，没有再次报送 / already sent; nothing queued again`);
      });
    });

  return weekly;
}
