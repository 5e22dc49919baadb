// 站点管理: every station the county registered, whether it has enrolled, and — for county administrators —
// registering a station (which gives its one-time code), a new code, renaming, regrading and retiring.
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { fmt } from '../format.ts';
import { t } from '../i18n/i18n.ts';
import { routeHref } from '../routing.ts';
import { useApi } from '../use-api.ts';
import { attempt, useAction, type Action } from '../use-action.ts';
import { PageHeader, Panel, ReadOnlyNote } from '../components/page-header.tsx';
import { Loaded } from '../components/load-state.tsx';
import { FormDialog } from '../components/form-dialog.tsx';
import { RecordTable, type Column } from '../components/record-table.tsx';
import { ConfirmAction, useConfirmation } from '../components/confirm-action.tsx';
import { Field, inputValue } from '../components/field.tsx';
import { OnlineState } from '../components/online-state.tsx';
import { EnrollmentCodeDialog } from './enrollment-code.tsx';
import { UnitSelect } from '../components/unit-select.tsx';
import { GRADES, type Grade, type HubStation, type EnrollmentCodeAnswer, type IssuedCode, type NewStation, type StationListAnswer, type UnitsAnswer } from '../api-types.ts';

type Station = StationListAnswer['stations'][number];

function GradeSelect({ value, onChange }: { value: Grade; onChange: (grade: Grade) => void }) {
  return (
    <select name="grade" value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value as Grade)}>
      {GRADES.map((g) => (
        <option key={g} value={g}>
          {t(`grade.${g}`)}
        </option>
      ))}
    </select>
  );
}

function AddStation({ onAdded }: { onAdded: (station: HubStation, enrollment: IssuedCode) => void }) {
  const [name, setName] = useState('');
  const [grade, setGrade] = useState<Grade>('standard');
  const [unitId, setUnitId] = useState('');
  const tree = useApi<UnitsAnswer>('/api/county/units').data;
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    if (name.trim() === '') return setProblem(t('stations.error.name'));
    setProblem(null);
    const body = { name: name.trim(), grade, ...(unitId === '' ? {} : { unitId }) };
    const added = await action.run(() => api.post<NewStation>('/api/county/stations', body));
    if (added) {
      setName('');
      onAdded(added.station, added.enrollment);
    }
  };
  return (
    <Panel title={t('stations.add')}>
      <form class="form form-inline" onSubmit={submit} noValidate data-testid="station-add">
        <Field label={t('stations.name')} error={problem ?? action.error} class="grow">
          <input name="name" maxLength={100} value={name} onInput={(e) => setName(inputValue(e))} />
        </Field>
        <Field label={t('stations.grade')}>
          <GradeSelect value={grade} onChange={setGrade} />
        </Field>
        <UnitSelect tree={tree} value={unitId} onChange={setUnitId} />
        <button type="submit" class="btn btn-primary" disabled={action.busy}>
          {action.busy ? t('action.saving') : t('stations.submit')}
        </button>
      </form>
    </Panel>
  );
}

function EditStation({ station, onSaved, onClose }: { station: Station; onSaved: () => void; onClose: () => void }) {
  const [name, setName] = useState(station.name);
  const [grade, setGrade] = useState<Grade>(station.grade);
  const action = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    const saved = await action.run(() => api.patch(`/api/county/stations/${encodeURIComponent(station.id)}`, { name: name.trim(), grade }), t('stations.saved'));
    if (saved) onSaved();
  };
  return (
    <FormDialog title={t('stations.edit.title')} formId="station-edit" onSubmit={submit} onClose={onClose} action={action}>
      <Field label={t('stations.name')} error={action.error}>
        <input name="name" maxLength={100} value={name} onInput={(e) => setName(inputValue(e))} />
      </Field>
      <Field label={t('stations.grade')}>
        <GradeSelect value={grade} onChange={setGrade} />
      </Field>
    </FormDialog>
  );
}

/** A question about a station: a new enrollment code for it, or retiring it. */
type Pending = { kind: 'code' | 'retire'; station: Station };

