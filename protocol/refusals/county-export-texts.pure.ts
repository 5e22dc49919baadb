// The words for why the county refuses an export — a month, a year, a format, a language or a sort it does not
// take (county/export/export-request.pure.ts) — in Chinese and English: the one place they are written. The
// dashboard shows the half in its language, the hub's CLI both on one line, and the hub keeps both on its
// CountyExportError for its logs and the CLI that exports without a server. Pure, and free of typebox.
import type { Bilingual } from './bilingual.pure.ts';
import type { RefusalCatalogue } from './refusal.pure.ts';
import type { HubRefusals } from './hub-refusals.pure.ts';

export type CountyExportCode = 'invalid_month' | 'invalid_year' | 'unknown_format' | 'unknown_language' | 'unknown_sort';
type CountyExportRefusals = Pick<HubRefusals, CountyExportCode>;

export const COUNTY_EXPORT_TEXTS: { readonly [C in CountyExportCode]: (params: CountyExportRefusals[C]) => Bilingual } = {
  invalid_month: ({ month }) => ({ zh: `月份应写成 YYYY-MM，收到 “${month}”`, en: `month must be YYYY-MM, got "${month}"` }),
  invalid_year: ({ year }) => ({ zh: `年份应写成 YYYY，收到 “${year}”`, en: `year must be YYYY, got "${year}"` }),
  unknown_format: ({ format, formats }) =>
    format === ''
      ? { zh: `请指定格式（${formats.join('、')}）`, en: `give a format (${formats.join(', ')})` }
      : { zh: `未知格式 “${format}”，可用：${formats.join('、')}`, en: `unknown format "${format}"; use ${formats.join(', ')}` },
  unknown_language: ({ lang, languages }) => ({ zh: `未知语言 “${lang}”，可用：${languages.join('、')}`, en: `unknown language "${lang}"; use ${languages.join(', ')}` }),
  unknown_sort: ({ sort, sorts }) => ({ zh: `未知排序 “${sort}”，可用：${sorts.join('、')}`, en: `unknown sort "${sort}"; use ${sorts.join(', ')}` }),
};

/** The county export's refusals as a reader's catalogue: `say` picks a language (a screen) or both (the CLI). */
export function countyExportCatalogue(say: (text: Bilingual) => string): RefusalCatalogue<CountyExportRefusals> {
  const texts = COUNTY_EXPORT_TEXTS as unknown as Record<string, (params: unknown) => Bilingual>;
  return Object.fromEntries(Object.entries(texts).map(([code, text]) => [code, (params: unknown) => say(text(params))])) as unknown as RefusalCatalogue<CountyExportRefusals>;
}
