// The sign-in sheet of one group viewing (集中收看签到表): every registered member with present, late or
// absent, the guests, the counts and the rate, and lines to sign. Pure.
import type { SessionFigures } from '../../reports/participation.pure.ts';
import { KIND_TITLES } from '../export-kinds.pure.ts';
import type { ExportDocument, Row } from '../../../common/documents/document.pure.ts';

export interface SigninMember {
  name: string;
  /** '正式党员', '预备党员'. */
  category: string;
  branch: string | null;
  /** 'HH:mm' of the check-in, null when absent. */
  checkedInAt: string | null;
  late: boolean;
  /** 请假 reason for the session's month, if any. */
  excusedReason: string | null;
}

export interface SigninGuest {
  name: string;
  category: string;
  checkedInAt: string;
  late: boolean;
}

export interface SigninSheetInput {
  station: { id: string; name: string };
  generatedAt: string;
  session: {
    id: number;
    title: string;
    date: string;
    scheduledTime: string;
    startedTime: string | null;
    endedTime: string | null;
    playedMinutes: number;
    held: boolean;
    tutor: string | null;
    operator: string | null;
    /** A make-up showing (补学): everyone present is marked 补学. */
    makeUp?: boolean;
  };
  /** The members registered on the session's date, in roster order. */
  members: SigninMember[];
  guests: SigninGuest[];
  /** sessionFigures' answer for this session: the same numbers the monthly report shows for it. */
  figures: Omit<SessionFigures, 'absentIds'> & { absent: number };
  lateGraceMinutes: number;
}

export function statusOf(m: Pick<SigninMember, 'checkedInAt' | 'late'>): '出席' | '迟到' | '缺席' {
  if (m.checkedInAt === null) return '缺席';
  return m.late ? '迟到' : '出席';
}

export function signinSheetDocument(input: SigninSheetInput): ExportDocument {
  const s = input.session;
  const f = input.figures;
  const members: Row[] = input.members.map((m, i) => ({
    no: i + 1,
    name: m.name,
    category: m.category,
    branch: m.branch ?? '',
    checkedIn: m.checkedInAt,
    status: statusOf(m),
    remark: [s.makeUp === true && m.checkedInAt !== null ? '补学' : '', m.excusedReason === null ? '' : `请假：${m.excusedReason}`].filter(Boolean).join('；'),
  }));
  const excused = input.members.filter((m) => m.excusedReason !== null).length;
  const notes = [
    '参学率 = 实到在册党员 ÷ 应到在册党员（当日名册上的正式党员、预备党员）。来宾单列，不计入参学率。',
    `迟到：开始 ${input.lateGraceMinutes} 分钟以后签到。迟到人次含来宾。`,
    '签到时间取自终端签到记录（点名单、查找姓名、刷卡或管理员补签）。',
  ];
  if (s.makeUp === true) notes.push('本场为补学场次：签到的在册党员计为本月已学习（备注“补学”），不改变原场次的应到、实到和参学率。');
  if (excused > 0) notes.push(`本月请假的 ${excused} 名党员在本场仍记为缺席（单次参学率按定义计算）；月参学率不计入请假党员。`);
  return {
    kind: 'signin-sheet',
    title: s.makeUp === true ? `${KIND_TITLES['signin-sheet'].zh}（补学）` : KIND_TITLES['signin-sheet'].zh,
    station: input.station,
    period: { from: s.date, to: s.date, label: `${s.date} ${s.startedTime ?? s.scheduledTime}` },
    generatedAt: input.generatedAt,
    orientation: 'portrait',
    summary: [
      { key: 'program', label: '节目', type: 'text', value: s.title },
      { key: 'date', label: '日期', type: 'date', value: s.date },
      { key: 'scheduled', label: '计划开始', type: 'time', value: s.scheduledTime },
      { key: 'started', label: '实际开始', type: 'time', value: s.startedTime },
      { key: 'ended', label: '结束', type: 'time', value: s.endedTime },
      { key: 'tutor', label: '学习辅导员', type: 'text', value: s.tutor },
      { key: 'operator', label: '操作员', type: 'text', value: s.operator },
      { key: 'registered', label: '应到', type: 'integer', value: f.registered },
      { key: 'attended', label: '实到', type: 'integer', value: f.attendedRegistered },
      { key: 'absent', label: '缺席', type: 'integer', value: f.absent },
      { key: 'late', label: '迟到（人次）', type: 'integer', value: f.late },
      { key: 'guests', label: '来宾', type: 'integer', value: f.guests },
      { key: 'rate', label: '参学率', type: 'percent', value: f.rate },
      { key: 'held', label: '是否计入', type: 'text', value: s.held ? '是' : '否' },
      ...(s.makeUp === true ? [{ key: 'make_up', label: '补学场次', type: 'text' as const, value: '是' }] : []),
    ],
    sections: [
      {
        id: 'members',
        title: '在册党员签到',
        columns: [
          { key: 'no', title: '序号', type: 'integer', width: 5 },
          { key: 'name', title: '姓名', type: 'text', width: 12 },
          { key: 'category', title: '类别', type: 'text', width: 10 },
          { key: 'branch', title: '所在支部', type: 'text', width: 16 },
          { key: 'checkedIn', title: '签到时间', type: 'time', width: 9 },
          { key: 'status', title: '出席情况', type: 'text', width: 9 },
          { key: 'remark', title: '备注', type: 'text', width: 20 },
        ],
        rows: members,
        totals: { no: '合计', remark: `实到 ${f.attendedRegistered} 人 / 应到 ${f.registered} 人` },
        emptyText: '当日名册上没有在册党员',
      },
      {
        id: 'guests',
        title: '来宾签到',
        columns: [
          { key: 'no', title: '序号', type: 'integer', width: 5 },
          { key: 'name', title: '姓名', type: 'text', width: 12 },
          { key: 'category', title: '类别', type: 'text', width: 14 },
          { key: 'checkedIn', title: '签到时间', type: 'time', width: 9 },
          { key: 'status', title: '出席情况', type: 'text', width: 9 },
        ],
        rows: input.guests.map((g, i) => ({ no: i + 1, name: g.name, category: g.category, checkedIn: g.checkedInAt, status: g.late ? '迟到' : '出席' })),
        totals: { no: '合计', status: `${f.guests} 人次` },
        emptyText: '本场没有来宾',
      },
    ],
    notes,
    signatures: ['操作员（签字）', '学习辅导员（签字）'],
  };
}