const columns = (hubTime: number): Column<Station>[] => [
  {
    header: t('stations.col.name'),
    cell: (s) => (
      <>
        <a href={routeHref({ page: 'station', id: s.id })}>{s.name}</a>
        <div class="muted small num-font">{s.id}</div>
      </>
    ),
  },
  { header: t('stations.col.grade'), cell: (s) => t(`grade.${s.grade}`) },
  {
    header: t('stations.col.state'),
    testid: 'enrollment-state',
    cell: (s) =>
      s.retiredAt !== null ? (
        <span class="tag tag-neutral">{t('stations.state.retired')}</span>
      ) : s.enrolledAt === null ? (
        <span class="tag tag-warn">{t('stations.state.pending')}</span>
      ) : (
        <>
          <span class="tag tag-good">{t('stations.state.enrolled')}</span> <span class="muted num-font">{fmt.date(s.enrolledAt)}</span>
        </>
      ),
  },
  {
    header: t('stations.col.lastSeen'),
    cell: (s) => <OnlineState online={s.online} enrolledAt={s.enrolledAt} lastSeenAt={s.lastSeenAt} now={hubTime} />,
  },
];

export function StationsPage({ admin }: { admin: boolean }) {
  // With an org tree: the list over one unit's subtree (the hub's ?unit=; '' is all the caller sees).
  const tree = useApi<UnitsAnswer>('/api/county/units').data;
  const [filter, setFilter] = useState('');
  const list = useApi<StationListAnswer>(`/api/county/stations${filter === '' ? '' : `?unit=${encodeURIComponent(filter)}`}`);
  const [issued, setIssued] = useState<{ name: string; enrollment: IssuedCode } | null>(null);
  const [editing, setEditing] = useState<Station | null>(null);
  const pending = useConfirmation<Pending>();

  const perform = async ({ kind, station }: Pending, action: Action): Promise<boolean> => {
    const path = `/api/county/stations/${encodeURIComponent(station.id)}`;
    if (kind === 'code') {
      const answer = await action.run(() => api.post<EnrollmentCodeAnswer>(`${path}/enrollment-code`));
      if (answer) setIssued({ name: station.name, enrollment: answer.enrollment });
      // Closed whatever the hub answered (as this page always did).
      return true;
    }
    return Boolean(await action.run(() => api.patch(path, { retired: true }), t('stations.saved')));
  };
  const restore = (station: Station) => void attempt(() => api.patch(`/api/county/stations/${encodeURIComponent(station.id)}`, { retired: false }), t('stations.saved')).then(list.reload);

  return (
    <div class="page" data-testid="stations-page">
      <PageHeader
        title={t('stations.title')}
        subtitle={
          <>
            {t('stations.subtitle')}
            {!admin && <ReadOnlyNote />}
          </>
        }
      />
      {admin && (
        <AddStation
          onAdded={(station, enrollment) => {
            setIssued({ name: station.name, enrollment });
            list.reload();
          }}
        />
      )}
      <Panel title={t('stations.list')} extra={<UnitSelect tree={tree} value={filter} onChange={setFilter} label={t('units.filter')} allLabel={t('units.filter.all')} testid="station-unit-filter" />}>
        <Loaded {...list}>
          {(data) => (
            <RecordTable
              records={data.stations}
              columns={columns(data.hubTime)}
              recordKey={(s) => s.id}
              rowAttributes={(s) => ({ 'data-station': s.id, class: s.retiredAt !== null ? 'row-retired' : undefined })}
              empty={t('stations.empty')}
              testid="station-list"
              actionsHeader={t('stations.col.actions')}
              actions={
                admin
                  ? (s) =>
                      s.retiredAt === null ? (
                        <>
                          <button type="button" class="btn btn-small" onClick={() => pending.ask({ kind: 'code', station: s })}>
                            {t('stations.newCode')}
                          </button>
                          <button type="button" class="btn btn-small" onClick={() => setEditing(s)}>
                            {t('stations.edit')}
                          </button>
                          <button type="button" class="btn btn-small btn-danger-text" onClick={() => pending.ask({ kind: 'retire', station: s })}>
                            {t('stations.retire')}
                          </button>
                        </>
                      ) : (
                        <button type="button" class="btn btn-small" onClick={() => restore(s)}>
                          {t('stations.restore')}
                        </button>
                      )
                  : undefined
              }
            />
          )}
        </Loaded>
      </Panel>
      {issued && <EnrollmentCodeDialog stationName={issued.name} enrollment={issued.enrollment} onClose={() => setIssued(null)} />}
      {editing && (
        <EditStation
          station={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            list.reload();
          }}
        />
      )}
      <ConfirmAction
        confirmation={pending}
        title={(p) => (p.kind === 'code' ? t('stations.newCode.title') : t('stations.retire.title'))}
        message={(p) => (p.kind === 'code' ? t('stations.newCode.confirm', { name: p.station.name }) : t('stations.retire.confirm', { name: p.station.name }))}
        confirmLabel={(p) => (p.kind === 'code' ? t('stations.newCode') : t('stations.retire'))}
        perform={perform}
        onDone={list.reload}
      />
    </div>
  );
}
