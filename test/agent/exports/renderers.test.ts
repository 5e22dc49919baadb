// The renderers and builders on their own: every builder's document is well-typed, text that looks like
// markup or a spreadsheet formula stays text, the door notice lists the coming showings, file names are safe.
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentProblems, rangeLabel, type ExportDocument } from '../../../common/documents/document.pure.ts';
import { renderCsv } from '../../../common/documents/render-csv.ts';
import { renderHtml, cssString } from '../../../common/documents/render-html.pure.ts';
import { renderXlsx } from '../../../common/documents/render-xlsx.ts';
import { loadDocument, type DocumentRequest } from '../../../agent/exports/export-loaders.ts';
import { contentDisposition, fileNameFor, resolveRequest } from '../../../agent/exports/export-kinds.pure.ts';
import { produceExport } from '../../../agent/exports/export-service.ts';
import { loadNameOrder } from '../../../agent/roster/roster-order.ts';
import { at, createStation, tempDir } from '../../support/station-fixture.ts';
import { MONTH, createExportStation, type ExportStation } from './export-fixture.ts';
import { block, csvBlocks, records } from './export-support.ts';

let dir: string;
let fixture: ExportStation;
const NOW = at('2026-06-01 09:00');

beforeAll(async () => {
  dir = tempDir('yj-export-render-');
  fixture = createExportStation(dir);
  // loadDocument is synchronous: the sign-in sheet's name order loads first, as produceExport does.
  await loadNameOrder();
});

