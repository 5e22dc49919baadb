// 导出打印: every inspection record in one step each — 打印 opens the agent's printable A4 page in a preview
// and the print dialog, 导出 saves a PDF, Excel or CSV file on the terminal (the kiosk's browser may not
// download) and, with a USB stick in, offers to copy it there.
//
// Decision: the printable page is fetched with the admin token, so it stays behind admin login, and shown
// in the shared print preview (components/print-preview.tsx).
import { useEffect, useState } from 'preact/hooks';
import { PrintPreview } from '../../../components/print-preview.tsx';
import { t, type MessageKey } from '../../../i18n/i18n.ts';
import type { CopiedExport, ExportKind, MonthlyReport, PrintablePage, RemovableVolume, SavedExport, VolumesResponse } from '../../../api-types.ts';
import { adminApi, failureText } from '../admin-api.ts';
import { useAdmin, useAdminResource, useStable } from '../admin-hooks.ts';
import { Problem, monthTitle } from '../fields.tsx';

export type SaveFormat = 'pdf' | 'xlsx' | 'csv' | 'json';

export interface ExportItem {
  /** Unique on the page; also the test id's suffix. */
  id: string;
  kind: ExportKind;
  label: string;
  period: string;
  params: Record<string, string>;
  formats: SaveFormat[];
  printable: boolean;
}

const DOCUMENT_FORMATS: SaveFormat[] = ['pdf', 'xlsx', 'csv'];

/** The records that cover the month shown in the tab. */
const MONTHLY_LABELS = {
  'month-report': 'records.export.kind.month-report',
  'viewing-record': 'records.export.kind.viewing-record',
  'content-log': 'records.export.kind.content-log',
  'station-log': 'records.export.kind.station-log',
  'room-register': 'room.title',
  xapi: 'records.export.kind.xapi',
} as const satisfies Partial<Record<ExportKind, MessageKey>>;

function query(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}

/** The records of a month, in the order an inspection asks for them, then one sign-in sheet per viewing. */
export function exportItems(month: string, sessions: MonthlyReport['sessions']): ExportItem[] {
  const monthly = (kind: keyof typeof MONTHLY_LABELS, formats = DOCUMENT_FORMATS, printable = true): ExportItem => ({
    id: kind,
    kind,
    label: t(MONTHLY_LABELS[kind]),
    period: monthTitle(month),
    params: { month },
    formats,
    printable,
  });
  return [
    monthly('month-report'),
    ...sessions.map((s) => ({
      id: `signin-${s.id}`,
      kind: 'signin-sheet' as const,
      label: t('records.export.signin', { date: s.date, title: s.programTitle }),
      period: s.date,
      params: { session: String(s.id) },
      formats: DOCUMENT_FORMATS,
      printable: true,
    })),
    monthly('viewing-record'),
    monthly('content-log'),
    monthly('station-log'),
    monthly('room-register'),
    { id: 'equipment', kind: 'equipment', label: t('records.export.kind.equipment'), period: t('records.export.asOfToday'), params: {}, formats: DOCUMENT_FORMATS, printable: true },
    { id: 'notice-week', kind: 'notice', label: t('records.export.kind.notice-week'), period: t('records.export.fromToday'), params: { range: 'week' }, formats: DOCUMENT_FORMATS, printable: true },
    { id: 'notice-month', kind: 'notice', label: t('records.export.kind.notice-month'), period: t('records.export.fromToday'), params: { range: 'month' }, formats: DOCUMENT_FORMATS, printable: true },
    monthly('xapi', ['json'], false),
  ];
}

/** Saving a record on the terminal and copying it to a stick, shared by the list and the attendance dialog. */
export function useExportSave() {
  const { notify } = useAdmin();
  const [busy, setBusy] = useState<string | null>(null);
  const [saved, setSaved] = useState<SavedExport | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const save = useStable(async (item: Pick<ExportItem, 'id' | 'kind' | 'params'>, format: SaveFormat) => {
    setBusy(`${item.id}-${format}`);
    setProblem(null);
    setCopied(null);
    try {
      const result = await adminApi.post<SavedExport>(`/api/admin/exports/${item.kind}/save`, { format, ...item.params });
      setSaved(result);
      notify(t('records.export.savedToast', { name: result.fileName }));
    } catch (err) {
      setProblem(failureText(err));
    } finally {
      setBusy(null);
    }
  });
  const copy = useStable(async (volume: RemovableVolume) => {
    if (!saved) return;
    setBusy(`copy-${volume.id}`);
    setProblem(null);
    try {
      const result = await adminApi.post<CopiedExport>('/api/admin/exports/copy', { fileName: saved.fileName, volumeId: volume.id });
      setCopied(result.path);
    } catch (err) {
      setProblem(failureText(err));
    } finally {
      setBusy(null);
    }
  });
  return { busy, saved, copied, problem, save, copy };
}

