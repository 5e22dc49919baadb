// The corner where toasts appear.
import { dismissToast, toasts } from '../toast.ts';
import { useObservable } from '../observable.ts';
import { t } from '../i18n/i18n.ts';

export function Toasts() {
  const list = useObservable(toasts);
  return (
    <div class="toasts" aria-live="polite">
      {list.map((item) => (
        <div key={item.id} class={`toast toast-${item.tone}`} role={item.tone === 'error' ? 'alert' : 'status'} data-testid={`toast-${item.tone}`}>
          <span>{item.text}</span>
          <button type="button" class="btn-close" aria-label={t('error.dismiss')} onClick={() => dismissToast(item.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
