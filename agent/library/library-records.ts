// How the courseware library's log reaches the agent's records: station-log entries and uplink events
// written in the same transaction as each content_log entry, and plays reported by the player.
import type { Db } from '../store/database.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { enqueueOutbox } from '../outbox/outbox-store.ts';
import { SessionStore } from '../sessions/session-store.ts';
import { CourseStore, type Course } from '../../content/course-store.ts';
import { recordPlay, type ContentLogEntry, type ContentLogHook } from '../../content/content-log.ts';
import { storedProblemText } from '../../protocol/refusals/courseware-texts.pure.ts';

const SOURCE_LABELS: Record<string, string> = { inbox: '卫星接收', usb: 'U盘', url: '下载', manual: '手动导入', county: '县平台', demo: '演示' };

/** '1.4 GB', '350 MB', '12 KB': sizes as an operator reads them. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 || value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** What a content_log entry says of a problem, in Chinese, for the station log (courseware-texts.pure.ts words it). */
function zh(detail: Record<string, unknown>): string {
  return storedProblemText(detail)?.zh ?? '';
}

/** A detail's text as the county reads it (the library writes its outcome and refusal code as strings). */
function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function detailOf(entry: ContentLogEntry): Record<string, unknown> {
  return (entry.detail ?? {}) as Record<string, unknown>;
}

/** The station-log line for a content_log entry, or null when the station log need not repeat it. */
export function stationLogMessage(entry: ContentLogEntry, course: Course | undefined): string | null {
  const d = detailOf(entry);
  const title = course?.title ?? entry.fileName ?? '';
  const file = entry.fileName ?? title;
  switch (entry.event) {
    case 'received':
      return d['outcome'] === 'duplicate' ? `重复接收课件：${file}（库中已有“${title}”）` : null;
    case 'stored': {
      const source = SOURCE_LABELS[entry.source ?? ''] ?? entry.source ?? '';
      return `课件入库：${title}（${source}，${formatBytes(entry.bytes)}${d['conversion'] ? '，等待转换格式' : ''}）`;
    }
    case 'converted':
      return `课件格式转换完成：${title}（${d['speed']} 倍实时速度）`;
    case 'quarantined':
      return d['code'] === 'conversion_failed' ? `课件格式转换失败，已隔离：${title}` : `课件未通过检查，已隔离：${file}（${zh(d)}）`;
    case 'verify_failed':
      // An import's refusal is told by its 'quarantined' entry; this is a check of a stored course.
      return entry.courseId === null ? null : `课件检查发现问题：${title}（${zh(d)}）`;
    case 'removed':
      return `删除课件：${title}`;
    case 'evicted':
      return `存储空间不足，清理课件：${title}（最近未播放，30 天内无节目）`;
    case 'budget_warning':
      return `课件存储空间已用 ${Math.round(Number(d['share'] ?? 0) * 100)}%（预算 ${formatBytes(Number(d['budgetBytes'] ?? 0))}）`;
    case 'played':
      return null;
  }
}

/**
 * The hook content/ calls inside each content_log transaction: mirrors the entry into the station log
 * (type 'content') and queues every receipt for the county as 'content_received'.
 */
export function mirrorContentLog(db: Db, actor: string): ContentLogHook {
  return (entry, course) => {
    const message = stationLogMessage(entry, course);
    if (message !== null) {
      appendStationLog(db, {
        type: 'content',
        actor,
        at: entry.at,
        message,
        detail: { contentLogId: entry.id, event: entry.event, courseId: entry.courseId, fileName: entry.fileName, sha256: entry.sha256 },
      });
    }
    if (entry.event === 'received') {
      const d = detailOf(entry);
      enqueueOutbox(db, 'content_received', entry.at, {
        contentLogId: entry.id,
        courseId: entry.courseId,
        title: course?.title ?? null,
        fileName: entry.fileName,
        bytes: entry.bytes,
        sha256: entry.sha256,
        source: entry.source,
        outcome: textOrNull(d['outcome']),
        code: textOrNull(d['code']),
      });
    }
  };
}

export interface PlayedReport {
  courseId: number;
  sessionId: number | null;
  /** What the player reported with its 'end' event, if anything; the session's own count is used too. */
  playedMs?: number;
  at: number;
}

/**
 * Records that a course was played to its end (the player's 'end' report): a 'played' entry in the
 * receive/store/play log with program, start and share played, and the course's last-played time.
 * Call it inside the transaction that records the report; a session is logged once.
 */
export function recordPlayed(db: Db, report: PlayedReport): ContentLogEntry | null {
  const session = report.sessionId === null ? undefined : new SessionStore(db).get(report.sessionId);
  const course = new CourseStore(db).get(report.courseId);
  if (!course) return null;
  const played = Math.max(report.playedMs ?? 0, session?.playedMs ?? 0);
  const length = session?.courseDurationMs ?? course.durationMs;
  return recordPlay(db, {
    courseId: report.courseId,
    at: report.at,
    sessionId: report.sessionId,
    programId: session?.programId ?? null,
    startedAt: session?.startedAt ?? null,
    playedMs: played > 0 ? played : null,
    share: played > 0 && length ? Math.min(1, Math.round((played / length) * 1000) / 1000) : null,
  });
}
