// `yuanjiao uplink resend --since DATE`: send the county hub again what it acknowledged since a day, for a hub
// rebuilt from an older backup (agent/uplink/resend.ts says what is and is not sent again).
import { Command } from 'commander';
import type { Output } from '../program.ts';
import { withDatabase } from '../with-database.ts';
import { CliError } from '../cli-error.ts';
import { readStationSettings } from '../../agent/settings/settings-store.ts';
import { isLocalDate, startOfLocalDay } from '../../agent/clock/local-time.pure.ts';
import { ResendError, resendSince } from '../../agent/uplink/resend.ts';

export function uplinkCommand(io: Output): Command {
  const uplink = new Command('uplink').description('向县级管理平台上报 / reporting to the county hub');
  uplink
    .command('resend')
    .description('把某日以来已上报的记录重新上报（平台用旧备份恢复后）/ send again what was reported since a day (after the hub was restored from an older backup)')
    .requiredOption('--since <YYYY-MM-DD>', '从哪天起（站点当地日期）/ from this day (station-local)')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (o: { since: string; data?: string }) => {
      if (!isLocalDate(o.since)) throw new CliError(`日期格式应为 YYYY-MM-DD，收到 “${o.since}” / date must be YYYY-MM-DD`, 2);
      await withDatabase(o.data, (db) => {
        const zone = readStationSettings(db).timeZone;
        let result;
        try {
          result = resendSince(db, startOfLocalDay(o.since, zone), { now: Date.now(), label: o.since });
        } catch (err) {
          if (err instanceof ResendError) throw new CliError(err.message);
          throw err;
        }
        if (result.total === 0) return io.out(`自 ${o.since} 起没有已上报的记录 / nothing was delivered since ${o.since}`);
        const types = Object.entries(result.byType).map(([type, n]) => `${type} ${n}`).join('，');
        io.out(`已标记 ${result.total} 条记录重新上报（${types}）/ ${result.total} record(s) queued to be sent again`);
        io.out(`  待上报共 ${result.pending} 条；运行中的代理几秒内开始发送，否则在下次启动时 / ${result.pending} waiting: a running agent starts sending within seconds, else at its next start`);
      });
    });
  return uplink;
}
