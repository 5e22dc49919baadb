// `yuanjiao program`: add, list (with the next showings) and remove scheduled programs.
import { Command, Option } from 'commander';
import type { Output } from '../program.ts';
import { withDatabase } from '../with-database.ts';
import { CliError, parseId } from '../cli-error.ts';
import { ProgramStore, PROGRAM_KIND_LABELS, MAX_CLOSES_AFTER_MIN, MAX_OPENS_BEFORE_MIN, type ProgramKind } from '../../agent/programs/program-store.ts';
import { describeRule, nextOccurrences, type RecurrenceRule, type Weekday } from '../../agent/programs/recurrence.pure.ts';
import { readStationSettings } from '../../agent/settings/settings-store.ts';
import { appendStationLog } from '../../agent/stationlog/station-log.ts';
import { localDateTimeOf } from '../../agent/clock/local-time.pure.ts';
import { renderTable } from '../table.ts';

const WEEKDAY_WORDS: Record<string, Weekday> = {
  一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7,
  mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7,
};

export function parseWeekdays(text: string): Weekday[] {
  return text.split(/[,，、\s]+/).filter(Boolean).map((part) => {
    const key = part.toLowerCase().replace(/^(周|星期)/, '').slice(0, 3);
    const n = /^[1-7]$/.test(key) ? (Number(key) as Weekday) : WEEKDAY_WORDS[key];
    if (n === undefined) throw new CliError(`无法识别星期 “${part}”，请用 1–7（1=周一）或 一…日 / unknown weekday "${part}": use 1-7 (1 = Monday)`, 2);
    return n;
  });
}

function minutes(value: string, flag: string, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > max) throw new CliError(`${flag} 应为 0–${max} 的整数（分钟），收到 “${value}” / ${flag} must be whole minutes 0-${max}`, 2);
  return n;
}

interface AddOptions {
  course: string;
  title?: string;
  kind: 'group' | 'background';
  once?: string;
  daily?: boolean;
  weekly?: string;
  monthly?: string;
  time: string;
  from?: string;
  until?: string;
  except?: string;
  openBefore?: string;
  closeAfter?: string;
  notes?: string;
  makeUp?: boolean;
  data?: string;
}

export function ruleFromOptions(o: AddOptions): RecurrenceRule {
  const chosen = [o.once !== undefined, o.daily === true, o.weekly !== undefined, o.monthly !== undefined].filter(Boolean).length;
  if (chosen !== 1) throw new CliError('请选择且只选择一种重复方式：--once 日期、--daily、--weekly 星期 或 --monthly 日 / choose exactly one of --once, --daily, --weekly, --monthly', 2);
  const range = {
    ...(o.from ? { from: o.from } : {}),
    ...(o.until ? { until: o.until } : {}),
    ...(o.except ? { except: o.except.split(/[,，\s]+/).filter(Boolean) } : {}),
  };
  if (o.once !== undefined) {
    if (o.from || o.until || o.except) throw new CliError('--once 不能与 --from/--until/--except 同用 / --once takes no date range', 2);
    return { type: 'once', date: o.once, time: o.time };
  }
  if (o.daily) return { type: 'daily', time: o.time, ...range };
  if (o.weekly !== undefined) return { type: 'weekly', days: parseWeekdays(o.weekly), time: o.time, ...range };
  const day = o.monthly === 'last' || o.monthly === '最后一天' ? 'last' : Number(o.monthly);
  if (day !== 'last' && !Number.isInteger(day)) throw new CliError(`--monthly 应为 1–31 或 last，收到 “${o.monthly}” / --monthly takes 1-31 or last`, 2);
  return { type: 'monthly', day, time: o.time, ...range };
}

