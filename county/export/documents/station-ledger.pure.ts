// One station's mobile-member ledger (流动党员台帐) for a year, as the county holds it: every entry the station
// sent, corrections beside what they correct. Pure: the rows are the station page's own
// (/api/county/stations/:id, mobileLedger), never recomputed here.
import type { ExportDocument } from '../../../common/documents/document.pure.ts';
import type { HubLedgerEntry } from '../../store/mobile-ledger-rows.ts';
import type { ExportLanguage } from '../export-request.pure.ts';
import { COUNTY_SOURCE_LINE, columnsIn, localDateTime, pick, type Bilingual, type ColumnDef } from './county-words.pure.ts';

export const STATION_LEDGER_TITLE: Bilingual = { zh: '流动党员台帐', en: 'Mobile-member ledger' };

const KIND_WORDS: Record<HubLedgerEntry['kind'], Bilingual> = {
  flow_in: { zh: '流入', en: 'Flow in' },
  flow_out: { zh: '流出', en: 'Flow out' },
  return: { zh: '返回', en: 'Return' },
};

const COLUMNS: ColumnDef[] = [
  { key: 'no', zh: '编号', en: 'No.', type: 'integer', width: 5 },
  { key: 'date', zh: '日期', en: 'Date', type: 'date', width: 11 },
  { key: 'kind', zh: '流动类型', en: 'Kind', type: 'text', width: 7 },
  { key: 'name', zh: '姓名', en: 'Name', type: 'text', width: 9 },
  { key: 'branch', zh: '所在支部', en: 'Branch', type: 'text', width: 12 },
  { key: 'organisation', zh: '流入/流出地党组织', en: 'Organisation (from / to)', type: 'text', width: 20 },
  { key: 'contact', zh: '联系方式', en: 'Contact', type: 'text', width: 13 },
  { key: 'certificate', zh: '活动证号', en: 'Certificate no.', type: 'text', width: 12 },
  { key: 'remark', zh: '备注', en: 'Remark', type: 'text', width: 18 },
  { key: 'entered_by', zh: '登记人', en: 'Entered by', type: 'text', width: 8 },
  { key: 'entered_at', zh: '登记时间', en: 'Entered at', type: 'text', width: 15 },
];

export interface StationLedgerInput {
  station: { id: string; name: string };
  year: string;
  entries: HubLedgerEntry[];
  lang: ExportLanguage;
  generatedAt: string;
  timeZone: string;
}

function remark(e: HubLedgerEntry, lang: ExportLanguage): string {
  const parts = [e.note ?? ''];
  if (e.corrects !== null) parts.push(pick(lang, { zh: `更正第 ${e.corrects} 条`, en: `corrects no. ${e.corrects}` }));
  if (e.correctedBy !== null) parts.push(pick(lang, { zh: `已由第 ${e.correctedBy} 条更正`, en: `corrected by no. ${e.correctedBy}` }));
  return parts.filter((p) => p !== '').join(lang === 'en' ? '; ' : '；');
}

export function stationLedgerDocument(input: StationLedgerInput): ExportDocument {
  const { lang } = input;
  const standing = input.entries.filter((e) => e.correctedBy === null);
  const count = (kind: HubLedgerEntry['kind']) => standing.filter((e) => e.kind === kind).length;
  return {
    kind: 'station-mobile-ledger',
    title: pick(lang, STATION_LEDGER_TITLE),
    station: input.station,
    period: { from: `${input.year}-01-01`, to: `${input.year}-12-31`, label: lang === 'en' ? input.year : `${input.year} 年` },
    generatedAt: input.generatedAt,
    orientation: 'landscape',
    lang,
    summary: [
      { key: 'flow_in', label: pick(lang, KIND_WORDS.flow_in), type: 'integer', value: count('flow_in') },
      { key: 'flow_out', label: pick(lang, KIND_WORDS.flow_out), type: 'integer', value: count('flow_out') },
      { key: 'return', label: pick(lang, KIND_WORDS.return), type: 'integer', value: count('return') },
    ],
    sections: [
      {
        id: 'ledger',
        title: pick(lang, { zh: '流动登记', en: 'Flows' }),
        columns: columnsIn(lang, COLUMNS),
        rows: input.entries.map((e) => ({
          no: e.entryId,
          date: e.date,
          kind: pick(lang, KIND_WORDS[e.kind]),
          name: e.memberName,
          branch: e.branch ?? '',
          organisation: e.organisation,
          contact: e.contact ?? '',
          certificate: e.certificateNo ?? '',
          remark: remark(e, lang),
          entered_by: e.enteredBy,
          entered_at: localDateTime(e.enteredAt, input.timeZone) ?? '',
        })),
        emptyText: pick(lang, { zh: `${input.year} 年本站点未上报流动党员登记`, en: `no mobile-member entries reported for ${input.year}` }),
      },
    ],
    notes: [pick(lang, { zh: '站点登记后不再修改台帐条目；更正以新条目上报，原条目保留并注明。', en: 'A station never changes an entry: a correction is a new entry, and the corrected one stays, marked.' })],
    signatures: [pick(lang, { zh: '审核人（签字）', en: 'Reviewed by' })],
    sourceLine: pick(lang, COUNTY_SOURCE_LINE),
  };
}
