// 县级节目: the programs every station receives (e.g. a live broadcast all must show). County
// administrators create, edit and delete them; viewers see the list only.
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { t } from '../i18n/i18n.ts';
import { useApi } from '../use-api.ts';
import { PageHeader, Panel, ReadOnlyNote } from '../components/page-header.tsx';
import { Loaded } from '../components/load-state.tsx';
import { RecordTable, type Column } from '../components/record-table.tsx';
import { ConfirmAction, useConfirmation } from '../components/confirm-action.tsx';
import { ProgramForm } from './program-form.tsx';
import { DeliveriesDialog, GoLiveForm, LiveView } from './live-dialogs.tsx';
import { describeRule } from './program-rule.ts';
import { targetCell } from './target-cell.ts';
import { unitName } from '../components/unit-select.tsx';
import type { CountyProgram, CountyPrograms, UnitsAnswer } from '../api-types.ts';

/** The table's columns, in the language chosen now; with an org tree, the unit each program is sent to. */
const columns = (tree: UnitsAnswer | undefined): Column<CountyProgram>[] => [
  {
    header: t('programs.col.title'),
    cell: (p) => (
      <>
        <strong>{p.title}</strong>{' '}
        {p.liveEndedAt !== undefined && (
          <span class="tag tag-neutral" data-testid="program-live-ended">
            {t('program.tag.liveEnded')}
          </span>
        )}
      </>
    ),
  },
  ...(tree && tree.units.length > 0 ? [{ header: t('units.reachCol'), class: 'nowrap', testid: 'program-unit', cell: (p: CountyProgram) => unitName(tree, p.unitId ?? null) }] : []),
  { header: t('target.col'), class: 'nowrap', testid: 'program-target', cell: (p) => targetCell(p) },
  {
    header: t('programs.col.kind'),
    class: 'nowrap',
    cell: (p) => <span class={`tag ${p.kind === 'group_viewing' ? 'tag-primary' : 'tag-neutral'}`}>{t(`kind.${p.kind}`)}</span>,
  },
  { header: t('programs.col.rule'), cell: (p) => describeRule(p.rule) },
  {
    header: t('programs.col.course'),
    cell: (p) => (
      <>
        {p.course.title}
        <div class="muted small break">{p.course.streamUrl ? `${t('programs.stream')}${t('punct.colon')}${p.course.streamUrl}` : `${t('programs.file')}${t('punct.colon')}${p.course.sha256?.slice(0, 12)}…`}</div>
      </>
    ),
  },
  {
    header: t('programs.col.checkin'),
    cell: (p) => (p.kind === 'group_viewing' ? t('program.checkin.describe', { before: p.checkinOpensBeforeMin, after: p.checkinClosesAfterMin }) : '—'),
  },
  { header: t('programs.col.notes'), cell: (p) => p.notes ?? '—' },
];

export function ProgramsPage({ admin }: { admin: boolean }) {
  const programs = useApi<CountyPrograms>('/api/county/programs');
  const tree = useApi<UnitsAnswer>('/api/county/units').data;
  const [editing, setEditing] = useState<CountyProgram | 'new' | null>(null);
  const removing = useConfirmation<CountyProgram>();
  const [goingLive, setGoingLive] = useState(false);
  const [watching, setWatching] = useState<number | null>(null);
  const [delivery, setDelivery] = useState<CountyProgram | null>(null);

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
            <>
              <button type="button" class="btn btn-primary" onClick={() => setGoingLive(true)} data-testid="go-live-open">
                {t('live.add')}
              </button>
              <button type="button" class="btn btn-primary" onClick={() => setEditing('new')} data-testid="program-add">
                {t('programs.add')}
              </button>
            </>
          )
        }
      />
      <Panel>
        <Loaded {...programs}>
          {(data) => (
            <RecordTable
              records={data.programs}
              columns={columns(tree)}
              recordKey={(p) => p.id}
              rowAttributes={(p) => ({ 'data-program': p.id })}
              empty={t('programs.empty')}
              testid="programs"
              scroll
              actionsHeader={t('programs.col.actions')}
              actions={(p) => (
                <>
                  {p.liveStartedAt !== undefined && (
                    <button type="button" class="btn btn-small" onClick={() => setWatching(p.id)} data-testid="live-open">
                      {t('live.view.open')}
                    </button>
                  )}
                  <button type="button" class="btn btn-small" onClick={() => setDelivery(p)} data-testid="delivery-open">
                    {t('delivery.open')}
                  </button>
                  {admin && (
                      <>
                        <button type="button" class="btn btn-small" onClick={() => setEditing(p)}>
                          {t('action.edit')}
                        </button>
                        <button type="button" class="btn btn-small btn-danger-text" onClick={() => removing.ask(p)}>
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
      {goingLive && (
        <GoLiveForm
          onClose={() => setGoingLive(false)}
          onStarted={(id) => {
            setGoingLive(false);
            setWatching(id);
            programs.reload();
          }}
        />
      )}
      {watching !== null && <LiveView programId={watching} admin={admin} onClose={() => setWatching(null)} onEnded={programs.reload} />}
      {delivery && <DeliveriesDialog url={`/api/county/programs/${delivery.id}/deliveries`} title={delivery.title} onClose={() => setDelivery(null)} />}
      <ConfirmAction
        confirmation={removing}
        title={() => t('programs.delete.title')}
        message={(p) => t('programs.delete.confirm', { title: p.title })}
        confirmLabel={() => t('action.delete')}
        perform={async (p, action) => (await action.run(() => api.del(`/api/county/programs/${p.id}`), t('programs.deleted'))) !== undefined}
        onDone={programs.reload}
      />
    </div>
  );
}
