// `yuanjiao log`: the station management log (站点管理日志).
import { Command } from 'commander';
import type { Output } from '../program.ts';
import { withDatabase } from '../with-database.ts';
import { CliError } from '../cli-error.ts';
import { queryStationLog, LOG_TYPES, type LogType } from '../../agent/stationlog/station-log.ts';
import { readStationSettings } from '../../agent/settings/settings-store.ts';
import { isLocalDate, localDateTimeOf, startOfLocalDay } from '../../agent/clock/local-time.pure.ts';

export function logCommand(io: Output): Command {
  return new Command('log')
    .description('站点管理日志 / the station log')
    .option('--since <YYYY-MM-DD>', '从哪天起 / from this date')
    .option('--type <type>', `类型 / type: ${LOG_TYPES.join(', ')}`)
    .option('--json', '输出 JSON / print JSON')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (o: { since?: string; type?: string; json?: boolean; data?: string }) => {
      if (o.since !== undefined && !isLocalDate(o.since)) throw new CliError(`日期格式应为 YYYY-MM-DD，收到 “${o.since}” / date must be YYYY-MM-DD`, 2);
      if (o.type !== undefined && !(LOG_TYPES as readonly string[]).includes(o.type)) throw new CliError(`未知类型 “${o.type}”，可用：${LOG_TYPES.join('、')} / unknown type`, 2);
      await withDatabase(o.data, (db) => {
        const zone = readStationSettings(db).timeZone;
        const entries = queryStationLog(db, {
          ...(o.since ? { since: startOfLocalDay(o.since, zone) } : {}),
          ...(o.type ? { type: o.type as LogType } : {}),
        });
        if (o.json) return io.out(JSON.stringify(entries, null, 2));
        for (const e of entries) io.out(`${localDateTimeOf(e.at, zone)}  ${e.type.padEnd(8)} ${e.actor.padEnd(6)} ${e.message}`);
        io.out(`共 ${entries.length} 条 / ${entries.length} entries`);
      });
    });
}
