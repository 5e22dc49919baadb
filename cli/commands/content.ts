// `yuanjiao content …`: the courseware library — import, list, verify, remove, convert, and the
// receive/store/play log (课件接收、存储、播放记录).
//
// Decided behaviour:
// - `import` converts in the foreground, with a progress line, when no agent runs on the data directory;
//   with an agent running (or --no-convert) the job stays queued and the agent converts it when no
//   group viewing is on, so the CLI never competes with a viewing for the CPU.
// - A folder is imported with its subfolders, video files only (by extension): a USB stick also holds
//   documents and photos that are not courseware. A single named file is always tried.
// - Any refused file makes the command exit 1 after the rest were imported; duplicates are not errors.
// - A URL is downloaded by this process (resuming a part file left by an earlier attempt, the agent's
//   included), then imported like a file; an HLS playlist is registered as a stream course instead.
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import type { Output } from '../program.ts';
import { withDatabase } from '../with-database.ts';
import { CliError, parseId } from '../cli-error.ts';
import { renderTable } from '../table.ts';
import type { Db } from '../../agent/store/database.ts';
import { readStationSettings } from '../../agent/settings/settings-store.ts';
import { addDays, isLocalDate, localDateTimeOf, startOfLocalDay } from '../../agent/clock/local-time.pure.ts';
import { AGENT_LOCK } from '../../common/instance-lock.ts';
import { processAlive } from '../../common/process-alive.ts';
import { CourseStore, type Course, type CourseStatus } from '../../content/course-store.ts';
import { ConversionJobs } from '../../content/conversion-jobs.ts';
import { importFile, ensureLibraryFolders, ffmpegForImport, ImportError, type ImportResult } from '../../content/ingest.ts';
import { readManifestFor } from '../../content/inbox-watcher.ts';
import { Converter, type ConversionOutcome } from '../../content/converter.ts';
import { verifyLibrary } from '../../content/library-verify.ts';
import { CONTENT_LOG_EVENTS, CONTENT_LOG_LABELS, queryContentLog, type ContentLogEvent } from '../../content/content-log.ts';
import { CourseRemovalError } from '../../content/course-removal.ts';
import { CourseNeededError, removeCourse } from '../../agent/library/course-needs.ts';
import { formatBytes, mirrorContentLog } from '../../agent/library/library-records.ts';
import { importUrlWithRecords } from '../../agent/library/url-import.ts';
import { DownloadError, type DownloadProgress, type UrlImportResult } from '../../content/download.ts';
import { storedProblemText } from '../../protocol/refusals/courseware-texts.pure.ts';

const STATUS_LABELS: Record<CourseStatus, string> = {
  ready: '可播放',
  converting: '转换中',
  quarantined: '已隔离',
  missing: '文件缺失',
  removed: '已删除',
};
const SOURCE_LABELS: Record<string, string> = { inbox: '卫星接收', usb: 'U盘', url: '下载', manual: '手动', county: '县平台', demo: '演示' };

/** Extensions a folder import takes. */
const VIDEO_EXTENSIONS = new Set([
  'mp4', 'm4v', 'mov', 'mkv', 'webm', 'mpg', 'mpeg', 'm2v', 'vob', 'ts', 'm2ts', 'mts', 'flv', 'f4v', 'wmv', 'asf', 'avi', 'rm', 'rmvb', '3gp', 'dat', 'divx', 'ogv',
]);

function agentRunning(dataDir: string): boolean {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(dataDir, AGENT_LOCK.file), 'utf8'));
  } catch {
    return false;
  }
  return Number.isInteger(pid) && pid > 0 && processAlive(pid);
}

async function filesToImport(target: string): Promise<string[]> {
  const stat = await fs.promises.stat(target);
  if (stat.isFile()) return [target];
  if (!stat.isDirectory()) throw new CliError(`不是文件或文件夹：${target} / not a file or folder`, 2);
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await fs.promises.readdir(dir, { withFileTypes: true });
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))) {
      if (e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile() && VIDEO_EXTENSIONS.has(path.extname(e.name).slice(1).toLowerCase())) found.push(full);
    }
  };
  await walk(target);
  return found;
}

