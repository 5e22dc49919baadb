// The courseware library's problems, worded once for the kiosk and the CLI: each code's words in both languages,
// a code this release does not know, and how a content_log row written in words before the codes had values is
// said (docs/guides/add-refusal.md, "Courseware problems already recorded in words").
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { COURSEWARE_TEXTS, coursewareText, problemOf, storedProblemText, type CoursewareCode } from '../../protocol/refusals/courseware-texts.pure.ts';
import { oneLine } from '../../protocol/refusals/bilingual.pure.ts';

describe('the courseware problems', () => {
  it('word each code with its values, the Chinese first', () => {
    expect(coursewareText(problemOf('duplicate', { title: '党课' }))).toEqual({ zh: '库中已有“党课”', en: 'already in the library as “党课”' });
    expect(coursewareText(problemOf('no_space', { neededMb: 42 })).zh).toBe('终端磁盘空间不足，无法下载这个文件（需要约 42 MB）');
    expect(coursewareText(problemOf('no_space', { neededMb: null })).zh).toBe('终端磁盘空间不足，无法导入这个文件');
    expect(oneLine(coursewareText(problemOf('http_status', { status: 404, url: 'http://x/a.mp4' })))).toBe(
      '服务器拒绝了下载：HTTP 404（找不到文件，请检查网址）http://x/a.mp4 / the server refused: HTTP 404 Not Found',
    );
    expect(coursewareText(problemOf('http_status', { status: 502, url: 'http://x/' })).zh).toBe('服务器拒绝了下载：HTTP 502（服务器出错）http://x/');
    expect(coursewareText(problemOf('network', { error: 'HTTP 503', attempts: 3 })).en).toBe('the download failed after 3 attempts: HTTP 503');
    expect(coursewareText(problemOf('busy', { url: 'http://x/', pid: 7 })).zh).toBe('这个网址正在下载中（进程 7）：http://x/');
    expect(coursewareText(problemOf('not_a_file', { path: 'a.mp4', why: 'missing' })).zh).toBe('U盘上没有这个文件（可能已拔出）：a.mp4');
    expect(coursewareText(problemOf('outside_volume', { path: 'l.mp4', link: true })).zh).toBe('不是U盘上的普通文件：l.mp4');
    expect(coursewareText(problemOf('import_failed', { detail: 'SQLITE_FULL' })).zh).toBe('导入出错：SQLITE_FULL');
    expect(coursewareText(problemOf('no_ffmpeg', { reason: 'too_old' })).zh).toMatch(/^本机没有可用的 ffmpeg（版本过旧）/);
  });

  it("say a server's refusal in English as Node's HTTP names its status", () => {
    const statuses = Object.keys(http.STATUS_CODES).map(Number).filter((s) => s >= 400);
    expect(statuses.map((status) => coursewareText(problemOf('http_status', { status, url: 'u' })).en)).toEqual(
      statuses.map((status) => `the server refused: HTTP ${status} ${http.STATUS_CODES[status]}`),
    );
  });

  it('give every code words in both languages, never blank', () => {
    const samples: { [C in CoursewareCode]?: unknown } = {};
    for (const code of Object.keys(COURSEWARE_TEXTS) as CoursewareCode[]) {
      const text = coursewareText({ code, params: samples[code] ?? { title: 't', what: 'file', path: 'p', why: 'missing', fileName: 'f', reason: 'missing', neededMb: null, detail: 'd', url: 'u', status: 500, error: 'e', attempts: null, pid: null, limit: 1, link: false } });
      expect([code, text.zh.length > 0, text.en.length > 0]).toEqual([code, true, true]);
      expect(text.zh).not.toContain(' / ');
    }
  });

  it('name a code this release does not know, as it is', () => {
    expect(coursewareText({ code: 'from_the_future', params: {} })).toEqual({ zh: '课件问题（from_the_future）', en: 'courseware problem (from_the_future)' });
  });
});

describe('a content_log row', () => {
  it('written in words, with a code that needs no values, is said from its code', () => {
    const older = { code: 'empty_file', reason: '文件是空的（0 字节），可能没有接收或复制完整 / the file is empty (0 bytes); it may not have been received or copied completely', detail: null };
    expect(storedProblemText(older)).toEqual({ zh: '文件是空的（0 字节），可能没有接收或复制完整', en: 'the file is empty (0 bytes); it may not have been received or copied completely' });
    expect(storedProblemText({ code: 'hash_mismatch', reason: 'x / y', path: '/a' })!.zh).toBe('文件内容与入库时不同（校验值不符）');
  });

  it('with values is said from them', () => {
    expect(storedProblemText({ code: 'duplicate', params: { title: '党课' } })!.zh).toBe('库中已有“党课”');
  });

  it('of any other kind shows its stored words whole, both languages, or else its code', () => {
    expect(storedProblemText({ code: 'conversion_failed', reason: '转换失败 / conversion failed' })).toEqual({ zh: '转换失败 / conversion failed', en: '转换失败 / conversion failed' });
    expect(storedProblemText({ code: 'conversion_failed', error: 'ffmpeg exited 1' })).toEqual({ zh: 'conversion_failed', en: 'conversion_failed' });
    expect(storedProblemText({})).toBeNull();
  });
});
