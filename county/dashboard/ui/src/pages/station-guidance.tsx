// The station page's 党建指导员 panel (issue 17): who the station's instructor is (and was), the month's 指导记录
// with corrected ones kept and marked, and the month's count. The station's instructor and an administrator log
// guidance and correct it; an administrator assigns the instructor from the instructors they manage.
import { useState } from 'preact/hooks';
import { api, query } from '../api.ts';
import { fmt } from '../format.ts';
import { paren, t } from '../i18n/i18n.ts';
import { useApi } from '../use-api.ts';
import { useAction } from '../use-action.ts';
import { useObservable } from '../observable.ts';
import { session } from '../session.ts';
import { Panel } from '../components/page-header.tsx';
import { FormDialog } from '../components/form-dialog.tsx';
import { Field } from '../components/field.tsx';
import { RecordTable } from '../components/record-table.tsx';
import { GuidanceForm } from './guidance-form.tsx';
import type { GuidanceRecord, InstructorsAnswer, StationGuidance } from '../api-types.ts';

function AssignDialog({ stationId, stationName, current, onDone, onClose }: { stationId: string; stationName: string; current: number | null; onDone: () => void; onClose: () => void }) {
  const list = useApi<InstructorsAnswer>('/api/county/instructors').data;
  const [userId, setUserId] = useState(current === null ? '' : String(current));
  const action = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    const done = await action.run(() => api.put(`/api/county/stations/${encodeURIComponent(stationId)}/instructor`, { userId: userId === '' ? null : Number(userId) }), t('guidance.assigned'));
    if (done !== undefined) onDone();
  };
  return (
    <FormDialog title={t('guidance.assign.title', { name: stationName })} formId="instructor-assign" onSubmit={submit} onClose={onClose} action={action} footerError testid="instructor-assign">
      <Field label={t('guidance.assign.who')} hint={t('guidance.assign.note')}>
        <select name="userId" value={userId} onChange={(e) => setUserId((e.target as HTMLSelectElement).value)}>
          <option value="">{t('guidance.assign.nobody')}</option>
          {(list?.instructors ?? []).map((i) => (
            <option key={i.userId} value={String(i.userId)}>
              {i.username}
            </option>
          ))}
        </select>
      </Field>
    </FormDialog>
  );
}

export function StationGuidancePanel({ stationId, stationName, month, hubTime }: { stationId: string; stationName: string; month: string; hubTime: number }) {
  const state = useObservable(session);
  const me = state.status === 'in' ? state.user : null;
  const data = useApi<StationGuidance>(`/api/county/stations/${encodeURIComponent(stationId)}/guidance${query({ month })}`);
  const [dialog, setDialog] = useState<'assign' | 'add' | GuidanceRecord | null>(null);
  const g = data.data;
  if (!g || !me) return null;
  const admin = me.role === 'county_admin';
  const mayLog = admin || (me.role === 'instructor' && g.instructor?.userId === me.id);
  const mayCorrect = (r: GuidanceRecord) => r.supersededBy === null && (admin || (me.role === 'instructor' && r.instructorId === me.id));
  const saved = () => {
    setDialog(null);
    data.reload();
  };
  const past = g.history.filter((a) => a.untilAt !== null);
  return (
    <Panel title={t('guidance.panel')} testid="guidance-panel" extra={<span class="muted" data-testid="guidance-count">{t('guidance.count', { n: g.count, month: fmt.month(g.month) })}</span>}>
      <div class="guidance-head">
        <span>
          {t('guidance.instructor.label')}
          <strong data-testid="station-instructor">{g.instructor ? g.instructor.username : t('guidance.none')}</strong>
          {g.instructor && <span class="muted">{paren(t('guidance.since', { date: fmt.date(g.instructor.fromAt) }))}</span>}
        </span>
        {admin && (
          <button type="button" class="btn btn-small" onClick={() => setDialog('assign')} data-testid="instructor-assign-open">
            {t('guidance.assign')}
          </button>
        )}
        {mayLog && (
          <button type="button" class="btn btn-small btn-primary" onClick={() => setDialog('add')} data-testid="guidance-add-open">
            {t('guidance.add')}
          </button>
        )}
      </div>
      {past.length > 0 && (
        <p class="muted small" data-testid="instructor-history">
          {t('guidance.history.label')}
          {past.map((a) => t('guidance.history.line', { name: a.username, from: fmt.date(a.fromAt), until: a.untilAt === null ? t('guidance.history.now') : fmt.date(a.untilAt) })).join(t('guidance.history.separator'))}
        </p>
      )}
      <GuidanceTable records={g.records} empty={t('guidance.empty')} mayCorrect={mayCorrect} onCorrect={(r) => setDialog(r)} testid="guidance-records" />
      {dialog === 'assign' && <AssignDialog stationId={stationId} stationName={stationName} current={g.instructor?.userId ?? null} onDone={saved} onClose={() => setDialog(null)} />}
      {dialog !== null && dialog !== 'assign' && (
        <GuidanceForm stationId={stationId} stationName={stationName} today={fmt.date(hubTime)} correcting={dialog === 'add' ? null : dialog} onSaved={saved} onClose={() => setDialog(null)} />
      )}
    </Panel>
  );
}

/** The records, newest visit first; a corrected record stays, struck through and marked. */
export function GuidanceTable({ records, empty, mayCorrect, onCorrect, testid, showStation }: { records: readonly GuidanceRecord[]; empty: string; mayCorrect: (r: GuidanceRecord) => boolean; onCorrect: (r: GuidanceRecord) => void; testid: string; showStation?: (r: GuidanceRecord) => string }) {
  return (
    <RecordTable
      records={records}
      recordKey={(r) => r.id}
      rowAttributes={(r) => ({ class: r.supersededBy !== null ? 'row-retired' : undefined, 'data-record': r.id, 'data-superseded': r.supersededBy === null ? undefined : 'yes' })}
      empty={empty}
      testid={testid}
      scroll
      columns={[
        { header: t('guidance.field.date'), cell: (r) => r.visitedOn, class: 'nowrap num-font' },
        ...(showStation ? [{ header: t('alerts.col.station'), cell: showStation, class: 'nowrap' }] : []),
        { header: t('guidance.field.kind'), cell: (r) => t(`guidance.kind.${r.kind}`), class: 'nowrap' },
        { header: t('guidance.field.done'), cell: (r) => (r.supersededBy === null ? r.done : <><span class="tag tag-neutral">{t('guidance.superseded')}</span> {r.done}</>) },
        { header: t('guidance.field.problems'), cell: (r) => r.problems || '—' },
        { header: t('guidance.field.followUp'), cell: (r) => r.followUp || '—' },
        { header: t('guidance.col.by'), cell: (r) => r.author, class: 'nowrap' },
      ]}
      actions={(r) =>
        mayCorrect(r) ? (
          <button type="button" class="btn btn-small" onClick={() => onCorrect(r)} data-testid="guidance-correct">
            {t('guidance.correct')}
          </button>
        ) : null
      }
    />
  );
}
