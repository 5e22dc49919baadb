// The words for why the station refuses an export — a kind, a format, a month, a date, a period, a session or an
// activity it cannot take, a week not ended, an LRS it cannot use (agent/exports/) — in Chinese and English: the
// one place they are written. The kiosk shows the half in its language and the CLI both on one line (their
// catalogues spread `stationExportCatalogue`); the agent keeps both on its ExportError for its logs and the CLI
// that exports without a server. Pure, and free of typebox, so the screen's bundle may run it.
import type { Bilingual } from './bilingual.pure.ts';
import type { RefusalCatalogue } from './refusal.pure.ts';
import type { StationRefusals } from './station-refusals.pure.ts';

/** What each kind of record is called, in each language: its documents' titles and its refusals' words. */
export const EXPORT_KIND_TITLES: Readonly<Record<string, Bilingual>> = {
  'month-report': { zh: '月度参学情况报表', en: 'Monthly participation report' },
  'signin-sheet': { zh: '集中收看签到表', en: 'Sign-in sheet' },
  'viewing-record': { zh: '集中收看记录', en: 'Viewing record book' },
  'content-log': { zh: '课件接收存储播放记录', en: 'Courseware receive/store/play log' },
  'station-log': { zh: '站点管理日志', en: 'Station management log' },
  equipment: { zh: '站点设备登记表', en: 'Equipment register' },
  notice: { zh: '节目预告', en: 'Program notice' },
  'mobile-ledger': { zh: '流动党员台帐', en: 'Mobile-member ledger' },
  activities: { zh: '支部活动记录', en: 'Branch activity register' },
  'activity-record': { zh: '支部活动记录表', en: 'Branch activity record' },
  'weekly-report': { zh: '每周一报', en: 'Weekly report' },
  'room-register': { zh: '活动场所使用情况登记', en: 'Room usage register' },
  xapi: { zh: 'xAPI 学习记录', en: 'xAPI statements' },
};

/** The export's own codes: the catalogues word these from here. */
export const STATION_EXPORT_CODES = [
  'unknown_kind',
  'unknown_format',
  'format_not_offered',
  'invalid_year',
  'export_invalid_date',
  'export_invalid_range',
  'invalid_session',
  'export_invalid_activity',
  'export_not_group_viewing',
  'lrs_not_configured',
  'invalid_lrs',
] as const;
export type StationExportCode = (typeof STATION_EXPORT_CODES)[number];

/** The codes an export shares with the rest of the station (the same meaning and values): worded with those. */
export type SharedExportCode = 'invalid_month' | 'invalid_week' | 'week_not_ended' | 'session_not_found';

export type ExportRefusals = Pick<StationRefusals, StationExportCode | SharedExportCode>;
export type ExportRefusalCode = keyof ExportRefusals;

const titleOf = (kind: string): Bilingual => EXPORT_KIND_TITLES[kind] ?? { zh: kind, en: kind };

