// `yuanjiao enroll`: join this station to the county hub with the one-time code county staff gave out.
import { Command } from 'commander';
import type { Output } from '../program.ts';
import { withDatabase } from '../with-database.ts';
import { CliError } from '../cli-error.ts';
import { EnrollmentError, enroll } from '../../uplink/enrollment.ts';
import { SITE_GRADE_LABELS } from '../../settings/station-settings.ts';

export function enrollCommand(io: Output): Command {
  return new Command('enroll')
    .description('加入县级管理平台 / enroll this station with the county hub')
    .requiredOption('--hub <url>', '县级管理平台地址 / hub address, e.g. https://yj.example.gov.cn')
    .requiredOption('--code <code>', '县远教办给出的一次性加入码 / the one-time enrollment code')
    .option('--force', '已加入或载有演示数据时仍然加入 / enroll even if already enrolled or carrying demo data')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (o: { hub: string; code: string; force?: boolean; data?: string }) => {
      await withDatabase(o.data, async (db) => {
        try {
          const r = await enroll(db, { hubUrl: o.hub, code: o.code, force: o.force === true, actor: 'cli' });
          // The secret is stored, never printed: a terminal's scrollback is not a safe place for it.
          io.out(`已加入县级管理平台 / enrolled with the county hub`);
          io.out(`  平台 / hub:        ${r.hubUrl}`);
          io.out(`  站点编号 / id:     ${r.stationId}`);
          io.out(`  站点 / station:    ${r.stationName}（${SITE_GRADE_LABELS[r.grade].zh}）`);
          io.out(`  时钟差 / skew:     ${formatSkew(r.skewMs)}`);
          if (r.dropped > 0 || r.kept > 0) {
            io.out(`  加入前的记录 / earlier records: ${r.dropped} 条不上报，本月 ${r.kept} 次集中收看照常上报 / ${r.dropped} set aside, ${r.kept} of this month sent`);
          }
          io.out('站点代理运行时会自动上报 / the running agent reports from now on');
        } catch (err) {
          if (err instanceof EnrollmentError) throw new CliError(err.message, err.code === 'bad_hub_url' ? 2 : 1);
          throw err;
        }
      });
    });
}

function formatSkew(ms: number): string {
  const s = Math.round(ms / 1000);
  if (Math.abs(s) < 2) return '正常 / in step';
  return s > 0 ? `终端慢 ${s} 秒 / terminal ${s} s behind` : `终端快 ${-s} 秒 / terminal ${-s} s ahead`;
}
