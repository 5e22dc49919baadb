// U盘导入: the sticks plugged in, the videos on the chosen one with size and length, a tick per file, then
// the import with its progress bar, what became of each file, and "可以安全拔出U盘" at the end.
// Every step works with the remote: arrows move, OK ticks or presses, Back goes one step back.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../../i18n/i18n.ts';
import { useBackHandler } from '../../../navigation.ts';
import { focusFirst } from '../../../focus/remote-keys.ts';
import type { ImportJobAnswer, ImportJobs, ImportJobView, RemovableVolume, VolumeFilesResponse, VolumesResponse } from '../../../api-types.ts';
import { adminApi, failureText } from '../admin-api.ts';
import { useAdmin, useAdminResource, useStable, useStationEvents } from '../admin-hooks.ts';
import { formatBytes } from '../admin-format.ts';
import { Problem } from '../fields.tsx';
import { clockLength, problemWords, jobShare, percent, resultText, resultTone, usePoll } from './library-labels.ts';

type Step = { kind: 'volumes' } | { kind: 'files'; volume: RemovableVolume } | { kind: 'job'; jobId: string; volume: RemovableVolume | null };

/** Puts the remote's focus into the panel whenever its step changes (the button pressed is gone by then). */
function useFocusOnChange(ref: { current: HTMLElement | null }, key: string): void {
  useEffect(() => {
    const id = requestAnimationFrame(() => ref.current && focusFirst(ref.current));
    return () => cancelAnimationFrame(id);
  }, [key]);
}

