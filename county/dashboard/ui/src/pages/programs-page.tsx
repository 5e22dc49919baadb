// 县级节目: the programs every station receives (e.g. a live broadcast all must show). County
// administrators create, edit and delete them; viewers see the list only.
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { t } from '../i18n/i18n.ts';
import { useApi } from '../use-api.ts';
import { useAction } from '../use-action.ts';
import { PageHeader, Panel, ReadOnlyNote } from '../components/page-header.tsx';
import { Empty, Loaded } from '../components/load-state.tsx';
import { ConfirmDialog } from '../components/dialog.tsx';
import { ProgramForm } from './program-form.tsx';
import { describeRule } from './program-rule.ts';
import type { CountyProgram } from '../api-types.ts';

export function ProgramsPage({ admin }: { admin: boolean }) {
  const programs = useApi<{ programs: CountyProgram[] }>('/api/county/programs');
  const [editing, setEditing] = useState<CountyProgram | 'new' | null>(null);
  const [removing, setRemoving] = useState<CountyProgram | null>(null);
  const remove = useAction();

  const confirmRemove = async () => {
    const done = await remove.run(() => api.del(`/api/county/programs/${removing!.id}`), t('programs.deleted'));
    if (done !== undefined) {
      setRemoving(null);
      programs.reload();
    }
  };

  return (
    <div class="page" data-testid="programs-page">
      <PageHeader
        title={t('programs.title')}
        subtitle={
          <>
            {t('programs.subtitle')}
            {!admin && <ReadOnlyNote />}
          </>
        }
        actions={
          admin && (
            <button type="button" class="btn btn-primary" onClick={() => setEditing('new')} data-testid="program-add">
              {t('programs.add')}
            </button>
          )
        }
      />
      <Panel>
        <Loaded {...programs}>
          {(data) =>
            data.programs.length === 0 ? (
              <Empty>{t('programs.empty')}</Empty>
            ) : (
              <div class="table-wrap">
                <table class="table" data-testid="programs">
                  <thead>
                    <tr>
                      <th>{t('programs.col.title')}</th>
                      <th>{t('programs.col.kind')}</th>
                      <th>{t('programs.col.rule')}</th>
                      <th>{t('programs.col.course')}</th>
                      <th>{t('programs.col.checkin')}</th>
                      <th>{t('programs.col.notes')}</th>
                      {admin && <th class="actions">{t('programs.col.actions')}</th>}
                    </tr>
                  </thead>
                  <tbody>
                    {data.programs.map((p) => (
                      <tr key={p.id} data-program={p.id}>
                        <td>
                          <strong>{p.title}</strong>
                        </td>
                        <td class="nowrap">
                          <span class={`tag ${p.kind === 'group_viewing' ? 'tag-primary' : 'tag-neutral'}`}>{t(`kind.${p.kind}`)}</span>
                        </td>
                        <td>{describeRule(p.rule)}</td>
                        <td>
                          {p.course.title}
                          <div class="muted small break">{p.course.streamUrl ? `${t('programs.stream')}${t('punct.colon')}${p.course.streamUrl}` : `${t('programs.file')}${t('punct.colon')}${p.course.sha256?.slice(0, 12)}…`}</div>
                        </td>
                        <td>{p.kind === 'group_viewing' ? t('program.checkin.describe', { before: p.checkinOpensBeforeMin, after: p.checkinClosesAfterMin }) : '—'}</td>
                        <td>{p.notes ?? '—'}</td>
                        {admin && (
                          <td class="actions">
                            <button type="button" class="btn btn-small" onClick={() => setEditing(p)}>
                              {t('action.edit')}
                            </button>
                            <button type="button" class="btn btn-small btn-danger-text" onClick={() => setRemoving(p)}>
                              {t('action.delete')}
                            </button>
                          </td>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Loaded>
      </Panel>
      {editing && (
        <ProgramForm
          program={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            programs.reload();
          }}
        />
      )}
      {removing && (
        <ConfirmDialog
          title={t('programs.delete.title')}
          message={t('programs.delete.confirm', { title: removing.title })}
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
