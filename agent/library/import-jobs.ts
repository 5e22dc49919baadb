// Imports the admin screen starts and watches: from a USB stick (the chosen files, one at a time) or from a
// URL (a resumable download, or an HLS stream registered as a course). Each runs in the background as a
// job whose progress the screen polls; a course arriving reloads the screens and wakes the converter.
//
// Decided behaviour:
// - Jobs live in memory: they are the screen's view of work in progress, not records. What they import is
//   recorded by the library itself (content log, station log, uplink) as it happens. The last 20 are kept.
// - One job per stick at a time, and one per URL (asking again for a URL being downloaded answers the job
//   already running); different sticks and URLs run side by side.
// - A USB import ends with an entry in the station log saying what came in and that the stick may be
//   unplugged (可以安全拔出U盘); the screen says the same from the job's safeToUnplug.
// - Downloads the agent had not finished (it was stopped or died) are resumed when it starts, from their
//   part files; one a week old is forgotten. Stopping the agent aborts a download but keeps its part file;
//   a cancel by the operator deletes it.
import { randomBytes } from 'node:crypto';
import type { Db } from '../store/database.ts';
import type { StationEvents } from '../events.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import type { LibraryService } from './library-service.ts';
import { mirrorContentLog } from './library-records.ts';
import { UsbWatch } from './usb-watch.ts';
import { importUrlWithRecords } from './url-import.ts';
import type { RemovableMedia, RemovableVolume } from '../../content/usb-volumes.ts';
import type { UsbDeviceEvents } from '../../content/usb-devices.ts';
import { listVideoFiles, type VolumeFile } from '../../content/usb-files.ts';
import { importFromVolume, type UsbFileOutcome, type UsbFileResult } from '../../content/usb-import.ts';
import { discardDownload, DownloadError, parseDownloadUrl, pendingDownloads, type DownloadProgress, type UrlImportResult } from '../../content/download.ts';
import type { ImportResult } from '../../content/ingest.ts';
import { CodedError } from '../../common/coded-error.pure.ts';
import type { StationRefusals } from '../../protocol/refusals/station-refusals.pure.ts';
import { problemOf, type CoursewareProblem } from '../../protocol/refusals/courseware-texts.pure.ts';

const KEEP_FINISHED = 20;
const ABANDONED_DOWNLOAD_MS = 7 * 86_400_000;

export type ImportJobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobFileResult extends Omit<UsbFileResult, 'outcome'> {
  outcome: UsbFileOutcome | 'stream';
}

export interface ImportJobView {
  id: string;
  kind: 'usb' | 'url';
  state: ImportJobState;
  createdAt: number;
  finishedAt: number | null;
  volume: { id: string; label: string; mountPoint: string } | null;
  url: string | null;
  filesTotal: number;
  filesDone: number;
  /** Null while a download's length is not known. */
  bytesTotal: number | null;
  bytesDone: number;
  current: { name: string; bytesDone: number; bytesTotal: number | null } | null;
  /** A download's step: connecting, downloading, waiting to retry, verifying; null for a USB import. */
  phase: DownloadProgress['phase'] | null;
  retryInMs: number | null;
  results: JobFileResult[];
  /** USB: every file is closed and the stick's filesystem flushed. */
  safeToUnplug: boolean;
  cancelRequested: boolean;
  /**
   * Why the job failed as a whole, or — while a download waits to try again — what the network said
   * ('retrying'): a code and its values, worded by each reader (protocol/refusals/courseware-texts.pure.ts).
   */
  error: CoursewareProblem | null;
}

export type ImportJobErrorCode = 'volume_not_found' | 'job_not_found' | 'volume_busy' | 'bad_url' | 'no_files';

export class ImportJobError<C extends ImportJobErrorCode = ImportJobErrorCode> extends CodedError<C, StationRefusals[C]> {
  override name = 'ImportJobError';

  constructor(code: C, params: StationRefusals[C]) {
    super(code, params);
  }
}

