// `yuanjiao export`: exit codes and messages (0 done, 1 refused, 2 usage), never replacing a file without
// --force, the format from --out's extension, and a clear answer when no browser can render the PDF.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStationDatabase } from '../../../agent/store/database.ts';
import { queryStationLog } from '../../../agent/stationlog/station-log.ts';
import { playNow } from '../../../agent/schedule/manual-play.ts';
import { endSession } from '../../../agent/sessions/session-lifecycle.ts';
import { DocumentError } from '../../../common/documents/document-error.ts';
import { findChromium } from '../../../common/documents/render-pdf.ts';
import { resolveRequest } from '../../../agent/exports/export-kinds.pure.ts';
import { at, tempDir } from '../../support/station-fixture.ts';
import { MONTH, createExportStation } from './export-fixture.ts';
import { cli } from './export-support.ts';

let dir: string;
let out: string;
let backgroundId: number;

beforeAll(() => {
  dir = tempDir('yj-export-cli-');
  out = tempDir('yj-export-cli-out-');
  const station = createExportStation(dir);
  const course = station.station.addCourse({ title: '循环片' });
  const bg = playNow(station.db, { courseId: course.id, kind: 'background', actor: 'admin' }, at('2026-05-12 09:00'));
  endSession(station.db, bg.id, at('2026-05-12 10:00'), 'admin');
  backgroundId = bg.id;
  station.station.close();
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(out, { recursive: true, force: true });
});

