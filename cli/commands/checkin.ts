// `yuanjiao checkin`: record a check-in from the terminal (for a member, a card, or a guest).
import { Command, Option } from 'commander';
import type { Output } from '../program.ts';
import { withDatabase } from '../with-database.ts';
import { CliError, parseId } from '../cli-error.ts';
import { checkIn, type CheckinBy, type CheckinOutcome } from '../../agent/attendance/checkin.ts';
import { GUEST_CATEGORIES, type GuestCategory } from '../../agent/roster/categories.pure.ts';

export function checkinCommand(io: Output): Command {
  return new Command('checkin')
    .description('签到 / check in to a group viewing')
    .requiredOption('--session <id>', '收看场次编号（见 yuanjiao session list）/ session id')
    .option('--member <id>', '党员编号 / member id')
    .option('--card <uid>', '卡号 / card UID')
    .option('--guest <name>', '来宾姓名 / guest name')
    .addOption(new Option('--category <category>', '来宾类别 / guest category').choices([...GUEST_CATEGORIES]))
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (o: { session: string; member?: string; card?: string; guest?: string; category?: GuestCategory; data?: string }) => {
      const given = [o.member, o.card, o.guest].filter((v) => v !== undefined).length;
      if (given !== 1) throw new CliError('请给出且只给出 --member、--card 或 --guest 之一 / give exactly one of --member, --card, --guest', 2);
      let by: CheckinBy;
      if (o.member !== undefined) by = { memberId: parseId(o.member, '党员编号 / member id ') };
      else if (o.card !== undefined) by = { cardUid: o.card };
      else {
        if (!o.category) throw new CliError(`来宾须给出 --category（${GUEST_CATEGORIES.join('、')}）/ a guest needs --category`, 2);
        by = { guest: { name: o.guest!, category: o.category } };
      }
      await withDatabase(o.data, (db) => {
        const outcome = checkIn(db, { sessionId: parseId(o.session, '场次编号 / session id '), by, method: 'cli', actor: 'cli', at: Date.now() });
        io.out(outcomeText(outcome));
      });
    });
}

/** What the terminal prints for a check-in: the outcome in the CLI's words, Chinese then English. */
export function outcomeText(outcome: Pick<CheckinOutcome, 'status' | 'name' | 'time'> & { attendance: { late: boolean } }): string {
  const { name, time } = outcome;
  if (outcome.status === 'already') return `${name} 已于 ${time} 签到 / already checked in at ${time}`;
  const late = outcome.attendance.late;
  return `${name} 签到成功${late ? '（迟到）' : ''} / checked in${late ? ' (late)' : ''}`;
}
