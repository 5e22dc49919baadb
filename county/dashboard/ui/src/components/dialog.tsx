// A modal dialog (forms, confirmations): Escape or Cancel closes it, the first field takes the focus, and
// the hub's refusal shows inside it so nothing typed is lost.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n/i18n.ts';

export function Dialog({ title, onClose, children, footer, testid, wide = false }: { title: string; onClose: () => void; children: ComponentChildren; footer: ComponentChildren; testid?: string; wide?: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    box.current?.querySelector<HTMLElement>('input, select, textarea, button.btn-primary')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      previous?.focus?.();
    };
  }, []);
  return (
    <div class="overlay">
      <div class={`dialog${wide ? ' dialog-wide' : ''}`} role="dialog" aria-modal="true" aria-label={title} ref={box} data-testid={testid}>
        <div class="dialog-head">
          <h2>{title}</h2>
          <button type="button" class="btn-close" aria-label={t('action.close')} onClick={onClose}>
            ×
          </button>
        </div>
        <div class="dialog-body">{children}</div>
        <div class="dialog-foot">{footer}</div>
      </div>
    </div>
  );
}

export function ConfirmDialog({ title, message, confirmLabel, busy, error, onConfirm, onCancel }: { title: string; message: string; confirmLabel: string; busy: boolean; error: string | null; onConfirm: () => void; onCancel: () => void }) {
  return (
    <Dialog
      title={title}
      onClose={onCancel}
      testid="confirm-dialog"
      footer={
        <>
          <button type="button" class="btn" onClick={onCancel}>
            {t('action.cancel')}
          </button>
          <button type="button" class="btn btn-danger" disabled={busy} onClick={onConfirm} data-testid="confirm">
            {busy ? t('action.saving') : confirmLabel}
          </button>
        </>
      }
    >
      <p>{message}</p>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