describe('yuanjiao export', () => {
  it('refuses to replace an existing file, and replaces it with --force', async () => {
    const file = path.join(out, 'report.csv');
    fs.writeFileSync(file, 'an earlier copy');
    const refused = await cli(dir, 'export', 'month-report', '--month', MONTH, '--out', file);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('文件已存在');
    expect(refused.err).toContain('--force');
    expect(fs.readFileSync(file, 'utf8')).toBe('an earlier copy');
    const forced = await cli(dir, 'export', 'month-report', '--month', MONTH, '--out', file, '--force');
    expect(forced.code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toContain('月度参学情况报表');
    // Nothing half-written is left beside it.
    expect(fs.readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('takes the format from --out, and refuses a --format that contradicts it', async () => {
    const xlsx = await cli(dir, 'export', 'viewing-record', '--month', MONTH, '--out', path.join(out, 'v.xlsx'));
    expect(xlsx.code).toBe(0);
    expect(fs.readFileSync(path.join(out, 'v.xlsx')).subarray(0, 2).toString()).toBe('PK');
    const clash = await cli(dir, 'export', 'viewing-record', '--month', MONTH, '--format', 'csv', '--out', path.join(out, 'v2.xlsx'));
    expect(clash.code).toBe(2);
    expect(clash.err).toContain('不一致');
    const none = await cli(dir, 'export', 'viewing-record', '--month', MONTH, '--out', path.join(out, 'v3'));
    expect(none.code).toBe(2);
    expect(none.err).toContain('--format');
  });

  it('answers usage mistakes with exit 2 and a Chinese-first message', async () => {
    const cases: [string[], string][] = [
      [['export', 'minutes', '--out', path.join(out, 'x.csv')], '未知的导出类别'],
      [['export', 'month-report', '--month', '2026-13', '--out', path.join(out, 'x.csv')], '月份应写成 YYYY-MM'],
      [['export', 'month-report', '--from', '2026-05-02', '--to', '2026-05-31', '--out', path.join(out, 'x.csv')], '月度报表按整月导出'],
      [['export', 'station-log', '--from', '2026-05-31', '--to', '2026-05-01', '--out', path.join(out, 'x.csv')], '早于开始日期'],
      [['export', 'station-log', '--from', '2026-02-30', '--out', path.join(out, 'x.csv')], '--from 应为 YYYY-MM-DD'],
      [['export', 'signin-sheet', '--out', path.join(out, 'x.csv')], '签到表须给出收看场次编号'],
      [['export', 'month-report', '--month', MONTH], '--out'],
      [['export', 'month-report', '--month', MONTH, '--post', '--out', path.join(out, 'x.csv')], '只用于 xapi'],
    ];
    for (const [args, message] of cases) {
      const r = await cli(dir, ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toContain(message);
      expect(r.err.startsWith('错误 / error: '), args.join(' ')).toBe(true);
    }
    expect(fs.existsSync(path.join(out, 'x.csv'))).toBe(false);
  });

  it('refuses a session that does not exist or is background play, with exit 1', async () => {
    const missing = await cli(dir, 'export', 'signin-sheet', '--session', '999', '--out', path.join(out, 's.csv'));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('收看场次 999 不存在');
    const background = await cli(dir, 'export', 'signin-sheet', '--session', String(backgroundId), '--out', path.join(out, 's.csv'));
    expect(background.code).toBe(1);
    expect(background.err).toContain('循环播放，没有签到表');
    expect(fs.existsSync(path.join(out, 's.csv'))).toBe(false);
  });

  it('says in both languages how to get a browser when none can render the PDF, and writes nothing', async () => {
    const saved = process.env.YUANJIAO_CHROMIUM;
    process.env.YUANJIAO_CHROMIUM = path.join(out, 'no-such-chromium');
    try {
      const r = await cli(dir, 'export', 'month-report', '--month', MONTH, '--out', path.join(out, 'r.pdf'));
      expect(r.code).toBe(1);
      expect(r.err).toContain('找不到 Chromium 浏览器，无法生成 PDF');
      expect(r.err).toContain('YUANJIAO_CHROMIUM');
      expect(r.err).toContain('no Chromium found to render the PDF');
      expect(fs.existsSync(path.join(out, 'r.pdf'))).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.YUANJIAO_CHROMIUM;
      else process.env.YUANJIAO_CHROMIUM = saved;
    }
  });

  it('logs each file it writes in the station log', async () => {
    const file = path.join(out, 'logged.csv');
    expect((await cli(dir, 'export', 'content-log', '--month', MONTH, '--out', file)).code).toBe(0);
    const db = openStationDatabase(dir);
    try {
      const entries = queryStationLog(db, { type: 'station' });
      expect(entries.at(-1)).toMatchObject({ actor: 'cli', message: expect.stringContaining('课件接收存储播放记录') });
    } finally {
      db.close();
    }
  });
});

describe('findChromium', () => {
  it('takes YUANJIAO_CHROMIUM, else the fixed path, else chromium, chromium-browser or google-chrome on PATH', () => {
    const bin = tempDir('yj-bin-');
    try {
      const browser = path.join(bin, 'chromium-browser');
      fs.writeFileSync(browser, '#!/bin/sh\n', { mode: 0o755 });
      expect(findChromium({ PATH: bin }, [])).toBe(browser);
      expect(findChromium({ PATH: '', YUANJIAO_CHROMIUM: browser }, [])).toBe(browser);
      expect(findChromium({ PATH: '' }, [browser])).toBe(browser);
      // Not executable: not a browser.
      fs.chmodSync(browser, 0o644);
      expect(() => findChromium({ PATH: bin }, [])).toThrow(DocumentError);
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  it('reports a YUANJIAO_CHROMIUM that points nowhere instead of quietly using another browser', () => {
    expect(() => findChromium({ PATH: '/usr/bin', YUANJIAO_CHROMIUM: '/nowhere/chromium' }, ['/usr/bin/chromium'])).toThrow(/YUANJIAO_CHROMIUM=\/nowhere\/chromium/);
  });
});

describe('resolveRequest defaults', () => {
  it('a ranged record defaults to the current month, the notice to a week from today, the month report to this month', () => {
    expect(resolveRequest('station-log', {}, '2026-02-10')).toEqual({ kind: 'station-log', from: '2026-02-01', to: '2026-02-28' });
    expect(resolveRequest('station-log', { from: '2026-02-10' }, '2026-06-01')).toEqual({ kind: 'station-log', from: '2026-02-10', to: '2026-02-28' });
    expect(resolveRequest('notice', {}, '2026-02-10')).toEqual({ kind: 'notice', from: '2026-02-10', range: 'week' });
    expect(resolveRequest('month-report', { from: '2024-02-01', to: '2024-02-29' }, '2026-06-01')).toEqual({ kind: 'month-report', month: '2024-02' });
    expect(resolveRequest('month-report', {}, '2026-06-01')).toEqual({ kind: 'month-report', month: '2026-06' });
    expect(resolveRequest('station-log', { from: '2025-01-01', to: '2026-01-01' }, '2026-06-01')).toMatchObject({ to: '2026-01-01' });
    expect(() => resolveRequest('station-log', { from: '2025-01-01', to: '2026-01-02' }, '2026-06-01')).toThrow(/最多导出 366 天/);
  });
});