export interface LibraryImportsOptions {
  db: Db;
  dataDir: string;
  now: () => number;
  events: StationEvents;
  library: LibraryService;
  media: RemovableMedia;
  devices: UsbDeviceEvents | null;
  onError?: (error: unknown, what: string) => void;
  /** For tests: the download back-off (default 1 s … 60 s). */
  retryDelaysMs?: readonly number[];
}

interface Job {
  view: ImportJobView;
  done: Promise<void>;
  abort: AbortController | null;
}

function newId(): string {
  return randomBytes(6).toString('hex');
}

function fromUrlResult(url: string, r: UrlImportResult): JobFileResult {
  const name = r.outcome === 'refused' || r.outcome === 'skipped' ? r.fileName : (r.course.originalName ?? url);
  const base = { path: url, name, bytes: null, courseId: null, title: null, conversion: null, problem: null };
  switch (r.outcome) {
    case 'stream':
      return { ...base, outcome: r.duplicate ? 'duplicate' : 'stream', courseId: r.course.id, title: r.course.title };
    case 'stored':
      return { ...base, outcome: 'stored', bytes: r.course.bytes, courseId: r.course.id, title: r.course.title, conversion: r.conversion.action };
    case 'duplicate':
      return { ...base, outcome: 'duplicate', bytes: r.course.bytes, courseId: r.course.id, title: r.course.title, problem: problemOf('duplicate', { title: r.course.title }) };
    case 'refused':
      return { ...base, outcome: 'refused', problem: problemOf(r.refusal.code, {}) };
    case 'skipped':
      return { ...base, outcome: 'skipped', problem: problemOf(r.reason, {}) };
  }
}

/** The station-log line that closes a USB import. */
export function usbImportSummary(view: ImportJobView): string {
  const count = (o: JobFileResult['outcome']) => view.results.filter((r) => r.outcome === o).length;
  const parts = [`入库 ${count('stored')} 个`];
  if (count('duplicate') > 0) parts.push(`库中已有 ${count('duplicate')} 个`);
  if (count('refused') > 0) parts.push(`拒收 ${count('refused')} 个`);
  if (count('failed') > 0) parts.push(`失败 ${count('failed')} 个`);
  if (count('cancelled') > 0) parts.push(`取消 ${count('cancelled')} 个`);
  const head = view.state === 'cancelled' ? 'U盘导入已取消' : 'U盘导入完成';
  return `${head}：${view.volume?.label ?? ''}，${view.results.length} 个文件，${parts.join('，')}；可以安全拔出U盘`;
}

export class LibraryImports {
  readonly usb: UsbWatch;
  private readonly jobs = new Map<string, Job>();
  private readonly listingCache = new Map<string, VolumeFile>();
  private stopped = false;

  constructor(private readonly options: LibraryImportsOptions) {
    this.usb = new UsbWatch({
      db: options.db,
      now: options.now,
      media: options.media,
      devices: options.devices,
      onError: (err) => options.onError?.(err, 'usb'),
      // A stick plugged in or pulled out: the admin screen's list of volumes should follow.
      onVolumesChanged: () => options.events.emit({ type: 'data_changed' }),
    });
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.usb.start();
    for (const pending of await pendingDownloads(this.options.dataDir)) {
      if (this.options.now() - pending.updatedAt > ABANDONED_DOWNLOAD_MS) {
        await discardDownload(this.options.dataDir, pending.url);
        continue;
      }
      try {
        this.startUrlImport({ url: pending.url, title: pending.title ?? undefined, series: pending.series ?? undefined, sha256: pending.expectedSha256 ?? undefined }, 'system');
      } catch (err) {
        this.options.onError?.(err, `resume ${pending.url}`);
      }
    }
  }