export function UsbImport(props: { volumeId: string | null; onFinished: () => void }) {
  const { notify } = useAdmin();
  const [step, setStep] = useState<Step>({ kind: 'volumes' });
  const volumes = useAdminResource<VolumesResponse>('/api/admin/library/volumes');
  const ref = useRef<HTMLDivElement>(null);
  useStationEvents(['data_changed'], volumes.reload);
  // A fallback for a missed event: sticks come and go without anyone touching the screen.
  usePoll(volumes.reload, 5_000, step.kind !== 'job');

  // An import still running (the screen was left and opened again) is shown rather than a fresh start.
  useEffect(() => {
    void adminApi
      .get<ImportJobs>('/api/admin/library/jobs')
      .then(({ jobs }) => {
        const running = jobs.find((j) => j.kind === 'usb' && j.state === 'running');
        if (running) setStep({ kind: 'job', jobId: running.id, volume: null });
      })
      .catch(() => undefined);
  }, []);

  // Opened from the "stick found" banner: straight to that stick's files.
  const opened = useRef(false);
  useEffect(() => {
    if (opened.current || !props.volumeId || !volumes.data) return;
    opened.current = true;
    const v = volumes.data.volumes.find((x) => x.id === props.volumeId);
    if (v) setStep({ kind: 'files', volume: v });
  }, [volumes.data]);

  // The stick pulled out while its files were shown.
  useEffect(() => {
    if (step.kind === 'files' && volumes.data && !volumes.data.volumes.some((v) => v.id === step.volume.id)) {
      notify(t('library.usb.gone'), 'warn');
      setStep({ kind: 'volumes' });
    }
  }, [volumes.data]);

  useFocusOnChange(ref, step.kind === 'files' ? `files-${step.volume.id}` : step.kind);
  const toVolumes = useStable(() => setStep({ kind: 'volumes' }));

  return (
    <div class="lib-usb" ref={ref} data-testid="usb-panel">
      {step.kind === 'volumes' && (
        <>
          <p class="adm-explain">{t('library.usb.explain')}</p>
          <Problem text={volumes.error} />
          {volumes.data && volumes.data.volumes.length === 0 && <p class="adm-empty" data-testid="usb-none">{t('library.usb.none')}</p>}
          <ul class="adm-list">
            {(volumes.data?.volumes ?? []).map((v) => (
              <li key={v.id} class="adm-row">
                <div class="adm-row-main">
                  <div class="adm-row-title">
                    {v.label}
                    {v.readOnly && <span class="tag adm-tag-quiet">{t('library.usb.readOnly')}</span>}
                  </div>
                  <div class="adm-row-sub">{t('library.usb.volumeFree', { free: formatBytes(v.freeBytes), size: formatBytes(v.sizeBytes) })}</div>
                </div>
                <div class="adm-row-actions">
                  <button type="button" class="btn btn-primary" data-testid="usb-volume" onClick={() => setStep({ kind: 'files', volume: v })}>
                    {t('library.usb.open')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
      {step.kind === 'files' && (
        <VolumeFiles
          volume={step.volume}
          onBack={toVolumes}
          onStarted={(job) => setStep({ kind: 'job', jobId: job.id, volume: step.volume })}
        />
      )}
      {step.kind === 'job' && (
        <ImportProgress
          jobId={step.jobId}
          onMore={() => setStep(step.volume ? { kind: 'files', volume: step.volume } : { kind: 'volumes' })}
          onDone={() => {
            setStep({ kind: 'volumes' });
            props.onFinished();
          }}
        />
      )}
    </div>
  );
}

function VolumeFiles(props: { volume: RemovableVolume; onBack: () => void; onStarted: (job: ImportJobView) => void }) {
  const { notify } = useAdmin();
  const listing = useAdminResource<VolumeFilesResponse>(`/api/admin/library/volumes/${props.volume.id}/files`);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useBackHandler(props.onBack);
  // Reading a stick takes a while (each file is probed); once the list is there, the focus goes into it.
  useEffect(() => {
    if (!listing.data) return;
    const id = requestAnimationFrame(() => ref.current && focusFirst(ref.current));
    return () => cancelAnimationFrame(id);
  }, [listing.data !== null]);

  const files = listing.data?.files ?? [];
  const chosenFiles = files.filter((f) => chosen.has(f.path));
  const toggle = (p: string) =>
    setChosen((current) => {
      const next = new Set(current);
      if (next.has(p)) next.delete(p);
      else next.add(p);
      return next;
    });

  const start = async () => {
    setBusy(true);
    try {
      const { job } = await adminApi.post<ImportJobAnswer>('/api/admin/library/usb-import', { volumeId: props.volume.id, paths: chosenFiles.map((f) => f.path) });
      props.onStarted(job);
    } catch (err) {
      notify(failureText(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div ref={ref} data-testid="usb-files">
      <h3 class="adm-h3">{t('library.usb.filesOf', { label: props.volume.label })}</h3>
      <Problem text={listing.error} />
      {!listing.data && !listing.error && <p data-testid="usb-reading">{t('library.usb.reading')}</p>}
      {listing.data && files.length === 0 && <p class="adm-empty">{t('library.usb.noVideos')}</p>}
      {/* Back and the ticks for all above the list; below it only the import, so Down from the last file reaches it. */}
      <div class="adm-actions lib-select-bar">
        <button type="button" class="btn" data-testid="usb-back" onClick={props.onBack}>{t('library.usb.back')}</button>
        {files.length > 0 && (
          <>
            <button type="button" class="btn" data-testid="usb-select-all" onClick={() => setChosen(new Set(files.map((f) => f.path)))}>{t('library.usb.selectAll')}</button>
            <button type="button" class="btn" data-testid="usb-select-none" onClick={() => setChosen(new Set())}>{t('library.usb.selectNone')}</button>
          </>
        )}
      </div>
      <ul class="lib-files">
        {files.map((f, i) => {
          const on = chosen.has(f.path);
          const note = f.problem
            ? t('library.usb.unreadable', { reason: problemWords(f.problem) })
            : t(f.conversion === 'as_is' ? 'library.usb.asIs' : f.conversion === 'remux' ? 'library.usb.remux' : 'library.usb.transcode');
          return (
            <li key={f.path}>
              <button
                type="button"
                role="checkbox"
                aria-checked={on}
                class={`lib-file ${on ? 'lib-file-on' : ''}`}
                data-autofocus={i === 0 ? true : undefined}
                data-testid="usb-file"
                data-path={f.path}
                onClick={() => toggle(f.path)}
              >
                <span class="lib-check" aria-hidden="true">{on ? '☑' : '☐'}</span>
                <span class="lib-file-name">{f.path}</span>
                <span class="lib-file-meta num">{formatBytes(f.sizeBytes)}</span>
                <span class="lib-file-meta num">{clockLength(f.durationMs)}</span>
                <span class={`lib-file-note ${f.problem ? 'lib-warn' : ''}`}>{note}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {listing.data?.truncated && <p class="adm-footnote">{t('library.usb.truncated')}</p>}
      <div class="adm-actions">
        <button type="button" class="btn btn-primary" disabled={chosenFiles.length === 0 || busy} data-testid="usb-import-start" onClick={() => void start()}>
          {t('library.usb.import', { n: chosenFiles.length, size: formatBytes(chosenFiles.reduce((sum, f) => sum + f.sizeBytes, 0)) })}
        </button>
      </div>
    </div>
  );
}

function ImportProgress(props: { jobId: string; onMore: () => void; onDone: () => void }) {
  const { notify } = useAdmin();
  const [job, setJob] = useState<ImportJobView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const running = job === null || job.state === 'running';
  const ref = useRef<HTMLDivElement>(null);
  usePoll(
    () =>
      void adminApi
        .get<ImportJobAnswer>(`/api/admin/library/jobs/${props.jobId}`)
        .then((r) => {
          setJob(r.job);
          setError(null);
        })
        .catch((err: unknown) => setError(failureText(err))),
    500,
    running,
  );
  useBackHandler(running ? null : props.onDone);
  // When it is over, the focus goes to the buttons that follow ("Done" first).
  useEffect(() => {
    if (running) return;
    const id = requestAnimationFrame(() => ref.current && focusFirst(ref.current));
    return () => cancelAnimationFrame(id);
  }, [running]);

  const cancel = async () => {
    try {
      const r = await adminApi.post<ImportJobAnswer>(`/api/admin/library/jobs/${props.jobId}/cancel`);
      setJob(r.job);
    } catch (err) {
      notify(failureText(err), 'error');
    }
  };

  const p = job ? percent(jobShare(job)) : 0;
  return (
    <div ref={ref} data-testid="usb-job" data-state={job?.state ?? 'running'}>
      <h3 class="adm-h3">{job?.volume ? t('library.usb.filesOf', { label: job.volume.label }) : t('library.usb.title')}</h3>
      <Problem text={error} />
      <div class="lib-progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={p} data-testid="usb-progress">
        <div class="lib-progress-fill" style={{ width: `${p}%` }} />
        <span class="lib-progress-text num">{p} %</span>
      </div>
      {job && (
        <p class="lib-progress-detail num" data-testid="usb-progress-detail">
          {t('library.usb.progress', { done: formatBytes(job.bytesDone), total: formatBytes(job.bytesTotal ?? 0) })}
          {job.current && `\u3000${t('library.usb.importing', { name: job.current.name, n: Math.min(job.filesDone + 1, job.filesTotal), total: job.filesTotal })}`}
        </p>
      )}
      {job && job.results.length > 0 && (
        <ul class="adm-list lib-results" data-testid="usb-results">
          {job.results.map((r) => (
            <li key={r.path} class={`adm-row lib-result-${resultTone(r)}`} tabIndex={0} data-testid="usb-result" data-outcome={r.outcome}>
              <span class="lib-file-name">{r.name}</span>
              <span>{resultText(r)}</span>
            </li>
          ))}
        </ul>
      )}
      {running ? (
        <div class="adm-actions">
          {job?.cancelRequested ? (
            <p class="adm-footnote">{t('library.usb.cancelling')}</p>
          ) : (
            <button type="button" class="btn btn-danger" data-testid="usb-cancel" onClick={() => void cancel()}>{t('library.usb.cancel')}</button>
          )}
        </div>
      ) : (
        <>
          {job?.state === 'failed' && <Problem text={t('library.usb.failed', { reason: problemWords(job.error) })} />}
          {job?.state === 'cancelled' && <p class="adm-footnote">{t('library.usb.cancelled')}</p>}
          {job?.safeToUnplug && (
            <div class="lib-safe" role="status" data-testid="usb-safe">
              <b>✔ {t('library.usb.safe')}</b>
              <span>{t('library.usb.safeDetail')}</span>
            </div>
          )}
          <div class="adm-actions">
            <button type="button" class="btn btn-primary" data-autofocus data-testid="usb-done" onClick={props.onDone}>{t('library.usb.done')}</button>
            <button type="button" class="btn" data-testid="usb-more" onClick={props.onMore}>{t('library.usb.more')}</button>
          </div>
        </>
      )}
    </div>
  );
}
