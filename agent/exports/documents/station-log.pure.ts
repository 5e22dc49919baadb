// The station management log (站点管理日志) for a date range, entry by entry. Pure.
import type { LogType } from '../../stationlog/station-log.ts';
import { KIND_TITLES } from '../export-kinds.pure.ts';
import { rangeLabel, type ExportDocument } from '../../../common/documents/document.pure.ts';

export interface StationLogLine {
  /** Station-local 'YYYY-MM-DD HH:mm'. */
  at: string;
  type: LogType;
  actor: string;
  message: string;
}

export interface StationLogInput {
  station: { id: string; name: string };
  generatedAt: string;
  from: string;
  to: string;
  lines: StationLogLine[];
}

/** The same words the kiosk's records tab uses for each kind of entry. */
export const LOG_TYPE_LABELS: Record<LogType, string> = {
  station: '站点',
  admin: '管理',
  roster: '名册',
  program: '节目',
  schedule: '日程',
  session: '场次',
  checkin: '签到',
  playback: '播放',
  content: '课件',
  alert: '告警',
};

const ACTOR_LABELS: Record<string, string> = { system: '系统', kiosk: '终端', admin: '管理员', cli: '命令行', county: '县级平台', player: '播放器' };

export function stationLogDocument(input: StationLogInput): ExportDocument {
  return {
    kind: 'station-log',
    title: KIND_TITLES['station-log'].zh,
    station: input.station,
    period: { from: input.from, to: input.to, label: rangeLabel(input.from, input.to) },
    generatedAt: input.generatedAt,
    orientation: 'portrait',
    summary: [
      { key: 'entries', label: '记录条数', type: 'integer', value: input.lines.length },
      { key: 'alerts', label: '其中告警', type: 'integer', value: input.lines.filter((l) => l.type === 'alert').length },
    ],
    sections: [
      {
        id: 'entries',
        title: '日志',
        columns: [
          { key: 'at', title: '时间', type: 'datetime', width: 17 },
          { key: 'type', title: '类别', type: 'text', width: 7 },
          { key: 'actor', title: '操作人', type: 'text', width: 9 },
          { key: 'message', title: '内容', type: 'text', width: 60 },
        ],
        rows: input.lines.map((l) => ({ at: l.at, type: LOG_TYPE_LABELS[l.type], actor: ACTOR_LABELS[l.actor] ?? l.actor, message: l.message })),
        emptyText: '这段时间没有日志',
      },
    ],
    notes: ['本日志由终端自动记录，只能追加，不能修改或删除。'],
    signatures: ['站点管理员（签字）'],
  };
}
