// `yuanjiao activity add | list | show | remove | checkin-open | checkin | checkin-close | photos | rhythm`: the
// branch activity register (支部活动记录) from the command line, by the same rules as the admin screen
// (agent/activities/): a record is never edited or deleted — "remove" withdraws it, and it stays in the book.
import { Command, Option } from 'commander';
import type { Output } from '../program.ts';
import { withDatabase } from '../with-database.ts';
import { CliError, parseId } from '../cli-error.ts';
import { closeActivityCheckin, openActivityCheckin, recordActivity, withdrawActivity } from '../../agent/activities/activity-register.ts';
import { checkInToActivity } from '../../agent/activities/activity-checkin.ts';
import { importActivityPhotos } from '../../agent/activities/activity-photos.ts';
import { rhythmAsOf } from '../../agent/activities/activity-rhythm.ts';
import { ActivityStore } from '../../agent/activities/activity-store.ts';
import { activityFigures } from '../../agent/activities/activity-figures.ts';
import type { CheckinBy } from '../../agent/attendance/checkin.ts';
import { GUEST_CATEGORIES, type GuestCategory } from '../../agent/roster/categories.pure.ts';
import { readStationSettings } from '../../agent/settings/settings-store.ts';
import { isMonth, localDateOf } from '../../agent/clock/local-time.pure.ts';
import { ACTIVITY_KINDS, ACTIVITY_KIND_LABELS, type ActivityKind } from '../../protocol/branch-rhythm.pure.ts';
import { stationRefusalText } from '../station-refusal-texts.ts';
import { renderTable } from '../table.ts';
import { formatRate } from './report.ts';
import { showActivity, RHYTHM_STATUS_ZH } from './activity-show.ts';

interface AddOptions {
  kind: ActivityKind;
  date: string;
  time: string;
  end?: string;
  place: string;
  host: string;
  topic: string;
  minutes?: string;
  branch?: string;
  session?: string;
  data?: string;
}

function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

