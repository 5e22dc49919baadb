// 账户 (administrator only): the station's people with their roles; add one (a one-time PIN is shown once),
// rename, change the role, deactivate, or give someone who forgot his PIN a new one-time PIN.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Dialog } from '../../../components/dialog.tsx';
import { focusFirst } from '../../../focus/remote-keys.ts';
import { t } from '../../../i18n/i18n.ts';
import type { AdminAccount, AdminRole } from '../../../admin-session.ts';
import type { Account, Accounts, NewAccount, OneTimePin } from '../../../api-types.ts';
import { adminApi, failureText } from '../admin-api.ts';
import { useAdmin, useAdminResource, useStable } from '../admin-hooks.ts';
import { Problem, TextField, ToggleGroup } from '../fields.tsx';
import { ROLE_KEYS } from '../admin-roles.ts';
import { FormPage } from '../form-page.tsx';

type View = { kind: 'list' } | { kind: 'edit'; account: Account | null };

const ROLES: AdminRole[] = ['administrator', 'operator', 'tutor'];

export function AccountsTab(props: { self: AdminAccount | null }) {
  const { notify } = useAdmin();
  const accounts = useAdminResource<Accounts>('/api/admin/accounts');
  const [view, setView] = useState<View>({ kind: 'list' });
  const [shown, setShown] = useState<{ name: string; pin: string } | null>(null);
  const closePin = useStable(() => setShown(null));

  const change = async (account: Account, patch: Partial<Pick<Account, 'active'>>) => {
    try {
      await adminApi.put(`/api/admin/accounts/${account.id}`, patch);
      notify(t('admin.accounts.saved', { name: account.name }));
      accounts.reload();
    } catch (err) {
      notify(failureText(err), 'error');
    }
  };
  const resetPin = async (account: Account) => {
    try {
      const { pin } = await adminApi.post<OneTimePin>(`/api/admin/accounts/${account.id}/pin`);
      setShown({ name: account.name, pin });
      accounts.reload();
    } catch (err) {
      notify(failureText(err), 'error');
    }
  };

  if (view.kind === 'edit') {
    return (
      <AccountForm
        account={view.account}
        onDone={(oneTime) => {
          setView({ kind: 'list' });
          if (oneTime) setShown(oneTime);
          accounts.reload();
        }}
      />
    );
  }
  return (
    <section class="adm-panel" data-testid="accounts-tab">
      <header class="adm-panel-head">
        <h2 class="adm-h2">{t('admin.accounts.title')}</h2>
        <button type="button" class="btn btn-primary" data-testid="account-add" onClick={() => setView({ kind: 'edit', account: null })}>
          {t('admin.accounts.add')}
        </button>
      </header>
      <p class="adm-hint">{t('admin.accounts.explain')}</p>
      <Problem text={accounts.error} />
      <ul class="adm-list" data-focus-section>
        {(accounts.data?.accounts ?? []).map((a) => (
          <li key={a.id} class="adm-row" data-testid="account-row" data-name={a.name}>
            <div class="adm-row-main">
              <div class="adm-row-title">
                {a.name}
                <span class="tag">{t(ROLE_KEYS[a.role])}</span>
                {!a.active && <span class="tag">{t('admin.accounts.inactive')}</span>}
                {a.active && a.mustChange && <span class="tag">{t('admin.accounts.mustChange')}</span>}
              </div>
            </div>
            <div class="adm-row-actions">
              <button type="button" class="btn" data-testid="account-edit" onClick={() => setView({ kind: 'edit', account: a })}>{t('admin.accounts.edit')}</button>
              {a.id !== props.self?.id && (
                <>
                  <button type="button" class="btn" data-testid="account-reset-pin" onClick={() => void resetPin(a)}>{t('admin.accounts.resetPin')}</button>
                  <button type="button" class="btn" data-testid="account-active" onClick={() => void change(a, { active: !a.active })}>
                    {a.active ? t('admin.accounts.deactivate') : t('admin.accounts.activate')}
                  </button>
                </>
              )}
            </div>
          </li>
        ))}
      </ul>
      {shown && (
        <Dialog title={t('admin.accounts.oneTimePin', shown)} onClose={closePin} testId="one-time-pin">
          <p class="adm-confirm-text" data-testid="one-time-pin-value">{shown.pin}</p>
          <p class="adm-hint">{t('admin.accounts.oneTimePinHint')}</p>
          <div class="adm-actions">
            <button type="button" class="btn btn-primary" data-autofocus data-testid="one-time-pin-ok" onClick={closePin}>{t('common.ok')}</button>
          </div>
        </Dialog>
      )}
    </section>
  );
}

function AccountForm(props: { account: Account | null; onDone: (oneTime: { name: string; pin: string } | null) => void }) {
  const a = props.account;
  const [name, setName] = useState(a?.name ?? '');
  const [role, setRole] = useState<AdminRole>(a?.role ?? 'tutor');
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const id = requestAnimationFrame(() => ref.current && focusFirst(ref.current));
    return () => cancelAnimationFrame(id);
  }, []);

  const save = async () => {
    if (name.trim() === '') {
      setProblem(t('admin.accounts.name'));
      return;
    }
    setSaving(true);
    try {
      if (a) {
        await adminApi.put(`/api/admin/accounts/${a.id}`, { name: name.trim(), role });
        props.onDone(null);
      } else {
        const added = await adminApi.post<NewAccount>('/api/admin/accounts', { name: name.trim(), role });
        props.onDone({ name: added.account.name, pin: added.pin });
      }
    } catch (err) {
      setProblem(failureText(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormPage title={a ? t('admin.accounts.editTitle', { name: a.name }) : t('admin.accounts.newTitle')} testId="account-form" formRef={ref} onSubmit={() => void save()}>
      <TextField label={t('admin.accounts.name')} value={name} onInput={setName} maxLength={20} testId="account-name" />
      <ToggleGroup label={t('admin.accounts.role')} value={role} options={ROLES.map((r) => ({ value: r, label: t(ROLE_KEYS[r]) }))} onChange={setRole} testId="account-role" />
      <Problem text={problem} testId="account-problem" />
      <div class="adm-actions">
        <button type="submit" class="btn btn-primary" disabled={saving} data-testid="account-save">{t('common.save')}</button>
        <button type="button" class="btn" onClick={() => props.onDone(null)}>{t('common.cancel')}</button>
      </div>
    </FormPage>
  );
}
