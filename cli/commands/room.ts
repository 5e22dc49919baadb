// `yuanjiao room add | list | remove`: the room usage register (活动场所使用情况登记) — uses other than viewings
// entered by hand (viewings are registered by themselves); an entry is never edited, a wrong one is removed with
// a reason and stays on the printed register as removed.
import { Command } from 'commander';
import type { Output } from '../program.ts';
import { withDatabase } from '../with-database.ts';
import { CliError } from '../cli-error.ts';
import { readStationSettings } from '../../agent/settings/settings-store.ts';
import { localDateOf, monthBounds } from '../../agent/clock/local-time.pure.ts';
import { addRoomUse, removeRoomUse, roomRegister } from '../../agent/room-use/room-register.ts';
import { SOURCE_LABELS } from '../../agent/room-use/room-use.pure.ts';
import { renderTable } from '../table.ts';

export function roomCommand(io: Output): Command {
  const room = new Command('room').description('活动场所使用情况登记 / the room usage register');

  room
    .command('add')
    .description('登记一次场所使用（集中收看会自动登记）/ register a use of the room (viewings register themselves)')
    .requiredOption('--date <YYYY-MM-DD>', '日期 / date')
    .requiredOption('--from <HH:MM>', '开始时间 / from')
    .requiredOption('--to <HH:MM>', '结束时间 / to')
    .requiredOption('--purpose <text>', '用途 / purpose')
    .option('--organiser <name>', '组织者 / organiser', '')
    .requiredOption('--headcount <n>', '人数 / headcount')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (o: { date: string; from: string; to: string; purpose: string; organiser: string; headcount: string; data?: string }) => {
      await withDatabase(o.data, (db) => {
        const use = addRoomUse(db, { date: o.date, from: o.from, to: o.to, purpose: o.purpose, organiser: o.organiser, headcount: /^\d+$/.test(o.headcount) ? Number(o.headcount) : Number.NaN }, Date.now(), 'cli');
        io.out(`已登记第 ${use.id} 条 / room use ${use.id}: ${use.date} ${use.from}–${use.to} ${use.purpose}（${use.headcount} 人）`);
      });
    });

  room
    .command('remove')
    .description('撤销一条手工登记（原记录保留，标为已撤销）/ remove a hand entry (it stays, marked removed)')
    .argument('<id>', '登记编号 / entry number')
    .option('--reason <text>', '原因 / reason', '')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (id: string, o: { reason: string; data?: string }) => {
      const useId = Number(id);
      if (!Number.isInteger(useId) || useId < 1) throw new CliError(`编号应为正整数，收到“${id}” / the number must be a positive integer`, 2);
      await withDatabase(o.data, (db) => {
        removeRoomUse(db, useId, o.reason, Date.now(), 'cli');
        io.out(`已撤销第 ${useId} 条 / room use ${useId} removed`);
      });
    });

  room
    .command('list')
    .description('列出一个月的场所使用 / list a month of the register')
    .option('--month <YYYY-MM>', '月份，默认本月 / month, default this one')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (o: { month?: string; data?: string }) => {
      if (o.month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(o.month)) throw new CliError(`月份应写成 YYYY-MM，收到“${o.month}” / month must be YYYY-MM`, 2);
      await withDatabase(o.data, (db) => {
        const now = Date.now();
        const zone = readStationSettings(db).timeZone;
        const b = monthBounds(o.month ?? localDateOf(now, zone).slice(0, 7), zone);
        const rows = roomRegister(db, b.firstDay, b.lastDay, now).map((l) => [
          l.useId === null ? '' : String(l.useId),
          l.date,
          `${l.from}–${l.to}`,
          l.purpose,
          l.organiser,
          String(l.headcount),
          SOURCE_LABELS[l.source],
          l.removed ? `已撤销 / removed ${l.removed.at}` : '',
        ]);
        io.out(rows.length === 0 ? '本月没有场所使用记录 / no uses this month' : renderTable(['编号 / id', '日期 / date', '时间 / time', '用途 / purpose', '组织者 / organiser', '人数 / people', '来源 / source', '状态 / status'], rows));
      });
    });

  return room;
}
