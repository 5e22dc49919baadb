// The monthly table for inspection (月度考核表) as CSV (UTF-8 with BOM, so Excel on a county office PC opens
// the Chinese correctly) and as XLSX, one row per station and a county total.
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import type { StationRow } from '../views/station-rows.ts';
import { GRADE_LABELS, countyParticipation } from '../figures/participation.ts';

export type ExportLanguage = 'zh-CN' | 'en';

interface Column {
  zh: string;
  en: string;
  /** The cell: text, a whole number, a share (0–1, shown as a percentage) or nothing. */
  value: (r: StationRow, lang: ExportLanguage, zone: string) => string | number | null;
  kind: 'text' | 'int' | 'share' | 'number';
}

const COLUMNS: Column[] = [
  { zh: '站点编号', en: 'Station ID', kind: 'text', value: (r) => r.id },
  { zh: '站点名称', en: 'Station', kind: 'text', value: (r) => r.name },
  { zh: '站点类别', en: 'Grade', kind: 'text', value: (r, lang) => (lang === 'en' ? GRADE_LABELS[r.grade].en : GRADE_LABELS[r.grade].zh) },
  { zh: '集中收看次数', en: 'Group viewings held', kind: 'int', value: (r) => r.sessionsHeld },
  { zh: '要求次数', en: 'Required', kind: 'int', value: (r) => r.sessionsRequired },
  { zh: '是否达标', en: 'Compliant', kind: 'text', value: (r, lang) => (r.compliant ? (lang === 'en' ? 'yes' : '达标') : lang === 'en' ? 'no' : '未达标') },
  { zh: '在册党员', en: 'Registered members', kind: 'int', value: (r) => r.registered },
  { zh: '请假', en: 'Excused', kind: 'int', value: (r) => r.excused },
  { zh: '参学人数', en: 'Attended', kind: 'int', value: (r) => r.attendedRegistered },
  { zh: '月参学率', en: 'Participation rate', kind: 'share', value: (r) => r.participationRate },
  { zh: '学习时长（分钟）', en: 'Study minutes', kind: 'number', value: (r) => r.studyMinutes },
  { zh: '来宾人次', en: 'Guests', kind: 'int', value: (r) => r.guests },
  { zh: '在线率', en: 'Uptime', kind: 'share', value: (r) => r.uptime },
  {
    zh: '最后联系时间',
    en: 'Last contact',
    kind: 'text',
    value: (r, _lang, zone) => (r.lastSeenAt === null ? null : DateTime.fromMillis(r.lastSeenAt, { zone }).toFormat('yyyy-MM-dd HH:mm')),
  },
];

export function exportFileName(month: string, ext: 'csv' | 'xlsx', lang: ExportLanguage): string {
  return lang === 'en' ? `county-monthly-${month}.${ext}` : `远教站点月度考核表-${month}.${ext}`;
}

/** The county-wide line: sums, and the participation rate as Σ attended ÷ Σ registered. */
function totalRow(rows: readonly StationRow[], lang: ExportLanguage): (string | number | null)[] {
  const reporting = rows.filter((r) => r.registered !== null);
  const p = countyParticipation(reporting.map((r) => ({ registered: r.registered!, attendedRegistered: r.attendedRegistered! })));
  const sum = (f: (r: StationRow) => number | null) => rows.reduce((n, r) => n + (f(r) ?? 0), 0);
  return COLUMNS.map((c) => {
    switch (c.zh) {
      case '站点编号':
        return lang === 'en' ? 'County total' : '全县合计';
      case '集中收看次数':
        return sum((r) => r.sessionsHeld);
      case '是否达标': {
        const ok = rows.filter((r) => r.compliant).length;
        return lang === 'en' ? `${ok}/${rows.length}` : `${ok}/${rows.length} 达标`;
      }
      case '在册党员':
        return p.registered;
      case '请假':
        return sum((r) => r.excused);
      case '参学人数':
        return p.attendedRegistered;
      case '月参学率':
        return p.rate;
      case '学习时长（分钟）':
        return Math.round(sum((r) => r.studyMinutes) * 10) / 10;
      case '来宾人次':
        return sum((r) => r.guests);
      default:
        return null;
    }
  });
}

/** A text cell a spreadsheet would read as a formula is kept as text (CSV injection). */
function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvCell(value: string | number | null, kind: Column['kind']): string {
  if (value === null) return '';
  const text = kind === 'share' && typeof value === 'number' ? `${(value * 100).toFixed(1)}%` : typeof value === 'string' ? safeText(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function monthlyCsv(rows: readonly StationRow[], zone: string, lang: ExportLanguage = 'zh-CN'): Buffer {
  const lines = [
    COLUMNS.map((c) => csvCell(lang === 'en' ? c.en : c.zh, 'text')).join(','),
    ...rows.map((r) => COLUMNS.map((c) => csvCell(c.value(r, lang, zone), c.kind)).join(',')),
    totalRow(rows, lang)
      .map((v, i) => csvCell(v, COLUMNS[i]!.kind))
      .join(','),
  ];
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

export async function monthlyXlsx(rows: readonly StationRow[], month: string, zone: string, lang: ExportLanguage = 'zh-CN'): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Yuanjiao county hub';
  const sheet = book.addWorksheet(lang === 'en' ? `Monthly ${month}` : `${month} 月度考核`, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({ header: lang === 'en' ? c.en : c.zh, width: c.kind === 'text' ? 18 : 12 }));
  sheet.getRow(1).font = { bold: true };
  const add = (values: (string | number | null)[]) => {
    const row = sheet.addRow(values.map((v) => (typeof v === 'string' ? safeText(v) : v)));
    COLUMNS.forEach((c, i) => {
      if (c.kind === 'share') row.getCell(i + 1).numFmt = '0.0%';
    });
    return row;
  };
  for (const r of rows) add(COLUMNS.map((c) => c.value(r, lang, zone)));
  add(totalRow(rows, lang)).font = { bold: true };
  return Buffer.from(await book.xlsx.writeBuffer());
}
