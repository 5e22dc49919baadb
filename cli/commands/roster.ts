// `yuanjiao roster`: import the roster from CSV/XLSX, list it, and excuse a member for a month (请假).
import { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import type { Output } from '../program.ts';
import { withDatabase } from '../with-database.ts';
import { CliError } from '../cli-error.ts';
import { importRoster } from '../../agent/roster/roster-import.ts';
import { MAX_ROSTER_FILE_BYTES, fileTooLarge } from '../../agent/roster/roster-limits.pure.ts';
import { MemberStore, RosterError } from '../../agent/roster/member-store.ts';
import { stationRefusalText } from '../station-refusal-texts.ts';
import { oneLine } from '../../protocol/refusals/bilingual.pure.ts';
import { rowProblemText } from '../../protocol/refusals/roster-row-texts.pure.ts';
import { GENDER_LABELS, MEMBER_CATEGORY_LABELS, isActiveOn } from '../../agent/roster/categories.pure.ts';
import { readStationSettings } from '../../agent/settings/settings-store.ts';
import { localDateOf } from '../../agent/clock/local-time.pure.ts';
import { renderTable } from '../table.ts';
import { clearExcusal, excuse } from '../../agent/roster/excusals.ts';
import { loadNameOrder, nameOrderOf, orderLoadedRoster } from '../../agent/roster/roster-order.ts';
import { isMonth } from '../../agent/clock/local-time.pure.ts';
import { addFlowCommands } from './roster-flow.ts';

export function rosterCommand(io: Output): Command {
  const roster = new Command('roster').description('党员名册 / the roster');

  roster
    .command('import')
    .description('导入名册（CSV: UTF-8 或 GBK；XLSX）/ import a roster file')
    .argument('<file>', 'CSV 或 XLSX 文件 / CSV or XLSX file')
    .option('--skip-invalid', '跳过有错误的行，导入其余 / import the valid rows, report the rest')
    .option('--confirm', '确认更正已打印、导出或上报月份的记录 / agree to change records of months already printed, exported or reported')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (file: string, opts: { skipInvalid?: boolean; confirm?: boolean; data?: string }) => {
      // The same path as the admin screen's import (the reader's worker, its caps, one transaction); a file past
      // the size cap is refused before it is read into memory.
      const size = fs.statSync(file).size;
      if (size > MAX_ROSTER_FILE_BYTES) throw new CliError(fileTooLarge(path.basename(file), size).message);
      const bytes = fs.readFileSync(file);
      await withDatabase(opts.data, async (db) => {
        const result = await importRoster(db, bytes, path.basename(file), { skipInvalid: opts.skipInvalid === true, confirm: opts.confirm === true, actor: 'cli', at: Date.now() }).catch(
          (err: unknown) => {
            if (err instanceof RosterError && err.code === 'history_confirm_needed') {
              throw new CliError(`${err.zh}。未导入任何数据；如确需更正，请加 --confirm 重新导入 / ${err.en}; nothing was imported: run again with --confirm to correct them`);
            }
            throw err;
          },
        );
        for (const e of result.invalid) {
          const rows = e.lastRowNumber === undefined ? `第 ${e.rowNumber} 行 / row ${e.rowNumber}` : `第 ${e.rowNumber}–${e.lastRowNumber} 行 / rows ${e.rowNumber}–${e.lastRowNumber}`;
          io.err(`  ${rows}: ${oneLine(rowProblemText(e, e.field))}`);
        }
        if (result.moreProblems > 0) io.err(`  另有 ${result.moreProblems} 处问题未列出 / ${result.moreProblems} more problem(s) not listed`);
        if (!result.written && result.invalidRows > 0) {
          throw new CliError(`名册有 ${result.invalidRows} 行有误，未导入任何数据；改正后重试，或加 --skip-invalid 只导入正确的行 / ${result.invalidRows} row(s) with problems: nothing was imported`);
        }
        io.out(`已导入 ${path.basename(file)}（${result.format}）：新增 ${result.created}，更新 ${result.updated}，未变 ${result.unchanged}${result.invalidRows ? `，跳过 ${result.invalidRows} 行` : ''}`);
        io.out(`imported: ${result.created} new, ${result.updated} updated, ${result.unchanged} unchanged${result.invalidRows ? `, ${result.invalidRows} row(s) skipped` : ''}`);
      });
    });

  roster
    .command('excuse')
    .description('登记请假（或用 --clear 取消）；已打印、导出或上报的月份须加 --confirm / excuse a member for a month (or --clear); a month already issued needs --confirm')
    .requiredOption('--member <id>', '党员编号（见 yuanjiao roster list）/ the member id')
    .requiredOption('--month <YYYY-MM>', '月份 / the month')
    .option('--reason <text>', '请假原因 / the reason')
    .option('--clear', '取消该月请假 / take the excusal back')
    .option('--confirm', '确认更正已打印、导出或上报月份的记录 / agree to change records of a month already issued')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (o: { member: string; month: string; reason?: string; clear?: boolean; confirm?: boolean; data?: string }) => {
      const memberId = Number(o.member);
      if (!Number.isInteger(memberId) || memberId < 1) throw new CliError(`党员编号应为正整数，收到 “${o.member}” / --member must be a member id`, 2);
      if (!isMonth(o.month)) throw new CliError(`月份格式应为 YYYY-MM，收到 “${o.month}” / month must be YYYY-MM`, 2);
      if ((o.clear === true) === (o.reason !== undefined)) throw new CliError('请给出 --reason 或 --clear 之一 / give either --reason or --clear', 2);
      await withDatabase(o.data, (db) => {
        const options = { confirm: o.confirm === true, actor: 'cli', at: Date.now() };
        try {
          if (o.clear) {
            const had = clearExcusal(db, memberId, o.month, options);
            io.out(had ? `已取消 ${o.month} 请假 / excusal withdrawn` : `该党员 ${o.month} 未请假，未做改动 / not excused that month; nothing changed`);
          } else {
            excuse(db, memberId, o.month, o.reason!, options);
            io.out(`已登记 ${o.month} 请假 / excused for ${o.month}`);
          }
        } catch (err) {
          if (err instanceof RosterError && err.code === 'history_confirm_needed') {
            // The refusal as data (an excusal of an issued month): said from the CLI's catalogue, which names --confirm.
            throw new CliError(`${stationRefusalText({ code: err.code, params: err.params })}（未做任何改动 / nothing was changed）`);
          }
          if (err instanceof RosterError) {
            const said = stationRefusalText({ code: err.code, params: err.params });
            throw new CliError(said, err.code === 'member_not_found' || err.code === 'flow_member_not_found' || err.code === 'ledger_entry_not_found' ? 1 : 2);
          }
          throw err;
        }
      });
    });

  roster
    .command('list')
    .description('列出名册 / list the roster')
    .option('--json', '输出 JSON / print JSON')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (opts: { json?: boolean; data?: string }) => {
      // In the station's name order (设置 › 名单排序), within each branch, as the admin screen lists it.
      await loadNameOrder();
      await withDatabase(opts.data, (db) => {
        const members = orderLoadedRoster(new MemberStore(db).list(), nameOrderOf(db));
        if (opts.json) return io.out(JSON.stringify(members, null, 2));
        const today = localDateOf(Date.now(), readStationSettings(db).timeZone);
        io.out(
          renderTable(
            ['编号', '姓名', '性别', '类别', '困难党员', '支部', '卡号', '手机号', '在册'],
            members.map((m) => [
              String(m.id),
              m.name,
              m.gender ? GENDER_LABELS[m.gender].zh : '',
              MEMBER_CATEGORY_LABELS[m.category].zh,
              m.hardship ? '是' : '',
              m.branch ?? '',
              m.cardUid ?? '',
              m.phone ?? '',
              isActiveOn(m, today) ? '是' : '否',
            ]),
          ),
        );
        io.out(`共 ${members.length} 人 / ${members.length} on the roster`);
      });
    });
  addFlowCommands(roster, io);
  return roster;
}
