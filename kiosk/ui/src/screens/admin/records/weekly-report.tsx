// 记录 › 每周一报: an ended week's report — composed on first look if the schedule has not yet, then frozen — with
// its figures, the week's viewings and the administrator's remarks; 添加备注 appends one, 报送县级平台 sends it once,
// 打印 through the shared print preview. ◀ ▶ step through the last thirteen ended weeks.
import { useEffect, useRef, useState } from 'preact/hooks';
import { fmt, t } from '../../../i18n/i18n.ts';
import type { WeekLines, WeeklyReportAnswer, WeeklyReportSent, WeeklyReportView } from '../../../api-types.ts';
import { useBackHandler } from '../../../navigation.ts';
import { focusFirst } from '../../../focus/remote-keys.ts';
import { adminApi, failureText } from '../admin-api.ts';
import { rememberFocus, restoreFocus, useAdmin, useAdminResource, useStable, useStationEvents } from '../admin-hooks.ts';
import { ConfirmDialog, Problem, TextField } from '../fields.tsx';
import { FormPage } from '../form-page.tsx';
import { PrintDialog, SaveOutcome, useExportSave, type SaveFormat } from './records-exports.tsx';

function figure(report: WeeklyReportView, section: string, key: string): string | number | null {
  return report.snapshot.sections.find((s) => s.id === section)?.figures.find((f) => f.key === key)?.value ?? null;
}

export function WeeklyReport() {
  const list = useAdminResource<WeekLines>('/api/admin/weekly-reports');
  const [index, setIndex] = useState(0);
  const [mode, setMode] = useState<'view' | 'remark' | 'send' | 'print'>('view');
  const exporting = useExportSave();
  const weeks = list.data?.weeks ?? [];
  const week = weeks[Math.min(index, Math.max(0, weeks.length - 1))];
  const report = useAdminResource<WeeklyReportAnswer>(week ? `/api/admin/weekly-reports/${week.week}` : null);
  useStationEvents(['data_changed'], () => {
    list.reload();
    report.reload();
  });
  const back = useStable(() => {
    setMode('view');
    restoreFocus();
    report.reload();
    list.reload();
  });

  // Once sent, 添加备注 and 报送 are no longer offered: the focus goes on to 打印, not back to a disabled button.
  const afterSend = useStable(() => {
    setMode('view');
    report.reload();
    list.reload();
    requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-focus-key="weekly-print"]')?.focus());
  });

  if (mode === 'remark' && week) return <RemarkForm week={week.week} onDone={back} />;
  const r = report.data?.report.week === week?.week ? report.data?.report : undefined;
  return (
    <div data-testid="weekly-report">
      <div class="adm-log-bar">
        <button type="button" class="btn" aria-label={t('weekly.prev')} data-testid="weekly-prev" disabled={index >= weeks.length - 1} onClick={() => setIndex(index + 1)}>◀</button>
        <span class="adm-month-label" data-testid="weekly-week">
          {week ? `${week.week}（${t('weekly.days', { from: week.from.slice(5), to: week.to.slice(5) })}）` : ''}
        </span>
        <button type="button" class="btn" aria-label={t('weekly.next')} data-testid="weekly-next" disabled={index === 0} onClick={() => setIndex(index - 1)}>▶</button>
        {r && (
          <>
            <button type="button" class="btn" data-testid="weekly-remark" data-focus-key="weekly-remark" disabled={r.sentAt !== null} onClick={() => (rememberFocus(), setMode('remark'))}>
              {t('weekly.addRemark')}
            </button>
            <button type="button" class="btn btn-primary" data-testid="weekly-send" data-focus-key="weekly-send" disabled={r.sentAt !== null} onClick={() => (rememberFocus(), setMode('send'))}>
              {t('weekly.send')}
            </button>
            <button type="button" class="btn" data-testid="weekly-print" data-focus-key="weekly-print" onClick={() => (rememberFocus(), setMode('print'))}>
              {t('weekly.print')}
            </button>
            <SaveButtons item={{ id: `weekly-${r.week}`, kind: 'weekly-report', params: { week: r.week } }} state={exporting} label={t('weekly.title', { week: r.week })} />
          </>
        )}
      </div>
      <Problem text={list.error ?? report.error} testId="weekly-problem" />
      <SaveOutcome state={exporting} />
      {!r ? <p>{t('weekly.loading')}</p> : <WeekBody report={r} />}
      {mode === 'send' && r && <SendDialog week={r.week} onDone={back} onSent={afterSend} />}
      {mode === 'print' && r && <PrintDialog item={{ kind: 'weekly-report', params: { week: r.week }, label: t('weekly.title', { week: r.week }) }} onClose={back} />}
    </div>
  );
}

