// 通知公告: notices every station shows on its board. County administrators publish, correct and delete
// them (stations pick up each change at their next contact); viewers read the list.
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { fmt } from '../format.ts';
import { t } from '../i18n/i18n.ts';
import { useApi } from '../use-api.ts';
import { useAction } from '../use-action.ts';
import { PageHeader, Panel, ReadOnlyNote } from '../components/page-header.tsx';
import { Empty, Loaded } from '../components/load-state.tsx';
import { ConfirmDialog } from '../components/dialog.tsx';
import { Field, inputValue } from '../components/field.tsx';
import { MAX_NOTICE_TEXT, NoticeEdit } from './notice-edit.tsx';
import type { CountyNoticeRecord } from '../api-types.ts';

function NoticeForm({ onPublished }: { onPublished: () => void }) {
  const [text, setText] = useState('');
  const [until, setUntil] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction();

  const submit = async (e: Event) => {
    e.preventDefault();
    if (text.trim() === '') return setProblem(t('notices.error.text'));
    setProblem(null);
    const done = await action.run(() => api.post('/api/county/notices', { text: text.trim(), until: until === '' ? null : until }), t('notices.published'));
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
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={action.busy} data-testid="notice-publish">
            {action.busy ? t('action.saving') : t('notices.publish')}
          </button>
        </div>
      </form>
    </Panel>
  );
}

export function NoticesPage({ admin }: { admin: boolean }) {
  const notices = useApi<{ notices: CountyNoticeRecord[] }>('/api/county/notices');
  const [editing, setEditing] = useState<CountyNoticeRecord | null>(null);
  const [removing, setRemoving] = useState<CountyNoticeRecord | null>(null);
  const remove = useAction();

  const confirmRemove = async () => {
    const done = await remove.run(() => api.del(`/api/county/notices/${removing!.id}`), t('notices.deleted'));
    if (done !== undefined) {
      setRemoving(null);
      notices.reload();
    }
  };

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
          {(data) =>
            data.notices.length === 0 ? (
              <Empty>{t('notices.empty')}</Empty>
            ) : (
              <table class="table" data-testid="notices">
                <thead>
                  <tr>
                    <th>{t('notices.col.text')}</th>
                    <th>{t('notices.col.until')}</th>
                    <th>{t('notices.col.created')}</th>
                    {admin && <th class="actions">{t('programs.col.actions')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {[...data.notices].reverse().map((n) => (
                    <tr key={n.id} data-notice={n.id}>
                      <td class="notice-cell">{n.text}</td>
                      <td class="nowrap">{n.until ?? t('notices.untilNone')}</td>
                      <td class="nowrap num-font">{fmt.dateTime(n.createdAt)}</td>
                      {admin && (
                        <td class="actions">
                          <button type="button" class="btn btn-small" onClick={() => setEditing(n)} data-testid="notice-edit-button">
                            {t('action.edit')}
                          </button>
                          <button type="button" class="btn btn-small btn-danger-text" onClick={() => setRemoving(n)}>
                            {t('action.delete')}
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </Loaded>
      </Panel>
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
      {removing && (
        <ConfirmDialog
          title={t('notices.delete.title')}
          message={t('notices.delete.confirm')}
          confirmLabel={t('action.delete')}
          busy={remove.busy}
          error={remove.error}
          onConfirm={() => void confirmRemove()}
          onCancel={() => {
            remove.clear();
            setRemoving(null);
          }}
        />
      )}
    </div>
  );
}