export function activityCommand(io: Output): Command {
  const cmd = new Command('activity').description('支部活动记录（三会一课、主题党日）/ branch activity register');

  cmd
    .command('add')
    .description('登记一次支部活动 / enter a branch activity')
    .addOption(new Option('--kind <kind>', `活动类别 / kind: ${ACTIVITY_KINDS.map((k) => `${k}=${ACTIVITY_KIND_LABELS[k].zh}`).join(', ')}`).choices([...ACTIVITY_KINDS]).makeOptionMandatory())
    .requiredOption('--date <YYYY-MM-DD>', '日期 / date')
    .requiredOption('--time <HH:MM>', '开始时间 / start time')
    .option('--end <HH:MM>', '结束时间 / end time')
    .requiredOption('--place <text>', '地点 / place')
    .requiredOption('--host <name>', '主持人 / host')
    .requiredOption('--topic <text>', '主题 / topic')
    .option('--minutes <text>', '会议记录 / minutes')
    .option('--branch <name>', '支部（默认本站）/ branch (default: the station\'s)')
    .option('--session <id>', '所用的集中收看场次 / the group viewing it used')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (o: AddOptions) => {
      await withDatabase(o.data, (db) => {
        const a = recordActivity(
          db,
          {
            kind: o.kind,
            date: o.date,
            startTime: o.time,
            endTime: o.end ?? null,
            place: o.place,
            host: o.host,
            topic: o.topic,
            minutes: o.minutes ?? '',
            branch: o.branch ?? null,
            sessionId: o.session === undefined ? null : parseId(o.session, '场次编号 / session id '),
          },
          'cli',
          Date.now(),
        );
        io.out(`已登记第 ${a.id} 号支部活动：${ACTIVITY_KIND_LABELS[a.kind].zh}“${a.topic}”${a.date} ${a.startTime} / activity ${a.id} recorded`);
      });
    });

  cmd
    .command('list')
    .description('列出一个月的支部活动（含已撤销）/ list a month\'s activities, withdrawn ones marked')
    .option('--month <YYYY-MM>', '月份（默认本月）/ month (default: this month)')
    .option('--json', '输出 JSON / print JSON')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (o: { month?: string; json?: boolean; data?: string }) => {
      if (o.month !== undefined && !isMonth(o.month)) throw new CliError(`月份格式应为 YYYY-MM，收到 “${o.month}” / month must be YYYY-MM`, 2);
      await withDatabase(o.data, (db) => {
        const month = o.month ?? localDateOf(Date.now(), readStationSettings(db).timeZone).slice(0, 7);
        const { from, to } = monthRange(month);
        const rows = new ActivityStore(db).between(from, to).map((a) => ({ ...a, figures: activityFigures(db, a) }));
        if (o.json) return io.out(JSON.stringify({ month, activities: rows }, null, 2));
        if (rows.length === 0) return io.out(`${month} 没有支部活动记录 / no activities in ${month}`);
        io.out(
          renderTable(
            ['编号', '日期', '时间', '类别', '主题', '主持人', '应到', '实到', '参加率', '列席', '状态'],
            rows.map((a) => [
              String(a.id),
              a.date,
              a.startTime,
              ACTIVITY_KIND_LABELS[a.kind].zh,
              a.topic,
              a.host,
              String(a.figures.registered),
              String(a.figures.attendedRegistered),
              formatRate(a.figures.rate),
              String(a.figures.guests),
              a.withdrawn ? '已撤销' : a.checkinClosedAt !== null ? '签到已结束' : a.checkinOpenedAt !== null ? '签到中' : '',
            ]),
          ),
        );
      });
    });

  cmd
    .command('show')
    .description('查看一次支部活动的记录 / show one activity record')
    .argument('<id>', '活动编号 / activity id')
    .option('--json', '输出 JSON / print JSON')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (id: string, o: { json?: boolean; data?: string }) => {
      await withDatabase(o.data, (db, dataDir) => showActivity(io, db, dataDir, parseId(id, '活动编号 / activity id '), o.json === true));
    });

  cmd
    .command('remove')
    .description('撤销一条支部活动记录（记录保留并注明撤销）/ withdraw an activity record (it stays, marked withdrawn)')
    .argument('<id>', '活动编号 / activity id')
    .requiredOption('--reason <text>', '撤销原因 / why')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (id: string, o: { reason: string; data?: string }) => {
      await withDatabase(o.data, (db) => {
        const a = withdrawActivity(db, parseId(id, '活动编号 / activity id '), o.reason, 'cli', Date.now());
        io.out(`已撤销第 ${a.id} 号支部活动记录（记录保留）/ activity ${a.id} withdrawn; the record stays`);
      });
    });

  cmd
    .command('checkin-open')
    .description('开始活动签到 / open check-in for an activity')
    .argument('<id>', '活动编号 / activity id')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (id: string, o: { data?: string }) => {
      await withDatabase(o.data, (db) => {
        const a = openActivityCheckin(db, parseId(id, '活动编号 / activity id '), 'cli', Date.now());
        io.out(`“${a.topic}”开始签到 / check-in open`);
      });
    });

  cmd
    .command('checkin-close')
    .description('结束活动签到（人数确定并上报）/ close check-in (the counts are final and reported)')
    .argument('<id>', '活动编号 / activity id')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (id: string, o: { data?: string }) => {
      await withDatabase(o.data, (db) => {
        const a = closeActivityCheckin(db, parseId(id, '活动编号 / activity id '), 'cli', Date.now());
        const f = activityFigures(db, a);
        io.out(`“${a.topic}”签到结束：应到 ${f.registered} 人，实到 ${f.attendedRegistered} 人，列席 ${f.guests} 人 / check-in closed`);
      });
    });

  cmd
    .command('checkin')
    .description('活动签到 / check in to an activity')
    .argument('<id>', '活动编号 / activity id')
    .option('--member <id>', '党员编号 / member id')
    .option('--card <uid>', '卡号 / card UID')
    .option('--guest <name>', '列席人员姓名 / guest name')
    .addOption(new Option('--category <category>', '列席人员类别 / guest category').choices([...GUEST_CATEGORIES]))
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (id: string, o: { member?: string; card?: string; guest?: string; category?: GuestCategory; data?: string }) => {
      const given = [o.member, o.card, o.guest].filter((v) => v !== undefined).length;
      if (given !== 1) throw new CliError('请给出且只给出 --member、--card 或 --guest 之一 / give exactly one of --member, --card, --guest', 2);
      let by: CheckinBy;
      if (o.member !== undefined) by = { memberId: parseId(o.member, '党员编号 / member id ') };
      else if (o.card !== undefined) by = { cardUid: o.card };
      else {
        if (!o.category) throw new CliError(`列席人员须给出 --category（${GUEST_CATEGORIES.join('、')}）/ a guest needs --category`, 2);
        by = { guest: { name: o.guest!, category: o.category } };
      }
      await withDatabase(o.data, (db) => {
        const r = checkInToActivity(db, { activityId: parseId(id, '活动编号 / activity id '), by, method: 'cli', actor: 'cli', at: Date.now() });
        io.out(r.status === 'checked_in' ? `${r.name} 签到成功 / checked in` : `${r.name} 已签到 / already checked in`);
      });
    });

  cmd
    .command('photos')
    .description('从文件夹（U 盘）导入活动照片 / import photos from a folder (a USB stick)')
    .argument('<id>', '活动编号 / activity id')
    .argument('<folder>', '照片所在文件夹 / folder of photos')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (id: string, folder: string, o: { data?: string }) => {
      await withDatabase(o.data, async (db, dataDir) => {
        const outcomes = await importActivityPhotos(db, dataDir, parseId(id, '活动编号 / activity id '), folder, 'cli', Date.now());
        for (const r of outcomes) {
          if (r.status === 'imported') io.out(`已导入 ${r.name}（${r.photo.sha256.slice(0, 12)}）/ imported`);
          else if (r.status === 'duplicate') io.out(`${r.name} 已导入过 / already imported`);
          else io.out(`未导入：${stationRefusalText(r.refusal)}`);
        }
        if (!outcomes.some((r) => r.status !== 'refused')) throw new CliError('没有导入任何照片 / no photo was imported');
      });
    });

  cmd
    .command('rhythm')
    .description('三会一课落实情况 / the 三会一课 rhythm as of a day')
    .option('--as-of <YYYY-MM-DD>', '截至日期（默认今天）/ as of (default: today)')
    .option('--json', '输出 JSON / print JSON')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (o: { asOf?: string; json?: boolean; data?: string }) => {
      await withDatabase(o.data, (db) => {
        const asOf = o.asOf ?? localDateOf(Date.now(), readStationSettings(db).timeZone);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new CliError(`日期应为 YYYY-MM-DD，收到 “${asOf}” / date must be YYYY-MM-DD`, 2);
        const lines = rhythmAsOf(db, asOf);
        if (o.json) return io.out(JSON.stringify({ asOf, rhythm: lines }, null, 2));
        io.out(
          renderTable(
            ['类别', '期间', '要求', '已开展', '情况'],
            lines.map((l) => [ACTIVITY_KIND_LABELS[l.kind].zh, l.periodLabel, `≥ ${l.required}`, String(l.held), RHYTHM_STATUS_ZH[l.status]]),
          ),
        );
      });
    });

  return cmd;
}
