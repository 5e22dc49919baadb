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
import { ConfirmDialog, Dialog } from '../components/dialog.tsx';
import { Field, inputValue } from '../components/field.tsx';
import type { StaffRole, StaffUser } from '../api-types.ts';

function AddUser({ onAdded }: { onAdded: () => void }) {
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<StaffRole>('viewer');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    if (username.trim() === '') return setProblem(t('users.error.username'));
    if ([...password].length < 10) return setProblem(t('password.short'));
    setProblem(null);
    const added = await action.run(() => api.post('/api/county/users', { username: username.trim(), role, password }), t('users.added', { name: username.trim() }));
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
          </select>
        </Field>
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
    <Dialog
      title={t('users.resetPassword.title', { name: user.username })}
      onClose={onClose}
      footer={
        <>
          <button type="button" class="btn" onClick={onClose}>
            {t('action.cancel')}
          </button>
          <button type="submit" form="reset-password" class="btn btn-primary" disabled={action.busy}>
            {t('action.save')}
          </button>
        </>
      }
    >
      <form id="reset-password" class="form" onSubmit={submit} noValidate>
        <Field label={t('users.newPassword')} hint={t('users.resetPassword.hint')} error={problem ?? action.error}>
          <input type="password" autocomplete="new-password" value={password} onInput={(e) => setPassword(inputValue(e))} />
        </Field>
      </form>
    </Dialog>
  );
}

function userState(user: StaffUser): string {
  if (user.disabledAt !== null) return t('users.state.disabled');
  if (user.mustChangePassword) return t('users.state.mustChange');
  return t('users.state.active');
}

export function UsersPage({ me }: { me: StaffUser }) {
  const users = useApi<{ hubTime: number; users: StaffUser[] }>('/api/county/users');
  const [resetting, setResetting] = useState<StaffUser | null>(null);
  const [disabling, setDisabling] = useState<StaffUser | null>(null);
  const disable = useAction();
  const patch = (user: StaffUser, body: Record<string, unknown>) => void attempt(() => api.patch(`/api/county/users/${user.id}`, body), t('users.saved')).then(users.reload);

  return (
    <div class="page" data-testid="users-page">
      <PageHeader title={t('users.title')} subtitle={t('users.subtitle')} />
      <AddUser onAdded={users.reload} />
      <Panel title={t('users.list')}>
        <Loaded {...users}>
          {(data) => (
            <table class="table" data-testid="users">
              <thead>
                <tr>
                  <th>{t('users.col.username')}</th>
                  <th>{t('users.col.role')}</th>
                  <th>{t('users.col.state')}</th>
                  <th>{t('users.col.created')}</th>
                  <th class="actions">{t('users.col.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {data.users.map((u) => (
                  <tr key={u.id} class={u.disabledAt !== null ? 'row-retired' : undefined} data-user={u.username}>
                    <td>
                      <strong>{u.username}</strong>
                      {u.id === me.id && <span class="muted">{t('users.you')}</span>}
                    </td>
                    <td>{t(`role.${u.role}`)}</td>
                    <td data-testid="user-state">{userState(u)}</td>
                    <td class="num-font">{fmt.dateTime(u.createdAt)}</td>
                    <td class="actions">
                      <button type="button" class="btn btn-small" onClick={() => patch(u, { role: u.role === 'county_admin' ? 'viewer' : 'county_admin' })}>
                        {u.role === 'county_admin' ? t('users.makeViewer') : t('users.makeAdmin')}
                      </button>
                      <button type="button" class="btn btn-small" onClick={() => setResetting(u)}>
                        {t('users.resetPassword')}
                      </button>
                      {u.disabledAt === null ? (
                        <button type="button" class="btn btn-small btn-danger-text" onClick={() => setDisabling(u)}>
                          {t('users.disable')}
                        </button>
                      ) : (
                        <button type="button" class="btn btn-small" onClick={() => patch(u, { disabled: false })}>
                          {t('users.enable')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
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
      {disabling && (
        <ConfirmDialog
          title={t('users.disable.title')}
          message={t('users.disable.confirm', { name: disabling.username })}
          confirmLabel={t('users.disable')}
          busy={disable.busy}
          error={disable.error}
          onConfirm={() =>
            void disable.run(() => api.patch(`/api/county/users/${disabling.id}`, { disabled: true }), t('users.saved')).then((done) => {
              if (!done) return;
              setDisabling(null);
              users.reload();
            })
          }
          onCancel={() => {
            disable.clear();
            setDisabling(null);
          }}
        />
      )}
    </div>
  );
}