afterAll(() => {
  fixture.station.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function hostile(): ExportDocument {
  return {
    kind: 'station-log',
    title: '站点管理日志',
    station: { id: 's', name: '村"</style><script>alert(1)</script>' },
    period: { from: '2026-05-01', to: '2026-05-31', label: rangeLabel('2026-05-01', '2026-05-31') },
    generatedAt: '2026-06-01 09:00',
    orientation: 'portrait',
    summary: [{ key: 'n', label: '条数', type: 'integer', value: 2 }],
    sections: [
      {
        id: 'entries',
        title: '日志',
        columns: [
          { key: 'at', title: '时间', type: 'datetime', width: 17 },
          { key: 'message', title: '内容', type: 'text', width: 40 },
        ],
        rows: [
          { at: '2026-05-02 08:00', message: '=HYPERLINK("http://evil","点我")' },
          { at: '2026-05-03 08:00', message: '<b>加粗</b> & 其他' },
        ],
        emptyText: '无',
      },
    ],
    notes: [],
    signatures: ['站点管理员（签字）'],
  };
}

describe('builders', () => {
  it('every record of the fixture month is a well-typed document', () => {
    const requests: DocumentRequest[] = [
      { kind: 'month-report', month: MONTH },
      { kind: 'month-report', month: '2026-04' },
      { kind: 'signin-sheet', sessionId: fixture.first.id },
      { kind: 'signin-sheet', sessionId: fixture.second.id },
      { kind: 'viewing-record', from: '2026-05-01', to: '2026-05-31' },
      { kind: 'content-log', from: '2026-05-01', to: '2026-05-31' },
      { kind: 'station-log', from: '2026-05-01', to: '2026-05-31' },
      { kind: 'equipment', asOf: '2026-06-01' },
      { kind: 'notice', from: '2026-06-01', range: 'month' },
    ];
    for (const request of requests) expect(documentProblems(loadDocument(fixture.db, request, NOW)), request.kind).toEqual([]);
  });

  it('the type check catches a value in the wrong shape', () => {
    const doc = hostile();
    doc.sections[0]!.rows.push({ at: '2026-05-04T08:00', message: 3 as unknown as string });
    expect(documentProblems(doc)).toEqual(['entries row 3 at: YYYY-MM-DD HH:mm expected, got 2026-05-04T08:00', 'entries row 3 message: text expected, got number']);
  });

  it('the door notice lists the coming showings of the week or the month, with their check-in time', async () => {
    const station = createStation();
    try {
      station.settings({ stationName: '测试村' });
      station.addProgram({ title: '每周理论学习', rule: { type: 'weekly', days: [3, 6], time: '19:30' } }, at('2026-05-01 08:00'));
      station.addProgram({ title: '循环播放', kind: 'background', rule: { type: 'daily', time: '08:00', from: '2026-06-05', until: '2026-06-05' } }, at('2026-05-01 08:00'));
      const month = await produceExport(station.db, resolveRequest('notice', { range: 'month' }, '2026-06-01'), 'csv', NOW);
      const rows = records(block(csvBlocks(month.bytes), '节目安排'));
      expect(rows.filter((r) => r['节目'] === '每周理论学习').map((r) => `${r['日期']} ${r['星期']}`)).toEqual([
        '2026-06-03 周三', '2026-06-06 周六', '2026-06-10 周三', '2026-06-13 周六', '2026-06-17 周三', '2026-06-20 周六', '2026-06-24 周三', '2026-06-27 周六',
      ]);
      expect(rows[0]).toMatchObject({ 时间: '19:30', 形式: '集中收看', 签到开始: '19:15' });
      expect(rows.find((r) => r['节目'] === '循环播放')).toMatchObject({ 日期: '2026-06-05', 形式: '循环播放', 签到开始: '—' });
      const week = await produceExport(station.db, resolveRequest('notice', { range: 'week' }, '2026-06-01'), 'csv', NOW);
      expect(records(block(csvBlocks(week.bytes), '节目安排')).map((r) => r['日期'])).toEqual(['2026-06-03', '2026-06-05', '2026-06-06']);
      expect(week.fileName).toBe('测试村-节目预告-2026-06-01-一周.csv');
      // The door leads with the group viewings, in large type; the loop program only in the full list.
      expect(records(block(csvBlocks(week.bytes), '集中收看')).map((r) => `${r['日期']} ${r['时间']} ${r['节目']}`)).toEqual(['2026-06-03 19:30 每周理论学习', '2026-06-06 19:30 每周理论学习']);
      const html = (await produceExport(station.db, resolveRequest('notice', { range: 'week' }, '2026-06-01'), 'html', NOW)).bytes.toString('utf8');
      expect(html.indexOf('data-section="group_viewings"')).toBeLessThan(html.indexOf('data-section="showings"'));
      expect(html).toContain('class="doc-section doc-section-large" data-section="group_viewings"');
    } finally {
      station.close();
    }
  });
});

describe('renderers keep text as text', () => {
  it('HTML: markup in a name or a log line is escaped, and cannot end the <style> element of the page header', () => {
    const html = renderHtml(hostile(), '');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;b&gt;加粗&lt;/b&gt; &amp; 其他');
    // Exactly one </style>: the one that closes the styles.
    expect(html.match(/<\/style>/g)).toHaveLength(1);
    expect(cssString('a"b\\c</style>')).toBe('"a\\"b\\\\c\\3C /style>"');
  });

  it('CSV: a cell Excel would run as a formula is kept as text', () => {
    const rows = records(block(csvBlocks(renderCsv(hostile())), '日志'));
    expect(rows[0]!['内容']).toBe('\'=HYPERLINK("http://evil","点我")');
    expect(rows[1]!['内容']).toBe('<b>加粗</b> & 其他');
  });

  it('XLSX: a formula-looking text is a string cell, and the page header survives an ampersand', async () => {
    const doc = hostile();
    doc.station.name = '张村 & 李村联合站点';
    const book = new ExcelJS.Workbook();
    const bytes = await renderXlsx(doc);
    await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const cell = book.getWorksheet('日志')!.getCell('B6');
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe('=HYPERLINK("http://evil","点我")');
    expect(book.getWorksheet('日志')!.headerFooter.oddHeader).toContain('张村 && 李村联合站点');
  });
});

describe('file names', () => {
  it('are what a person looks for, safe on a FAT stick, and travel in Content-Disposition as RFC 5987', () => {
    expect(fileNameFor({ kind: 'month-report', month: '2026-05' }, 'pdf', '东风村/二组:站点')).toBe('东风村_二组_站点-月度参学情况报表-2026-05.pdf');
    expect(fileNameFor({ kind: 'signin-sheet', sessionId: 7 }, 'csv', '站', '2026-05-10')).toBe('站-集中收看签到表-2026-05-10-第7场.csv');
    expect(contentDisposition('attachment', '站-报表 (1).csv', 'report.csv')).toBe(`attachment; filename="report.csv"; filename*=UTF-8''%E7%AB%99-%E6%8A%A5%E8%A1%A8%20%281%29.csv`);
  });
});
