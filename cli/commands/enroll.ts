// `yuanjiao enroll`: join this station to the county hub with the one-time code county staff gave out.
import fs from 'node:fs';
import { Command } from 'commander';
import type { Output } from '../program.ts';
import { withDatabase } from '../with-database.ts';
import { CliError } from '../cli-error.ts';
import { EnrollmentError, enroll } from '../../agent/uplink/enrollment.ts';
import { checkCaPem } from '../../agent/uplink/hub-transport.ts';
import { SITE_GRADE_LABELS } from '../../agent/settings/station-settings.pure.ts';

export function enrollCommand(io: Output): Command {
  return new Command('enroll')
    .description('加入县级管理平台 / enroll this station with the county hub')
    .requiredOption('--hub <url>', '县级管理平台地址 / hub address, e.g. https://yj.example.gov.cn')
    .requiredOption('--code <code>', '县远教办给出的一次性加入码 / the one-time enrollment code')
    .option('--ca <file>', '县里自建 CA 的证书（PEM），平台的 HTTPS 证书由它签发时使用 / the county CA certificate (PEM) that signed the hub\'s HTTPS certificate')
    .option('--insecure-http', '允许经明文 HTTP 连接非本机、非内网的平台地址（仅限封闭专网）/ allow plain http:// to an address off this machine and the private ranges (closed networks only)')
    .option('--force', '已加入或载有演示数据时仍然加入 / enroll even if already enrolled or carrying demo data')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (o: { hub: string; code: string; ca?: string; insecureHttp?: boolean; force?: boolean; data?: string }) => {
      // Read before the database is opened: a wrong path should not wait on anything.
      const ca = o.ca === undefined ? null : readCaFile(o.ca);
      await withDatabase(o.data, async (db) => {
        try {
          const r = await enroll(db, { hubUrl: o.hub, code: o.code, ca, insecureHttp: o.insecureHttp === true, force: o.force === true, actor: 'cli', onWarning: io.err });
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
          if (err instanceof EnrollmentError) throw new CliError(err.message, err.code === 'bad_hub_url' || err.code === 'insecure_hub_url' ? 2 : 1);
          throw err;
        }
      });
    });
}

/** The county's CA certificate as PEM text, or a usage error saying what is wrong with the file. */
function readCaFile(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '找不到文件 / no such file' : code === 'EACCES' ? '无权读取 / not readable' : (code ?? String(err));
    throw new CliError(`读不了 CA 证书文件 ${file}（${why}）/ cannot read the CA file ${file}`, 2);
  }
  try {
    return checkCaPem(text, file);
  } catch (err) {
    throw new CliError((err as Error).message, 2);
  }
}

function formatSkew(ms: number): string {
  const s = Math.round(ms / 1000);
  if (Math.abs(s) < 2) return '正常 / in step';
  return s > 0 ? `终端慢 ${s} 秒 / terminal ${s} s behind` : `终端快 ${-s} 秒 / terminal ${-s} s ahead`;
}
