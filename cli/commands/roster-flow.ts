// `yuanjiao roster flow-in | flow-out | return | ledger`: the mobile-member ledger (流动党员台帐) from the
// command line — the same rules as the admin screen (agent/roster/mobile-flow.ts): an entry is never edited, a
// wrong one is corrected with --corrects N; a roster change that alters months already reported asks --confirm.
import { Option, type Command } from 'commander';
import type { Output } from '../program.ts';
import { withDatabase } from '../with-database.ts';
import { CliError } from '../cli-error.ts';
import { RosterError } from '../../agent/roster/member-store.ts';
import { GENDERS, type Gender } from '../../agent/roster/categories.pure.ts';
import { recordFlow, type FlowRequest } from '../../agent/roster/mobile-flow.ts';
import { FLOW_KIND_LABELS, MobileLedgerStore, type FlowKind } from '../../agent/roster/mobile-ledger-store.ts';
import { readStationSettings } from '../../agent/settings/settings-store.ts';
import { localDateOf, localDateTimeOf } from '../../agent/clock/local-time.pure.ts';
import { renderTable } from '../table.ts';

interface FlowOptions {
  date: string;
  org: string;
  contact?: string;
  certificate?: string;
  note?: string;
  corrects?: string;
  confirm?: boolean;
  data?: string;
  name?: string;
  gender?: Gender;
  branch?: string;
  phone?: string;
}

function positiveId(value: string, what: string): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id < 1) throw new CliError(`${what}应为正整数，收到“${value}” / ${what} must be a positive integer`, 2);
  return id;
}

function withCommonOptions(command: Command, orgText: string): Command {
  return command
    .requiredOption('--date <YYYY-MM-DD>', '流动日期 / date of the flow')
    .requiredOption('--org <name>', orgText)
    .option('--contact <text>', '联系方式 / contact')
    .option('--certificate <no>', '流动党员活动证号 / mobile-member certificate number')
    .option('--note <text>', '备注 / note')
    .option('--corrects <entry>', '更正台帐中的第 N 条（原条目保留）/ correct ledger entry N (it stays as it was)')
    .option('--confirm', '确认更正已打印、导出或上报月份的记录 / agree to change records of months already printed, exported or reported')
    .option('--data <dir>', '数据目录 / data directory');
}

async function record(io: Output, kind: FlowKind, o: FlowOptions, who: Pick<FlowRequest, 'memberId' | 'person'>): Promise<void> {
  await withDatabase(o.data, (db) => {
    const at = Date.now();
    const zone = readStationSettings(db).timeZone;
    const request: FlowRequest = {
      kind,
      date: o.date,
      organisation: o.org,
      contact: o.contact ?? null,
      certificateNo: o.certificate ?? null,
      note: o.note ?? null,
      ...who,
      ...(o.corrects === undefined ? {} : { corrects: positiveId(o.corrects, '--corrects') }),
    };
    try {
      const entry = recordFlow(db, request, { confirm: o.confirm === true, actor: 'cli', at, zone, today: localDateOf(at, zone) });
      io.out(`已登记第 ${entry.id} 条：${entry.memberName} ${entry.date} ${FLOW_KIND_LABELS[entry.kind].zh}（${entry.organisation}）`);
      io.out(`ledger entry ${entry.id}: ${entry.memberName} ${entry.date} ${kind} (member ${entry.memberId})`);
    } catch (err) {
      if (err instanceof RosterError && err.code === 'history_confirm_needed') {
        throw new CliError(`${err.zh}。未登记；如确需更正，请加 --confirm 重试 / ${err.en}; nothing was recorded: run again with --confirm`);
      }
      throw err;
    }
  });
}

export function addFlowCommands(roster: Command, io: Output): void {
  withCommonOptions(roster.command('flow-in').description('登记流入党员（加入名册，类别为流入党员）/ record a member flowing in'), '来自的党组织 / organisation they come from')
    .requiredOption('--name <name>', '姓名 / name')
    .addOption(new Option('--gender <gender>', '性别 / gender').choices([...GENDERS]))
    .option('--branch <branch>', '所在支部 / branch')
    .option('--phone <phone>', '手机号 / phone')
    .action((o: FlowOptions) => record(io, 'flow_in', o, { person: { name: o.name!, gender: o.gender ?? null, branch: o.branch ?? null, phone: o.phone ?? null } }));

  withCommonOptions(roster.command('flow-out').description('登记党员流出（自流出日起不在册）/ record a member flowing out').argument('<member>', '党员编号 / member id'), '流入地党组织 / organisation they go to')
    .action((member: string, o: FlowOptions) => record(io, 'flow_out', o, { memberId: positiveId(member, '党员编号') }));

  withCommonOptions(
    roster.command('return').description('登记返回：流入党员返回原组织，或流出党员回到本站 / record a return').argument('<member>', '党员编号 / member id'),
    '返回的原党组织或从何处返回 / organisation returned to or from',
  ).action((member: string, o: FlowOptions) => record(io, 'return', o, { memberId: positiveId(member, '党员编号') }));

  roster
    .command('ledger')
    .description('列出流动党员台帐 / list the mobile-member ledger')
    .option('--year <YYYY>', '年份 / year')
    .option('--json', '输出 JSON / print JSON')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (o: { year?: string; json?: boolean; data?: string }) => {
      if (o.year !== undefined && !/^\d{4}$/.test(o.year)) throw new CliError(`--year 应写成 YYYY，收到“${o.year}” / --year must be YYYY`, 2);
      await withDatabase(o.data, (db) => {
        const entries = new MobileLedgerStore(db).list(o.year === undefined ? {} : { year: o.year });
        if (o.json) return io.out(JSON.stringify(entries, null, 2));
        const zone = readStationSettings(db).timeZone;
        io.out(
          renderTable(
            ['编号', '日期', '类型', '姓名', '党组织', '联系方式', '活动证号', '备注', '登记人', '登记时间'],
            entries.map((e) => [
              String(e.id),
              e.date,
              FLOW_KIND_LABELS[e.kind].zh,
              e.memberName,
              e.organisation,
              e.contact ?? '',
              e.certificateNo ?? '',
              [e.note ?? '', e.corrects === null ? '' : `更正第 ${e.corrects} 条`, e.correctedBy === null ? '' : `已由第 ${e.correctedBy} 条更正`].filter(Boolean).join('；'),
              e.enteredBy,
              localDateTimeOf(e.enteredAt, zone),
            ]),
          ),
        );
        io.out(`共 ${entries.length} 条 / ${entries.length} entries`);
      });
    });
}
