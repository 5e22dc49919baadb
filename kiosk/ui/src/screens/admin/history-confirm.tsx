// The question before a roster change alters records already printed, exported or reported (the agent refuses it
// with history_confirm_needed and the months): 确认 sends it again with confirm=true, 取消 (or Back) changes nothing.
import { ApiFailure } from '../../api.ts';
import { Dialog } from '../../components/dialog.tsx';
import { t } from '../../i18n/i18n.ts';
import { monthTitle } from './fields.tsx';

/** The months of a refusal that asks for confirmation, or null for any other failure. */
export function monthsToConfirm(err: unknown): string[] | null {
  return err instanceof ApiFailure && err.code === 'history_confirm_needed' ? [...((err.params as { months?: readonly string[] }).months ?? [])] : null;
}

/** `record`: a change of a month's records that is not a roster change (an excusal, a viewing's tutor). */
export function HistoryConfirm(props: { months: string[]; busy: boolean; onConfirm: () => void; onCancel: () => void; record?: boolean }) {
  return (
    <Dialog title={t('admin.history.title')} onClose={props.onCancel} testId="history-confirm">
      <p class="adm-confirm-text" data-testid="history-question">
        {t(props.record ? 'admin.history.recordQuestion' : 'admin.history.question', { months: props.months.map(monthTitle).join('、') })}
      </p>
      <p class="adm-confirm-text">{t(props.record ? 'admin.history.recordAdvice' : 'admin.history.advice')}</p>
      <div class="adm-actions">
        {/* Cancel first: the remote's OK on the first button must not change records. */}
        <button type="button" class="btn" data-testid="history-cancel" onClick={props.onCancel}>
          {t('admin.history.cancel')}
        </button>
        <button type="button" class="btn btn-danger" data-testid="history-confirm-ok" disabled={props.busy} onClick={props.onConfirm}>
          {t('admin.history.confirm')}
        </button>
      </div>
    </Dialog>
  );
}
