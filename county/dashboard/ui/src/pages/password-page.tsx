// Changing one's own password — by choice, or `forced` because an administrator chose the current one or it
// breaks the current rules (the hub then refuses everything else). The hub ends every session of the user, so the page returns to the
// login with a note to use the new password, and the next login opens the overview.
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { t } from '../i18n/i18n.ts';
import { passwordChanged } from '../session.ts';
import { useAction } from '../use-action.ts';
import { PageHeader, Panel } from '../components/page-header.tsx';
import { Field, inputValue } from '../components/field.tsx';

const MIN_LENGTH = 10;

export function PasswordPage({ forced }: { forced: boolean }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction();

  const submit = async (e: Event) => {
    e.preventDefault();
    if (next.length < MIN_LENGTH) return setProblem(t('password.short'));
    if (next !== repeat) return setProblem(t('password.mismatch'));
    if (next === current) return setProblem(t('password.same'));
    setProblem(null);
    const done = await action.run(() => api.put('/api/county/me/password', { currentPassword: current, newPassword: next }));
    if (done !== undefined) passwordChanged();
  };

  return (
    <>
      <PageHeader title={t('password.title')} />
      {forced && (
        <p class="notice notice-warn panel-narrow" role="status" data-testid="password-forced">
          {t('password.forced')}
        </p>
      )}
      <Panel class="panel-narrow">
        <form class="form" onSubmit={submit} noValidate data-testid="password-form">
          <Field label={t('password.current')}>
            <input type="password" name="currentPassword" autocomplete="current-password" value={current} onInput={(e) => setCurrent(inputValue(e))} />
          </Field>
          <Field label={t('password.new')} hint={t('password.rule')}>
            <input type="password" name="newPassword" autocomplete="new-password" value={next} onInput={(e) => setNext(inputValue(e))} />
          </Field>
          <Field label={t('password.repeat')} error={problem ?? action.error}>
            <input type="password" name="repeatPassword" autocomplete="new-password" value={repeat} onInput={(e) => setRepeat(inputValue(e))} />
          </Field>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={action.busy} data-testid="password-submit">
              {action.busy ? t('action.saving') : t('password.submit')}
            </button>
          </div>
        </form>
      </Panel>
    </>
  );
}
