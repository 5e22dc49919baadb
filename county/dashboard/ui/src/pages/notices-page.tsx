// 通知公告: notices every station shows on its board. County administrators publish, correct and delete
// them (stations pick up each change at their next contact); viewers read the list.
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { fmt } from '../format.ts';
import { t } from '../i18n/i18n.ts';
import { useApi } from '../use-api.ts';
import { useAction } from '../use-action.ts';
import { PageHeader, Panel, ReadOnlyNote } from '../components/page-header.tsx';
import { Loaded } from '../components/load-state.tsx';
import { RecordTable, type Column } from '../components/record-table.tsx';
import { ConfirmAction, useConfirmation } from '../components/confirm-action.tsx';
import { Field, inputValue } from '../components/field.tsx';
import { MAX_NOTICE_TEXT, NoticeEdit } from './notice-edit.tsx';
import { DeliveriesDialog } from './live-dialogs.tsx';
import { UnitSelect, unitName } from '../components/unit-select.tsx';
import { TargetSelect, targetBody, targetOfRecord, targetProblem } from '../components/target-select.tsx';
import { targetCell } from './target-cell.ts';
import type { CountyNoticeRecord, NoticesAnswer, UnitsAnswer } from '../api-types.ts';

function NoticeForm({ onPublished }: { onPublished: () => void }) {
  const [text, setText] = useState('');
  const [until, setUntil] = useState('');
  // On a hub with an org tree: the unit whose stations get the notice (default: the administrator's own).
  const [unitId, setUnitId] = useState('');
  const [target, setTarget] = useState(targetOfRecord(null));
  const [tried, setTried] = useState(false);
  const tree = useApi<UnitsAnswer>('/api/county/units').data;
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction();

  const submit = async (e: Event) => {
    e.preventDefault();
    if (text.trim() === '') return setProblem(t('notices.error.text'));
    setProblem(null);
    setTried(true);
    if (targetProblem(target) !== null) return;
    const body = { text: text.trim(), until: until === '' ? null : until, ...(unitId === '' ? {} : { unitId }), ...targetBody(target) };
    const done = await action.run(() => api.post('/api/county/notices', body), t('notices.published'));
    if (done !== undefined) {
      setText('');
      setUntil('');
      onPublished();
    }
  };

  return (
    <Panel title={t('notices.add')}>
      <form class="form notice-form" onSubmit={submit} noValidate data-testid="notice-form">
        <Field label={t('notices.text')} error={problem ?? action.error} hint={t('notices.count', { n: text.length })} class="notice-text">
          <textarea name="text" rows={3} maxLength={MAX_NOTICE_TEXT} value={text} onInput={(e) => setText(inputValue(e))} />
        </Field>
        <Field label={t('notices.until')}>
          <input type="date" name="until" value={until} onInput={(e) => setUntil(inputValue(e))} />
        </Field>
        <UnitSelect tree={tree} value={unitId} onChange={setUnitId} label={t('units.reach')} />
        <TargetSelect value={target} onChange={setTarget} unitId={unitId} error={tried ? targetProblem(target) : null} />
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={action.busy} data-testid="notice-publish">
            {action.busy ? t('action.saving') : t('notices.publish')}
          </button>
        </div>
      </form>
    </Panel>
  );
}

const columns = (tree: UnitsAnswer | undefined): Column<CountyNoticeRecord>[] => [
  { header: t('notices.col.text'), class: 'notice-cell', cell: (n) => n.text },
  ...(tree && tree.units.length > 0 ? [{ header: t('units.reachCol'), class: 'nowrap', testid: 'notice-unit', cell: (n: CountyNoticeRecord) => unitName(tree, n.unitId ?? null) }] : []),
  { header: t('target.col'), class: 'nowrap', testid: 'notice-target', cell: (n) => targetCell(n) },
  { header: t('notices.col.until'), class: 'nowrap', cell: (n) => n.until ?? t('notices.untilNone') },
  { header: t('notices.col.created'), class: 'nowrap num-font', cell: (n) => fmt.dateTime(n.createdAt) },
];

export function NoticesPage({ admin }: { admin: boolean }) {
  const notices = useApi<NoticesAnswer>('/api/county/notices');
  const tree = useApi<UnitsAnswer>('/api/county/units').data;
  const [editing, setEditing] = useState<CountyNoticeRecord | null>(null);
  const [delivery, setDelivery] = useState<CountyNoticeRecord | null>(null);
  const removing = useConfirmation<CountyNoticeRecord>();

  return (
    <div class="page" data-testid="notices-page">
      <PageHeader
        title={t('notices.title')}
        subtitle={
          <>
            {t('notices.subtitle')}
            {!admin && <ReadOnlyNote />}
          </>
        }
      />
      {admin && <NoticeForm onPublished={notices.reload} />}
      <Panel title={t('notices.list')}>
        <Loaded {...notices}>
          {(data) => (
            <RecordTable
              records={[...data.notices].reverse()}
              columns={columns(tree)}
              recordKey={(n) => n.id}
              rowAttributes={(n) => ({ 'data-notice': n.id })}
              empty={t('notices.empty')}
              testid="notices"
              actionsHeader={t('programs.col.actions')}
              actions={(n) => (
                <>
                  <button type="button" class="btn btn-small" onClick={() => setDelivery(n)} data-testid="delivery-open">
                    {t('delivery.open')}
                  </button>
                  {admin && (
                    <>
                      <button type="button" class="btn btn-small" onClick={() => setEditing(n)} data-testid="notice-edit-button">
                        {t('action.edit')}
                      </button>
                      <button type="button" class="btn btn-small btn-danger-text" onClick={() => removing.ask(n)}>
                        {t('action.delete')}
                      </button>
                    </>
                  )}
                </>
              )}
            />
          )}
        </Loaded>
      </Panel>
      {delivery && <DeliveriesDialog url={`/api/county/notices/${delivery.id}/deliveries`} title={delivery.text.slice(0, 20)} onClose={() => setDelivery(null)} />}
      {editing && (
        <NoticeEdit
          notice={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            notices.reload();
          }}
        />
      )}
      <ConfirmAction
        confirmation={removing}
        title={() => t('notices.delete.title')}
        message={() => t('notices.delete.confirm')}
        confirmLabel={() => t('action.delete')}
        perform={async (n, action) => (await action.run(() => api.del(`/api/county/notices/${n.id}`), t('notices.deleted'))) !== undefined}
        onDone={notices.reload}
      />
    </div>
  );
}