/** Where the last file went, and the sticks it can be copied to. */
export function SaveOutcome(props: { state: ReturnType<typeof useExportSave> }) {
  const { saved, copied, problem, busy, copy } = props.state;
  // Asked again after each save: a stick may have been plugged in since.
  const volumes = useAdminResource<VolumesResponse>(saved ? '/api/admin/library/volumes' : null);
  useEffect(() => {
    if (saved && volumes.data) volumes.reload();
  }, [saved?.path]);
  const writable = (volumes.data?.volumes ?? []).filter((v) => !v.readOnly);
  return (
    <div class="rx-outcome" aria-live="polite">
      <Problem text={problem} testId="export-problem" />
      {saved && (
        <p class="adm-ok rx-path" data-testid="export-result">
          {t('records.export.saved', { path: saved.path })}
        </p>
      )}
      {saved && saved.notes.map((n) => <p key={n} class="rx-note">{t('records.export.note', { text: n })}</p>)}
      {saved && (
        <div class="adm-actions">
          {writable.length === 0 && volumes.data && <span class="rx-note">{t('records.export.noStick')}</span>}
          {writable.map((v) => (
            <button key={v.id} type="button" class="btn" data-testid="copy-to-stick" disabled={busy !== null} onClick={() => void copy(v)}>
              {t('records.export.copyTo', { label: v.label })}
            </button>
          ))}
        </div>
      )}
      {copied && (
        <p class="adm-ok rx-path" data-testid="copy-result">
          {t('records.export.copied', { path: copied })}
        </p>
      )}
    </div>
  );
}

export function RecordsExports(props: { month: string }) {
  const report = useAdminResource<MonthlyReport>(`/api/admin/reports/month/${props.month}`);
  const [printing, setPrinting] = useState<ExportItem | null>(null);
  const closePrint = useStable(() => setPrinting(null));
  const state = useExportSave();
  const sessions = report.data?.month === props.month ? report.data.sessions : null;
  if (report.error) return <Problem text={report.error} />;
  if (!sessions) return <p>{t('common.loading')}</p>;
  const items = exportItems(props.month, sessions);
  return (
    <div data-testid="records-exports">
      <p class="adm-explain">{t('records.export.explain')}</p>
      <table class="adm-table rx-table">
        <thead>
          <tr>
            <th>{t('records.export.col.document')}</th>
            <th>{t('records.export.col.period')}</th>
            <th class="rx-actions-head">{t('records.export.col.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} data-testid="export-row" data-item={item.id}>
              <td>{item.label}</td>
              <td class="num rx-period">{item.period}</td>
              <td class="rx-actions">
                {item.printable && (
                  <button type="button" class="btn btn-primary" data-testid={`print-${item.id}`} aria-label={t('records.export.printDoc', { document: item.label })} onClick={() => setPrinting(item)}>
                    {t('records.export.print')}
                  </button>
                )}
                {item.formats.map((f) => (
                  <button
                    key={f}
                    type="button"
                    class="btn"
                    data-testid={`export-${item.id}-${f}`}
                    aria-label={t('records.export.exportAs', { format: t(`records.export.format.${f}`), document: item.label })}
                    disabled={state.busy !== null}
                    aria-busy={state.busy === `${item.id}-${f}`}
                    onClick={() => void state.save(item, f)}
                  >
                    {state.busy === `${item.id}-${f}` ? '…' : t(`records.export.format.${f}`)}
                  </button>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {sessions.length === 0 && <p class="adm-empty">{t('records.export.noSessions')}</p>}
      <SaveOutcome state={state} />
      {printing && <PrintDialog item={printing} onClose={closePrint} />}
    </div>
  );
}

/** The record's printable page from the agent (behind the admin login), in the shared print preview. */
export function PrintDialog(props: { item: Pick<ExportItem, 'kind' | 'params' | 'label'>; onClose: () => void }) {
  const page = useAdminResource<PrintablePage>(`/api/admin/exports/${props.item.kind}/print?${query(props.item.params)}`);
  return <PrintPreview title={props.item.label} page={page.data} error={page.error} onClose={props.onClose} />;
}
