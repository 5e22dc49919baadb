// 网址导入: a URL (a video file to download, or an HLS address to register as a stream course) with an
// optional title and series, and the URL imports under way or finished, each with its progress.
import { useState } from 'preact/hooks';
import { t } from '../../../i18n/i18n.ts';
import type { ImportJobAnswer, ImportJobs, ImportJobView } from '../../../api-types.ts';
import { adminApi, failureText } from '../admin-api.ts';
import { useAdmin, useAdminResource } from '../admin-hooks.ts';
import { formatBytes } from '../admin-format.ts';
import { Field, Problem, TextInput } from '../fields.tsx';
import { jobShare, problemWords, percent, resultText, resultTone, usePoll } from './library-labels.ts';

function phaseText(job: ImportJobView): string {
  switch (job.phase) {
    case 'waiting':
      return t('library.url.waiting', { seconds: Math.round((job.retryInMs ?? 0) / 1000) });
    case 'verifying':
      return t('library.url.verifying');
    case 'downloading':
      return `${t('library.url.downloading')} ${job.bytesTotal ? `${percent(jobShare(job))} %\u3000` : ''}${formatBytes(job.bytesDone)}${job.bytesTotal ? ` / ${formatBytes(job.bytesTotal)}` : ''}`;
    default:
      return t('library.url.connecting');
  }
}

export function UrlImport() {
  const { notify } = useAdmin();
  const [url, setUrl] = useState('');
  const [title, setTitle] = useState('');
  const [series, setSeries] = useState('');
  const [busy, setBusy] = useState(false);
  const jobs = useAdminResource<ImportJobs>('/api/admin/library/jobs');
  const urlJobs = (jobs.data?.jobs ?? []).filter((j) => j.kind === 'url');
  usePoll(jobs.reload, 1_000, urlJobs.some((j) => j.state === 'running'));

  const start = async () => {
    setBusy(true);
    try {
      await adminApi.post<ImportJobAnswer>('/api/admin/library/url-import', {
        url: url.trim(),
        ...(title.trim() ? { title: title.trim() } : {}),
        ...(series.trim() ? { series: series.trim() } : {}),
      });
      notify(t('library.url.started', { url: url.trim() }));
      setUrl('');
      setTitle('');
      jobs.reload();
    } catch (err) {
      notify(failureText(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  const cancel = async (job: ImportJobView) => {
    try {
      await adminApi.post(`/api/admin/library/jobs/${job.id}/cancel`);
      jobs.reload();
    } catch (err) {
      notify(failureText(err), 'error');
    }
  };

  return (
    <div class="adm-form" data-testid="url-panel">
      <p class="adm-explain">{t('library.url.explain')}</p>
      <Field label={t('library.url.url')}>
        <TextInput label={t('library.url.url')} value={url} onInput={setUrl} placeholder={t('library.url.placeholder')} maxLength={2000} inputMode="url" wide testId="url-input" />
      </Field>
      <Field label={t('library.url.courseTitle')}>
        <TextInput label={t('library.url.courseTitle')} value={title} onInput={setTitle} maxLength={80} testId="url-title" />
      </Field>
      <Field label={t('library.url.series')}>
        <TextInput label={t('library.url.series')} value={series} onInput={setSeries} maxLength={80} testId="url-series" />
      </Field>
      <div class="adm-actions">
        <button type="button" class="btn btn-primary" disabled={busy || !/^https?:\/\/\S+$/i.test(url.trim())} data-testid="url-start" onClick={() => void start()}>
          {t('library.url.start')}
        </button>
      </div>

      <h3 class="adm-h3">{t('library.url.jobs')}</h3>
      <Problem text={jobs.error} />
      {jobs.data && urlJobs.length === 0 && <p class="adm-empty">{t('library.url.noJobs')}</p>}
      <ul class="adm-list" data-testid="url-jobs">
        {urlJobs.map((job) => (
          <li key={job.id} class="adm-row" tabIndex={0} data-testid="url-job" data-state={job.state}>
            <div class="adm-row-main">
              <div class="adm-row-title lib-url">{job.url}</div>
              {job.state === 'running' ? (
                <>
                  <div class="lib-progress lib-progress-small" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent(jobShare(job))}>
                    <div class="lib-progress-fill" style={{ width: `${percent(jobShare(job))}%` }} />
                  </div>
                  <div class="adm-row-sub">
                    {phaseText(job)}
                    {job.phase === 'waiting' && job.error && `（${problemWords(job.error)}）`}
                  </div>
                </>
              ) : job.state === 'cancelled' ? (
                <div class="adm-row-sub">{t('library.url.cancelled')}</div>
              ) : (
                job.results.map((r) => (
                  <div key={r.path} class={`adm-row-sub lib-result-${resultTone(r)}`} data-testid="url-result" data-outcome={r.outcome}>
                    {r.title ? `${r.title}：` : ''}
                    {resultText(r)}
                  </div>
                ))
              )}
            </div>
            {job.state === 'running' && (
              <div class="adm-row-actions">
                <button type="button" class="btn btn-danger" onClick={() => void cancel(job)}>{t('library.url.cancel')}</button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