  /** Aborts downloads (their part files stay for the next start), stops USB imports after the current file. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const job of this.jobs.values()) {
      if (job.view.state !== 'running') continue;
      job.view.cancelRequested = true;
      job.abort?.abort();
    }
    await Promise.all([...this.jobs.values()].map((j) => j.done));
    await this.usb.stop();
  }

  volumes(): Promise<RemovableVolume[]> {
    return this.usb.volumes();
  }

  async listFiles(volumeId: string): Promise<{ volume: RemovableVolume; files: VolumeFile[]; truncated: boolean }> {
    const volume = await this.findVolume(volumeId);
    const listing = await listVideoFiles(volume.mountPoint, { cache: this.listingCache });
    // Probes of sticks long gone are not worth keeping.
    if (this.listingCache.size > 5_000) this.listingCache.clear();
    return { volume, ...listing };
  }

  get(id: string): ImportJobView {
    const job = this.jobs.get(id);
    if (!job) throw new ImportJobError('job_not_found', { jobId: String(id) });
    return job.view;
  }

  list(): ImportJobView[] {
    return [...this.jobs.values()].map((j) => j.view).sort((a, b) => b.createdAt - a.createdAt);
  }

  async startUsbImport(volumeId: string, paths: readonly string[], options: { series?: string; actor?: string } = {}): Promise<ImportJobView> {
    const volume = await this.findVolume(volumeId);
    const unique = [...new Set(paths)];
    if (unique.length === 0) throw new ImportJobError('no_files', {});
    if (this.list().some((j) => j.kind === 'usb' && j.state === 'running' && j.volume?.id === volumeId)) {
      throw new ImportJobError('volume_busy', { label: volume.label });
    }
    const actor = options.actor ?? 'admin';
    const view = this.newView('usb', { volume: { id: volume.id, label: volume.label, mountPoint: volume.mountPoint }, filesTotal: unique.length });
    const { db, dataDir, now } = this.options;
    const run = async () => {
      const summary = await importFromVolume({
        db,
        dataDir,
        root: volume.mountPoint,
        paths: unique,
        series: options.series,
        now,
        onLog: mirrorContentLog(db, actor),
        isCancelled: () => view.cancelRequested,
        onProgress: (p) => {
          view.filesTotal = p.filesTotal;
          view.filesDone = p.filesDone;
          view.bytesTotal = p.bytesTotal;
          view.bytesDone = p.bytesDone;
          view.current = p.current && { name: p.current.path, bytesDone: p.current.bytesDone, bytesTotal: p.current.bytesTotal };
        },
        onResult: (r, imported) => {
          view.results.push(r);
          this.arrived(imported);
        },
      });
      view.safeToUnplug = summary.safeToUnplug;
      view.state = summary.cancelled ? 'cancelled' : 'done';
      view.finishedAt = now();
      appendStationLog(db, {
        type: 'content',
        actor,
        at: view.finishedAt,
        message: usbImportSummary(view),
        detail: { jobId: view.id, volume: view.volume, safeToUnplug: true, results: view.results.map((r) => ({ path: r.path, outcome: r.outcome, courseId: r.courseId, code: r.problem?.code ?? null })) },
      });
    };
    this.launch(view, null, run);
    return view;
  }

  /** Starts (or finds) the import of a URL. Throws ImportJobError('bad_url') for what is not an http(s) URL. */
  startUrlImport(input: { url: string; title?: string; series?: string; sha256?: string }, actor = 'admin'): ImportJobView {
    let url: string;
    try {
      url = parseDownloadUrl(input.url).href;
    } catch {
      throw new ImportJobError('bad_url', { url: input.url, reason: URL.canParse(input.url.trim()) ? 'scheme' : 'invalid' });
    }
    const running = this.list().find((j) => j.kind === 'url' && j.state === 'running' && j.url === url);
    if (running) return running;
    const view = this.newView('url', { url, filesTotal: 1 });
    view.current = { name: url, bytesDone: 0, bytesTotal: null };
    const abort = new AbortController();
    const { db, dataDir, now } = this.options;
    const run = async () => {
      try {
        const result = await importUrlWithRecords(db, dataDir, url, {
          actor,
          title: input.title,
          series: input.series,
          expectedSha256: input.sha256,
          now,
          signal: abort.signal,
          retryDelaysMs: this.options.retryDelaysMs,
          onProgress: (p) => {
            view.phase = p.phase;
            view.retryInMs = p.retryInMs;
            view.bytesDone = p.receivedBytes;
            view.bytesTotal = p.totalBytes;
            view.current = { name: url, bytesDone: p.receivedBytes, bytesTotal: p.totalBytes };
            if (p.error) view.error = problemOf('retrying', { error: p.error });
          },
        });
        view.results.push(fromUrlResult(url, result));
        view.filesDone = 1;
        view.error = null;
        view.state = 'done';
        this.arrived(result.outcome === 'stream' ? null : result, result.outcome === 'stream' && !result.duplicate);
      } catch (err) {
        if (!(err instanceof DownloadError)) throw err;
        if (err.code === 'cancelled') {
          // The operator's cancel forgets the download; the agent stopping keeps it for the next start. Only
          // then is the job cancelled: one asked in between must not find the part file of a "cancelled" job.
          if (!this.stopped) await discardDownload(dataDir, url);
          view.state = 'cancelled';
        } else {
          view.state = 'failed';
          view.error = err.problem;
          view.results.push({ path: url, name: url, bytes: null, outcome: 'failed', courseId: null, title: null, conversion: null, problem: err.problem });
        }
      } finally {
        view.finishedAt = now();
        view.current = null;
        view.phase = null;
      }
    };
    this.launch(view, abort, run);
    return view;
  }

