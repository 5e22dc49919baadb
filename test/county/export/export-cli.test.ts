// `yuanjiao county export monthly|station ID`: the dashboard's files from the command line, read straight from
// the hub's database while the hub runs — the same figures as the staff API, the format from --format or the
// --out extension, never over an existing file without --force, exit 2 and both languages for a usage mistake.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StationRow } from '../../../county/views/station-rows.ts';
import type { StationDetail } from '../../../county/views/dashboard-views.ts';
import { tempDir } from '../../support/station-fixture.ts';
import { HAS_PDFTOTEXT, NO_PDFTOTEXT_REASON, block, cli, csvBlocks, pdfText, records } from '../../agent/exports/export-support.ts';
import { call, hubDbArgs, testHubDialect } from '../support/hub-fixture.ts';
import { createExportCounty, type ExportCounty } from '../support/export-county.ts';

let county: ExportCounty;
let out: string;

/** `yuanjiao county export …` on the test hub's data directory. */
function countyExport(...args: string[]) {
  return cli(county.hub.dataDir, 'county', 'export', ...args, ...hubDbArgs(county.hub.dataDir));
}

beforeAll(async () => {
  county = await createExportCounty();
  out = tempDir('yj-county-cli-');
}, 60_000);

afterAll(async () => {
  await county?.hub.stop();
  fs.rmSync(county.hub.dataDir, { recursive: true, force: true });
  fs.rmSync(out, { recursive: true, force: true });
});