/** Every export refusal in both languages, the shared codes too: the words the agent's logs and the CLI keep. */
export const STATION_EXPORT_TEXTS: { readonly [C in ExportRefusalCode]: (params: ExportRefusals[C]) => Bilingual } = {
  unknown_kind: ({ kind, kinds }) => ({ zh: `未知的导出类别 “${kind}”，可用：${kinds.join('、')}`, en: `unknown export kind "${kind}"; use ${kinds.join(', ')}` }),
  unknown_format: ({ format, formats }) => ({ zh: `未知格式 “${format}”，可用：${formats.join('、')}`, en: `unknown format "${format}"; use ${formats.join(', ')}` }),
  format_not_offered: (p) =>
    'formats' in p
      ? { zh: `${titleOf(p.kind).zh}只能导出为 ${p.formats.join('、')}`, en: `${p.kind} exports as ${p.formats.join(', ')} only` }
      : p.use === 'print'
        ? { zh: `${titleOf(p.kind).zh}不能打印`, en: `${titleOf(p.kind).en} are not printable` }
        : { zh: `${titleOf(p.kind).zh}不能导出为 JSON`, en: `${p.kind} does not export as JSON` },
  invalid_month: ({ month }) => ({ zh: `月份应写成 YYYY-MM，收到 “${month}”`, en: `month must be YYYY-MM, got "${month}"` }),
  invalid_year: ({ year }) => ({ zh: `年份应写成 YYYY，收到 “${year}”`, en: `--year must be YYYY, got "${year}"` }),
  invalid_week: ({ week }) => ({ zh: `周次应写成 YYYY-Www（如 2026-W49），收到 “${week}”`, en: `--week must be YYYY-Www (e.g. 2026-W49), got "${week}"` }),
  week_not_ended: ({ week }) => ({ zh: `${week} 还没有结束，结束后才能生成周报`, en: `${week} has not ended yet` }),
  export_invalid_date: ({ option, date }) => ({ zh: `${option} 应为 YYYY-MM-DD 日期，收到 “${date}”`, en: `${option} must be a YYYY-MM-DD date, got "${date}"` }),
  export_invalid_range: (p) => {
    switch (p.problem) {
      case 'whole_month':
        return {
          zh: '月度报表按整月导出：请用 --month YYYY-MM，或给出一个月的第一天和最后一天',
          en: 'the monthly report covers one calendar month: use --month YYYY-MM, or the first and last day of a month',
        };
      case 'order':
        return { zh: `结束日期 ${p.to} 早于开始日期 ${p.from}`, en: `--to ${p.to} is before --from ${p.from}` };
      case 'too_long':
        return { zh: `一次最多导出 ${p.maxDays} 天，请分段导出`, en: `at most ${p.maxDays} days per file; export in parts` };
      case 'notice_range':
        return { zh: `节目预告的范围应为 week（一周）或 month（一个月），收到 “${p.range}”`, en: `--range must be week or month, got "${p.range}"` };
    }
  },
  invalid_session: () => ({ zh: '签到表须给出收看场次编号（--session，见 yuanjiao session list）', en: 'a sign-in sheet needs a session id (--session, see yuanjiao session list)' }),
  export_invalid_activity: () => ({ zh: '支部活动记录表须给出活动编号（--activity，见 yuanjiao activity list）', en: 'an activity record needs an activity id (--activity, see yuanjiao activity list)' }),
  session_not_found: ({ sessionId }) => ({ zh: `收看场次 ${sessionId} 不存在（见 yuanjiao session list）`, en: `no session ${sessionId} (see yuanjiao session list)` }),
  export_not_group_viewing: ({ sessionId }) => ({ zh: `场次 ${sessionId} 是循环播放，没有签到表`, en: `session ${sessionId} is background play and has no sign-in sheet` }),
  lrs_not_configured: () => ({ zh: '尚未设置学习记录库：请先用 --lrs URL --user U --password-stdin 设置', en: 'no LRS configured: set one with --lrs URL --user U --password-stdin' }),
  invalid_lrs: (p) => {
    switch (p.problem) {
      case 'url':
        return { zh: `学习记录库地址无效：“${p.endpoint}”（应为 http:// 或 https:// 开头）`, en: `invalid LRS endpoint "${p.endpoint}" (must be an http(s) URL)` };
      case 'scheme':
        return { zh: `学习记录库地址须为 http:// 或 https://，收到 “${p.endpoint}”`, en: 'the LRS endpoint must be http(s)' };
      case 'credentials_in_url':
        return { zh: '用户名和密码请分别给出（--user、--password-stdin），不要写在地址里', en: 'give the user and password separately, not in the URL' };
      case 'no_user':
        return { zh: '学习记录库须给出用户名（--user）', en: 'the LRS needs a user name (--user)' };
      case 'no_password':
        return { zh: '学习记录库须给出密码（--password-stdin）', en: 'the LRS needs a password (--password-stdin)' };
    }
  },
};

/** The export's own refusals as a reader's catalogue: `say` picks a language (a screen) or both (the CLI). */
export function stationExportCatalogue(say: (text: Bilingual) => string): RefusalCatalogue<Pick<StationRefusals, StationExportCode>> {
  const texts = STATION_EXPORT_TEXTS as unknown as Record<string, (params: unknown) => Bilingual>;
  return Object.fromEntries(STATION_EXPORT_CODES.map((code) => [code, (params: unknown) => say(texts[code]!(params))])) as unknown as RefusalCatalogue<Pick<StationRefusals, StationExportCode>>;
}