function seconds(ms: number | null): string {
  return ms === null ? '—' : `${Math.round(ms / 1000)} 秒`;
}

function describeResult(r: ImportResult): string {
  switch (r.outcome) {
    case 'stored': {
      const c = r.course;
      const what = r.conversion.action === 'as_is' ? '可直接播放 / plays as is' : `需${r.conversion.action === 'remux' ? '转封装' : '转码'} / needs ${r.conversion.action} (${r.conversion.reason})`;
      return `已入库 / stored: ${c.id} “${c.title}” ${seconds(c.durationMs)} ${formatBytes(c.bytes)}，${what}${r.restored ? '（重新接收 / received again）' : ''}`;
    }
    case 'duplicate':
      return `已在库中 / already in the library: ${r.course.id} “${r.course.title}”`;
    case 'refused':
      return `拒收 / refused: ${r.fileName}：${r.refusal.message} [${r.refusal.code}]；已隔离到 / quarantined at ${r.quarantinePath}`;
    case 'skipped':
      return `跳过（文件尚未写完）/ skipped (still being written): ${r.fileName}`;
  }
}

async function convertNow(db: Db, dataDir: string, io: Output, courseIds?: number[]): Promise<ConversionOutcome[]> {
  const titles = new Map(new CourseStore(db).list().map((c) => [c.id, c.title]));
  let shown = '';
  const converter = new Converter({
    db,
    dataDir,
    onLog: mirrorContentLog(db, 'cli'),
    onProgress: (p) => {
      const line = `转换中 / converting ${p.courseId} “${titles.get(p.courseId) ?? ''}”：${Math.floor(p.share * 10) * 10} %`;
      if (line !== shown) io.out((shown = line));
    },
  });
  const outcomes = await converter.runUntilIdle({ courseIds });
  for (const o of outcomes) {
    if (o.result === 'converted') io.out(`转换完成 / converted: ${o.courseId} “${o.course.title}”（${o.speed} 倍实时速度 / × real time）`);
    else if (o.result === 'failed') io.err(`转换失败 / conversion failed: ${o.courseId}${o.final ? '（已隔离 / quarantined）' : '（稍后重试 / will retry）'}\n${o.error}`);
  }
  return outcomes;
}

interface ImportCommandOptions {
  title?: string;
  series?: string;
  source: string;
  convert: boolean;
  sha256?: string;
  data?: string;
}

/** One line per step of a download, and per tenth of it, so a log file shows how it went without flooding. */
function downloadLine(p: DownloadProgress): string {
  const size = `${formatBytes(p.receivedBytes)}${p.totalBytes !== null ? ` / ${formatBytes(p.totalBytes)}` : ''}`;
  switch (p.phase) {
    case 'connecting':
      return p.receivedBytes > 0 ? `继续下载 / resuming at ${formatBytes(p.receivedBytes)}` : '正在连接 / connecting';
    case 'downloading': {
      if (p.totalBytes === null || p.totalBytes === 0) return `下载中 / downloading：${formatBytes(Math.floor(p.receivedBytes / 10_485_760) * 10_485_760)}`;
      return `下载中 / downloading：${Math.floor((p.receivedBytes / p.totalBytes) * 10) * 10} %（${size}）`;
    }
    case 'waiting':
      return `连接中断，${Math.round((p.retryInMs ?? 0) / 1000)} 秒后重试 / connection lost, retrying in ${Math.round((p.retryInMs ?? 0) / 1000)} s（${p.error ?? ''}）`;
    case 'verifying':
      return `下载完成，正在检查 / downloaded (${size}), verifying`;
  }
}

