// 告警处理 on the alerts page: each alert the hub told people of (open, or closed within 30 days) — the station,
// what, since when, who was told at each rung and whether it reached them, and who acknowledged it with their
// note. Any staff member who sees the station may acknowledge (确认处理): the hub then tells no one further up.
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { fmt } from '../format.ts';
import { locale, t, type MessageKey } from '../i18n/i18n.ts';
import { routeHref } from '../routing.ts';
import { useAction } from '../use-action.ts';
import { Dialog } from '../components/dialog.tsx';
import { Field, inputValue } from '../components/field.tsx';
import { RecordTable, type Column } from '../components/record-table.tsx';
import type { AlertCase, AlertCaseAnswer, AlertDelivery } from '../api-types.ts';

const KNOWN_CODES = new Set(['offline', 'no_viewing_by_20th', 'disk_low', 'clock_skew', 'weekly_report_missing', 'station_alert']);

/**
 * An alert kind in words: a station's own alert is `station_alert:<its code>`, worded with its code after; a kind
 * this dashboard does not know yet shows as the hub's code.
 */
export function caseKind(code: string): string {
  const [kind = code, own] = code.split(/:(.*)/s);
  if (!KNOWN_CODES.has(kind)) return code;
  return own ? `${t(`alert.code.${kind}` as MessageKey)} · ${own}` : t(`alert.code.${kind}` as MessageKey);
}

type CaseState = 'open' | 'acked' | 'closed';
const stateOf = (c: AlertCase): CaseState => (c.closedAt !== null ? 'closed' : c.acknowledgedAt !== null ? 'acked' : 'open');
const STATE_TAG: Record<CaseState, string> = { open: 'tag-bad', acked: 'tag-warn', closed: 'tag-good' };

function Delivery({ d }: { d: AlertDelivery }) {
  return (
    <li data-testid="case-delivery" data-delivered={String(d.delivered)}>
      <strong>{d.rungName}</strong> · {d.contactName || '—'} <span class="muted">{t(`channel.${d.channel}` as MessageKey)}</span> · {fmt.dateTime(d.at)}{' '}
      <span class={`tag ${d.delivered ? 'tag-good' : 'tag-bad'}`}>{d.delivered ? t('cases.delivered') : t('cases.failed', { code: d.lastCode || '—' })}</span>
      {d.tries > 1 && <span class="muted small"> {t('cases.tries', { n: d.tries })}</span>}
    </li>
  );
}

function AckDialog({ subject, onClose, onDone }: { subject: AlertCase; onClose: () => void; onDone: () => void }) {
  const [note, setNote] = useState('');
  const action = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    const done = await action.run(() => api.post<AlertCaseAnswer>(`/api/county/alert-cases/${encodeURIComponent(subject.id)}/ack`, { note: note.trim() === '' ? null : note.trim() }), t('cases.ack.done'));
    if (done) onDone();
  };
  return (
    <Dialog
      title={t('cases.ack.title', { station: subject.stationName, kind: caseKind(subject.code) })}
      onClose={onClose}
      testid="ack-dialog"
      footer={
        <>
          <button type="button" class="btn" onClick={onClose}>
            {t('action.cancel')}
          </button>
          <button type="submit" form="ack-form" class="btn btn-primary" disabled={action.busy} data-testid="ack-submit">
            {action.busy ? t('action.saving') : t('cases.ack')}
          </button>
        </>
      }
    >
      <form id="ack-form" class="form" onSubmit={submit} noValidate>
        <p class="muted">{t('cases.ack.hint')}</p>
        <Field label={t('cases.ack.note')} hint={t('cases.ack.noteHint')} error={action.error}>
          <textarea name="note" rows={3} maxLength={200} value={note} onInput={(e) => setNote(inputValue(e))} />
        </Field>
      </form>
    </Dialog>
  );
}

const columns = (ask: (c: AlertCase) => void): Column<AlertCase>[] => [
  {
    header: t('cases.col.state'),
    class: 'nowrap',
    testid: 'case-state',
    cell: (c) => <span class={`tag ${STATE_TAG[stateOf(c)]}`}>{t(`cases.state.${stateOf(c)}`)}</span>,
  },
  { header: t('cases.col.station'), class: 'nowrap', cell: (c) => <a href={routeHref({ page: 'station', id: c.stationId })}>{c.stationName}</a> },
  {
    header: t('cases.col.kind'),
    cell: (c) => (
      <>
        <strong class="nowrap">{caseKind(c.code)}</strong>
        {/* The hub's words when the case opened are Chinese only; the kind above is said in either language. */}
        {c.message && locale.get() === 'zh-CN' && <div class="muted small">{c.message}</div>}
      </>
    ),
  },
  { header: t('cases.col.opened'), class: 'nowrap num-font', cell: (c) => fmt.dateTime(c.openedAt) },
  {
    header: t('cases.col.told'),
    testid: 'case-told',
    cell: (c) =>
      c.deliveries.length === 0 ? (
        <span class="muted">{t('cases.nobodyYet')}</span>
      ) : (
        <ul class="case-deliveries">
          {c.deliveries.map((d, i) => (
            <Delivery key={i} d={d} />
          ))}
        </ul>
      ),
  },
  {
    header: t('cases.col.ack'),
    testid: 'case-ack',
    cell: (c) =>
      c.acknowledgedAt !== null ? (
        <>
          <div>{t('cases.ackedBy', { name: c.acknowledgedBy ?? '—', at: fmt.dateTime(c.acknowledgedAt) })}</div>
          {c.ackNote && <div class="muted" data-testid="case-note">{c.ackNote}</div>}
        </>
      ) : c.closedAt === null ? (
        <button type="button" class="btn btn-small btn-primary" onClick={() => ask(c)} data-testid="case-ack-button">
          {t('cases.ack')}
        </button>
      ) : (
        <span class="muted">—</span>
      ),
  },
];

export function AlertCases({ cases, onChanged }: { cases: readonly AlertCase[]; onChanged: () => void }) {
  const [acking, setAcking] = useState<AlertCase | null>(null);
  // Open cases first, then acknowledged, then cleared; newest first within each.
  const order: Record<CaseState, number> = { open: 0, acked: 1, closed: 2 };
  const sorted = [...cases].sort((a, b) => order[stateOf(a)] - order[stateOf(b)] || b.openedAt - a.openedAt);
  return (
    <>
      <RecordTable
        records={sorted}
        columns={columns(setAcking)}
        recordKey={(c) => c.id}
        rowAttributes={(c) => ({ 'data-case': c.id, 'data-station': c.stationName, 'data-state': stateOf(c) })}
        testid="alert-cases"
        empty={t('cases.empty')}
        scroll
      />
      {acking && (
        <AckDialog
          subject={acking}
          onClose={() => setAcking(null)}
          onDone={() => {
            setAcking(null);
            onChanged();
          }}
        />
      )}
    </>
  );
}
