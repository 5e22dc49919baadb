// `yuanjiao county export monthly|station ID|station-ledger ID`: the county's monthly table, one station's
// monthly report or its mobile-member ledger (流动党员台帐) as
// the file the dashboard downloads (CSV, XLSX, PDF or HTML), straight from the hub's database — whether or
// not the hub is running.
//
// Decided as for the station's `yuanjiao export`: the format is --format or else --out's extension, and an
// existing --out file is never replaced without --force. --format and --lang are checked by the hub's export
// code rather than by commander, so a wrong value is refused in both languages, as in the API.
import { Command, Option } from 'commander';
import type { Output } from '../program.ts';
import { CliError } from '../cli-error.ts';
import type { HubCli } from './county.ts';

interface ExportCliOptions {
  month?: string;
  format?: string;
  lang?: string;
  sort?: string;
  unit?: string;
  year?: string;
  out?: string;
  force?: boolean;
  data?: string;
  db?: string;
}

type HubAction = (fn: (hub: HubCli) => Promise<void> | void) => Promise<void>;

function withCommonOptions(command: Command): Command {
  return command
    .option('--month <YYYY-MM>', '月份，默认本月 / month, this month by default')
    .option('--format <format>', '格式 / format: csv, xlsx, pdf, html（默认取 --out 的扩展名 / default: the --out extension）')
    .option('--lang <lang>', '语言 / language: zh-CN, en（默认 / default zh-CN）')
    .option('--out <file>', '输出文件 / output file')
    .option('--force', '覆盖已有文件 / replace an existing file')
    .option('--data <dir>', '平台数据目录 / hub data directory')
    // As the other county commands that read its records: a hub on PostgreSQL keeps none in its data directory.
    .addOption(new Option('--db <url>', '平台记录在 PostgreSQL 时其地址（postgres://用户@主机/数据库）/ the hub\'s PostgreSQL database, when it keeps its records there').env('YUANJIAO_COUNTY_DB'));
}

function outOf(o: ExportCliOptions): string {
  if (!o.out) throw new CliError('请用 --out 指定输出文件 / give --out FILE', 2);
  return o.out;
}

export function countyExportCommand(io: Output, hubAction: HubAction): Command {
  const exportCommand = new Command('export').description('导出月度汇总表或站点月度报告 / export the monthly table or a station’s monthly report');

  withCommonOptions(exportCommand.command('monthly').description('县级月度汇总表：各站点排名与全县合计 / the county monthly summary: every station ranked, county totals'))
    .option('--sort <figure>', '排名依据 / rank by: participationRate, uptime, sessionsHeld, compliance, name, lastSeenAt, alerts')
    .option('--unit <id>', '只含该单位下的站点，并列出下级单位 / only the stations under this unit, with its units below')
    .action(async (o: ExportCliOptions) => {
      const out = outOf(o);
      await hubAction((hub) => hub.exportDocument({ data: o.data, databaseUrl: o.db, target: { kind: 'monthly' }, month: o.month, format: o.format, lang: o.lang, sort: o.sort, unit: o.unit, out, force: o.force }, io));
    });

  withCommonOptions(exportCommand.command('station').description('站点月度报告：指标与各场集中收看 / a station’s monthly report: figures and each group viewing'))
    .argument('<id>', '站点编号（见 yuanjiao county station list）/ station id')
    .action(async (id: string, o: ExportCliOptions) => {
      const out = outOf(o);
      await hubAction((hub) => hub.exportDocument({ data: o.data, databaseUrl: o.db, target: { kind: 'station', id }, month: o.month, format: o.format, lang: o.lang, out, force: o.force }, io));
    });

  withCommonOptions(exportCommand.command('station-ledger').description('站点流动党员台帐（一年）/ a station’s mobile-member ledger for a year'))
    .argument('<id>', '站点编号（见 yuanjiao county station list）/ station id')
    .option('--year <YYYY>', '年份，默认今年 / year, this year by default')
    .action(async (id: string, o: ExportCliOptions) => {
      const out = outOf(o);
      await hubAction((hub) => hub.exportDocument({ data: o.data, databaseUrl: o.db, target: { kind: 'station-ledger', id }, year: o.year, format: o.format, lang: o.lang, out, force: o.force }, io));
    });

  return exportCommand;
}