/** `content import URL`: download (resumably) and import, or register an HLS stream. */
async function importUrl(url: string, o: ImportCommandOptions, io: Output): Promise<void> {
  if (o.source !== 'manual') throw new CliError('--source 不用于网址导入（来源记为“下载”）/ --source does not apply to a URL import', 2);
  if (o.sha256 !== undefined && !/^[0-9a-fA-F]{64}$/.test(o.sha256)) throw new CliError('--sha256 应为 64 位十六进制数 / --sha256 must be 64 hex digits', 2);
  await withDatabase(o.data, async (db, dataDir) => {
    await ensureLibraryFolders(dataDir);
    let shown = '';
    let result: UrlImportResult;
    try {
      result = await importUrlWithRecords(db, dataDir, url, {
        actor: 'cli',
        title: o.title,
        series: o.series,
        expectedSha256: o.sha256,
        onProgress: (p) => {
          const line = downloadLine(p);
          if (line !== shown) io.out((shown = line));
        },
      });
    } catch (err) {
      if (err instanceof DownloadError) throw new CliError(err.message, 1);
      throw err;
    }
    if (result.outcome === 'stream') {
      const c = result.course;
      io.out(
        result.duplicate
          ? `已在库中 / already in the library: ${c.id} “${c.title}”`
          : `已登记直播课件 / registered as a stream course: ${c.id} “${c.title}”${result.live ? '（直播 / live）' : `，${seconds(c.durationMs)}`}`,
      );
      return;
    }
    if (result.outcome === 'refused') {
      io.err(`拒收 / refused: ${result.fileName}：${result.refusal.message} [${result.refusal.code}]；已隔离到 / quarantined at ${result.quarantinePath}`);
      throw new CliError('网址上的文件被拒收，见上 / the file at the URL was refused, see above', 1);
    }
    io.out(describeResult(result));
    if (result.outcome === 'stored' && result.conversion.action !== 'as_is') {
      if (!o.convert || agentRunning(dataDir)) io.out('已排队 1 个转换，由代理在无集中收看时进行 / 1 conversion queued for the agent');
      else await convertNow(db, dataDir, io, [result.course.id]);
    }
  });
}