function WeekBody({ report: r }: { report: WeeklyReportView }) {
  const h = r.snapshot.headline;
  const viewings = r.snapshot.sections.find((s) => s.id === 'viewings');
  const status = r.sentAt === null ? t('weekly.status.unsent', { deadline: fmt.dateTime(r.deadline) }) : t(r.sentBy === 'deadline' ? 'weekly.status.deadline' : 'weekly.status.sent', { at: fmt.dateTime(r.sentAt) });
  return (
    <>
      <p class={r.sentAt === null ? 'adm-problem' : 'adm-confirm-text'} data-testid="weekly-status">{status}</p>
      <div class="adm-figures" data-testid="weekly-figures">
        <div class="adm-figure">
          <span class="adm-figure-label">{t('weekly.held')}</span>
          <b data-testid="weekly-held">{t('weekly.heldOf', { held: h.viewingsHeld, all: h.viewings })}</b>
        </div>
        <div class="adm-figure">
          <span class="adm-figure-label">{t('weekly.rate')}</span>
          <b data-testid="weekly-rate">{fmt.rate(h.participationRate)}</b>
          <span>{`${figure(r, 'viewings', 'attendedRegistered') ?? 0} / ${figure(r, 'viewings', 'registered') ?? 0}`}</span>
        </div>
        <div class="adm-figure">
          <span class="adm-figure-label">{t('weekly.courseware')}</span>
          <b>{t('weekly.items', { n: h.coursewareReceived })}</b>
        </div>
        <div class="adm-figure">
          <span class="adm-figure-label">{t('weekly.uptime')}</span>
          <b data-testid="weekly-uptime">{fmt.rate(h.uptime)}</b>
        </div>
        <div class={`adm-figure ${h.alerts > 0 ? 'adm-figure-warn' : ''}`}>
          <span class="adm-figure-label">{t('weekly.alerts')}</span>
          <b>{t('weekly.count', { n: h.alerts })}</b>
        </div>
      </div>
      {!viewings || viewings.rows.length === 0 ? (
        <p class="adm-empty">{t('weekly.noViewings')}</p>
      ) : (
        <table class="adm-table" data-testid="weekly-viewings">
          <thead>
            <tr>
              <th>{t('weekly.col.date')}</th>
              <th>{t('weekly.col.title')}</th>
              <th>{t('weekly.col.held')}</th>
              <th>{t('weekly.col.present')}</th>
              <th>{t('weekly.col.rate')}</th>
              <th>{t('weekly.col.guests')}</th>
            </tr>
          </thead>
          <tbody>
            {viewings.rows.map((v, i) => (
              <tr key={i}>
                <td class="num">{`${String(v['date'])} ${String(v['time'])}`}</td>
                <td>{String(v['title'])}</td>
                <td>{String(v['held'])}</td>
                <td class="num">{`${String(v['attendedRegistered'])}/${String(v['registered'])}`}</td>
                <td class="num">{fmt.rate(typeof v['rate'] === 'number' ? v['rate'] : null)}</td>
                <td class="num">{String(v['guests'])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3 class="adm-h3">{t('weekly.remarks')}</h3>
      {r.remarks.length === 0 ? (
        <p class="adm-empty" data-testid="weekly-no-remarks">{t('weekly.noRemarks')}</p>
      ) : (
        <ul class="adm-list" data-testid="weekly-remarks">
          {r.remarks.map((m) => (
            <li key={m.id} data-testid="weekly-remark-line">
              {`${fmt.dateTime(m.at)} ${m.actor}：${m.text}`}
            </li>
          ))}
        </ul>
      )}
      <p class="adm-hint">{t('weekly.frozen', { at: r.snapshot.composedAt })}</p>
    </>
  );
}

function RemarkForm(props: { week: string; onDone: () => void }) {
  const { notify } = useAdmin();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const ref = useRef<HTMLFormElement>(null);
  useBackHandler(props.onDone);
  useEffect(() => {
    const id = requestAnimationFrame(() => ref.current && focusFirst(ref.current));
    return () => cancelAnimationFrame(id);
  }, []);
  const save = async () => {
    setSaving(true);
    setProblem(null);
    try {
      await adminApi.post(`/api/admin/weekly-reports/${props.week}/remarks`, { text });
      notify(t('weekly.remarkSaved'));
      props.onDone();
    } catch (err) {
      setProblem(failureText(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <FormPage title={t('weekly.remarkTitle', { week: props.week })} testId="weekly-remark-form" formRef={ref} onSubmit={() => void save()}>
      <TextField label={t('weekly.remarkLabel')} hint={t('weekly.remarkHint')} value={text} onInput={setText} maxLength={500} wide testId="weekly-remark-text" />
      <Problem text={problem} testId="weekly-remark-problem" />
      <div class="adm-actions">
        <button type="submit" class="btn btn-primary" disabled={saving} data-testid="weekly-remark-save">{t('common.save')}</button>
        <button type="button" class="btn" onClick={props.onDone}>{t('common.cancel')}</button>
      </div>
    </FormPage>
  );
}

function SendDialog(props: { week: string; onDone: () => void; onSent: () => void }) {
  const { notify } = useAdmin();
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    try {
      const answer = await adminApi.post<WeeklyReportSent>(`/api/admin/weekly-reports/${props.week}/send`);
      notify(t(answer.sent ? 'weekly.sent' : 'weekly.alreadySent', { week: props.week }));
      props.onSent();
    } catch (err) {
      notify(failureText(err));
      props.onDone();
    } finally {
      setBusy(false);
    }
  };
  return <ConfirmDialog title={t('weekly.sendTitle', { week: props.week })} text={t('weekly.sendText')} confirmLabel={t('weekly.send')} busy={busy} onConfirm={() => void send()} onCancel={props.onDone} />;
}

const SAVE_FORMATS: SaveFormat[] = ['pdf', 'xlsx', 'csv'];

/** 导出 PDF / Excel / CSV of one record, saved on the terminal (then offered for a USB stick by SaveOutcome). */
export function SaveButtons(props: { item: { id: string; kind: 'weekly-report' | 'room-register'; params: Record<string, string> }; state: ReturnType<typeof useExportSave>; label: string }) {
  return (
    <>
      <span class="adm-hint">{t('weekly.export')}</span>
      {SAVE_FORMATS.map((f) => (
        <button
          key={f}
          type="button"
          class="btn"
          data-testid={`${props.item.kind}-save-${f}`}
          disabled={props.state.busy !== null}
          aria-label={t('records.export.exportAs', { format: t(`records.export.format.${f}`), document: props.label })}
          onClick={() => void props.state.save(props.item, f)}
        >
          {props.state.busy === `${props.item.id}-${f}` ? '…' : t(`records.export.format.${f}`)}
        </button>
      ))}
    </>
  );
}
