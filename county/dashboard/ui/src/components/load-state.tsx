// What a page shows before its data is there: loading, a failure with the hub's reason and a retry, or
// an empty state that says what is missing — never a blank area.
import type { ComponentChildren } from 'preact';
import { failureMessage } from '../api.ts';
import { t } from '../i18n/i18n.ts';

export function Loading() {
  return (
    <div class="state state-loading" role="status" data-testid="loading">
      <span class="spinner" aria-hidden="true" />
      {t('app.loading')}
    </div>
  );
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div class="state state-error" role="alert" data-testid="load-error">
      <strong>{t('error.load')}</strong>
      <span>{failureMessage(error)}</span>
      {onRetry && (
        <button type="button" class="btn" onClick={onRetry}>
          {t('action.retry')}
        </button>
      )}
    </div>
  );
}

export function Empty({ children, testid }: { children: ComponentChildren; testid?: string }) {
  return (
    <div class="state state-empty" data-testid={testid ?? 'empty'}>
      {children}
    </div>
  );
}

/** A data area: its content once loaded, else loading or the failure. */
export function Loaded<T>({ data, error, reload, children }: { data: T | undefined; error: unknown; reload: () => void; children: (data: T) => ComponentChildren }) {
  if (data !== undefined) return <>{children(data)}</>;
  if (error !== undefined) return <ErrorNotice error={error} onRetry={reload} />;
  return <Loading />;
}