export function contentCommand(io: Output): Command {
  const cmd = new Command('content').description('课件库 / the courseware library');

  cmd
    .command('import')
    .description('导入课件（文件或文件夹）/ import courseware (a file or a folder)')
    .argument('<path>', '文件、文件夹或网址（http/https：视频文件或 HLS 直播）/ file, folder or URL (a video file or an HLS stream)')
    .option('--title <title>', '课件名称（单个文件）/ course title (one file only)')
    .option('--series <series>', '系列 / series')
    .option('--source <source>', '来源：manual 或 usb / where it came from: manual or usb', 'manual')
    .option('--no-convert', '不在此转换格式，留给代理 / leave format conversion to the agent')
    .option('--sha256 <hex>', '网址导入时文件应有的 SHA-256 校验值 / the sha256 the downloaded file must have')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (target: string, o: ImportCommandOptions) => {
      if (/^https?:\/\//i.test(target)) return importUrl(target, o, io);
      if (o.sha256 !== undefined) throw new CliError('--sha256 只用于网址导入 / --sha256 applies to a URL import only', 2);
      if (o.source !== 'manual' && o.source !== 'usb') throw new CliError(`来源应为 manual 或 usb，收到 “${o.source}” / source must be manual or usb`, 2);
      const source = o.source;
      const files = await filesToImport(path.resolve(target));
      if (files.length === 0) throw new CliError(`文件夹中没有视频文件：${target} / no video files in the folder`, 1);
      if (o.title !== undefined && files.length > 1) throw new CliError('--title 只能用于单个文件 / --title applies to a single file only', 2);
      // Once for the whole folder, before anything is copied, rather than once per file.
      try {
        ffmpegForImport();
      } catch (err) {
        if (err instanceof ImportError) throw new CliError(err.message, 1);
        throw err;
      }
      await withDatabase(o.data, async (db, dataDir) => {
        await ensureLibraryFolders(dataDir);
        const onLog = mirrorContentLog(db, 'cli');
        const results: ImportResult[] = [];
        let failed = 0;
        for (const file of files) {
          const read = await readManifestFor(file);
          if (read && 'error' in read) io.err(`清单无法读取，已忽略 / manifest ignored: ${read.file}: ${read.error}`);
          const manifest = read && 'manifest' in read ? read.manifest : undefined;
          let result: ImportResult;
          try {
            result = await importFile(db, dataDir, file, {
              source,
              title: o.title ?? manifest?.title,
              series: o.series ?? manifest?.series,
              expectedSha256: manifest?.sha256,
              onLog,
            });
          } catch (err) {
            if (!(err instanceof ImportError)) throw err;
            io.err(`未导入 / not imported: ${path.basename(file)}：${err.message}`);
            failed += 1;
            continue;
          }
          results.push(result);
          (result.outcome === 'refused' ? io.err : io.out)(describeResult(result));
        }
        const queued = results.flatMap((r) => (r.outcome === 'stored' && r.conversion.action !== 'as_is' ? [r.course.id] : []));
        if (queued.length > 0) {
          if (!o.convert || agentRunning(dataDir)) {
            io.out(`已排队 ${queued.length} 个转换，由代理在无集中收看时进行 / ${queued.length} conversion(s) queued for the agent`);
          } else {
            await convertNow(db, dataDir, io, queued);
          }
        }
        const refused = results.filter((r) => r.outcome === 'refused').length + failed;
        if (refused > 0) throw new CliError(`${refused} 个文件被拒收或未导入，见上 / ${refused} file(s) refused or not imported, see above`, 1);
      });
    });

  cmd
    .command('convert')
    .description('立即转换排队中的课件 / run queued conversions now')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (o: { data?: string }) => {
      await withDatabase(o.data, async (db, dataDir) => {
        if (agentRunning(dataDir)) throw new CliError('代理正在运行，转换由代理进行 / the agent is running and does the conversions', 1);
        const outcomes = await convertNow(db, dataDir, io);
        if (outcomes.length === 0) io.out('没有待转换的课件 / nothing to convert');
        if (outcomes.some((x) => x.result === 'failed')) throw new CliError('有课件转换失败 / a conversion failed', 1);
      });
    });

  cmd
    .command('list')
    .description('列出课件 / list courses')
    .option('--all', '包括已删除的 / include removed courses')
    .option('--json', '输出 JSON / print JSON')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (o: { all?: boolean; json?: boolean; data?: string }) => {
      await withDatabase(o.data, (db) => {
        const courses = new CourseStore(db).list({ includeRemoved: o.all });
        const jobs = new ConversionJobs(db);
        const withJobs = courses.map((c) => ({ ...c, conversion: jobs.get(c.id) ?? null }));
        if (o.json) return io.out(JSON.stringify(withJobs, null, 2));
        io.out(
          renderTable(
            ['编号', '课件', '系列', '时长', '大小', '状态', '来源'],
            withJobs.map((c) => [
              String(c.id),
              c.title,
              c.series ?? '',
              seconds(c.durationMs),
              formatBytes(c.bytes),
              STATUS_LABELS[c.status] + (c.status === 'converting' && c.conversion ? ` ${Math.round(c.conversion.progress * 100)}%` : ''),
              SOURCE_LABELS[c.source] ?? c.source,
            ]),
          ),
        );
      });
    });

  cmd
    .command('verify')
    .description('重新校验所有课件文件 / re-hash and re-probe every stored course')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (o: { data?: string }) => {
      await withDatabase(o.data, async (db, dataDir) => {
        const report = await verifyLibrary(db, dataDir, { now: Date.now, onLog: mirrorContentLog(db, 'cli') });
        for (const p of report.problems) io.err(`问题 / problem: ${p.course.id} “${p.course.title}”：${p.message} [${p.code}] ${p.course.localPath ?? ''}`);
        for (const f of report.unreferenced) io.out(`无课件引用的文件（未删除）/ file no course uses (kept): ${f}`);
        for (const id of report.recovered) io.out(`文件已恢复 / file is back: ${id}`);
        io.out(`已检查 ${report.checked} 个课件，${report.problems.length} 个有问题 / checked ${report.checked}, ${report.problems.length} with problems`);
        if (report.problems.length > 0) throw new CliError(`${report.problems.length} 个课件未通过校验 / ${report.problems.length} course(s) failed verification`, 1);
      });
    });

  cmd
    .command('remove')
    .description('删除课件文件（记录保留）/ remove a course file (its records stay)')
    .argument('<id>', '课件编号 / course id')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (id: string, o: { data?: string }) => {
      const courseId = parseId(id, '课件编号');
      await withDatabase(o.data, async (db, dataDir) => {
        let course: Course;
        try {
          course = await removeCourse(db, dataDir, courseId, { actor: 'cli', now: Date.now(), onLog: mirrorContentLog(db, 'cli') });
        } catch (err) {
          if (err instanceof CourseNeededError || err instanceof CourseRemovalError) throw new CliError(err.message, 1);
          throw err;
        }
        io.out(`已删除 / removed: ${course.id} “${course.title}”`);
      });
    });

  cmd
    .command('log')
    .description('课件接收、存储、播放记录 / the receive/store/play log')
    .option('--since <YYYY-MM-DD>', '从哪天起 / from this date')
    .option('--until <YYYY-MM-DD>', '到哪天止（含）/ up to this date, inclusive')
    .option('--event <event>', `事件 / event: ${CONTENT_LOG_EVENTS.join(', ')}`)
    .option('--json', '输出 JSON / print JSON')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (o: { since?: string; until?: string; event?: string; json?: boolean; data?: string }) => {
      for (const d of [o.since, o.until]) if (d !== undefined && !isLocalDate(d)) throw new CliError(`日期格式应为 YYYY-MM-DD，收到 “${d}” / date must be YYYY-MM-DD`, 2);
      if (o.event !== undefined && !(CONTENT_LOG_EVENTS as readonly string[]).includes(o.event)) {
        throw new CliError(`未知事件 “${o.event}”，可用：${CONTENT_LOG_EVENTS.join('、')} / unknown event`, 2);
      }
      await withDatabase(o.data, (db) => {
        const zone = readStationSettings(db).timeZone;
        const entries = queryContentLog(db, {
          ...(o.since ? { since: startOfLocalDay(o.since, zone) } : {}),
          ...(o.until ? { until: startOfLocalDay(addDays(o.until, 1), zone) } : {}),
          ...(o.event ? { events: [o.event as ContentLogEvent] } : {}),
        });
        if (o.json) return io.out(JSON.stringify(entries, null, 2));
        const titles = new Map(new CourseStore(db).list({ includeRemoved: true }).map((c) => [c.id, c.title]));
        io.out(
          renderTable(
            ['时间', '事件', '课件', '来源', '文件', '大小', '校验值', '说明'],
            entries.map((e) => [
              localDateTimeOf(e.at, zone),
              CONTENT_LOG_LABELS[e.event],
              e.courseId === null ? '' : `${e.courseId} ${titles.get(e.courseId) ?? ''}`,
              SOURCE_LABELS[e.source ?? ''] ?? e.source ?? '',
              e.fileName ?? '',
              formatBytes(e.bytes),
              e.sha256 ? e.sha256.slice(0, 12) : '',
              describeDetail(e.event, e.detail),
            ]),
          ),
        );
        io.out(`共 ${entries.length} 条 / ${entries.length} entries`);
      });
    });
  return cmd;
}

