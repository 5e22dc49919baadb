// Roster import from a file chooser (CSV or XLSX): what changed, or the refused rows with the agent's reason (runs of
// one problem as a range, at most a hundred entries and a count of the rest).
import { useEffect, useRef, useState } from 'preact/hooks';
import { useBackHandler } from '../../../navigation.ts';
import { focusFirst } from '../../../focus/remote-keys.ts';
import { currentLocale, t } from '../../../i18n/i18n.ts';
import type { ImportResult } from '../../../api-types.ts';
import { adminApi } from '../admin-api.ts';
import { useAdmin } from '../admin-hooks.ts';
import { formatBytes } from '../admin-format.ts';
import { rowProblemText } from '../../../../../../protocol/refusals/roster-row-texts.pure.ts';
import { Problem } from '../fields.tsx';
import { useConfirmedWrite } from '../history-confirm.tsx';

export function RosterImport(props: { onDone: () => void }) {
  const { notify } = useAdmin();
  const [file, setFile] = useState<File | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const write = useConfirmedWrite();
  const input = useRef<HTMLInputElement>(null);
  const panel = useRef<HTMLElement>(null);

  useBackHandler(props.onDone);
  useEffect(() => {
    const id = requestAnimationFrame(() => panel.current && focusFirst(panel.current));
    return () => cancelAnimationFrame(id);
  }, []);

  /** Sends the file; when it would alter months of records already made, the question comes first. */
  const upload = () => {
    if (!file) return;
    setResult(null);
    void write.run(
      async (confirm) => {
        const bytes = await file.arrayBuffer();
        const query = `fileName=${encodeURIComponent(file.name)}&skipInvalid=${skipInvalid}${confirm ? '&confirm=true' : ''}`;
        return adminApi.upload<ImportResult>(`/api/admin/roster/import?${query}`, bytes, 'application/octet-stream');
      },
      (answer) => {
        setResult(answer);
        if (answer.written) notify(t('admin.import.done', { created: answer.created, updated: answer.updated }));
      },
    );
  };

  const badRows = result?.invalidRows ?? 0;
  return (
    <section class="adm-panel" data-testid="roster-import" ref={panel}>
      <header class="adm-panel-head">
        <h2 class="adm-h2">{t('admin.import.title')}</h2>
      </header>
      <p class="adm-explain">{t('admin.import.explain')}</p>
      <div class="adm-import-bar">
        <input
          ref={input}
          type="file"
          class="adm-file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          data-testid="import-file"
          onChange={(e) => {
            setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null);
            setResult(null);
            write.setProblem(null);
          }}
        />
        <button type="button" class="btn" data-testid="choose-file" onClick={() => input.current?.click()}>
          {t('admin.import.choose')}
        </button>
        <span class="adm-file-name" data-testid="import-file-name">
          {file ? `${file.name}（${formatBytes(file.size)}）` : t('admin.import.noFile')}
        </span>
      </div>
      <div class="adm-import-bar">
        <button type="button" class={`btn adm-toggle ${skipInvalid ? 'adm-on' : ''}`} aria-pressed={skipInvalid} data-testid="skip-invalid" onClick={() => setSkipInvalid((s) => !s)}>
          {skipInvalid ? '☑' : '☐'} {t('admin.import.skipInvalid')}
        </button>
        <button type="button" class="btn btn-primary" disabled={!file || write.busy} data-testid="start-import" onClick={upload}>
          {write.busy ? t('admin.import.busy') : t('admin.import.start')}
        </button>
        <button type="button" class="btn" onClick={props.onDone}>{t('admin.import.back')}</button>
      </div>
      <Problem text={write.problem} testId="import-problem" />
      {result && (
        <div class="adm-import-result" data-testid="import-result" data-written={result.written}>
          {result.written ? (
            <p class="adm-ok">{t('admin.import.summary', { created: result.created, updated: result.updated, unchanged: result.unchanged })}</p>
          ) : (
            <p class="adm-problem">{t('admin.import.refused', { rows: badRows })}</p>
          )}
          {result.written && badRows > 0 && <p>{t('admin.import.skipped', { rows: badRows })}</p>}
          {result.ignoredColumns.length > 0 && <p class="adm-footnote">{t('admin.import.ignored', { columns: result.ignoredColumns.join('、') })}</p>}
          {result.invalid.length > 0 && (
            <ol class="adm-errors" data-testid="import-errors">
              {result.invalid.map((e, i) => (
                // Focusable rows, so a remote can scroll through a long list of problems.
                <li key={i} tabIndex={0} data-testid="import-error">
                  <b>{e.lastRowNumber === undefined ? t('admin.import.row', { n: e.rowNumber }) : t('admin.import.rows', { from: e.rowNumber, to: e.lastRowNumber })}</b>{' '}
                  {rowProblemText(e, e.field)[currentLocale() === 'en' ? 'en' : 'zh']}
                </li>
              ))}
            </ol>
          )}
          {result.moreProblems > 0 && <p class="adm-footnote" data-testid="import-more">{t('admin.import.more', { n: result.moreProblems })}</p>}
        </div>
      )}
      {write.question}
    </section>
  );
}
