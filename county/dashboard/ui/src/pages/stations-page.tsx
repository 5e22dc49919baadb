// 站点管理: every station the county registered, whether it has enrolled, and — for county administrators —
// registering a station (which gives its one-time code), a new code, renaming, regrading and retiring.
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { fmt } from '../format.ts';
import { t } from '../i18n/i18n.ts';
import { routeHref } from '../routing.ts';
import { useApi } from '../use-api.ts';
import { attempt, useAction } from '../use-action.ts';
import { PageHeader, Panel, ReadOnlyNote } from '../components/page-header.tsx';
import { Empty, Loaded } from '../components/load-state.tsx';
import { ConfirmDialog, Dialog } from '../components/dialog.tsx';
import { Field, inputValue } from '../components/field.tsx';
import { OnlineState } from '../components/online-state.tsx';
import { EnrollmentCodeDialog } from './enrollment-code.tsx';
import { GRADES, type Grade, type HubStation, type IssuedCode, type StationListAnswer } from '../api-types.ts';

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
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    if (name.trim() === '') return setProblem(t('stations.error.name'));
    setProblem(null);
    const added = await action.run(() => api.post<{ station: HubStation; enrollment: IssuedCode }>('/api/county/stations', { name: name.trim(), grade }));
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
    <Dialog
      title={t('stations.edit.title')}
      onClose={onClose}
      footer={
        <>
          <button type="button" class="btn" onClick={onClose}>
            {t('action.cancel')}
          </button>
          <button type="submit" form="station-edit" class="btn btn-primary" disabled={action.busy}>
            {t('action.save')}
          </button>
        </>
      }
    >
      <form id="station-edit" class="form" onSubmit={submit} noValidate>
        <Field label={t('stations.name')} error={action.error}>
          <input name="name" maxLength={100} value={name} onInput={(e) => setName(inputValue(e))} />
        </Field>
        <Field label={t('stations.grade')}>
          <GradeSelect value={grade} onChange={setGrade} />
        </Field>
      </form>
    </Dialog>
  );
}

type Pending = { kind: 'code' | 'retire'; station: Station } | null;

export function StationsPage({ admin }: { admin: boolean }) {
  const list = useApi<StationListAnswer>('/api/county/stations');
  const [issued, setIssued] = useState<{ name: string; enrollment: IssuedCode } | null>(null);
  const [editing, setEditing] = useState<Station | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const action = useAction();

  const confirm = async () => {
    if (!pending) return;
    const { station } = pending;
    const path = `/api/county/stations/${encodeURIComponent(station.id)}`;
    if (pending.kind === 'code') {
      const answer = await action.run(() => api.post<{ enrollment: IssuedCode }>(`${path}/enrollment-code`));
      if (answer) setIssued({ name: station.name, enrollment: answer.enrollment });
    } else {
      const answer = await action.run(() => api.patch(path, { retired: true }), t('stations.saved'));
      if (!answer) return;
    }
    setPending(null);
    list.reload();
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
      <Panel title={t('stations.list')}>
        <Loaded {...list}>
          {(data) =>
            data.stations.length === 0 ? (
              <Empty>{t('stations.empty')}</Empty>
            ) : (
              <table class="table" data-testid="station-list">
                <thead>
                  <tr>
                    <th>{t('stations.col.name')}</th>
                    <th>{t('stations.col.grade')}</th>
                    <th>{t('stations.col.state')}</th>
                    <th>{t('stations.col.lastSeen')}</th>
                    {admin && <th class="actions">{t('stations.col.actions')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {data.stations.map((s) => (
                    <tr key={s.id} data-station={s.id} class={s.retiredAt !== null ? 'row-retired' : undefined}>
                      <td>
                        <a href={routeHref({ page: 'station', id: s.id })}>{s.name}</a>
                        <div class="muted small num-font">{s.id}</div>
                      </td>
                      <td>{t(`grade.${s.grade}`)}</td>
                      <td data-testid="enrollment-state">
                        {s.retiredAt !== null ? (
                          <span class="tag tag-neutral">{t('stations.state.retired')}</span>
                        ) : s.enrolledAt === null ? (
                          <span class="tag tag-warn">{t('stations.state.pending')}</span>
                        ) : (
                          <>
                            <span class="tag tag-good">{t('stations.state.enrolled')}</span> <span class="muted num-font">{fmt.date(s.enrolledAt)}</span>
                          </>
                        )}
                      </td>
                      <td>
                        <OnlineState online={s.online} enrolledAt={s.enrolledAt} lastSeenAt={s.lastSeenAt} now={data.hubTime} />
                      </td>
                      {admin && (
                        <td class="actions">
                          {s.retiredAt === null ? (
                            <>
                              <button type="button" class="btn btn-small" onClick={() => setPending({ kind: 'code', station: s })}>
                                {t('stations.newCode')}
                              </button>
                              <button type="button" class="btn btn-small" onClick={() => setEditing(s)}>
                                {t('stations.edit')}
                              </button>
                              <button type="button" class="btn btn-small btn-danger-text" onClick={() => setPending({ kind: 'retire', station: s })}>
                                {t('stations.retire')}
                              </button>
                            </>
                          ) : (
                            <button type="button" class="btn btn-small" onClick={() => restore(s)}>
                              {t('stations.restore')}
                            </button>
                          )}
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
      {pending && (
        <ConfirmDialog
          title={pending.kind === 'code' ? t('stations.newCode.title') : t('stations.retire.title')}
          message={pending.kind === 'code' ? t('stations.newCode.confirm', { name: pending.station.name }) : t('stations.retire.confirm', { name: pending.station.name })}
          confirmLabel={pending.kind === 'code' ? t('stations.newCode') : t('stations.retire')}
          busy={action.busy}
          error={action.error}
          onConfirm={() => void confirm()}
          onCancel={() => {
            action.clear();
            setPending(null);
          }}
        />
      )}
    </div>
  );
}
