// The courseware receive/store/play log (课件接收存储播放记录) for a date range, from content_log. Pure.
import type { ContentLogEvent } from '../../../content/content-log.ts';
import { KIND_TITLES } from '../export-kinds.pure.ts';
import { rangeLabel, type ExportDocument } from '../../../common/documents/document.pure.ts';

export interface ContentLogLine {
  /** Station-local 'YYYY-MM-DD HH:mm'. */
  at: string;
  event: ContentLogEvent;
  /** '接收', '入库', '播放' … (content/content-log.ts's labels). */
  eventLabel: string;
  courseTitle: string | null;
  source: string | null;
  fileName: string | null;
  bytes: number | null;
  sha256: string | null;
  detail: unknown;
}

export interface ContentLogInput {
  station: { id: string; name: string };
  generatedAt: string;
  from: string;
  to: string;
  lines: ContentLogLine[];
}

const SOURCE_LABELS: Record<string, string> = { inbox: '卫星接收', usb: 'U盘', url: '下载', manual: '手动导入', county: '县平台', demo: '演示', player: '播放器', cli: '命令行' };

/** The Chinese half of a 'Chinese / English' message. */
function zh(value: unknown): string {
  return String(value ?? '').split(' / ')[0] ?? '';
}

/** One line of explanation per entry, as the operator would have written it in the paper book. */
export function describeContentEntry(event: ContentLogEvent, detail: unknown): string {
  const d = (detail ?? {}) as Record<string, unknown>;
  switch (event) {
    case 'received':
      return d['outcome'] === 'duplicate' ? '重复接收，库中已有' : d['outcome'] === 'refused' ? `拒收（${zh(d['reason'] ?? d['code'])}）` : '';
    case 'stored':
      return d['conversion'] ? '入库，等待转换格式' : '入库，可直接播放';
    case 'converted':
      return `${d['action'] === 'remux' ? '转封装' : '转码'}完成${typeof d['speed'] === 'number' ? `（${d['speed']} 倍实时速度）` : ''}`;
    case 'played': {
      const share = typeof d['share'] === 'number' ? `${Math.round(d['share'] * 100)}%` : '—';
      const minutes = typeof d['playedMs'] === 'number' ? `${Math.round(d['playedMs'] / 6_000) / 10} 分钟` : '—';
      return `${d['sessionId'] ? `第 ${d['sessionId']} 场，` : ''}播放 ${minutes}（${share}）`;
    }
    case 'verify_failed':
    case 'quarantined':
      return zh(d['reason'] ?? d['code']);
    case 'removed':
      return zh(d['reason']) || '删除';
    case 'evicted':
      return '存储空间不足，清理最近未播放的课件';
    case 'budget_warning':
      return typeof d['share'] === 'number' ? `存储空间已用 ${Math.round(d['share'] * 100)}%` : '存储空间预警';
  }
}

export function contentLogDocument(input: ContentLogInput): ExportDocument {
  const count = (events: ContentLogEvent[]) => input.lines.filter((l) => events.includes(l.event)).length;
  return {
    kind: 'content-log',
    title: KIND_TITLES['content-log'].zh,
    station: input.station,
    period: { from: input.from, to: input.to, label: rangeLabel(input.from, input.to) },
    generatedAt: input.generatedAt,
    orientation: 'landscape',
    summary: [
      { key: 'received', label: '接收', type: 'integer', value: count(['received']) },
      { key: 'stored', label: '入库', type: 'integer', value: count(['stored']) },
      { key: 'played', label: '播放', type: 'integer', value: count(['played']) },
      { key: 'removed', label: '删除或清理', type: 'integer', value: count(['removed', 'evicted']) },
      { key: 'problems', label: '检查未通过或隔离', type: 'integer', value: count(['verify_failed', 'quarantined']) },
    ],
    sections: [
      {
        id: 'entries',
        title: '记录',
        columns: [
          { key: 'at', title: '时间', type: 'datetime', width: 17 },
          { key: 'event', title: '事项', type: 'text', width: 9 },
          { key: 'course', title: '课件', type: 'text', width: 26 },
          { key: 'source', title: '来源', type: 'text', width: 9 },
          { key: 'file', title: '文件名', type: 'text', width: 24 },
          { key: 'size', title: '大小（MB）', type: 'number', width: 10, decimals: 1 },
          { key: 'sha', title: '校验值（SHA-256 前 12 位）', type: 'text', width: 15 },
          { key: 'detail', title: '说明', type: 'text', width: 28 },
        ],
        rows: input.lines.map((l) => ({
          at: l.at,
          event: l.eventLabel,
          course: l.courseTitle ?? '',
          source: SOURCE_LABELS[l.source ?? ''] ?? l.source ?? '',
          file: l.fileName ?? '',
          size: l.bytes === null ? null : Math.round((l.bytes / 1_048_576) * 10) / 10,
          sha: l.sha256 ? l.sha256.slice(0, 12) : '',
          detail: describeContentEntry(l.event, l.detail),
        })),
        emptyText: '这段时间没有课件记录',
      },
    ],
    notes: ['本记录由终端在课件接收、入库、转换、播放和删除时自动写入，不能修改。校验值用于核对课件文件是否完整。'],
    signatures: ['站点管理员（签字）'],
  };
}
