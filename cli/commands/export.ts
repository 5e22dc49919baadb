// `yuanjiao export KIND`: an inspection record (月度报表, 签到表, 收看记录 …) as a PDF, CSV, XLSX or HTML
// file, or attendance as xAPI statements to a file and, optionally, to a Learning Record Store.
//
// Decided behaviour:
// - The format is --format, or else the --out file's extension; the two must agree when both are given.
// - An existing --out file is never replaced without --force (an inspection copy may already be handed out).
// - The file is written through a temporary name, so an interrupted export leaves no half file behind.
// - `--lrs URL --user U --password-stdin` saves the LRS settings (key 'xapi'); `--post` sends the
//   statements there in batches and prints the LRS's answer per batch. The password is read from stdin so it
//   never appears in the shell history or the process list, and it is never printed or logged.
import { DocumentError } from '../../common/documents/document-error.ts';
import fs from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import type { Output } from '../program.ts';
import { withDatabase } from '../with-database.ts';
import { CliError } from '../cli-error.ts';
import { readStationSettings } from '../../agent/settings/settings-store.ts';
import { localDateOf } from '../../agent/clock/local-time.pure.ts';
import { appendStationLog } from '../../agent/stationlog/station-log.ts';
import { EXPORT_FORMATS, EXPORT_KINDS, ExportError, NOTICE_RANGES, checkFormat, isExportKind, resolveRequest, unknownKindError, type ExportFormat, type ExportKind } from '../../agent/exports/export-kinds.pure.ts';
import { logExport, produceExport } from '../../agent/exports/export-service.ts';
import { loadXapi } from '../../agent/exports/xapi/xapi-loader.ts';
import { DEFAULT_BATCH_SIZE, checkLrsSettings, describeLrsReport, postStatements, readLrsSettings, writeLrsSettings } from '../../agent/exports/xapi/lrs.ts';

interface ExportOptions {
  from?: string;
  to?: string;
  month?: string;
  session?: string;
  range?: string;
  year?: string;
  activity?: string;
  week?: string;
  format?: string;
  out?: string;
  force?: boolean;
  post?: boolean;
  lrs?: string;
  user?: string;
  passwordStdin?: boolean;
  batchSize?: string;
  data?: string;
}

/** Usage mistakes exit 2, like commander's own; refusals about the data exit 1. */
const USAGE_CODES = new Set(['unknown_kind', 'unknown_format', 'format_not_offered', 'invalid_month', 'invalid_year', 'invalid_week', 'export_invalid_date', 'export_invalid_range', 'invalid_session', 'invalid_lrs']);

