// 用户管理 (county administrators only): staff accounts — add one, change a role, set a new password,
// disable or enable. The hub keeps at least one administrator and ends the sessions of a changed account; a
// user given a password here must replace it at their next login. No account is ever locked: wrong passwords
// slow down the client that typed them, not the account (county/auth/login-throttle.ts).
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { fmt } from '../format.ts';
import { t } from '../i18n/i18n.ts';
import { useApi } from '../use-api.ts';
import { attempt, useAction } from '../use-action.ts';
import { PageHeader, Panel } from '../components/page-header.tsx';
import { Loaded } from '../components/load-state.tsx';
import { FormDialog } from '../components/form-dialog.tsx';
import { RecordTable, type Column } from '../components/record-table.tsx';
import { ConfirmAction, useConfirmation } from '../components/confirm-action.tsx';
import { Field, inputValue } from '../components/field.tsx';
import { UnitSelect, unitName } from '../components/unit-select.tsx';
import type { StaffRole, StaffUser, UnitsAnswer, UsersAnswer } from '../api-types.ts';

function AddUser({ onAdded, tree }: { onAdded: () => void; tree: UnitsAnswer | undefined }) {
  const [username, setUsername] = useState('');
  const [unitId, setUnitId] = useState('');
  const [role, setRole] = useState<StaffRole>('viewer');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    if (username.trim() === '') return setProblem(t('users.error.username'));
    if ([...password].length < 10) return setProblem(t('password.short'));
    setProblem(null);
    const added = await action.run(() => api.post('/api/county/users', { username: username.trim(), role, password, ...(unitId === '' ? {} : { unitId }) }), t('users.added', { name: username.trim() }));
    if (added) {
      setUsername('');
      setPassword('');
      onAdded();
    }
  };
  return (
    <Panel title={t('users.add')}>
      <form class="form form-inline" onSubmit={submit} noValidate data-testid="user-add">
        <Field label={t('users.username')} error={problem ?? action.error}>
          <input name="username" autocomplete="off" maxLength={40} value={username} onInput={(e) => setUsername(inputValue(e))} />
        </Field>
        <Field label={t('users.role')}>
          <select name="role" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value as StaffRole)}>
            <option value="viewer">{t('role.viewer')}</option>
            <option value="county_admin">{t('role.county_admin')}</option>
            <option value="instructor">{t('role.instructor')}</option>
          </select>
        </Field>
        <UnitSelect tree={tree} value={unitId} onChange={setUnitId} />
        <Field label={t('users.password')}>
          <input name="password" type="password" autocomplete="new-password" value={password} onInput={(e) => setPassword(inputValue(e))} />
        </Field>
        <button type="submit" class="btn btn-primary" disabled={action.busy}>
          {t('users.submit')}
        </button>
      </form>
    </Panel>
  );
}

function ResetPassword({ user, onClose, onSaved }: { user: StaffUser; onClose: () => void; onSaved: () => void }) {
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    if ([...password].length < 10) return setProblem(t('password.short'));
    setProblem(null);
    if (await action.run(() => api.patch(`/api/county/users/${user.id}`, { password }), t('users.saved'))) onSaved();
  };
  return (
    <FormDialog title={t('users.resetPassword.title', { name: user.username })} formId="reset-password" onSubmit={submit} onClose={onClose} action={action}>
      <Field label={t('users.newPassword')} hint={t('users.resetPassword.hint')} error={problem ?? action.error}>
        <input type="password" autocomplete="new-password" value={password} onInput={(e) => setPassword(inputValue(e))} />
      </Field>
    </FormDialog>
  );
}

function userState(user: StaffUser): string {
  if (user.disabledAt !== null) return t('users.state.disabled');
  if (user.mustChangePassword) return t('users.state.mustChange');
  return t('users.state.active');
}

const columns = (me: StaffUser, tree: UnitsAnswer | undefined): Column<StaffUser>[] => [
  {
    header: t('users.col.username'),
    cell: (u) => (
      <>
        <strong>{u.username}</strong>
        {u.id === me.id && <span class="muted">{t('users.you')}</span>}
      </>
    ),
  },
  { header: t('users.col.role'), cell: (u) => t(`role.${u.role}`) },
  // Only where the hub has an org tree: a county-only hub's table stays as it was.
  ...(tree && tree.units.length > 0 ? [{ header: t('units.col'), testid: 'user-unit', cell: (u: StaffUser) => unitName(tree, u.unitId) }] : []),
  { header: t('users.col.state'), testid: 'user-state', cell: userState },
  { header: t('users.col.created'), class: 'num-font', cell: (u) => fmt.dateTime(u.createdAt) },
];

export function UsersPage({ me }: { me: StaffUser }) {
  const users = useApi<UsersAnswer>('/api/county/users');
  const tree = useApi<UnitsAnswer>('/api/county/units').data;
  const [resetting, setResetting] = useState<StaffUser | null>(null);
  const disabling = useConfirmation<StaffUser>();
  const patch = (user: StaffUser, body: Record<string, unknown>) => void attempt(() => api.patch(`/api/county/users/${user.id}`, body), t('users.saved')).then(users.reload);

  return (
    <div class="page" data-testid="users-page">
      <PageHeader title={t('users.title')} subtitle={t('users.subtitle')} />
      <AddUser onAdded={users.reload} tree={tree} />
      <Panel title={t('users.list')}>
        <Loaded {...users}>
          {(data) => (
            <RecordTable
              records={data.users}
              columns={columns(me, tree)}
              recordKey={(u) => u.id}
              rowAttributes={(u) => ({ class: u.disabledAt !== null ? 'row-retired' : undefined, 'data-user': u.username })}
              testid="users"
              actionsHeader={t('users.col.actions')}
              actions={(u) => (
                <>
                  <button type="button" class="btn btn-small" onClick={() => patch(u, { role: u.role === 'county_admin' ? 'viewer' : 'county_admin' })}>
                    {u.role === 'county_admin' ? t('users.makeViewer') : t('users.makeAdmin')}
                  </button>
                  <button type="button" class="btn btn-small" onClick={() => setResetting(u)}>
                    {t('users.resetPassword')}
                  </button>
                  {u.disabledAt === null ? (
                    <button type="button" class="btn btn-small btn-danger-text" onClick={() => disabling.ask(u)}>
                      {t('users.disable')}
                    </button>
                  ) : (
                    <button type="button" class="btn btn-small" onClick={() => patch(u, { disabled: false })}>
                      {t('users.enable')}
                    </button>
                  )}
                </>
              )}
            />
          )}
        </Loaded>
      </Panel>
      {resetting && (
        <ResetPassword
          user={resetting}
          onClose={() => setResetting(null)}
          onSaved={() => {
            setResetting(null);
            // The list shows the user must now change the password.
            users.reload();
          }}
        />
      )}
      <ConfirmAction
        confirmation={disabling}
        title={() => t('users.disable.title')}
        message={(u) => t('users.disable.confirm', { name: u.username })}
        confirmLabel={() => t('users.disable')}
        perform={async (u, action) => Boolean(await action.run(() => api.patch(`/api/county/users/${u.id}`, { disabled: true }), t('users.saved')))}
        onDone={users.reload}
      />
    </div>
  );
}