function describeDetail(event: ContentLogEvent, detail: unknown): string {
  const d = (detail ?? {}) as Record<string, unknown>;
  switch (event) {
    case 'received':
      return d['outcome'] === 'duplicate' ? '重复，库中已有' : d['outcome'] === 'refused' ? `拒收（${d['code']}）` : '';
    case 'stored':
      return d['conversion'] ? `待转换：${(d['conversion'] as { reason?: string }).reason ?? ''}` : '可直接播放';
    case 'converted':
      return `${d['action'] === 'remux' ? '转封装' : '转码'}，${d['speed']} 倍实时速度`;
    case 'played': {
      const share = typeof d['share'] === 'number' ? `${Math.round(d['share'] * 100)}%` : '—';
      return `节目 ${d['programId'] ?? '—'}，场次 ${d['sessionId'] ?? '—'}，播放 ${share}`;
    }
    case 'verify_failed':
    case 'quarantined':
      return `${storedProblemText(d)?.zh ?? ''}${d['path'] && event === 'quarantined' ? `（${d['path']}）` : ''}`;
    case 'removed':
    case 'evicted':
      return d['actor'] ? `由 ${d['actor']}` : '';
    case 'budget_warning':
      return `已用 ${Math.round(Number(d['share'] ?? 0) * 100)}%`;
  }
}