function asCliError(err: unknown): unknown {
  return err instanceof DocumentError ? new CliError(err.message, USAGE_CODES.has(err.code) ? 2 : 1) : err;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function formatOf(kind: ExportKind, o: ExportOptions): ExportFormat {
  const fromOut = o.out ? path.extname(o.out).slice(1).toLowerCase() : '';
  if (o.format && fromOut && (EXPORT_FORMATS as readonly string[]).includes(fromOut) && fromOut !== o.format) {
    throw new CliError(`--format ${o.format} 与文件扩展名 .${fromOut} 不一致 / --format ${o.format} does not match the .${fromOut} file`, 2);
  }
  const format = o.format ?? (kind === 'xapi' ? 'json' : fromOut);
  if (!format) throw new CliError('请用 --format 指定格式（pdf、csv、xlsx、html），或给 --out 文件加上扩展名 / give --format or an --out file with an extension', 2);
  return checkFormat(kind, format);
}

/** Writes through a temporary name; refuses an existing file unless forced. */
function writeOut(file: string, bytes: Buffer, force: boolean): void {
  if (!force && fs.existsSync(file)) throw new CliError(`文件已存在：${file}（用 --force 覆盖）/ the file exists; use --force to replace it`, 1);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, bytes);
    if (!force && fs.existsSync(file)) throw new CliError(`文件已存在：${file}（用 --force 覆盖）/ the file exists; use --force to replace it`, 1);
    fs.renameSync(temp, file);
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

export function exportCommand(io: Output, stdin: () => Promise<string> = readStdin): Command {
  return new Command('export')
    .description('导出检查用记录（PDF、CSV、XLSX、HTML）或 xAPI 学习记录 / export inspection records or xAPI statements')
    .argument('<kind>', `类别 / kind: ${EXPORT_KINDS.join(', ')}`)
    .option('--from <YYYY-MM-DD>', '开始日期（含）/ first day')
    .option('--to <YYYY-MM-DD>', '结束日期（含）/ last day')
    .option('--month <YYYY-MM>', '月份（月度报表等）/ month')
    .option('--session <id>', '收看场次编号（签到表）/ session id (signin-sheet)')
    .addOption(new Option('--range <range>', '节目预告范围 / notice range').choices([...NOTICE_RANGES]))
    .option('--year <YYYY>', '年份（流动党员台帐）/ year (mobile-ledger)')
    .option('--activity <id>', '支部活动编号（支部活动记录表）/ activity id (activity-record)')
    .option('--week <YYYY-Www>', 'ISO 周（每周一报）/ ISO week (weekly-report)')
    .addOption(new Option('--format <format>', '格式 / format').choices([...EXPORT_FORMATS]))
    .option('--out <file>', '输出文件 / output file')
    .option('--force', '覆盖已有文件 / replace an existing file')
    .option('--post', '发送到已设置的学习记录库（xapi）/ POST to the configured LRS (xapi)')
    .option('--lrs <url>', '设置学习记录库地址（xapi）/ set the LRS endpoint (xapi)')
    .option('--user <name>', '学习记录库用户名 / LRS user')
    .option('--password-stdin', '从标准输入读学习记录库密码 / read the LRS password from stdin')
    .option('--batch-size <n>', `每批发送条数，默认 ${DEFAULT_BATCH_SIZE} / statements per POST`)
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (kind: string, o: ExportOptions) => {
      try {
        if (!isExportKind(kind)) throw unknownKindError(kind);
        const format = formatOf(kind, o);
        const xapiOnly = [o.post, o.lrs, o.user, o.passwordStdin, o.batchSize].some((v) => v !== undefined);
        if (xapiOnly && kind !== 'xapi') throw new CliError('--post、--lrs、--user、--password-stdin、--batch-size 只用于 xapi / these options are for xapi only', 2);
        if (!o.out && !(kind === 'xapi' && (o.post || o.lrs))) throw new CliError('请用 --out 指定输出文件 / give --out FILE', 2);
        const batchSize = o.batchSize === undefined ? DEFAULT_BATCH_SIZE : Number(o.batchSize);
        if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) throw new CliError(`--batch-size 应为 1–1000 的整数，收到 “${o.batchSize}” / --batch-size must be 1–1000`, 2);
        const lrsInput = o.lrs !== undefined ? checkLrsSettings({ endpoint: o.lrs, username: o.user, password: o.passwordStdin ? await stdin() : undefined }) : null;
        if (lrsInput === null && (o.user !== undefined || o.passwordStdin)) throw new CliError('--user 和 --password-stdin 须与 --lrs 一起给出 / --user and --password-stdin go with --lrs', 2);

        await withDatabase(o.data, async (db) => {
          const now = Date.now();
          const settings = readStationSettings(db);
          const request = resolveRequest(kind, o, localDateOf(now, settings.timeZone));

          if (lrsInput) {
            db.transaction(() => {
              writeLrsSettings(db, lrsInput, now);
              appendStationLog(db, { type: 'station', actor: 'cli', at: now, message: `设置学习记录库：${lrsInput.endpoint}（用户 ${lrsInput.username}）`, detail: { endpoint: lrsInput.endpoint, username: lrsInput.username } });
            })();
            io.out(`已保存学习记录库设置 / LRS settings saved: ${lrsInput.endpoint}（用户 / user ${lrsInput.username}）`);
          }

          if (o.out) {
            const file = await produceExport(db, request, format, now);
            const out = path.resolve(o.out);
            writeOut(out, file.bytes, o.force === true);
            logExport(db, file, 'cli', now, out);
            io.out(`已导出 / exported: ${out}（${file.bytes.length} 字节 / bytes）`);
            for (const note of file.notes) io.out(`  ${note}`);
          }

          if (o.post && request.kind === 'xapi') {
            const lrs = lrsInput ?? readLrsSettings(db);
            if (!lrs) throw ExportError.of('lrs_not_configured', {});
            const x = loadXapi(db, request.from, request.to);
            const report = await postStatements(lrs, x.statements, { batchSize });
            const lines = describeLrsReport(report);
            // Accepted batches are news; a refused one and the summary after it are the error.
            lines.forEach((line, i) => (report.batches[i]?.ok ?? report.ok ? io.out : io.err)(line));
            appendStationLog(db, {
              type: 'station',
              actor: 'cli',
              at: Date.now(),
              message: report.ok ? `发送学习记录到学习记录库：${report.sent} 条` : `发送学习记录未完成：${report.sent} / ${report.total} 条`,
              detail: { endpoint: report.endpoint, sent: report.sent, total: report.total, batches: report.batches.map((b) => ({ batch: b.batch, status: b.status, count: b.count })) },
            });
            if (!report.ok) throw new CliError('学习记录库拒绝了部分记录，见上 / the LRS refused a batch, see above', 1);
          }
        });
      } catch (err) {
        throw asCliError(err);
      }
    });
}
