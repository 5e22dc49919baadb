// The mobile-member ledger (流动党员台帐) of one year: every flow in, out and back, in date order, corrections
// beside what they correct (an entry is never changed: the book shows both). Pure.
import { KIND_TITLES } from '../export-kinds.pure.ts';
import type { ExportDocument } from '../../../common/documents/document.pure.ts';

export interface MobileLedgerLine {
  id: number;
  date: string;
  /** 流入 / 流出 / 返回. */
  kindLabel: string;
  kind: 'flow_in' | 'flow_out' | 'return';
  memberName: string;
  branch: string | null;
  organisation: string;
  contact: string | null;
  certificateNo: string | null;
  note: string | null;
  corrects: number | null;
  correctedBy: number | null;
  enteredBy: string;
  /** When it was entered, station-local 'YYYY-MM-DD HH:mm'. */
  enteredAt: string;
}

export interface MobileLedgerInput {
  station: { id: string; name: string };
  generatedAt: string;
  year: string;
  lines: MobileLedgerLine[];
}

function remark(line: MobileLedgerLine): string {
  const parts = [line.note ?? ''];
  if (line.corrects !== null) parts.push(`更正第 ${line.corrects} 条`);
  if (line.correctedBy !== null) parts.push(`已由第 ${line.correctedBy} 条更正`);
  return parts.filter((p) => p !== '').join('；');
}

export function mobileLedgerDocument(input: MobileLedgerInput): ExportDocument {
  // What stands: entries not corrected by a later one.
  const standing = input.lines.filter((l) => l.correctedBy === null);
  const countOf = (kind: MobileLedgerLine['kind']) => standing.filter((l) => l.kind === kind).length;
  return {
    kind: 'mobile-ledger',
    title: KIND_TITLES['mobile-ledger'].zh,
    station: input.station,
    period: { from: `${input.year}-01-01`, to: `${input.year}-12-31`, label: `${input.year} 年` },
    generatedAt: input.generatedAt,
    orientation: 'landscape',
    summary: [
      { key: 'flowIn', label: '流入', type: 'integer', value: countOf('flow_in') },
      { key: 'flowOut', label: '流出', type: 'integer', value: countOf('flow_out') },
      { key: 'returned', label: '返回', type: 'integer', value: countOf('return') },
      { key: 'corrections', label: '更正', type: 'integer', value: input.lines.filter((l) => l.corrects !== null).length },
    ],
    sections: [
      {
        id: 'ledger',
        title: '流动登记',
        columns: [
          { key: 'no', title: '编号', type: 'integer', width: 5 },
          { key: 'date', title: '日期', type: 'date', width: 11 },
          { key: 'kind', title: '流动类型', type: 'text', width: 7 },
          { key: 'name', title: '姓名', type: 'text', width: 9 },
          { key: 'branch', title: '所在支部', type: 'text', width: 12 },
          { key: 'organisation', title: '流入/流出地党组织', type: 'text', width: 20 },
          { key: 'contact', title: '联系方式', type: 'text', width: 13 },
          { key: 'certificate', title: '活动证号', type: 'text', width: 12 },
          { key: 'remark', title: '备注', type: 'text', width: 18 },
          { key: 'enteredBy', title: '登记人', type: 'text', width: 8 },
          { key: 'enteredAt', title: '登记时间', type: 'text', width: 15 },
        ],
        rows: input.lines.map((l) => ({
          no: l.id,
          date: l.date,
          kind: l.kindLabel,
          name: l.memberName,
          branch: l.branch ?? '',
          organisation: l.organisation,
          contact: l.contact ?? '',
          certificate: l.certificateNo ?? '',
          remark: remark(l),
          enteredBy: l.enteredBy,
          enteredAt: l.enteredAt,
        })),
        emptyText: `${input.year} 年没有流动党员登记`,
      },
    ],
    notes: ['台帐条目登记后不再修改；更正以新条目登记，原条目保留并注明。'],
    signatures: ['登记人（签字）', '党支部书记（签字）'],
  };
}
