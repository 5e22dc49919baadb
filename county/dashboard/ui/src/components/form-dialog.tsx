// A form in a dialog (editing a record, a new program, a password reset, the policy): the form, and Cancel
// and Save in the dialog's foot, Save disabled while the hub answers. The hub's refusal shows in a field of
// the form, or (footerError) beside the buttons, so nothing typed is lost.
import type { ComponentChildren } from 'preact';
import { t } from '../i18n/i18n.ts';
import type { Action } from '../use-action.ts';
import { Dialog } from './dialog.tsx';

export function FormDialog({
  title,
  formId,
  formClass = 'form',
  onSubmit,
  onClose,
  action,
  footerError = false,
  testid,
  wide = false,
  children,
}: {
  title: string;
  /** The form's id, which the Save button in the foot submits. */
  formId: string;
  formClass?: string;
  onSubmit: (e: Event) => void;
  onClose: () => void;
  action: Action;
  footerError?: boolean;
  testid?: string;
  wide?: boolean;
  children: ComponentChildren;
}) {
  return (
    <Dialog
      title={title}
      onClose={onClose}
      wide={wide}
      testid={testid}
      footer={
        <>
          {footerError && action.error && (
            <span class="form-error" role="alert">
              {action.error}
            </span>
          )}
          <button type="button" class="btn" onClick={onClose}>
            {t('action.cancel')}
          </button>
          <button type="submit" form={formId} class="btn btn-primary" disabled={action.busy}>
            {action.busy ? t('action.saving') : t('action.save')}
          </button>
        </>
      }
    >
      <form id={formId} class={formClass} onSubmit={onSubmit} noValidate>
        {children}
      </form>
    </Dialog>
  );
}