export function programCommand(io: Output): Command {
  const cmd = new Command('program').description('节目安排 / scheduled programs');

  cmd
    .command('add')
    .description('新增节目 / add a program')
    .requiredOption('--course <id>', '课件编号（见 yuanjiao content list）/ course id')
    .requiredOption('--time <HH:MM>', '开始时间 / start time')
    .option('--title <title>', '节目名称（默认用课件名）/ title (default: the course title)')
    .addOption(new Option('--kind <kind>', '集中收看或循环播放 / kind').choices(['group', 'background']).default('group'))
    .option('--once <date>', '只播一次的日期 YYYY-MM-DD / a one-off date')
    .option('--daily', '每天 / every day')
    .option('--weekly <days>', '每周几，如 1,3,5 或 一,三,五 / weekdays')
    .option('--monthly <day>', '每月几日（1–31 或 last）/ day of month or last')
    .option('--from <date>', '起始日期 / first date')
    .option('--until <date>', '截止日期 / last date')
    .option('--except <dates>', '跳过的日期，逗号分隔 / dates to skip')
    .option('--open-before <min>', '开播前几分钟开始签到 / check-in opens minutes before')
    .option('--close-after <min>', '开播后几分钟结束签到 / check-in closes minutes after')
    .option('--notes <text>', '备注 / notes')
    .option('--make-up', '补学场次：为本月未参加集中收看的党员补学 / a make-up showing for members who missed the month\'s viewing')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (o: AddOptions) => {
      if (o.makeUp && o.kind === 'background') throw new CliError('补学只能是集中收看 / a make-up showing must be a group viewing (--kind group)', 2);
      const rule = ruleFromOptions(o);
      await withDatabase(o.data, (db) => {
        const settings = readStationSettings(db);
        const at = Date.now();
        const kind: ProgramKind = o.kind === 'background' ? 'background' : 'group_viewing';
        const program = db.transaction(() => {
          const added = new ProgramStore(db).add(
            {
              courseId: parseId(o.course, '课件编号 / course id '),
              title: o.title ?? null,
              kind,
              rule,
              checkinOpensBeforeMin: o.openBefore === undefined ? settings.checkinOpensBeforeMinutes : minutes(o.openBefore, '--open-before', MAX_OPENS_BEFORE_MIN),
              checkinClosesAfterMin: o.closeAfter === undefined ? settings.checkinClosesAfterMinutes : minutes(o.closeAfter, '--close-after', MAX_CLOSES_AFTER_MIN),
              notes: o.notes ?? null,
              makeUp: o.makeUp === true,
            },
            at,
          );
          appendStationLog(db, { type: 'program', actor: 'cli', at, message: `新增${added.makeUp ? '补学' : ''}节目：${added.title}（${describeRule(added.rule, 'zh-CN')}）`, detail: { programId: added.id } });
          return added;
        })();
        const next = nextOccurrences(program.rule, settings.timeZone, at, 3).map((n) => localDateTimeOf(n.startsAt, settings.timeZone));
        io.out(`已新增${program.makeUp ? '补学' : ''}节目 #${program.id}「${program.title}」${describeRule(program.rule, 'zh-CN')}`);
        io.out(`added program #${program.id}: ${describeRule(program.rule, 'en')}`);
        io.out(`  接下来 / next: ${next.length ? next.join('，') : '（没有了 / none）'}`);
      });
    });

  cmd
    .command('list')
    .description('列出节目及接下来的播出时间 / list programs with their next showings')
    .option('--count <n>', '每个节目显示几次 / showings per program', '3')
    .option('--all', '也列出已播完的一次性节目 / include one-off programs already shown')
    .option('--json', '输出 JSON / print JSON')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (o: { count: string; all?: boolean; json?: boolean; data?: string }) => {
      const count = parseId(o.count, '--count ');
      await withDatabase(o.data, (db) => {
        const settings = readStationSettings(db);
        const now = Date.now();
        const programs = new ProgramStore(db).listActive().map((p) => ({
          ...p,
          ruleText: describeRule(p.rule, settings.language),
          next: nextOccurrences(p.rule, settings.timeZone, now, count),
        })).filter((p) => o.all || p.next.length > 0);
        if (o.json) return io.out(JSON.stringify(programs, null, 2));
        io.out(
          renderTable(
            ['编号', '节目', '类型', '安排', '接下来'],
            programs.map((p) => [
              String(p.id),
              p.title,
              PROGRAM_KIND_LABELS[p.kind].zh + (p.makeUp ? '（补学）' : ''),
              describeRule(p.rule, 'zh-CN'),
              p.next.map((n) => localDateTimeOf(n.startsAt, settings.timeZone)).join('，') || '（已结束）',
            ]),
          ),
        );
      });
    });

  cmd
    .command('remove')
    .description('删除节目（已播记录保留）/ remove a program (past sessions are kept)')
    .argument('<id>', '节目编号 / program id')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (id: string, o: { data?: string }) => {
      await withDatabase(o.data, (db) => {
        const at = Date.now();
        const removed = db.transaction(() => {
          const p = new ProgramStore(db).remove(parseId(id, '节目编号 / program id '), at);
          appendStationLog(db, { type: 'program', actor: 'cli', at, message: `删除节目：${p.title}`, detail: { programId: p.id } });
          return p;
        })();
        io.out(`已删除节目 #${removed.id}「${removed.title}」/ removed`);
      });
    });
  return cmd;
}