describe('yuanjiao county export', () => {
  it('writes the monthly table as XLSX (format from --out) with the ranking’s figures', async () => {
    const file = path.join(out, '月度汇总.xlsx');
    const r = await countyExport('monthly', '--month', county.month, '--out', file);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(file);

    const ranking = (await call<{ rows: (StationRow & { rank: number })[] }>(`${county.hub.url}/api/county/ranking?month=${county.month}`, { token: county.token })).body.rows;
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.getWorksheet('站点排名')!;
    const header = (sheet.getRow(5).values as unknown[]).slice(1);
    const col = (title: string) => header.indexOf(title) + 1;
    ranking.forEach((s, i) => {
      const row = sheet.getRow(6 + i);
      expect(row.getCell(col('站点编号')).value).toBe(s.id);
      expect(row.getCell(col('名次')).value).toBe(s.rank);
      expect(row.getCell(col('集中收看次数')).value).toBe(s.sessionsHeld);
      expect(row.getCell(col('月参学率')).value).toBe(s.participationRate ?? '—');
      expect(row.getCell(col('开机率')).value).toBe(s.uptime);
      expect(row.getCell(col('告警')).value).toBe(s.alerts);
    });
    expect(sheet.getRow(6 + ranking.length).getCell(1).value).toBe('全县合计');
  });

  it('writes a station’s report as CSV in English, with every group viewing the station page lists', async () => {
    const id = county.ids.hongqi;
    const file = path.join(out, 'hongqi.csv');
    const r = await countyExport('station', id, '--month', county.month, '--format', 'csv', '--lang', 'en', '--out', file);
    expect(r.code, r.err).toBe(0);
    const bytes = fs.readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const detail = (await call<StationDetail>(`${county.hub.url}/api/county/stations/${id}?month=${county.month}`, { token: county.token })).body;
    const blocks = csvBlocks(bytes);
    expect(blocks[0]!.title).toBe('Station monthly report');
    const summary = new Map(block(blocks, 'Summary').rows.slice(1).map((l) => [l[0]!, l[1]!]));
    expect(Number(summary.get('Group viewings held'))).toBe(detail.row.sessionsHeld);
    expect(Number(summary.get('Registered members (excused left out)'))).toBe(detail.row.registered);
    const viewings = records(block(blocks, 'Group viewings')).filter((l) => l['Date'] !== 'Total');
    expect(viewings.map((l) => [l['Date'], l['Program'], Number(l['Attended'])])).toEqual(detail.sessions.map((s) => [s.date, s.title, s.attendedRegistered]));
  });

  // Every format reads the same document from the hub (export-service.ts loadCountyDocument), so the CSV case
  // above proves the PostgreSQL read; the PDF adds only Chromium's rendering, the same on either database, and
  // runs on SQLite only (a Chromium and a render the less in CI's 15 minutes).
  (HAS_PDFTOTEXT && testHubDialect() === 'sqlite' ? it : it.skip)(
    !HAS_PDFTOTEXT ? `CLI PDF — ${NO_PDFTOTEXT_REASON}` : testHubDialect() === 'sqlite' ? 'writes a station’s report as PDF' : 'writes a station’s report as PDF (on SQLite only: the same document, rendered the same)',
    async () => {
      const file = path.join(out, 'hongqi.pdf');
      const r = await countyExport('station', county.ids.hongqi, '--month', county.month, '--out', file);
      expect(r.code, r.err).toBe(0);
      const text = pdfText(file);
      expect(text).toContain('红旗村党员活动室');
      expect(text).toContain('站点月度报告');
    },
    60_000,
  );

  it('refuses to replace an existing file, and replaces it with --force', async () => {
    const file = path.join(out, 'table.csv');
    fs.writeFileSync(file, 'an earlier copy');
    const refused = await countyExport('monthly', '--month', county.month, '--out', file);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('文件已存在');
    expect(refused.err).toContain('--force');
    expect(refused.err).toContain('use --force to replace it');
    expect(fs.readFileSync(file, 'utf8')).toBe('an earlier copy');
    const forced = await countyExport('monthly', '--month', county.month, '--out', file, '--force');
    expect(forced.code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toContain('县级月度汇总表');
    expect(fs.readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('answers usage mistakes with exit 2 and an unknown station with exit 1, in both languages, writing nothing', async () => {
    const x = path.join(out, 'x.csv');
    const usage: [string[], string, string][] = [
      [['monthly', '--month', '2026-13', '--out', x], '月份应写成 YYYY-MM', 'month must be YYYY-MM'],
      [['monthly', '--format', 'docx', '--out', path.join(out, 'x')], '未知格式', 'unknown format'],
      [['monthly', '--format', 'pdf', '--out', x], '不一致', 'does not match'],
      [['monthly', '--out', path.join(out, 'noext')], '--format', 'give --format'],
      [['monthly', '--lang', 'fr', '--out', x], '未知语言', 'unknown language'],
      [['monthly', '--sort', 'favourite', '--out', x], '未知排序', 'unknown sort'],
      [['station', county.ids.hongqi, '--month', county.month], '--out', 'give --out'],
    ];
    for (const [args, zh, en] of usage) {
      const r = await countyExport(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.startsWith('错误 / error: '), args.join(' ')).toBe(true);
      expect(r.err, args.join(' ')).toContain(zh);
      expect(r.err, args.join(' ')).toContain(en);
    }
    const missing = await countyExport('station', 'st-nosuch99', '--month', county.month, '--out', x);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('没有站点 st-nosuch99');
    expect(missing.err).toContain('no station st-nosuch99');
    expect(fs.existsSync(x)).toBe(false);

    // A mistyped --data is refused, not answered with a new, empty hub's table.
    const nowhere = path.join(out, 'no-hub-here');
    const noHub = await cli(nowhere, 'county', 'export', 'monthly', '--out', x);
    expect(noHub.code).toBe(1);
    expect(noHub.err).toContain('没有县级平台数据库');
    expect(fs.existsSync(nowhere)).toBe(false);
  });

  it('lists both records in its help', async () => {
    const help = await countyExport('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('monthly');
    expect(help.out).toContain('station');
    const station = await countyExport('station', '--help');
    expect(station.out).toMatch(/--format <format>.*csv, xlsx, pdf, html/s);
  });
});
