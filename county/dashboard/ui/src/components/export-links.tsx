// Download links for a report: plain anchors, so the browser downloads the file with the session cookie
// and shows its own progress; the hub names the file.
import { locale, t } from '../i18n/i18n.ts';
import { query } from '../api.ts';

const FILES = ['csv', 'xlsx', 'pdf'] as const;
const LABELS = { csv: 'export.csv', xlsx: 'export.xlsx', pdf: 'export.pdf' } as const;

/**
 * `base` is the report's address without the extension, e.g. /api/county/export/monthly; `params` are the
 * page's own choices beyond month and language (the ranking's sort), so the file matches the screen.
 */
export function ExportLinks({ base, month, what, testid, params = {} }: { base: string; month: string; what: string; testid: string; params?: Record<string, string | undefined> }) {
  const search = query({ month, lang: locale.get(), ...params });
  return (
    <div class="export-links" data-testid={testid}>
      <span class="export-label">{t('export.label')}</span>
      {FILES.map((format) => (
        <a key={format} class="btn btn-small" href={`${base}.${format}${search}`} download title={t('export.title', { what, format: t(LABELS[format]) })} data-format={format}>
          {t(LABELS[format])}
        </a>
      ))}
    </div>
  );
}
