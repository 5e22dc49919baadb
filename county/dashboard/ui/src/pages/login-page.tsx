// The login page: user name and password, and a plain reason when it does not work — wrong password,
// too many tries from this computer (with how long to wait), the hub not reachable — or why the person is here again.
import { useState } from 'preact/hooks';
import { ApiFailure, failureMessage } from '../api.ts';
import { t } from '../i18n/i18n.ts';
import { logIn, type LoginNotice } from '../session.ts';
import { LanguageToggle } from '../components/layout.tsx';
import { inputValue } from '../components/field.tsx';

/** A wait as people say it, rounded up: seconds up to a minute, then minutes. */
function waitWords(ms: number): string {
  if (ms <= 60_000) return t('amount.seconds', { n: Math.max(1, Math.ceil(ms / 1000)) });
  return t('amount.minutes', { n: Math.ceil(ms / 60_000) });
}

function loginError(err: unknown): string {
  if (err instanceof ApiFailure) {
    if (err.status === 401) return t('login.wrong');
    // Too many tries from this computer: how long it must wait (a busy hub's 429 says so in its own words).
    if (err.status === 429 && err.code === 'too_many_attempts') return t('login.wait', { wait: waitWords(err.retryAfterMs ?? 1000) });
  }
  return failureMessage(err);
}

export function LoginPage({ notice }: { notice: LoginNotice | null }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (username.trim() === '' || password === '') return setError(t('login.required'));
    setBusy(true);
    setError(null);
    try {
      await logIn(username.trim(), password);
    } catch (err) {
      setError(loginError(err));
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <div class="login-screen">
      <div class="login-lang">
        <LanguageToggle />
      </div>
      <div class="login-brand">
        <span class="brand-mark brand-mark-large" aria-hidden="true">远</span>
        <div>
          <div class="login-title">{t('app.title')}</div>
          <div class="login-subtitle">{t('app.subtitle')}</div>
        </div>
      </div>
      <div class="login-card" data-testid="login">
        <form class="login-form" onSubmit={submit} noValidate>
          <h1>{t('login.title')}</h1>
          {notice && !error && (
            <p class={`notice notice-${notice.tone}`} role="status" data-testid="login-notice">
              {t(notice.key)}
            </p>
          )}
          {error && (
            <p class="notice notice-error" role="alert" data-testid="login-error">
              {error}
            </p>
          )}
          <label class="field">
            <span class="field-label">{t('login.username')}</span>
            <input name="username" autocomplete="username" value={username} onInput={(e) => setUsername(inputValue(e))} autofocus />
          </label>
          <label class="field">
            <span class="field-label">{t('login.password')}</span>
            <input name="password" type="password" autocomplete="current-password" value={password} onInput={(e) => setPassword(inputValue(e))} />
          </label>
          <button type="submit" class="btn btn-primary btn-block" disabled={busy} data-testid="login-submit">
            {busy ? t('login.busy') : t('login.submit')}
          </button>
          <p class="login-hint">{t('login.hint')}</p>
        </form>
      </div>
    </div>
  );
}