  cancel(id: string): ImportJobView {
    const job = this.jobs.get(id);
    if (!job) return this.get(id);
    if (job.view.state === 'running') {
      job.view.cancelRequested = true;
      job.abort?.abort();
    }
    return job.view;
  }

  /** Waits for a job to finish (tests, and the CLI-like callers). */
  async settled(id: string): Promise<ImportJobView> {
    const job = this.jobs.get(id);
    if (!job) return this.get(id);
    await job.done;
    return job.view;
  }

  private async findVolume(id: string): Promise<RemovableVolume> {
    const volume = await this.usb.volume(id);
    if (!volume) throw new ImportJobError('volume_not_found', {});
    return volume;
  }

  private newView(kind: 'usb' | 'url', init: Partial<ImportJobView>): ImportJobView {
    return {
      id: newId(),
      kind,
      state: 'running',
      createdAt: this.options.now(),
      finishedAt: null,
      volume: null,
      url: null,
      filesTotal: 0,
      filesDone: 0,
      bytesTotal: null,
      bytesDone: 0,
      current: null,
      phase: null,
      retryInMs: null,
      results: [],
      safeToUnplug: false,
      cancelRequested: false,
      error: null,
      ...init,
    };
  }

  private launch(view: ImportJobView, abort: AbortController | null, run: () => Promise<void>): void {
    const done = run().catch((err: unknown) => {
      // Not a refusal of one file but a fault (database, disk): the job fails and says why.
      view.state = 'failed';
      view.error = problemOf('import_failed', { detail: err instanceof Error ? err.message : String(err) });
      view.finishedAt ??= this.options.now();
      this.options.onError?.(err, `import job ${view.id}`);
    });
    this.jobs.set(view.id, { view, done, abort });
    const finished = [...this.jobs.values()].filter((j) => j.view.state !== 'running');
    for (const old of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(old.view.id);
  }

  /** A course came in: the screens reload, and the converter looks for work now rather than at its next poll. */
  private arrived(imported: ImportResult | UrlImportResult | null, streamAdded = false): void {
    if (imported?.outcome === 'stored') {
      if (imported.conversion.action !== 'as_is') this.options.library.converter.kick();
      this.options.events.emit({ type: 'data_changed' });
    } else if (imported?.outcome === 'duplicate' || streamAdded) {
      this.options.events.emit({ type: 'data_changed' });
    }
  }
}

